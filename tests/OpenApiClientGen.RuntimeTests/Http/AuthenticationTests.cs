using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Reports;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Http;

/// <summary>
/// Credentials beyond static values, against a real Kestrel server that is both the API and its OAuth 2 token endpoint
/// (specs/reports-openapi.yaml: a client-credentials flow whose token URL is relative to the server, a scope per
/// operation; an API key a callback provides).
/// </summary>
public sealed class AuthenticationTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private const string ClientId = "reports-app";
    private const string ClientSecret = "cs-9f8e7d-very-secret";
    private const string ReportJson = """{"id": "r-1", "title": "Q3"}""";

    /// <summary>
    /// A token endpoint at /oauth/token that issues tok-1, tok-2, … (each for an hour), and an API that accepts the
    /// tokens <paramref name="accepts"/> says it does; every request is recorded by path.
    /// </summary>
    private sealed class AuthServer
    {
        public ConcurrentQueue<RecordedRequest> TokenRequests { get; } = new();
        public ConcurrentQueue<RecordedRequest> ApiRequests { get; } = new();
        public int Issued;
    }

    private (ReportsClient Client, AuthServer Auth) Client(Func<string, bool>? accepts = null, Action<ReportsClientOptions>? configure = null, string? apiBody = null)
    {
        var auth = new AuthServer();
        accepts ??= _ => true;
        var scenario = server.NewScenario((context, request) =>
        {
            if (request.RawPath == "/oauth/token")
            {
                auth.TokenRequests.Enqueue(request);
                var token = "tok-" + Interlocked.Increment(ref auth.Issued);
                return RecordingServer.Reply(context, 200, $$"""{"access_token": "{{token}}", "token_type": "Bearer", "expires_in": 3600}""");
            }
            auth.ApiRequests.Enqueue(request);
            var authorization = request.Header("Authorization") ?? "";
            if (request.RawPath == "/v1/status") return RecordingServer.Reply(context, request.HasHeader("X-Api-Key") ? 200 : 401, apiBody ?? ReportJson);
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !accepts(authorization["Bearer ".Length..]))
                return RecordingServer.Reply(context, 401, $$"""{"title": "Unauthorized", "detail": "token {{authorization}} rejected for client {{ClientSecret}}"}""");
            return RecordingServer.Reply(context, request.Method == "POST" ? 201 : 200, apiBody ?? ReportJson);
        });
        // The scenario header rides on the HttpClient, so the token requests (which carry no client options) reach it too.
        var httpClient = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        httpClient.DefaultRequestHeaders.Add(RecordingServer.ScenarioHeader, scenario.Id);
        var options = new ReportsClientOptions
        {
            BaseAddress = server.Address("v1"),
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            Retry = RetryPolicy.None,
        };
        configure?.Invoke(options);
        return (new ReportsClient(httpClient, options), auth);
    }

    private static Dictionary<string, string> Form(RecordedRequest request) =>
        request.BodyText.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));

    [Fact]
    public async Task Client_credentials_from_the_spec_get_one_token_per_scope_set_and_reuse_it()
    {
        var (client, auth) = Client();

        var first = await client.GetReportAsync("r-1");
        await client.GetReportAsync("r-2");
        await client.CreateReportAsync(new Report { Title = "Q4" });
        await client.CreateReportAsync(new Report { Title = "Q1" });

        Assert.Equal("Q3", first.Title);
        // One token for reports:read, one for reports:read + reports:write; each reused.
        Assert.Equal(2, auth.TokenRequests.Count);
        var read = auth.TokenRequests.ElementAt(0);
        Assert.Equal("POST", read.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", read.Header("Content-Type"));
        Assert.Equal("client_credentials", Form(read)["grant_type"]);
        Assert.Equal("reports:read", Form(read)["scope"]);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")), read.Header("Authorization"));
        Assert.Equal(["reports:read", "reports:write"], Form(auth.TokenRequests.ElementAt(1))["scope"].Split(' ').Order());
        Assert.Equal(["Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2"], auth.ApiRequests.Select(r => r.Header("Authorization")));
        Assert.Equal("/v1/reports/r-1", auth.ApiRequests.First().RawPath);
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_repeats_the_call()
    {
        // The API has revoked tok-1: the call is answered 401, the provider told, tok-2 fetched, the call repeated.
        var (client, auth) = Client(accepts: token => token != "tok-1");

        var raw = await client.WithRawResponse.GetReportAsync("r-1");

        Assert.Equal(200, raw.StatusCode);
        Assert.Equal(2, raw.Attempts);
        Assert.Equal(2, auth.TokenRequests.Count);
        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], auth.ApiRequests.Select(r => r.Header("Authorization")));

        // Later calls keep the renewed token.
        await client.GetReportAsync("r-2");
        Assert.Equal(2, auth.TokenRequests.Count);
        Assert.Equal("Bearer tok-2", auth.ApiRequests.Last().Header("Authorization"));
    }

    [Fact]
    public async Task A_401_to_a_fresh_token_too_is_the_typed_error_after_one_renewal_and_shows_no_secret()
    {
        var (client, auth) = Client(accepts: _ => false);

        var error = await Assert.ThrowsAsync<ApiException<Problem>>(() => client.GetReportAsync("r-1"));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(2, auth.TokenRequests.Count);
        Assert.Equal(2, auth.ApiRequests.Count);
        // The server echoed the client secret and the token: neither shows anywhere.
        foreach (var text in new[] { error.Message, error.ToString(), error.ResponseBody!, error.Payload!.Detail! })
        {
            Assert.DoesNotContain(ClientSecret, text);
            Assert.DoesNotContain("tok-2", text);
        }
        Assert.Contains("token Bearer *** rejected for client ***", error.Payload!.Detail);
    }

    [Fact]
    public async Task A_token_provider_in_the_options_wins_and_gets_the_operations_scopes()
    {
        var contexts = new ConcurrentQueue<string>();
        var (client, auth) = Client(configure: o => o.BearerTokenProvider = TokenProvider.FromCallback((context, _) =>
        {
            contexts.Enqueue($"{context.Scheme} {string.Join(",", context.Scopes)} {context.Operation} {context.RejectedToken ?? "-"}");
            return Task.FromResult(context.RejectedToken is null ? "own-token" : "own-token-2");
        }), accepts: token => token != "own-token");

        await client.GetReportAsync("r-1");
        await client.CreateReportAsync(new Report { Title = "Q4" });

        Assert.Empty(auth.TokenRequests);
        Assert.Equal(
            ["oauth reports:read getReport -", "oauth reports:read getReport own-token", "oauth reports:write,reports:read createReport -", "oauth reports:write,reports:read createReport own-token"],
            contexts);
        Assert.Equal(["Bearer own-token", "Bearer own-token-2", "Bearer own-token", "Bearer own-token-2"], auth.ApiRequests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task An_API_key_from_a_callback_is_asked_for_on_every_request()
    {
        var calls = 0;
        var (client, auth) = Client(
            configure: o => o.ApiKeyProvider = TokenProvider.FromCallback(_ => Task.FromResult("key-" + Interlocked.Increment(ref calls))),
            apiBody: """{"status": "ok"}""");

        var status = await client.GetStatusAsync();
        await client.GetStatusAsync();

        Assert.Equal("ok", status.Status);
        Assert.Equal(["key-1", "key-2"], auth.ApiRequests.Select(r => r.Header("X-Api-Key")));
        Assert.All(auth.ApiRequests, r => Assert.False(r.HasHeader("Authorization")));
        Assert.Empty(auth.TokenRequests);
    }

    [Fact]
    public async Task A_static_bearer_token_needs_no_token_endpoint()
    {
        var (client, auth) = Client(configure: o =>
        {
            o.ClientId = null;
            o.BearerToken = "static-token";
        });

        await client.GetReportAsync("r-1");

        Assert.Empty(auth.TokenRequests);
        Assert.Equal("Bearer static-token", Assert.Single(auth.ApiRequests).Header("Authorization"));
    }
}
