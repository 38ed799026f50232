using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using OpenApiClientGen.Runtime;

namespace OpenApiClientGen;

/// <summary>
/// The HTTP response a call ended with, beside its typed result: status, headers (with typed access to the common
/// ones), the attempts the call made and how long it took. Credentials configured in the client options never appear
/// in it (replaced by <c>***</c>, as in <see cref="ApiException"/>).
/// </summary>
public class ApiResponse
{
    private static readonly string[] RequestIdHeaders =
    {
        "x-request-id", "request-id", "x-ms-request-id", "x-amz-request-id", "x-amzn-requestid", "x-github-request-id", "x-correlation-id",
    };

    private readonly HttpResponseMessage _response;
    private readonly Redactor _redactor;
    private IReadOnlyDictionary<string, IReadOnlyList<string>>? _headers;
    private IReadOnlyDictionary<string, Uri>? _links;

    /// <summary>Describes a response (generated clients create these).</summary>
    /// <param name="response">The response; its headers are read when asked for, so it may be disposed.</param>
    /// <param name="redactor">Removes the client's credentials from what is shown.</param>
    /// <param name="elapsed">From the call's start to its result (retries, waits and the body included).</param>
    public ApiResponse(HttpResponseMessage response, Redactor redactor, TimeSpan elapsed)
    {
        _response = response ?? throw new ArgumentNullException(nameof(response));
        _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        Elapsed = elapsed;
        Attempts = RetryOutcome.Of(response)?.Attempts ?? 1;
    }

    /// <summary>The same response, for a derived type.</summary>
    protected ApiResponse(ApiResponse response)
    {
        if (response is null) throw new ArgumentNullException(nameof(response));
        _response = response._response;
        _redactor = response._redactor;
        _headers = response._headers;
        _links = response._links;
        Elapsed = response.Elapsed;
        Attempts = response.Attempts;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode => (int)_response.StatusCode;

    /// <summary>The reason phrase the server sent, if any.</summary>
    public string? ReasonPhrase => _response.ReasonPhrase is { } reason ? _redactor.Text(reason) : null;

    /// <summary>The request method.</summary>
    public string Method => _response.RequestMessage?.Method.Method ?? "?";

    /// <summary>The URL of the request that got this response, with credentials redacted.</summary>
    public Uri? RequestUri => _redactor.Uri(_response.RequestMessage?.RequestUri);

    /// <summary>The attempts the call made, retries included.</summary>
    public int Attempts { get; }

    /// <summary>From the call's start to its result: every attempt, the waits between them and reading the body.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The response and content headers, by case-insensitive name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers => _headers ??= ReadHeaders();

    /// <summary>The first value of a header, or null when the response has none.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The server's id for the request (<c>x-request-id</c>, <c>request-id</c>, <c>x-amz-request-id</c>, … the first present), to quote to its support.</summary>
    public string? RequestId
    {
        get
        {
            foreach (var name in RequestIdHeaders)
            {
                if (Header(name) is { } id) return id;
            }
            return null;
        }
    }

    /// <summary>The wait the server asks for before another request (<c>Retry-After</c> or <c>retry-after-ms</c>).</summary>
    public TimeSpan? RetryAfter => RetryAfterHeader.Read(_response, TimeProvider.System);

    /// <summary>The entity tag (<c>ETag</c>), as sent (quotes included), for a later <c>If-None-Match</c> or <c>If-Match</c>.</summary>
    public string? ETag => Header("ETag");

    /// <summary>The <c>Link</c> header's targets by relation (<c>next</c>, <c>prev</c>, <c>first</c>, <c>last</c>, …), resolved against the request URL.</summary>
    public IReadOnlyDictionary<string, Uri> Links => _links ??= LinkHeader.Parse(Headers.TryGetValue("Link", out var values) ? values : Array.Empty<string>(), _response.RequestMessage?.RequestUri);

    /// <summary>The rate limit the server reports, or null when it reports none.</summary>
    public RateLimit? RateLimit => OpenApiClientGen.RateLimit.Read(this);

    /// <summary>Status, method, URL, attempts and time, with the request id when there is one.</summary>
    public override string ToString()
    {
        var text = StatusCode.ToString(CultureInfo.InvariantCulture) + (ReasonPhrase is { Length: > 0 } reason ? " " + reason : "")
            + " from " + Method + " " + (RequestUri?.AbsoluteUri ?? "?")
            + " (" + Attempts.ToString(CultureInfo.InvariantCulture) + (Attempts == 1 ? " attempt, " : " attempts, ")
            + Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms)";
        return RequestId is { } id ? text + ", request id " + id : text;
    }

    private IReadOnlyDictionary<string, IReadOnlyList<string>> ReadHeaders()
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in _response.Headers) headers[header.Key] = Redacted(header.Value);
        if (_response.Content is { } content)
        {
            foreach (var header in content.Headers) headers[header.Key] = Redacted(header.Value);
        }
        return headers;
    }

    private string[] Redacted(IEnumerable<string> values)
    {
        var list = new List<string>();
        foreach (var value in values) list.Add(_redactor.Text(value));
        return list.ToArray();
    }
}

/// <summary>A successful call's typed result with the response it came in.</summary>
/// <typeparam name="T">The result type.</typeparam>
public sealed class ApiResponse<T> : ApiResponse
{
    /// <summary>The result with its response (generated clients create these).</summary>
    public ApiResponse(ApiResponse response, T value)
        : base(response)
    {
        Value = value;
    }

    /// <summary>The typed result: the body, as the method without the raw response returns it.</summary>
    public T Value { get; }
}

/// <summary>
/// A rate limit a server reports: GitHub's and many others' <c>x-ratelimit-*</c> headers, or the IETF draft's
/// <c>ratelimit-*</c> (separate headers or one <c>RateLimit: limit=…, remaining=…, reset=…</c>).
/// </summary>
/// <param name="Limit">Requests allowed in the window.</param>
/// <param name="Remaining">Requests left in it.</param>
/// <param name="Reset">When the window resets: the header's epoch seconds, or its delta seconds from when the response was read.</param>
public sealed record RateLimit(long? Limit, long? Remaining, DateTimeOffset? Reset)
{
    /// <summary>Reads the rate-limit headers of a response; null when it has none.</summary>
    public static RateLimit? Read(ApiResponse response)
    {
        if (response is null) throw new ArgumentNullException(nameof(response));
        string? limit = null, remaining = null, reset = null;
        if (response.Header("RateLimit") is { } combined)
        {
            foreach (var part in combined.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var pair = part.Split(new[] { '=' }, 2);
                if (pair.Length != 2) continue;
                switch (pair[0].Trim().ToLowerInvariant())
                {
                    case "limit": limit = pair[1]; break;
                    case "remaining": remaining = pair[1]; break;
                    case "reset": reset = pair[1]; break;
                }
            }
        }
        limit ??= response.Header("x-ratelimit-limit") ?? response.Header("ratelimit-limit");
        remaining ??= response.Header("x-ratelimit-remaining") ?? response.Header("ratelimit-remaining");
        reset ??= response.Header("x-ratelimit-reset") ?? response.Header("ratelimit-reset");
        if (limit is null && remaining is null && reset is null) return null;
        return new RateLimit(Number(limit), Number(remaining), ResetOf(Number(reset)));
    }

    private static long? Number(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Values past 2001 in epoch seconds are instants; smaller ones are seconds from now.</summary>
    private static DateTimeOffset? ResetOf(long? value) =>
        value is not { } seconds ? null
        : seconds >= 1_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253_402_300_799))
        : TimeProvider.System.GetUtcNow().AddSeconds(seconds);
}
