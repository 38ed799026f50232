using System.Text;
using System.Text.Json;
using HttpFeatures;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;
using OpenApiClientGen;

namespace OpenApiClientGen.RuntimeTests.Http;

/// <summary>
/// getItem's per-status error types (exact, range, default), and the security schemes: API key in the query, basic,
/// bearer, alternatives, anonymous operations, plus DefaultHeaders and UserAgent.
/// </summary>
public sealed class HttpFeaturesErrorAndAuthTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private const string Bearer = "hf-bearer-7d3f";

    private HttpFeaturesClient Client(Scenario scenario, Action<HttpFeaturesClientOptions>? configure = null)
    {
        var options = new HttpFeaturesClientOptions
        {
            BaseAddress = server.Address("api"),
            BearerToken = Bearer,
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
            // These tests are about error mapping: one attempt, no retries (the retry loop has its own tests, in Retry/).
            Retry = RetryPolicy.None,
        };
        configure?.Invoke(options);
        return new HttpFeaturesClient(server.HttpClient, options);
    }

    private async Task<ApiException> GetItemError(int status, string? body, string contentType = "application/json")
    {
        var scenario = server.NewScenario(status, body, contentType);
        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).GetItemAsync("item-1"));
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("GET", error.Method);
        Assert.Equal("getItem", error.OperationId);
        Assert.Equal("/api/items/item-1", error.RequestUri!.AbsolutePath);
        Assert.Equal(body, error.ResponseBody);
        var request = scenario.Single();
        Assert.Equal($"Bearer {Bearer}", request.Header("Authorization"));
        Assert.Equal("application/json, application/problem+json", request.Header("Accept"));
        return error;
    }

    // ------------------------------------------------------------------ getItem: exact, range, default

    [Fact]
    public async Task Status_400_is_a_ValidationProblem()
    {
        var error = await GetItemError(400, """
            {"type": "https://example.com/problems/validation", "title": "Invalid identifier", "status": 400,
             "detail": "The identifier is malformed.", "instance": "/api/items/item-1",
             "errors": {"itemId": ["must be numeric", "must be positive"]}}
            """, "application/problem+json");

        var problem = Assert.IsType<ApiException<ValidationProblem>>(error).Payload!;
        Assert.Equal("https://example.com/problems/validation", problem.Type);
        Assert.Equal("Invalid identifier", problem.Title);
        Assert.Equal(400, problem.Status);
        Assert.Equal("The identifier is malformed.", problem.Detail);
        Assert.Equal("/api/items/item-1", problem.Instance);
        Assert.Equal(["must be numeric", "must be positive"], problem.Errors!["itemId"]);
    }

    [Fact]
    public async Task Status_404_is_a_NotFoundError()
    {
        var error = await GetItemError(404, """{"code": "item_not_found", "message": "No item has the identifier item-1."}""");

        var payload = Assert.IsType<ApiException<NotFoundError>>(error).Payload!;
        Assert.Equal("item_not_found", payload.Code);
        Assert.Equal("No item has the identifier item-1.", payload.Message);
    }

    [Theory]
    [InlineData(409, "Conflict")]
    [InlineData(401, "Unauthorized")]
    [InlineData(422, "Unprocessable Entity")]
    [InlineData(499, "Client Closed Request")]
    public async Task Other_4xx_statuses_are_ProblemDetails(int status, string title)
    {
        var error = await GetItemError(status, JsonSerializer.Serialize(new { type = "about:blank", title, status, detail = "details" }), "application/problem+json");

        var problem = Assert.IsType<ApiException<ProblemDetails>>(error).Payload!;
        Assert.Equal("about:blank", problem.Type);
        Assert.Equal(title, problem.Title);
        Assert.Equal(status, problem.Status);
        Assert.Equal("details", problem.Detail);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(599)]
    public async Task Status_5xx_is_a_ServerError(int status)
    {
        var error = await GetItemError(status, """{"message": "Database unavailable", "traceId": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "retryable": true}""");

        var payload = Assert.IsType<ApiException<ServerError>>(error).Payload!;
        Assert.Equal("Database unavailable", payload.Message);
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", payload.TraceId);
        Assert.True(payload.Retryable);
    }

    [Fact]
    public async Task Status_304_falls_to_default_and_has_no_body()
    {
        // 304 is not followed as a redirect and may not carry a body: the default type, with no payload.
        var error = await GetItemError(304, null);

        var typed = Assert.IsType<ApiException<Error>>(error);
        Assert.Null(typed.Payload);
        Assert.NotNull(typed.PayloadError);
        Assert.Null(typed.ResponseBody);
    }

    [Fact]
    public async Task Status_300_without_Location_falls_to_default_with_its_body()
    {
        // Without a Location header, SocketsHttpHandler does not follow a 3xx: the client sees it.
        var error = await GetItemError(300, """{"code": 300, "message": "Several representations match."}""");

        var payload = Assert.IsType<ApiException<Error>>(error).Payload!;
        Assert.Equal(300, payload.Code);
        Assert.Equal("Several representations match.", payload.Message);
    }

    [Fact]
    public async Task Undeclared_2xx_falls_to_default()
    {
        var error = await GetItemError(203, """{"code": 203, "message": "Non-authoritative copy."}""");

        var payload = Assert.IsType<ApiException<Error>>(error).Payload!;
        Assert.Equal(203, payload.Code);
    }

    [Fact]
    public async Task An_error_body_that_does_not_match_its_schema()
    {
        // NotFoundError requires code and message.
        var error = await GetItemError(404, """{"message": "gone"}""");

        var typed = Assert.IsType<ApiException<NotFoundError>>(error);
        Assert.Null(typed.Payload);
        Assert.Contains("code", typed.PayloadError!.Message);
    }

    // ------------------------------------------------------------------ security

    [Fact]
    public async Task Bearer_token_by_default()
    {
        var scenario = server.NewScenario(204);

        await Client(scenario).DeleteItemAsync("1");

        Assert.Equal($"Bearer {Bearer}", scenario.Single().Header("Authorization"));
    }

    [Fact]
    public async Task Api_key_in_the_query_replaces_the_bearer_token()
    {
        var scenario = server.NewScenario(200, "[]");

        await Client(scenario, o => o.ApiKeyQuery = "rk-query-secret").ListReportsAsync(limit: 5);

        var request = scenario.Single();
        Assert.Equal("/api/reports?limit=5&api_key=rk-query-secret", request.RawTarget);
        Assert.False(request.HasHeader("Authorization"));
    }

    [Fact]
    public async Task Api_key_in_the_query_is_escaped_and_redacted()
    {
        const string key = "rk/+=&secret key";
        var scenario = server.NewScenario((context, request) => RecordingServer.Reply(
            context, 401, $"API key '{QueryHelpers.ParseQuery(request.RawQuery)["api_key"]}' is not valid for {request.RawTarget}", "text/plain"));

        var error = await Assert.ThrowsAsync<ApiException>(() => Client(scenario, o => o.ApiKeyQuery = key).ListReportsAsync(columns: ["name"]));

        var request = scenario.Single();
        Assert.Equal(key, QueryHelpers.ParseQuery(request.RawQuery)["api_key"]);
        Assert.Equal("name", QueryHelpers.ParseQuery(request.RawQuery)["columns"]);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("listReports", error.OperationId);
        Assert.Equal("?columns=name&api_key=***", error.RequestUri!.Query);
        Assert.Contains("api_key=***", error.Message);
        var escaped = Uri.EscapeDataString(key);
        foreach (var text in new[] { error.Message, error.ToString(), error.ResponseBody!, error.RequestUri.ToString(), error.RequestUri.OriginalString })
        {
            Assert.DoesNotContain(key, text);
            Assert.DoesNotContain(escaped, text);
        }
    }

    [Fact]
    public async Task Basic_credentials_for_createToken()
    {
        var scenario = server.NewScenario(200, """{"accessToken": "eyJhbGciOi.payload.sig", "expiresIn": 3600}""");

        var token = await Client(scenario, o => { o.Username = "aladdin"; o.Password = "open sesame"; }).CreateTokenAsync();

        Assert.Equal("eyJhbGciOi.payload.sig", token.AccessToken);
        Assert.Equal(3600, token.ExpiresIn);
        var request = scenario.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/auth/token", request.RawTarget);
        Assert.Equal("Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ==", request.Header("Authorization"));
    }

    [Fact]
    public async Task Basic_credentials_rejected_are_redacted()
    {
        const string password = "p@ss w0rd!";
        var scenario = server.NewScenario((context, request) =>
        {
            var credential = request.Header("Authorization")!["Basic ".Length..];
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credential));
            return RecordingServer.Reply(
                context,
                401,
                JsonSerializer.Serialize(new { type = "about:blank", title = "Unauthorized", status = 401, detail = $"Credentials '{decoded}' ({credential}) are wrong." }),
                "application/problem+json",
                ("WWW-Authenticate", "Basic realm=\"api\""));
        });

        var error = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => Client(scenario, o => { o.Username = "aladdin"; o.Password = password; }).CreateTokenAsync());

        var credential = Convert.ToBase64String(Encoding.UTF8.GetBytes("aladdin:" + password));
        Assert.Equal($"Basic {credential}", scenario.Single().Header("Authorization"));
        Assert.Equal(["Basic realm=\"api\""], error.ResponseHeaders["WWW-Authenticate"]);
        Assert.Equal("Unauthorized", error.Payload!.Title);
        foreach (var text in new[] { error.Message, error.ToString(), error.ResponseBody! })
        {
            Assert.DoesNotContain(password, text);
            Assert.DoesNotContain(credential, text);
        }
        Assert.Contains("aladdin:***", error.ResponseBody);
    }

    [Fact]
    public async Task First_satisfiable_alternative_is_used()
    {
        // exportItems accepts apiKeyHeader or bearerAuth, in that order.
        var both = server.NewScenario(200, "id\n", "text/csv");
        var bearerOnly = server.NewScenario(200, "id\n", "text/csv");
        var none = server.NewScenario(200, "id\n", "text/csv");

        await Client(both, o => o.ApiKeyHeader = "hk-header-key").ExportItemsAsync();
        await Client(bearerOnly).ExportItemsAsync();
        await Client(none, o => o.BearerToken = null).ExportItemsAsync();

        Assert.Equal("hk-header-key", both.Single().Header("X-Api-Key"));
        Assert.False(both.Single().HasHeader("Authorization"));
        Assert.Equal($"Bearer {Bearer}", bearerOnly.Single().Header("Authorization"));
        Assert.False(bearerOnly.Single().HasHeader("X-Api-Key"));
        Assert.False(none.Single().HasHeader("Authorization"));
        Assert.False(none.Single().HasHeader("X-Api-Key"));
    }

    [Fact]
    public async Task Anonymous_operation_sends_no_credentials()
    {
        var scenario = server.NewScenario(200, """{"status": "up", "version": "1.4.2"}""");

        var health = await Client(scenario, o =>
        {
            o.ApiKeyHeader = "hk";
            o.ApiKeyQuery = "qk";
            o.Username = "u";
            o.Password = "p";
        }).GetHealthAsync();

        Assert.Equal(HealthStatus.Up, health.Status);
        Assert.Equal("1.4.2", health.Version);
        var request = scenario.Single();
        Assert.Equal("/api/health", request.RawTarget);
        Assert.False(request.HasHeader("Authorization"));
        Assert.False(request.HasHeader("X-Api-Key"));
    }

    [Fact]
    public async Task Default_headers_and_user_agent()
    {
        var custom = server.NewScenario(200, """{"status": "degraded"}""");
        var defaults = server.NewScenario(200, """{"status": "down"}""");
        var none = server.NewScenario(200, """{"status": "up"}""");

        var first = await Client(custom, o =>
        {
            o.DefaultHeaders["X-Tenant"] = "acme";
            o.DefaultHeaders["X-Correlation-Id"] = "corr-1";
            o.UserAgent = "my-app/2.0 (+https://example.com)";
        }).GetHealthAsync();
        var second = await Client(defaults).GetHealthAsync();
        var third = await Client(none, o => o.UserAgent = null).GetHealthAsync();

        Assert.Equal(HealthStatus.Degraded, first.Status);
        Assert.Equal(HealthStatus.Down, second.Status);
        Assert.Equal(HealthStatus.Up, third.Status);
        Assert.Equal("acme", custom.Single().Header("X-Tenant"));
        Assert.Equal("corr-1", custom.Single().Header("X-Correlation-Id"));
        Assert.Equal("my-app/2.0 (+https://example.com)", custom.Single().Header("User-Agent"));
        Assert.Equal("HttpFeaturesClient/1.0", defaults.Single().Header("User-Agent"));
        Assert.False(defaults.Single().HasHeader("X-Tenant"));
        Assert.False(none.Single().HasHeader("User-Agent"));
    }

    [Fact]
    public async Task The_HttpClient_base_address_is_used_when_the_options_have_none()
    {
        var scenario = server.NewScenario(200, """{"status": "up"}""");
        using var httpClient = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.Address("api/") };
        var client = new HttpFeaturesClient(httpClient, new HttpFeaturesClientOptions { DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id } });

        await client.GetHealthAsync();

        Assert.Equal("/api/health", scenario.Single().RawTarget);
    }
}
