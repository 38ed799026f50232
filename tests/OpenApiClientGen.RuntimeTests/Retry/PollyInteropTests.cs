using System.Text.Json;
using Firecrawl;
using OpenApiClientGen.RuntimeTests.Http;
using Polly;
using Polly.Retry;
using Xunit;
using OpenApiClientGen;

namespace OpenApiClientGen.RuntimeTests.Retry;

/// <summary>
/// The retry metadata used from a resilience stack of one's own: the client's loop switched off (RetryPolicy.None),
/// Polly retrying with <c>FirecrawlClient.RetryMetadata.ShouldRetry</c> as its predicate and
/// <see cref="ApiException.RetryAfter"/> as its delay.
/// </summary>
public sealed class PollyInteropTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private const string StatusJson = """{"status": "completed", "total": 1, "completed": 1, "data": []}""";

    private readonly RecordingTimeProvider _time = new();
    private int _pollyRetries;

    private FirecrawlClient Client(Scenario scenario) => new(server.HttpClient, new FirecrawlClientOptions
    {
        BaseAddress = server.Address("v2"),
        BearerToken = "fc-polly-test",
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        Retry = RetryPolicy.None, // Polly retries, not the client
        OnRetry = _ => Assert.Fail("The client's own loop must not retry."),
    });

    private ResiliencePipeline Pipeline() => new ResiliencePipelineBuilder { TimeProvider = _time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && FirecrawlClient.RetryMetadata.ShouldRetry(e)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ApiException { RetryAfter: { } after } ? after : (TimeSpan?)null),
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            Delay = TimeSpan.FromSeconds(1),
            OnRetry = _ =>
            {
                Interlocked.Increment(ref _pollyRetries);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    private static string Error(string message) => JsonSerializer.Serialize(new { success = false, error = message });

    [Fact]
    public async Task Polly_retries_a_429_after_its_Retry_After()
    {
        var limited = new Reply(429, Error("Rate limit exceeded. Consumed (req/min): 101"), "application/json", ("Retry-After", "4"));
        var scenario = server.Sequence(limited, limited, new Reply(200, StatusJson));
        var client = Client(scenario);

        var result = await Pipeline().ExecuteAsync(async token => await client.GetBatchScrapeStatusAsync(Guid.NewGuid(), cancellationToken: token));

        Assert.Equal(BatchScrapeStatusResponseStatus.Completed, result.Status);
        Assert.Equal(3, scenario.Requests.Count);
        Assert.Equal(2, _pollyRetries);
        // Polly waited on its TimeProvider, for as long as the server asked.
        Assert.Equal([TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4)], _time.Delays);
    }

    [Fact]
    public async Task Polly_retries_a_503_with_its_own_backoff()
    {
        var scenario = server.Sequence(new Reply(503, Error("Service Unavailable")), new Reply(200, StatusJson));
        var client = Client(scenario);

        await Pipeline().ExecuteAsync(async token => await client.GetBatchScrapeStatusAsync(Guid.NewGuid(), cancellationToken: token));

        Assert.Equal(2, scenario.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1)], _time.Delays); // no Retry-After: Polly's first exponential delay
    }

    [Fact]
    public async Task Polly_does_not_retry_a_400()
    {
        var scenario = server.Sequence(new Reply(400, Error("Invalid URL: ftp://example.com")), new Reply(200, StatusJson));
        var client = Client(scenario);

        // getBatchScrapeStatus declares no 400: the base ApiException, with the annotations' verdict all the same.
        var error = await Assert.ThrowsAsync<ApiException>(() =>
            Pipeline().ExecuteAsync(async token => await client.GetBatchScrapeStatusAsync(Guid.NewGuid(), cancellationToken: token)).AsTask());

        Assert.Equal(400, error.StatusCode);
        Assert.False(error.IsRetryable);
        Assert.Equal("The `url` field is missing, malformed, or uses an unsupported scheme.", error.Cause);
        Assert.Single(scenario.Requests);
        Assert.Equal(0, _pollyRetries);
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task Polly_does_not_retry_a_POST_the_annotations_do_not_allow()
    {
        // A 503 is retryable, but crawlUrls (POST, default mode) may not be repeated: IsRetryable is false, so ShouldRetry is.
        var scenario = server.Sequence(new Reply(503, Error("Service Unavailable")), new Reply(200, """{"success": true}"""));
        var client = Client(scenario);

        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() =>
            Pipeline().ExecuteAsync(async token => await client.CrawlUrlsAsync(new CrawlRequest { Url = "https://example.com" }, token)).AsTask());

        Assert.False(FirecrawlClient.RetryMetadata.ShouldRetry(error));
        Assert.Single(scenario.Requests);
        Assert.Equal(0, _pollyRetries);
    }

    [Fact]
    public async Task Polly_does_not_retry_a_POST_the_annotations_do_not_allow_after_a_connection_reset()
    {
        // The server took the request (a crawl job may exist now), then the connection went away. The client's own loop
        // does not resend crawlUrls (POST, default mode); the predicate offered for Polly must not either.
        using var http = new HttpClient(new SocketsHttpHandler()); // a new connection: SocketsHttpHandler does not resend on it itself
        var scenario = server.ResetThen(new Reply(200, """{"success": true, "id": "123e4567-e89b-12d3-a456-426614174000"}"""));
        var client = new FirecrawlClient(http, new FirecrawlClientOptions
        {
            BaseAddress = server.Address("v2"),
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
            Retry = RetryPolicy.None,
        });

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Pipeline().ExecuteAsync(async token => await client.CrawlUrlsAsync(new CrawlRequest { Url = "https://example.com" }, token)).AsTask());

        Assert.Equal("POST", Assert.Single(scenario.Requests).Method);
        Assert.Equal(0, _pollyRetries);
    }

    [Fact]
    public void The_predicate_that_names_the_call_retries_transport_failures_only_where_the_operation_may_be_repeated()
    {
        var metadata = FirecrawlClient.RetryMetadata;
        var reset = new HttpRequestException("connection reset");
        var timeout = new TaskCanceledException("timed out", new TimeoutException());

        Assert.False(metadata.ShouldRetry(reset));                                             // no call named: not judged
        Assert.False(metadata.ShouldRetry(reset, "crawlUrls", HttpMethod.Post));               // POST, default mode
        Assert.True(metadata.ShouldRetry(reset, "scrapeAndExtractFromUrl", HttpMethod.Post));  // retry: always
        Assert.True(metadata.ShouldRetry(reset, "getBatchScrapeStatus", HttpMethod.Get));      // idempotent
        Assert.True(metadata.ShouldRetry(timeout, "getBatchScrapeStatus", HttpMethod.Get));
        Assert.False(metadata.ShouldRetry(new OperationCanceledException(), "getBatchScrapeStatus", HttpMethod.Get)); // the caller's cancellation
    }
}
