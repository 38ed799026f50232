using System;

namespace OpenApiClientGen;

/// <summary>
/// What a call ended with, as data: each generated <c>&lt;Operation&gt;Outcome</c> derives from this with one nested
/// case per status the operation declares (its success bodies and its typed errors) and one for any other status, so
/// a <c>switch</c> on the cases handles a 404 or a 429 without an exception. Transport failures, timeouts and
/// cancellation still throw: they have no response.
/// </summary>
public abstract class ApiOutcome
{
    /// <summary>An outcome with its response, and its error when the status is not a declared success.</summary>
    protected ApiOutcome(ApiResponse response, ApiException? error)
    {
        Response = response ?? throw new ArgumentNullException(nameof(response));
        Error = error;
    }

    /// <summary>The response: status, headers, attempts, elapsed time.</summary>
    public ApiResponse Response { get; }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode => Response.StatusCode;

    /// <summary>The error when the status is not a declared success (what the throwing method throws), else null.</summary>
    public ApiException? Error { get; }

    /// <summary>Whether the status is one of the operation's declared successes.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>Throws <see cref="Error"/> when there is one.</summary>
    public void ThrowIfError()
    {
        if (Error is { } error) throw error;
    }

    /// <summary>The case and its status.</summary>
    public override string ToString() => GetType().Name + " (" + Response + ")";
}
