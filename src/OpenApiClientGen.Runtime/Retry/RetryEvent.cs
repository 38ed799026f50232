using System;

namespace OpenApiClientGen;

/// <summary>A retry about to happen: the attempt that failed, why, and how long the client waits.</summary>
public sealed class RetryEvent
{
    /// <summary>Describes a retry.</summary>
    public RetryEvent(string operation, int attempt, TimeSpan delay, int? statusCode, string? errorCode, TimeSpan? retryAfter, Exception? exception)
    {
        Operation = operation;
        Attempt = attempt;
        Delay = delay;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        RetryAfter = retryAfter;
        Exception = exception;
    }

    /// <summary>The operation's operationId, or "METHOD /path".</summary>
    public string Operation { get; }

    /// <summary>The attempt that failed (1 for the first).</summary>
    public int Attempt { get; }

    /// <summary>The wait before the next attempt.</summary>
    public TimeSpan Delay { get; }

    /// <summary>The error status, or null for a transport failure or timeout.</summary>
    public int? StatusCode { get; }

    /// <summary>The error code read from the body, if any.</summary>
    public string? ErrorCode { get; }

    /// <summary>The <c>Retry-After</c> the server sent, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The transport failure or timeout, if that is what failed.</summary>
    public Exception? Exception { get; }
}
