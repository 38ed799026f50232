using System.Collections.Concurrent;
using System.Net.Sockets;

namespace OpenApiClientGen.Runtime.Tests.Auth;

/// <summary>
/// ClientCredentialsTokenProvider against a real token endpoint on the loopback interface (HttpListener; the test
/// project has no ASP.NET Core), through the default SocketsHttpHandler: the request as it is on the wire.
/// </summary>
public sealed class ClientCredentialsLiveEndpointTests
{
    private const string ClientId = "live-client";
    private const string Secret = "live secret+/é";

    [Fact]
    public async Task The_token_request_on_the_wire_is_a_form_POST_with_Basic_credentials_and_its_token_is_reused()
    {
        await using var server = LocalTokenServer.Start(request =>
        {
            var form = Form.Parse(request.Body);
            var authorized = request.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("live-client:live+secret%2B%2F%C3%A9"));
            return authorized && form.GetValueOrDefault("grant_type") == "client_credentials"
                ? (200, Form.Token("live-token-" + form.GetValueOrDefault("scope")?.Replace(' ', '_'), "\"3600\""))
                : (401, """{"error":"invalid_client"}""");
        });
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var provider = new ClientCredentialsTokenProvider(http, server.TokenUrl, ClientId, Secret);

        Assert.Equal("live-token-read_write", await provider.GetTokenAsync(new("oauth", ["read", "write"], "listPets", null), default).Within());
        Assert.Equal("live-token-read_write", await provider.GetTokenAsync(new("oauth", ["write", "read"], "addPet", null), default).Within());

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/oauth2/token", request.Path);
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "read write" }, Form.Parse(request.Body));
    }

    [Fact]
    public async Task A_refusal_on_the_wire_is_an_ApiException_without_the_secret()
    {
        await using var server = LocalTokenServer.Start(request =>
            (400, $$"""{"error":"invalid_client","error_description":"unknown client with body {{request.Body}}"}"""));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var provider = new ClientCredentialsTokenProvider(http, server.TokenUrl, ClientId, Secret, new() { Authentication = ClientAuthentication.RequestBody });

        var error = await Assert.ThrowsAsync<ApiException>(() => provider.GetTokenAsync(new("oauth", [], "op", null), default).Within());

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("invalid_client", error.Message);
        Assert.Contains("client_secret=***", error.Message);
        Assert.Contains("client_id=live-client", error.Message);
        foreach (var text in new[] { error.Message, error.ToString(), error.ResponseBody! })
        {
            Assert.DoesNotContain("live secret", text);
            Assert.DoesNotContain("live+secret", text);
        }
    }

    /// <summary>What reached the server.</summary>
    private sealed record Received(string Method, string Path, string? ContentType, string? Authorization, string Body);

    /// <summary>A token endpoint at http://127.0.0.1:{free port}/oauth2/token that answers each request with what the test's function says.</summary>
    private sealed class LocalTokenServer : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Func<Received, (int Status, string Body)> _answer;
        private readonly ConcurrentQueue<Received> _requests = new();
        private readonly Task _loop;

        private LocalTokenServer(HttpListener listener, Uri tokenUrl, Func<Received, (int Status, string Body)> answer)
        {
            _listener = listener;
            TokenUrl = tokenUrl;
            _answer = answer;
            _loop = Task.Run(ServeAsync);
        }

        public Uri TokenUrl { get; }

        public IReadOnlyList<Received> Requests => _requests.ToArray();

        public static LocalTokenServer Start(Func<Received, (int Status, string Body)> answer)
        {
            // A port just freed by the system can be taken by another process before the listener binds it: try a few.
            for (var attempt = 1; ; attempt++)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                var listener = new HttpListener();
                listener.Prefixes.Add($"http://127.0.0.1:{port}/oauth2/");
                try
                {
                    listener.Start();
                    return new LocalTokenServer(listener, new Uri($"http://127.0.0.1:{port}/oauth2/token"), answer);
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                    listener.Close();
                }
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var received = new Received(
                    context.Request.HttpMethod,
                    context.Request.Url!.AbsolutePath,
                    context.Request.ContentType,
                    context.Request.Headers["Authorization"],
                    await reader.ReadToEndAsync());
                _requests.Enqueue(received);
                var (status, body) = _answer(received);
                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop.WaitAsync(TestClock.Stuck);
        }
    }
}
