using System;
using System.Net.Http;

namespace OpenApiClientGen;

/// <summary>
/// How a call is retried: attempts, backoff, jitter, <c>Retry-After</c> and what counts as a transient failure.
/// Immutable: derive one with <c>with</c>, e.g. <c>policy with { MaxAttempts = 2 }</c>.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>A single attempt: no retries.</summary>
    public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>
    /// The policy of an API whose annotations set none (Stainless- and Azure-like conventions): 3 attempts, 500 ms doubling
    /// up to 8 s, ±20 % jitter, <c>Retry-After</c> honored up to 60 s, connection failures and timeouts retried.
    /// </summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>Attempts in all, the first included (1 = never retry).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The wait before the first retry (when the server sends no <c>Retry-After</c>).</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Each next wait is the previous one times this.</summary>
    public double Multiplier { get; init; } = 2;

    /// <summary>The cap of the exponential wait (before jitter).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>A random wait in [0, Jitter) added to each backoff.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>A random share, ± this ratio (0 to 1), of each backoff.</summary>
    public double JitterRatio { get; init; } = 0.2;

    /// <summary>Whether <c>Retry-After</c> (seconds or HTTP-date) and <c>retry-after-ms</c> set the wait.</summary>
    public bool HonorRetryAfter { get; init; } = true;

    /// <summary>The longest <c>Retry-After</c> waited for: a longer one ends the call with its error at once.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether connection failures (<see cref="HttpRequestException"/>) are retried.</summary>
    public bool RetryTransportErrors { get; init; } = true;

    /// <summary>Whether an attempt ended by <see cref="HttpClient.Timeout"/> is retried.</summary>
    public bool RetryTimeouts { get; init; } = true;

    /// <summary>Whether errors marked <see cref="Retryability.Sometimes"/> are retried.</summary>
    public bool RetrySometimes { get; init; }

    /// <summary>The exponential wait before retry number <paramref name="retry"/> (1 for the first), capped, before jitter.</summary>
    public TimeSpan BaseDelay(int retry)
    {
        var milliseconds = Math.Min(InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(0, retry - 1)), MaxDelay.TotalMilliseconds);
        return milliseconds >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>The wait before retry number <paramref name="retry"/>: <see cref="BaseDelay"/> ± <see cref="JitterRatio"/> of it, plus up to <see cref="Jitter"/>.</summary>
    public TimeSpan BackoffDelay(int retry, Random? random = null)
    {
        random ??= Runtime.Platform.Random;
        var milliseconds = BaseDelay(retry).TotalMilliseconds;
        milliseconds *= 1 + JitterRatio * (2 * random.NextDouble() - 1);
        milliseconds += Jitter.TotalMilliseconds * random.NextDouble();
        // An uncapped policy can jitter past what a TimeSpan holds: that is the longest wait, not an overflow.
        return milliseconds >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));
    }
}
