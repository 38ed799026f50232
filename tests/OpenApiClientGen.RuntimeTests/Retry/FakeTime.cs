using OpenApiClientGen;
namespace OpenApiClientGen.RuntimeTests.Retry;

/// <summary>
/// A clock for the retry loop that never waits: every timer it is asked for (what <c>Task.Delay(delay, timeProvider, token)</c>
/// creates) is recorded, moves the clock forward by its due time and fires at once. So the waits a call would make are
/// known exactly, and a test that backs off for 15 s takes milliseconds.
/// </summary>
/// <remarks>
/// <c>Task.Delay</c> hands the provider whole milliseconds (it truncates the delay), so a recorded delay is the
/// <c>RetryEvent.Delay</c> of the same retry truncated to the millisecond. A zero delay creates no timer.
/// </remarks>
public sealed class RecordingTimeProvider : TimeProvider
{
    /// <summary>A whole second, so that an HTTP-date (whole seconds) is an exact distance from now.</summary>
    public static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private readonly object _gate = new();
    private readonly List<TimeSpan> _delays = [];
    private DateTimeOffset _now = Start;

    /// <summary>The due time of every timer created, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_gate) return [.. _delays];
        }
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    /// <inheritdoc/>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan) throw new NotSupportedException("Only one-shot timers (Task.Delay) are expected.");
        if (dueTime == Timeout.InfiniteTimeSpan) return new InertTimer();
        lock (_gate)
        {
            _delays.Add(dueTime);
            _now += dueTime;
        }
        // On the thread pool, as a real timer fires: never inside the caller's CreateTimer.
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Callback(s.State), (Callback: callback, State: state), preferLocal: false);
        return new InertTimer();
    }

    /// <summary>A timer that has already fired (or never will): changing or disposing it does nothing.</summary>
    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// A clock whose timers never fire: a call that starts waiting before a retry stays waiting until its token is cancelled.
/// <see cref="Waiting"/> completes (with the due time) when the first timer is created, i.e. when the call starts to wait.
/// </summary>
public sealed class StalledTimeProvider : TimeProvider
{
    private readonly TaskCompletionSource<TimeSpan> _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _timers;

    /// <summary>Completes with the due time of the first timer created.</summary>
    public Task<TimeSpan> Waiting => _waiting.Task;

    /// <summary>How many timers were created.</summary>
    public int Timers => Volatile.Read(ref _timers);

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => RecordingTimeProvider.Start;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timers);
        _waiting.TrySetResult(dueTime);
        return new NeverFires();
    }

    private sealed class NeverFires : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
