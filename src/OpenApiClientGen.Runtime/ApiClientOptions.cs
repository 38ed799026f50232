using System;
using System.Collections.Generic;

namespace OpenApiClientGen;

/// <summary>
/// What every generated client's options have in common: where requests go, extra headers, the User-Agent, and how
/// calls are retried. Each generated <c>&lt;Client&gt;Options</c> derives from it and adds the credentials of its API.
/// </summary>
public abstract class ApiClientOptions
{
    /// <summary>The base address requests go to; when null, the HttpClient's BaseAddress, else the API description's first server.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Headers added to every request.</summary>
    public IDictionary<string, string> DefaultHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The User-Agent header sent with every request; null sends none.</summary>
    public string? UserAgent { get; set; }

    /// <summary>
    /// The retry policy of every operation. Null (the default) follows the annotations: each operation's policy in the
    /// client's <c>RetryMetadata</c>; <see cref="RetryPolicy.None"/> switches retries off. Which errors are retryable and
    /// which operations may be repeated still come from the annotations.
    /// </summary>
    public RetryPolicy? Retry { get; set; }

    /// <summary>The clock retries wait on (a fake one makes tests deterministic).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Called before each retry's wait, with the failed attempt, its status or exception, and the wait.</summary>
    public Action<RetryEvent>? OnRetry { get; set; }
}
