using System;
using System.Collections.Generic;
using System.Net.Http;

namespace OpenApiClientGen;

/// <summary>The retry annotations of one operation.</summary>
public sealed class OperationRetry
{
    /// <summary>Creates an operation's annotations.</summary>
    /// <param name="operation">The operation's operationId, or "METHOD /path" when it has none.</param>
    /// <param name="mode">Which calls may be retried.</param>
    /// <param name="idempotencyKeyHeader">The header that carries the idempotency key (with <see cref="RetryMode.IdempotencyKey"/>).</param>
    /// <param name="policy">The operation's own policy, or null for the API-wide one.</param>
    /// <param name="errors">Error rules tried before the API-wide ones.</param>
    /// <param name="reconnect">Whether a streamed response whose connection breaks is resumed (with <c>Last-Event-ID</c>).</param>
    public OperationRetry(string operation, RetryMode mode = RetryMode.Default, string? idempotencyKeyHeader = null, RetryPolicy? policy = null, IReadOnlyList<ErrorRule>? errors = null, bool reconnect = false)
    {
        Reconnect = reconnect;
        Operation = operation ?? throw new ArgumentNullException(nameof(operation));
        Mode = mode;
        IdempotencyKeyHeader = mode == RetryMode.IdempotencyKey ? idempotencyKeyHeader ?? "Idempotency-Key" : idempotencyKeyHeader;
        Policy = policy;
        Errors = errors ?? Array.Empty<ErrorRule>();
    }

    /// <summary>The operation's operationId, or "METHOD /path".</summary>
    public string Operation { get; }

    /// <summary>Which calls may be retried.</summary>
    public RetryMode Mode { get; }

    /// <summary>The header that carries the idempotency key, with <see cref="RetryMode.IdempotencyKey"/>.</summary>
    public string? IdempotencyKeyHeader { get; }

    /// <summary>The operation's own policy, or null for the API-wide one.</summary>
    public RetryPolicy? Policy { get; }

    /// <summary>Error rules tried before the API-wide ones.</summary>
    public IReadOnlyList<ErrorRule> Errors { get; }

    /// <summary>
    /// Whether a server-sent event stream whose connection breaks is requested again, with the last event's id in
    /// <c>Last-Event-ID</c>, after the server's <c>retry:</c> interval (else the policy's initial delay), up to the
    /// policy's attempts: for streams the server can resume.
    /// </summary>
    public bool Reconnect { get; }

    /// <summary>Whether a request with <paramref name="method"/> may be repeated under <see cref="Mode"/>.</summary>
    public bool Allows(HttpMethod method) => Mode switch
    {
        RetryMode.Never => false,
        RetryMode.Always or RetryMode.IdempotencyKey => true,
        _ => method.Method is "GET" or "HEAD" or "OPTIONS" or "PUT" or "DELETE" or "TRACE",
    };
}
