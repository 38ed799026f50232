using System.Text.Json;
using Firecrawl;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Xunit;
using OpenApiClientGen;

namespace OpenApiClientGen.RuntimeTests.Http;

/// <summary>
/// Every declared status of Firecrawl's <c>GET /batch/scrape/{id}/errors</c> (getBatchScrapeErrors) against a real
/// Kestrel server, plus undeclared statuses, bodies that do not match their schema and credential redaction.
/// </summary>
public sealed class FirecrawlBatchScrapeErrorsTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private const string Token = "fc-secret";

    private FirecrawlClient Client(Scenario scenario) => new(server.HttpClient, new FirecrawlClientOptions
    {
        BaseAddress = server.Address("v2"),
        BearerToken = Token,
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        // These tests are about error mapping: one attempt, no retries (the retry loop has its own tests, in Retry/).
        Retry = RetryPolicy.None,
    });

    private static void AssertRequest(Scenario scenario, Guid id)
    {
        var request = scenario.Single();
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/v2/batch/scrape/{id:D}/errors", request.RawTarget);
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
        Assert.Contains("application/json", request.Header("Accept"));
        Assert.Empty(request.Body);
    }

    private static void AssertDescribes(ApiException error, int status, Guid id)
    {
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("GET", error.Method);
        Assert.Equal($"/v2/batch/scrape/{id:D}/errors", error.RequestUri!.AbsolutePath);
        Assert.Equal("127.0.0.1", error.RequestUri.Host);
        Assert.Equal("getBatchScrapeErrors", error.OperationId);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public async Task Status_200_is_the_typed_errors_object()
    {
        var scenario = server.NewScenario(200, """
            {
              "errors": [
                {"id": "job-1", "timestamp": null, "url": "https://example.com/slow", "error": "Request Timeout"},
                {"id": "job-2", "timestamp": "2025-03-14T09:26:53.589Z", "url": "https://example.com/gone", "error": "Not Found"}
              ],
              "robotsBlocked": ["https://example.com/private", "https://example.com/admin"]
            }
            """);
        var id = Guid.NewGuid();

        var result = await Client(scenario).GetBatchScrapeErrorsAsync(id);

        Assert.NotNull(result.Errors);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("job-1", result.Errors[0].Id);
        Assert.Null(result.Errors[0].Timestamp);
        Assert.Equal("https://example.com/slow", result.Errors[0].Url);
        Assert.Equal("Request Timeout", result.Errors[0].Error);
        Assert.Equal("job-2", result.Errors[1].Id);
        Assert.Equal("2025-03-14T09:26:53.589Z", result.Errors[1].Timestamp);
        Assert.Equal("https://example.com/gone", result.Errors[1].Url);
        Assert.Equal("Not Found", result.Errors[1].Error);
        Assert.Equal(["https://example.com/private", "https://example.com/admin"], result.RobotsBlocked!);
        AssertRequest(scenario, id);
    }

    [Theory]
    [InlineData(401, "Unauthorized", """{"success": false, "error": "Unauthorized: Invalid token", "details": "The API key is missing, malformed or revoked.", "code": "UNAUTHORIZED"}""")]
    [InlineData(404, "Not Found", """{"success": false, "error": "Not Found", "details": {"id": ["no batch scrape job has this ID"]}, "code": "JOB_NOT_FOUND"}""")]
    public async Task Statuses_401_and_404_are_the_uniform_ErrorResponse(int status, string reason, string body)
    {
        var scenario = server.NewScenario(status, body);
        var id = Guid.NewGuid();

        var thrown = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).GetBatchScrapeErrorsAsync(id));

        var error = Assert.IsType<ApiException<ErrorResponse>>(thrown);
        AssertDescribes(error, status, id);
        Assert.Equal(reason, error.ReasonPhrase);
        Assert.Null(error.PayloadError);
        Assert.Equal(body, error.ResponseBody);
        var payload = error.Payload!;
        Assert.False(payload.Success);
        using var expected = JsonDocument.Parse(body);
        Assert.Equal(expected.RootElement.GetProperty("error").GetString(), payload.Error);
        Assert.Equal(expected.RootElement.GetProperty("code").GetString(), payload.Code);
        Assert.NotNull(payload.Details);
        Assert.True(JsonElement.DeepEquals(expected.RootElement.GetProperty("details"), payload.Details.Value));
        AssertRequest(scenario, id);
    }

    [Fact]
    public async Task Statuses_402_429_and_500_share_one_payload_type()
    {
        var bodies = new Dictionary<int, string>
        {
            [402] = "Payment required to access this resource.",
            [429] = "Request rate limit exceeded. Please wait and try again later.",
            [500] = "An unexpected error occurred on the server.",
        };
        var errors = new List<ApiException>();
        foreach (var (status, text) in bodies)
        {
            var scenario = server.NewScenario(status, JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = text }));
            var id = Guid.NewGuid();
            var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).GetBatchScrapeErrorsAsync(id));
            AssertDescribes(error, status, id);
            errors.Add(error);
        }

        // The three identical inline schemas are one generated type, so one catch clause handles them all.
        Assert.Single(errors.Select(e => e.GetType()).Distinct());
        Assert.All(errors, e => Assert.IsType<ApiException<GetBatchScrapeErrors402Response>>(e));
        Assert.Equal(
            bodies.Values.ToArray(),
            errors.Select(e => ((ApiException<GetBatchScrapeErrors402Response>)e).Payload!.Error!).ToArray());
    }

    [Fact]
    public async Task Status_429_exposes_Retry_After()
    {
        var scenario = server.NewScenario(429, """{"error": "Rate limit exceeded"}""", "application/json", ("Retry-After", "7"));
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<ApiException<GetBatchScrapeErrors402Response>>(() => Client(scenario).GetBatchScrapeErrorsAsync(id));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal("Too Many Requests", error.ReasonPhrase);
        Assert.Equal(["7"], error.ResponseHeaders["Retry-After"]);
        Assert.Equal(["7"], error.ResponseHeaders["retry-after"]);
        Assert.StartsWith("application/json", Assert.Single(error.ResponseHeaders["Content-Type"]));
        Assert.Equal("Rate limit exceeded", error.Payload!.Error);
        // Retries are off here, but the exception still says what the annotations and the server say of the error.
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.True(error.IsRetryable);
        Assert.Equal(Retryability.Yes, error.Retryable);
        Assert.Equal("Rate limit exceeded", error.ErrorCode);
        Assert.Equal(1, error.Attempts);
        AssertRequest(scenario, id);
    }

    [Theory]
    [InlineData(418, """{"error": "I'm a teapot"}""")]
    [InlineData(403, """{"success": false, "error": "Forbidden"}""")]
    [InlineData(503, """{"success": false, "error": "Service Unavailable"}""")]
    public async Task An_undeclared_status_is_the_base_ApiException(int status, string body)
    {
        var scenario = server.NewScenario(status, body);
        var id = Guid.NewGuid();

        var thrown = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).GetBatchScrapeErrorsAsync(id));

        var error = Assert.IsType<ApiException>(thrown); // exactly the base type, not ApiException<T>
        AssertDescribes(error, status, id);
        Assert.Equal(body, error.ResponseBody);
        Assert.Null(error.PayloadError);
        Assert.Contains(body, error.Message);
    }

    [Theory]
    [InlineData("""{"error": 42}""")]
    [InlineData("Payment required, but this is not JSON")]
    [InlineData("""["error"]""")]
    [InlineData("""{"error": "truncated""")]
    public async Task A_402_body_that_does_not_match_its_schema_keeps_the_raw_text(string body)
    {
        var scenario = server.NewScenario(402, body);
        var id = Guid.NewGuid();

        var thrown = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).GetBatchScrapeErrorsAsync(id));

        var error = Assert.IsType<ApiException<GetBatchScrapeErrors402Response>>(thrown);
        AssertDescribes(error, 402, id);
        Assert.Null(error.Payload);
        Assert.IsAssignableFrom<JsonException>(error.PayloadError);
        Assert.Same(error.PayloadError, error.InnerException);
        Assert.Equal(body, error.ResponseBody);
        Assert.Contains("does not match", error.Message);
    }

    [Fact]
    public async Task A_402_without_a_body_has_no_payload_and_says_why()
    {
        var scenario = server.NewScenario(402);
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<ApiException<GetBatchScrapeErrors402Response>>(() => Client(scenario).GetBatchScrapeErrorsAsync(id));

        Assert.Null(error.Payload);
        Assert.Null(error.ResponseBody);
        Assert.NotNull(error.PayloadError);
    }

    [Fact]
    public async Task The_token_is_on_the_wire_but_never_in_the_exception()
    {
        // A server that echoes the Authorization header it received in its error body and in a response header.
        var scenario = server.NewScenario((context, request) => RecordingServer.Reply(
            context,
            401,
            JsonSerializer.Serialize(new
            {
                success = false,
                error = $"Unauthorized: Invalid token ({request.Header("Authorization")})",
                details = new { authorization = request.Header("Authorization"), token = Token },
            }),
            "application/json",
            ("X-Echo-Authorization", request.Header("Authorization")!),
            ("WWW-Authenticate", $"Bearer error=\"invalid_token\", token=\"{Token}\"")));
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client(scenario).GetBatchScrapeErrorsAsync(id));

        // The credential did go out...
        Assert.Equal($"Bearer {Token}", scenario.Single().Header("Authorization"));

        // ...and everything the exception carries as text has it replaced.
        Assert.DoesNotContain(Token, error.Message);
        Assert.DoesNotContain(Token, error.ToString());
        Assert.DoesNotContain(Token, error.ResponseBody!);
        Assert.DoesNotContain(Token, error.RequestUri!.ToString());
        Assert.All(error.ResponseHeaders, header => Assert.All(header.Value, value => Assert.DoesNotContain(Token, value)));
        Assert.Contains("***", error.ResponseBody!);
        Assert.Equal(["Bearer ***"], error.ResponseHeaders["X-Echo-Authorization"]);
        Assert.Contains("***", Assert.Single(error.ResponseHeaders["WWW-Authenticate"]));
        Assert.Contains("Bearer ***", error.Message);
    }

    [Fact]
    public async Task The_token_is_not_in_the_typed_payload_either()
    {
        var scenario = server.NewScenario((context, request) => RecordingServer.Reply(
            context,
            401,
            JsonSerializer.Serialize(new { success = false, error = $"Unauthorized: Invalid token ({request.Header("Authorization")})" })));

        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client(scenario).GetBatchScrapeErrorsAsync(Guid.NewGuid()));

        Assert.Equal($"Bearer {Token}", scenario.Single().Header("Authorization"));
        Assert.NotNull(error.Payload);
        Assert.DoesNotContain(Token, error.Payload.Error);
    }

    [Fact]
    public async Task The_token_is_not_in_the_reason_phrase()
    {
        var scenario = server.NewScenario(async (context, request) =>
        {
            context.Response.StatusCode = 401;
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = $"Rejected {request.Header("Authorization")}";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"success": false, "error": "Unauthorized"}""");
        });

        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client(scenario).GetBatchScrapeErrorsAsync(Guid.NewGuid()));

        Assert.Equal($"Bearer {Token}", scenario.Single().Header("Authorization"));
        Assert.DoesNotContain(Token, error.Message);
        Assert.DoesNotContain(Token, error.ReasonPhrase ?? "");
    }

    [Fact]
    public async Task The_client_sends_its_user_agent_and_no_body()
    {
        var scenario = server.NewScenario(200, """{"errors": [], "robotsBlocked": []}""");

        var result = await Client(scenario).GetBatchScrapeErrorsAsync(Guid.Empty);

        Assert.Empty(result.Errors!);
        Assert.Empty(result.RobotsBlocked!);
        var request = scenario.Single();
        Assert.Equal("/v2/batch/scrape/00000000-0000-0000-0000-000000000000/errors", request.RawTarget);
        Assert.Equal("FirecrawlClient/v2", request.Header("User-Agent"));
        Assert.False(request.HasHeader("Content-Type"));
    }
}
