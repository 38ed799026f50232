using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace OpenApiClientGen.Runtime.Tests.Support;

/// <summary>
/// A clock over a <see cref="FakeTimeProvider"/> that also tells when a wait starts: every timer created (what
/// <c>Task.Delay(delay, timeProvider, token)</c> creates for a delay above zero) is recorded and signalled, so a test
/// waits for the retry loop to start waiting, checks how long it asked for, then advances the clock to release it.
/// Time only moves when a test advances it.
/// </summary>
public sealed class TestClock : TimeProvider
{
    /// <summary>A whole second, so an HTTP-date (whole seconds) is an exact distance from it.</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How long a test waits for a wait to start before it calls the code under test stuck (a guard, not a measurement).</summary>
    public static readonly TimeSpan Stuck = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _fake = new(Start);
    private readonly ConcurrentQueue<TimeSpan> _started = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _timers;

    /// <summary>How many timers were created so far.</summary>
    public int TimersCreated => Volatile.Read(ref _timers);

    /// <summary>Moves the clock forward, firing the timers that come due.</summary>
    public void Advance(TimeSpan delta) => _fake.Advance(delta);

    /// <summary>The due time of the next wait the code under test starts (after the ones already returned).</summary>
    public async Task<TimeSpan> NextWaitAsync()
    {
        if (!await _signal.WaitAsync(Stuck)) throw new TimeoutException("The code under test started no wait.");
        Assert.True(_started.TryDequeue(out var due));
        return due;
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    /// <inheritdoc/>
    public override long GetTimestamp() => _fake.GetTimestamp();

    /// <inheritdoc/>
    public override long TimestampFrequency => _fake.TimestampFrequency;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _fake.LocalTimeZone;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        _started.Enqueue(dueTime);
        _signal.Release();
        return timer;
    }
}

/// <summary>Guards against a test hanging on code that never completes (a guard, not a timing assertion).</summary>
public static class TaskGuard
{
    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(TestClock.Stuck);

    public static Task Within(this Task task) => task.WaitAsync(TestClock.Stuck);
}
