using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace OpenApiClientGen.Runtime.Tests.Support;

/// <summary>What a request looked like when it reached the handler.</summary>
public sealed record SentRequest(HttpMethod Method, Uri? Uri, IReadOnlyDictionary<string, string[]> Headers, string? Body)
{
    /// <summary>The values of a header, joined with ", " (null when absent).</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(", ", values) : null;
}

/// <summary>
/// An HTTP handler that answers from a script, one step per request: a response built for that request, or an exception.
/// It records every request (headers and body) and fails a request the script has no step for.
/// </summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _steps = new();
    private readonly ConcurrentQueue<SentRequest> _requests = new();

    /// <summary>The requests received, in order.</summary>
    public IReadOnlyList<SentRequest> Requests => _requests.ToArray();

    /// <summary>Whether the response the handler builds names its request (real handlers do).</summary>
    public bool SetsRequestMessage { get; set; } = true;

    /// <summary>Answers the next request with <paramref name="status"/> and an optional JSON body and headers.</summary>
    public ScriptedHandler Respond(int status, string? body = null, params (string Name, string Value)[] headers) =>
        Respond(_ =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)status);
            if (body is not null) response.Content = new StringContent(body, Encoding.UTF8, "application/json");
            foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
            return response;
        });

    /// <summary>Answers the next request with what <paramref name="respond"/> builds.</summary>
    public ScriptedHandler Respond(Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        _steps.Enqueue(respond);
        return this;
    }

    /// <summary>Fails the next request with <paramref name="exception"/> (as a connection failure or timeout would).</summary>
    public ScriptedHandler Throw(Exception exception) => Respond(_ => throw exception);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers) headers[header.Key] = header.Value.ToArray();
        string? body = null;
        if (request.Content is { } content)
        {
            foreach (var header in content.Headers) headers[header.Key] = header.Value.ToArray();
            body = await content.ReadAsStringAsync(cancellationToken);
        }
        _requests.Enqueue(new SentRequest(request.Method, request.RequestUri, headers, body));
        if (!_steps.TryDequeue(out var step)) throw new InvalidOperationException($"The script has no response for request {_requests.Count}.");
        var response = step(request);
        if (SetsRequestMessage) response.RequestMessage ??= request;
        return response;
    }
}
