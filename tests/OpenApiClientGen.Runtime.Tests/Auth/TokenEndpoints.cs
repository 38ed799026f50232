using System.Collections.Concurrent;

namespace OpenApiClientGen.Runtime.Tests.Auth;

/// <summary>Reads an application/x-www-form-urlencoded body the way a token endpoint does.</summary>
internal static class Form
{
    /// <summary>The parameters of <paramref name="body"/>, decoded; a repeated name fails the test.</summary>
    public static Dictionary<string, string> Parse(string? body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(body)) return form;
        foreach (var part in body.Split('&'))
        {
            var equals = part.IndexOf('=');
            Assert.True(equals > 0, $"'{part}' is not name=value.");
            var name = WebUtility.UrlDecode(part[..equals]);
            Assert.False(form.ContainsKey(name), $"The parameter '{name}' is sent twice.");
            form[name] = WebUtility.UrlDecode(part[(equals + 1)..]);
        }
        return form;
    }

    /// <summary>A token response body.</summary>
    public static string Token(string accessToken, object? expiresIn = null) =>
        expiresIn is null
            ? $$"""{"access_token":"{{accessToken}}","token_type":"Bearer"}"""
            : $$"""{"access_token":"{{accessToken}}","token_type":"Bearer","expires_in":{{expiresIn}}}""";
}

/// <summary>
/// A token endpoint whose answers wait until the test opens its gate: requests pile up while it is closed, so a test
/// sees how many the code under test sent at once. Each request gets a token of its own: token-1, token-2...
/// </summary>
public sealed class GatedTokenEndpoint : HttpMessageHandler
{
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    /// <summary>How many requests arrived.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The bodies of the requests, in order of arrival.</summary>
    public IReadOnlyList<string> Bodies => _bodies.ToArray();

    /// <summary>Lets the waiting requests (and all later ones) be answered.</summary>
    public void Open() => _gate.TrySetResult();

    /// <summary>Makes the requests that arrive from now on wait for <see cref="Open"/>.</summary>
    public void Close() => _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits until a request arrives (after the ones already waited for).</summary>
    public async Task ArrivalAsync()
    {
        if (!await _arrived.WaitAsync(TestClock.Stuck)) throw new TimeoutException("No token request arrived.");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _count);
        var gate = _gate.Task;
        _bodies.Enqueue(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
        _arrived.Release();
        await gate.WaitAsync(cancellationToken);
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(Form.Token($"token-{n}", 3600), Encoding.UTF8, "application/json"),
            RequestMessage = request,
        };
    }
}
