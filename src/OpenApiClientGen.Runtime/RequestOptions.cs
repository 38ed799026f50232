using System;
using System.Collections.Generic;

namespace OpenApiClientGen;

/// <summary>
/// Settings of one call, accepted by every operation of every generated client: extra headers and query parameters, a
/// timeout, a retry policy and an idempotency key. What is not set here comes from the client's options.
/// </summary>
public sealed class RequestOptions
{
    /// <summary>Headers added to this call's requests (after the client's <see cref="ApiClientOptions.DefaultHeaders"/>, replacing one of the same name).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Query parameters appended to this call's URL (escaped), after the operation's own.</summary>
    public IList<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

    /// <summary>
    /// How long the whole call may take, retries and their waits and reading the body included; beyond it the call ends
    /// with a <see cref="TimeoutException"/>. Null: no limit of its own (the HttpClient's Timeout still applies per attempt).
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// The retry policy of this call, replacing the client's and the annotations' (<see cref="RetryPolicy.None"/>: no
    /// retry). Which errors are retryable still comes from the annotations.
    /// </summary>
    public RetryPolicy? Retry { get; set; }

    /// <summary>
    /// The idempotency key sent with this call (every attempt the same), in the operation's annotated header or else
    /// <c>Idempotency-Key</c>. A call that carries one may be retried whatever its method, since the server can tell a
    /// repeat from a new request.
    /// </summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>For a next page: the URL it is at (replacing the operation's), credentials added as for any request.</summary>
    internal Uri? Url { get; private set; }

    /// <summary>For a next page: a query parameter it sets (replacing one of that name).</summary>
    internal KeyValuePair<string, string>? QueryOverride { get; private set; }

    /// <summary>The caller's options for the page after: the same headers, query, timeout and retry policy (not the idempotency key, which names one request), and where the page is.</summary>
    internal static RequestOptions ForNextPage(RequestOptions? caller, Uri? url, KeyValuePair<string, string>? query)
    {
        var next = new RequestOptions { Timeout = caller?.Timeout, Retry = caller?.Retry, Url = url, QueryOverride = query };
        if (caller is not null)
        {
            foreach (var header in caller.Headers) next.Headers[header.Key] = header.Value;
            // A next page's URL is the server's, with its own query: the caller's extra parameters go on the others.
            if (url is null)
            {
                foreach (var pair in caller.Query) next.Query.Add(pair);
            }
        }
        return next;
    }

    /// <summary>Adds a header (fluent).</summary>
    public RequestOptions WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    /// <summary>Adds a query parameter (fluent).</summary>
    public RequestOptions WithQuery(string name, string value)
    {
        Query.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }
}
