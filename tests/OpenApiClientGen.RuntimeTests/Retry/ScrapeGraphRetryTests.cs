using System.Collections.Concurrent;
using System.Text.Json;
using OpenApiClientGen.RuntimeTests.Http;
using ScrapeGraph;
using Xunit;
using OpenApiClientGen;

namespace OpenApiClientGen.RuntimeTests.Retry;

/// <summary>
/// The ScrapeGraphAI client under scrapegraphai-openapi.annotations.yaml: codes read at <c>/error/type</c> (exact), ±20 %
/// jitter on a 1 s doubling backoff, 5 attempts, smartScraper (POST) retried, and a 5XX rule without a code that catches
/// a proxy's HTML error page.
/// </summary>
public sealed class ScrapeGraphRetryTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private const string SmartScraperJson = """
        {"request_id": "5b2a4c1e-8f3d-4e6a-9b7c-1d2e3f4a5b6c", "status": "completed", "result": {"title": "Example"}, "error": null}
        """;

    private const string BadGatewayPage = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

    private readonly RecordingTimeProvider _time = new();
    private readonly ConcurrentQueue<RetryEvent> _events = new();

    private ScrapeGraphClient Client(Scenario scenario) => new(server.HttpClient, new ScrapeGraphClientOptions
    {
        BaseAddress = server.Address("v2"),
        ApiKey = "sgai-retry-test",
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        TimeProvider = _time,
        OnRetry = _events.Enqueue,
    });

    private static string Envelope(string type, string message) => JsonSerializer.Serialize(new { error = new { type, message } });

    private static SmartScraperRequest Request => new() { WebsiteUrl = "https://example.com", UserPrompt = "The page title" };

    [Fact]
    public async Task A_rate_limited_429_is_retried()
    {
        var scenario = server.Sequence(new Reply(429, Envelope("rate_limited", "Too many requests")), new Reply(200, SmartScraperJson));

        var result = await Client(scenario).SmartScraperAsync(Request);

        Assert.Equal(HistoryEntryStatus.Completed, result.Status);
        Assert.Equal(2, scenario.Requests.Count);
        Assert.All(scenario.Requests, r => Assert.Equal("POST", r.Method));
        var retry = Assert.Single(_events);
        Assert.Equal("rate_limited", retry.ErrorCode);
        Assert.Equal(429, retry.StatusCode);
        // No Retry-After: the first backoff, 1 s ± 20 %.
        Assert.InRange(retry.Delay, TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1200));
        Assert.Single(_time.Delays);
    }

    [Fact]
    public async Task A_validation_400_is_not_retried()
    {
        var scenario = server.Sequence(new Reply(400, Envelope("validation", "Validation failed")), new Reply(200, SmartScraperJson));

        var error = await Assert.ThrowsAsync<ApiException<ErrorEnvelope>>(() => Client(scenario).SmartScraperAsync(Request));

        Assert.Single(scenario.Requests);
        Assert.Equal(ApiErrorType.Validation, error.Payload!.Error.Type);
        Assert.Equal("validation", error.ErrorCode);
        Assert.Equal(Retryability.No, error.Retryable);
        Assert.False(error.IsRetryable);
        Assert.Equal("The request body failed schema validation; `details` names each offending field.", error.Cause);
        Assert.Equal("Fix the request body.", error.Remedy);
        Assert.Empty(_events);
    }

    [Fact]
    public async Task A_502_HTML_page_without_the_envelope_is_retried_by_the_5XX_fallback()
    {
        var page = new Reply(502, BadGatewayPage, "text/html");
        var scenario = server.Sequence(page, page, new Reply(200, SmartScraperJson));

        var result = await Client(scenario).SmartScraperAsync(Request);

        Assert.Equal(HistoryEntryStatus.Completed, result.Status);
        Assert.Equal(3, scenario.Requests.Count);
        Assert.All(_events, e =>
        {
            Assert.Equal(502, e.StatusCode);
            Assert.Null(e.ErrorCode); // HTML: no code at /error/type
        });
    }

    [Fact]
    public async Task A_502_HTML_page_that_persists_ends_with_the_fallback_rule_after_five_attempts()
    {
        var scenario = server.Sequence(new Reply(502, BadGatewayPage, "text/html"));

        var error = await Assert.ThrowsAsync<ApiException<ErrorEnvelope>>(() => Client(scenario).SmartScraperAsync(Request));

        Assert.Equal(5, scenario.Requests.Count);
        Assert.Equal(5, error.Attempts);
        Assert.Null(error.Payload); // declared as the envelope, but it is an HTML page
        Assert.Equal(BadGatewayPage, error.ResponseBody);
        Assert.Null(error.ErrorCode);
        Assert.Equal("Transient server error.", error.Cause);
        Assert.StartsWith("Retry with exponential backoff.", error.Remedy);
    }

    [Fact]
    public async Task Backoff_has_twenty_percent_jitter_either_way()
    {
        var scenario = server.Sequence(new Reply(503, Envelope("internal_error", "Service temporarily unavailable")));

        var error = await Assert.ThrowsAsync<ApiException<ErrorEnvelope>>(() => Client(scenario).GetCreditsAsync());

        Assert.Equal(5, scenario.Requests.Count);
        Assert.Equal(5, error.Attempts);
        Assert.Equal("internal_error", error.ErrorCode);
        Assert.Equal("An error occurred while processing the request.", error.Cause); // the coded 5XX rule beats the fallback
        var delays = _events.Select(e => e.Delay).ToArray();
        double[] bases = [1, 2, 4, 8];
        Assert.Equal(bases.Length, delays.Length);
        for (var i = 0; i < bases.Length; i++)
        {
            Assert.InRange(delays[i].TotalSeconds, bases[i] * 0.8, bases[i] * 1.2);
        }
        Assert.Contains(delays.Select((d, i) => d.TotalSeconds - bases[i]), j => j != 0);
        Assert.Equal(4, _time.Delays.Count);
    }
}
