using System.Text.Json;
using ScrapeGraph;
using Xunit;
using OpenApiClientGen;

namespace OpenApiClientGen.RuntimeTests.Http;

/// <summary>
/// ScrapeGraphAI's <c>{error: {type, message, details[]}}</c> envelope (seed 004) comes out typed for every declared
/// status, and the SGAI-APIKEY header goes on the wire but never into an exception.
/// </summary>
public sealed class ScrapeGraphErrorTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private const string Key = "sgai-4f1c2d9e-live-key";

    private ScrapeGraphClient Client(Scenario scenario) => new(server.HttpClient, new ScrapeGraphClientOptions
    {
        BaseAddress = server.Address("v2"),
        ApiKey = Key,
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        // These tests are about error mapping: one attempt, no retries (the retry loop has its own tests, in Retry/).
        Retry = RetryPolicy.None,
    });

    private static SmartScraperRequest Request => new()
    {
        WebsiteUrl = "https://example.com/products",
        UserPrompt = "List every product with its name and price",
    };

    private static string Envelope(string type, string message) => JsonSerializer.Serialize(new { error = new { type, message } });

    private static void AssertKeyOnTheWire(Scenario scenario)
    {
        var request = scenario.Single();
        Assert.Equal(Key, request.Header("SGAI-APIKEY"));
        Assert.False(request.HasHeader("Authorization"));
    }

    [Fact]
    public async Task Status_400_is_a_validation_error_with_its_details()
    {
        const string body = """
            {
              "error": {
                "type": "validation",
                "message": "Validation failed",
                "details": [
                  {"code": "invalid_format", "format": "url", "path": ["website_url"], "message": "Invalid URL"},
                  {"code": "custom", "path": ["website_url"], "message": "Private or internal URLs are not allowed"},
                  {"code": "too_small", "path": ["steps", 2, "prompt"], "message": "String must contain at least 1 character(s)"}
                ]
              }
            }
            """;
        var scenario = server.NewScenario(400, body);

        var thrown = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).SmartScraperAsync(Request));

        var error = Assert.IsType<ApiException<ErrorEnvelope>>(thrown);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("POST", error.Method);
        Assert.Equal("/v2/smartscraper", error.RequestUri!.AbsolutePath);
        Assert.Equal("smartScraper", error.OperationId);
        Assert.Equal(body, error.ResponseBody);
        var apiError = error.Payload!.Error;
        Assert.Equal(ApiErrorType.Validation, apiError.Type);
        Assert.True(apiError.Type.IsKnown);
        Assert.Equal("Validation failed", apiError.Message);
        var details = apiError.Details!;
        Assert.Equal(3, details.Count);
        Assert.Equal(ValidationIssueCode.InvalidFormat, details[0].Code);
        Assert.Equal("url", details[0].Format);
        Assert.Equal("website_url", Assert.Single(details[0].Path).String);
        Assert.Equal("Invalid URL", details[0].Message);
        Assert.Equal(ValidationIssueCode.Custom, details[1].Code);
        Assert.Null(details[1].Format);
        Assert.Equal("Private or internal URLs are not allowed", details[1].Message);
        Assert.Equal(ValidationIssueCode.TooSmall, details[2].Code);
        Assert.Equal(new object[] { "steps", 2L, "prompt" }, details[2].Path.Select(p => p.Value));
        Assert.Equal(2L, details[2].Path[1].Integer);
        Assert.Null(details[2].Path[1].String);
        AssertKeyOnTheWire(scenario);
    }

    public static TheoryData<int, string, string> SmartScraperErrors => new()
    {
        { 401, "auth_missing_key", "API key required" },
        { 402, "insufficient_credits", "Not enough credits to complete this request" },
        { 403, "auth_invalid_key", "Invalid or deprecated API key" },
        { 429, "rate_limited", "Too many requests" },
        { 500, "internal_error", "An error occurred while processing your request" },
        { 502, "internal_error", "An error occurred while processing your request" },
        { 503, "internal_error", "Service temporarily unavailable" },
    };

    [Theory]
    [MemberData(nameof(SmartScraperErrors))]
    public async Task Every_declared_status_gives_the_typed_envelope(int status, string type, string message)
    {
        var scenario = server.NewScenario(status, Envelope(type, message));

        var thrown = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).SmartScraperAsync(Request));

        var error = Assert.IsType<ApiException<ErrorEnvelope>>(thrown);
        Assert.Equal(status, error.StatusCode);
        Assert.Null(error.PayloadError);
        Assert.Equal(type, error.Payload!.Error.Type.Value);
        Assert.Equal(new ApiErrorType(type), error.Payload.Error.Type);
        Assert.True(error.Payload.Error.Type.IsKnown);
        Assert.Equal(message, error.Payload.Error.Message);
        Assert.Null(error.Payload.Error.Details);
        AssertKeyOnTheWire(scenario);
    }

    [Fact]
    public async Task The_static_members_match_the_wire_values()
    {
        var expected = new Dictionary<int, ApiErrorType>
        {
            [401] = ApiErrorType.AuthMissingKey,
            [402] = ApiErrorType.InsufficientCredits,
            [403] = ApiErrorType.AuthInvalidKey,
            [429] = ApiErrorType.RateLimited,
            [502] = ApiErrorType.InternalError,
        };
        var wire = new Dictionary<int, string>
        {
            [401] = "auth_missing_key",
            [402] = "insufficient_credits",
            [403] = "auth_invalid_key",
            [429] = "rate_limited",
            [502] = "internal_error",
        };
        foreach (var (status, type) in expected)
        {
            var scenario = server.NewScenario(status, Envelope(wire[status], "x"));
            var error = await Assert.ThrowsAsync<ApiException<ErrorEnvelope>>(() => Client(scenario).GetCreditsAsync());
            Assert.Equal(type, error.Payload!.Error.Type);
            Assert.True(error.Payload.Error.Type == type);
            Assert.Equal("getCredits", error.OperationId);
        }
    }

    [Fact]
    public async Task Status_429_keeps_Retry_After()
    {
        var scenario = server.NewScenario(429, Envelope("rate_limited", "Too many requests"), "application/json", ("Retry-After", "30"));

        var error = await Assert.ThrowsAsync<ApiException<ErrorEnvelope>>(() => Client(scenario).SmartScraperAsync(Request));

        Assert.Equal(ApiErrorType.RateLimited, error.Payload!.Error.Type);
        Assert.Equal(["30"], error.ResponseHeaders["Retry-After"]);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.True(error.IsRetryable);
        Assert.Equal("rate_limited", error.ErrorCode);
        Assert.Single(scenario.Requests);
    }

    [Fact]
    public async Task Status_404_on_a_lookup_is_not_found()
    {
        var scenario = server.NewScenario(404, Envelope("not_found", "Request not found"));
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<ApiException<ErrorEnvelope>>(() => Client(scenario).GetSmartScraperRequestAsync(id));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("GET", error.Method);
        Assert.Equal("getSmartScraperRequest", error.OperationId);
        Assert.Equal($"/v2/smartscraper/{id:D}", error.RequestUri!.AbsolutePath);
        Assert.Equal(ApiErrorType.NotFound, error.Payload!.Error.Type);
        Assert.Equal("Request not found", error.Payload.Error.Message);
        Assert.Equal($"/v2/smartscraper/{id:D}", scenario.Single().RawTarget);
        AssertKeyOnTheWire(scenario);
    }

    [Fact]
    public async Task Status_404_on_history_is_not_found()
    {
        var scenario = server.NewScenario(404, Envelope("not_found", "Request not found"));
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<ApiException<ErrorEnvelope>>(() => Client(scenario).GetHistoryAsync(id));

        Assert.Equal(ApiErrorType.NotFound, error.Payload!.Error.Type);
        Assert.Equal($"/v2/history/{id:D}", scenario.Single().RawTarget);
    }

    [Fact]
    public async Task Status_404_where_it_is_not_declared_is_the_base_exception()
    {
        // smartScraper declares no 404 and no default.
        var scenario = server.NewScenario(404, Envelope("not_found", "No such route"));

        var thrown = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).SmartScraperAsync(Request));

        Assert.IsType<ApiException>(thrown);
        Assert.Equal(404, thrown.StatusCode);
        Assert.Contains("not_found", thrown.ResponseBody);
    }

    [Fact]
    public async Task An_error_type_the_document_does_not_list_is_kept()
    {
        var scenario = server.NewScenario(403, Envelope("account_suspended", "The account is suspended"));

        var error = await Assert.ThrowsAsync<ApiException<ErrorEnvelope>>(() => Client(scenario).GetCreditsAsync());

        Assert.False(error.Payload!.Error.Type.IsKnown);
        Assert.Equal("account_suspended", error.Payload.Error.Type.Value);
        Assert.NotEqual(ApiErrorType.AuthInvalidKey, error.Payload.Error.Type);
    }

    [Fact]
    public async Task An_envelope_without_its_required_message_has_no_payload()
    {
        const string body = """{"error": {"type": "validation"}}""";
        var scenario = server.NewScenario(400, body);

        var error = await Assert.ThrowsAsync<ApiException<ErrorEnvelope>>(() => Client(scenario).SmartScraperAsync(Request));

        Assert.Null(error.Payload);
        Assert.IsAssignableFrom<JsonException>(error.PayloadError);
        Assert.Contains("message", error.PayloadError!.Message);
        Assert.Equal(body, error.ResponseBody);
    }

    [Fact]
    public async Task The_key_is_redacted_from_the_exception()
    {
        // A server that quotes the key it rejected, in the body and in a header.
        var scenario = server.NewScenario((context, request) => RecordingServer.Reply(
            context,
            403,
            Envelope("auth_invalid_key", $"Invalid or deprecated API key: {request.Header("SGAI-APIKEY")}"),
            "application/json",
            ("X-Rejected-Key", request.Header("SGAI-APIKEY")!)));

        var error = await Assert.ThrowsAsync<ApiException<ErrorEnvelope>>(() => Client(scenario).GetCreditsAsync());

        AssertKeyOnTheWire(scenario);
        Assert.DoesNotContain(Key, error.Message);
        Assert.DoesNotContain(Key, error.ToString());
        Assert.DoesNotContain(Key, error.ResponseBody!);
        Assert.DoesNotContain(Key, error.RequestUri!.ToString());
        Assert.Equal(["***"], error.ResponseHeaders["X-Rejected-Key"]);
        Assert.Contains("Invalid or deprecated API key: ***", error.ResponseBody);
        Assert.Equal(ApiErrorType.AuthInvalidKey, error.Payload!.Error.Type);
    }

    [Fact]
    public async Task The_key_is_not_in_the_typed_payload_either()
    {
        var scenario = server.NewScenario((context, request) => RecordingServer.Reply(
            context, 403, Envelope("auth_invalid_key", $"Invalid or deprecated API key: {request.Header("SGAI-APIKEY")}")));

        var error = await Assert.ThrowsAsync<ApiException<ErrorEnvelope>>(() => Client(scenario).GetCreditsAsync());

        AssertKeyOnTheWire(scenario);
        Assert.NotNull(error.Payload);
        Assert.DoesNotContain(Key, error.Payload.Error.Message);
    }

    [Fact]
    public async Task SmartScraper_sends_snake_case_JSON_and_reads_the_result()
    {
        var requestId = Guid.NewGuid();
        var scenario = server.NewScenario(200, $$"""
            {"request_id": "{{requestId}}", "status": "completed",
             "result": {"products": [{"name": "Widget", "price": 9.99}]}, "error": null}
            """);
        var body = Request with
        {
            OutputSchema = JsonDocument.Parse("""{"type": "object", "required": ["products"]}""").RootElement,
        };

        var result = await Client(scenario).SmartScraperAsync(body);

        Assert.Equal(requestId, result.RequestId);
        Assert.Equal(HistoryEntryStatus.Completed, result.Status);
        Assert.Null(result.Error);
        Assert.Equal("Widget", result.Result!.Value.GetProperty("products")[0].GetProperty("name").GetString());

        var request = scenario.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/smartscraper", request.RawTarget);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("ScrapeGraphClient/v2", request.Header("User-Agent"));
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("https://example.com/products", json.RootElement.GetProperty("website_url").GetString());
        Assert.Equal("List every product with its name and price", json.RootElement.GetProperty("user_prompt").GetString());
        Assert.Equal("products", json.RootElement.GetProperty("output_schema").GetProperty("required")[0].GetString());
        AssertKeyOnTheWire(scenario);
    }
}
