using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenApiClientGen.Runtime;

/// <summary>
/// One call of a generated client's operation: its per-call options, the token every step observes (the caller's,
/// limited by <see cref="RequestOptions.Timeout"/>), the redactor of the client's credentials, and its start time.
/// </summary>
public sealed class CallScope : IDisposable
{
    private readonly CancellationTokenSource? _timeout;
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>Starts a call.</summary>
    /// <param name="operation">The operation's operationId, or "METHOD /path" (how the annotations name it).</param>
    /// <param name="operationId">The operation's operationId, if it has one.</param>
    /// <param name="options">The call's options, or null.</param>
    /// <param name="redactor">Removes the client's credentials from what errors and responses show.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    public CallScope(string operation, string? operationId, RequestOptions? options, Redactor redactor, CancellationToken cancellationToken)
    {
        Operation = operation ?? throw new ArgumentNullException(nameof(operation));
        OperationId = operationId;
        Options = options;
        _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        CallerToken = cancellationToken;
        if (options?.Timeout is { } timeout)
        {
            if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(nameof(options), timeout, "RequestOptions.Timeout must be positive.");
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                _timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _timeout.CancelAfter(timeout);
            }
        }
        Token = _timeout?.Token ?? cancellationToken;
    }

    /// <summary>The operation's operationId, or "METHOD /path".</summary>
    public string Operation { get; }

    /// <summary>The operation's operationId, if it has one.</summary>
    public string? OperationId { get; }

    /// <summary>The call's options, or null.</summary>
    public RequestOptions? Options { get; }

    private Redactor _redactor;

    /// <summary>Removes the client's credentials, and the tokens providers gave this call, from what is shown.</summary>
    public Redactor Redactor => _redactor;

    /// <summary>The token a provider gave for the call's last request, if one did (what a 401 rejects).</summary>
    public string? ProvidedCredential { get; private set; }

    /// <summary>The token a 401 rejected, once the call asks its provider for another; null before.</summary>
    public string? RejectedCredential { get; private set; }

    /// <summary>
    /// The credential of a scheme for this call's request: from <paramref name="provider"/> when there is one (asked
    /// with the scheme's scopes, and with the token a 401 just rejected), else <paramref name="value"/>. A provided token
    /// is redacted from everything the call shows.
    /// </summary>
    public async Task<string> CredentialAsync(SchemeUse use, string? value, ITokenProvider? provider)
    {
        if (use is null) throw new ArgumentNullException(nameof(use));
        if (provider is null) return value ?? "";
        var token = await provider.GetTokenAsync(new TokenContext(use.Scheme, use.Scopes, Operation, RejectedCredential), Token).ConfigureAwait(false);
        if (string.IsNullOrEmpty(token)) throw new InvalidOperationException($"The token provider of the security scheme '{use.Scheme}' gave no token for {Operation}.");
        ProvidedCredential = token;
        _redactor = _redactor.With(token);
        return token;
    }

    /// <summary>Marks the provided token as rejected (a 401), once: whether the call may be sent again with a fresh one.</summary>
    internal bool Reject()
    {
        if (ProvidedCredential is null || RejectedCredential is not null) return false;
        RejectedCredential = ProvidedCredential;
        return true;
    }

    /// <summary>The token every step of the call observes.</summary>
    public CancellationToken Token { get; }

    /// <summary>The caller's own token.</summary>
    public CancellationToken CallerToken { get; }

    /// <summary>Since the call started.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - _started) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));

    /// <summary>The response a call ended with, as the caller sees it.</summary>
    public ApiResponse Response(HttpResponseMessage response) => new(response, Redactor, Elapsed);

    /// <summary>Adds the call's headers and query parameters to a request built for it.</summary>
    public void Apply(HttpRequestMessage request)
    {
        if (Options is null) return;
        if (Options.QueryOverride is { } replaced)
        {
            // A next page's position: the operation's own parameter of that name (if any) gives way.
            var uri = request.RequestUri!.AbsoluteUri;
            var query = uri.IndexOf('?');
            var kept = new System.Collections.Generic.List<string>();
            if (query >= 0)
            {
                foreach (var part in uri.Substring(query + 1).Split('&'))
                {
                    var name = part.Split('=')[0];
                    if (part.Length > 0 && Uri.UnescapeDataString(name) != replaced.Key) kept.Add(part);
                }
            }
            kept.Add(Uri.EscapeDataString(replaced.Key) + "=" + Uri.EscapeDataString(replaced.Value));
            request.RequestUri = Platform.Uri((query >= 0 ? uri.Substring(0, query) : uri) + "?" + string.Join("&", kept));
        }
        if (Options.Query.Count > 0)
        {
            var uri = request.RequestUri!.AbsoluteUri;
            var builder = new System.Text.StringBuilder(uri);
            var separator = uri.IndexOf('?') >= 0 ? '&' : '?';
            foreach (var pair in Options.Query)
            {
                builder.Append(separator).Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value ?? ""));
                separator = '&';
            }
            request.RequestUri = Platform.Uri(builder.ToString());
        }
        foreach (var header in Options.Headers)
        {
            if (ContentHeaders.Contains(header.Key))
            {
                // A content header (Content-Language, say) goes on the content; a request without one has none to carry it.
                if (request.Content is not { } content) continue;
                content.Headers.Remove(header.Key);
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                continue;
            }
            request.Headers.Remove(header.Key);
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    /// <summary>The headers HttpClient keeps on the content, not the request (asking the request's headers for them throws).</summary>
    private static readonly System.Collections.Generic.HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Allow", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length", "Content-Location", "Content-MD5",
        "Content-Range", "Content-Type", "Expires", "Last-Modified",
    };

    /// <summary>Whether <paramref name="exception"/> is this call's timeout (not the caller's cancellation).</summary>
    public bool TimedOut(Exception exception) =>
        exception is OperationCanceledException && _timeout is { IsCancellationRequested: true } && !CallerToken.IsCancellationRequested;

    /// <summary>The exception a call that ran out of its time ends with.</summary>
    public TimeoutException TimeoutError(Exception exception) =>
        new($"{Operation} did not finish within its RequestOptions.Timeout of {Options!.Timeout!.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.", exception);

    /// <summary>Ends the call's timer.</summary>
    public void Dispose() => _timeout?.Dispose();
}
