using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Firecrawl;
using OpenApiClientGen.RuntimeTests.Http;
using Xunit;
using OpenApiClientGen;

namespace OpenApiClientGen.RuntimeTests.Retry;

/// <summary>
/// The retry loop of the Firecrawl client against a real Kestrel server, following firecrawl-v2-openapi.annotations.yaml:
/// 5 attempts, 1 s doubling up to 30 s plus [0, 1 s) of jitter, Retry-After honored up to 60 s, an error table told apart
/// by the message at <c>/error</c> (prefix match), and POST retried only for scrape and map. Waits go through
/// <see cref="RecordingTimeProvider"/> (recorded, never waited for); attempts are counted on the server.
/// </summary>
public sealed class FirecrawlRetryTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private const string StatusJson = """{"status": "completed", "total": 1, "completed": 1, "data": []}""";
    private const string ScrapeJson = """{"success": true, "data": {"markdown": "# Hello"}}""";

    private const string RateLimitCause = "Too many requests for your plan's per-minute limit.";
    private const string RateLimitRemedy = "Back off and retry after `Retry-After` seconds. See Rate Limits (https://docs.firecrawl.dev/rate-limits).";
    private const string ConcurrencyCause = "Concurrent browser limit for your plan reached.";
    private const string ConcurrencyRemedy = "Wait for in-flight jobs to finish, lower concurrency, or upgrade your plan.";

    private readonly RecordingTimeProvider _time = new();
    private readonly ConcurrentQueue<RetryEvent> _events = new();

    private FirecrawlClient Client(Scenario scenario, TimeProvider? time = null, RetryPolicy? retry = null) => new(server.HttpClient, new FirecrawlClientOptions
    {
        BaseAddress = server.Address("v2"),
        BearerToken = "fc-retry-test",
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        TimeProvider = time ?? _time,
        Retry = retry,
        OnRetry = _events.Enqueue,
    });

    private static string Error(string message) => JsonSerializer.Serialize(new { success = false, error = message });

    private static Reply RateLimited(params (string Name, string Value)[] headers) =>
        new(429, Error("Rate limit exceeded. Consumed (req/min): 101, Remaining (req/min): 0. Upgrade your plan at https://firecrawl.dev/pricing for increased rate limits or please retry after 2s, resets at Fri Mar 14 2025 09:27:00 GMT+0000"), "application/json", headers);

    private static Reply Unavailable(params (string Name, string Value)[] headers) => new(503, Error("Service Unavailable"), "application/json", headers);

    private static Reply Status => new(200, StatusJson);

    private static ScrapeRequest Scrape => new() { Url = "https://example.com/pricing" };

    private static CrawlRequest Crawl => new() { Url = "https://example.com/docs" };

    /// <summary>The recorded waits are the OnRetry delays, as Task.Delay hands them to the clock (whole milliseconds).</summary>
    private void AssertRecordedWaitsAreTheEventDelays()
    {
        var expected = _events.Select(e => TimeSpan.FromMilliseconds(Math.Floor(e.Delay.TotalMilliseconds))).Where(d => d > TimeSpan.Zero);
        Assert.Equal(expected, _time.Delays);
    }

    // ------------------------------------------------------------------ Retry-After

    [Fact]
    public async Task A_429_with_Retry_After_in_seconds_waits_that_long_then_returns_the_typed_result()
    {
        var scenario = server.Sequence(RateLimited(("Retry-After", "5")), Status);
        var id = Guid.NewGuid();

        var result = await Client(scenario).GetBatchScrapeStatusAsync(id);

        Assert.Equal(BatchScrapeStatusResponseStatus.Completed, result.Status);
        Assert.Equal(2, scenario.Requests.Count);
        Assert.All(scenario.Requests, r => Assert.Equal($"/v2/batch/scrape/{id:D}", r.RawTarget));
        Assert.Equal([TimeSpan.FromSeconds(5)], _time.Delays);
        var retry = Assert.Single(_events);
        Assert.Equal(TimeSpan.FromSeconds(5), retry.RetryAfter);
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_waits_until_that_date()
    {
        var date = _time.GetUtcNow().AddSeconds(7);
        var scenario = server.Sequence(RateLimited(("Retry-After", date.ToString("R", CultureInfo.InvariantCulture))), Status);

        await Client(scenario).GetBatchScrapeStatusAsync(Guid.NewGuid());

        Assert.Equal(2, scenario.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(7)], _time.Delays);
        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(_events).RetryAfter);
    }

    [Fact]
    public async Task Retry_after_ms_is_honored()
    {
        var scenario = server.Sequence(RateLimited(("retry-after-ms", "1500")), Status);

        await Client(scenario).GetBatchScrapeStatusAsync(Guid.NewGuid());

        Assert.Equal(2, scenario.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(1500)], _time.Delays);
    }

    [Fact]
    public async Task Retry_after_ms_wins_over_Retry_After()
    {
        var scenario = server.Sequence(RateLimited(("Retry-After", "9"), ("retry-after-ms", "250")), Status);

        await Client(scenario).GetBatchScrapeStatusAsync(Guid.NewGuid());

        Assert.Equal([TimeSpan.FromMilliseconds(250)], _time.Delays);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_cap_ends_the_call_at_once()
    {
        // The annotations cap Retry-After at 60 s: an hour is not waited for, and the caller learns why.
        var scenario = server.Sequence(RateLimited(("Retry-After", "3600")), Status);

        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client(scenario).GetBatchScrapeStatusAsync(Guid.NewGuid()));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(3600), error.RetryAfter);
        // Retryable by the annotations, but not within this policy: a predicate (Polly) must not sleep the hour either.
        Assert.False(error.IsRetryable);
        Assert.False(FirecrawlClient.RetryMetadata.ShouldRetry(error));
        Assert.Equal(Retryability.Yes, error.Retryable);
        Assert.StartsWith("Rate limit exceeded", error.Payload!.Error);
        Assert.Contains("beyond the 60 s cap", error.Message);
        Assert.Single(scenario.Requests);
        Assert.Empty(_time.Delays);
        Assert.Empty(_events);
    }

    [Theory]
    [InlineData("Retry-After", "99999999999")]   // 3,170 years
    [InlineData("Retry-After", "1e300")]         // not HTTP, beyond what a TimeSpan holds
    [InlineData("retry-after-ms", "1e300")]
    public async Task A_Retry_After_too_large_to_hold_is_beyond_the_cap_not_absent(string header, string value)
    {
        var scenario = server.Sequence(RateLimited((header, value)), Status);

        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client(scenario).GetBatchScrapeStatusAsync(Guid.NewGuid()));

        Assert.Equal(1, error.Attempts);
        Assert.True(error.RetryAfter > TimeSpan.FromDays(365 * 1000), error.RetryAfter?.ToString());
        Assert.False(error.IsRetryable);
        Assert.Single(scenario.Requests);
        Assert.Empty(_time.Delays);
    }

    // ------------------------------------------------------------------ backoff

    [Fact]
    public async Task Repeated_503s_back_off_exponentially_with_up_to_a_second_of_jitter_for_five_attempts()
    {
        var scenario = server.Sequence(Unavailable());

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).GetBatchScrapeStatusAsync(Guid.NewGuid()));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(5, error.Attempts);
        Assert.Equal(5, scenario.Requests.Count);
        Assert.Contains("after 5 attempts", error.Message);
        Assert.Equal("Service temporarily unable to handle the request.", error.Cause);

        var delays = _events.Select(e => e.Delay).ToArray();
        Assert.Equal([1, 2, 3, 4], _events.Select(e => e.Attempt));
        double[] bases = [1, 2, 4, 8];
        for (var i = 0; i < bases.Length; i++)
        {
            Assert.InRange(delays[i], TimeSpan.FromSeconds(bases[i]), TimeSpan.FromSeconds(bases[i] + 1) - TimeSpan.FromTicks(1));
        }
        // The jitter is random: four waits all exactly on their base would mean there is none.
        Assert.Contains(delays.Select((d, i) => d - TimeSpan.FromSeconds(bases[i])), j => j > TimeSpan.Zero);
        AssertRecordedWaitsAreTheEventDelays();
    }

    [Fact]
    public async Task The_exponential_part_is_capped_at_MaxDelay()
    {
        // No jitter: the waits are exact. 1, 3, 9, then 27 capped to 10.
        var policy = FirecrawlClient.RetryMetadata.Policy with
        {
            MaxAttempts = 7,
            InitialDelay = TimeSpan.FromSeconds(1),
            Multiplier = 3,
            MaxDelay = TimeSpan.FromSeconds(10),
            Jitter = TimeSpan.Zero,
            JitterRatio = 0,
        };
        var scenario = server.Sequence(Unavailable());

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario, retry: policy).GetBatchScrapeStatusAsync(Guid.NewGuid()));

        Assert.Equal(7, error.Attempts);
        Assert.Equal(7, scenario.Requests.Count);
        Assert.Equal(new[] { 1, 3, 9, 10, 10, 10 }.Select(s => TimeSpan.FromSeconds(s)), _time.Delays);
    }

    [Fact]
    public async Task A_policy_in_the_options_overrides_the_annotations()
    {
        var scenario = server.Sequence(Unavailable());

        var error = await Assert.ThrowsAnyAsync<ApiException>(() =>
            Client(scenario, retry: FirecrawlClient.RetryMetadata.Policy with { MaxAttempts = 2 }).GetBatchScrapeStatusAsync(Guid.NewGuid()));

        Assert.Equal(2, error.Attempts);
        Assert.Equal(2, scenario.Requests.Count);
        var wait = Assert.Single(_time.Delays);
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task RetryPolicy_None_makes_a_single_attempt()
    {
        var scenario = server.Sequence(Unavailable(), Status);

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario, retry: RetryPolicy.None).GetBatchScrapeStatusAsync(Guid.NewGuid()));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Single(scenario.Requests);
        Assert.Empty(_time.Delays);
        Assert.Empty(_events);
        // Not retried here, but retryable: a caller's own resilience stack may try again.
        Assert.True(error.IsRetryable);
        Assert.Equal(Retryability.Yes, error.Retryable);
        Assert.DoesNotContain("attempts", error.Message);
    }

    // ------------------------------------------------------------------ the error table

    public static TheoryData<string, string, string, string> TooManyRequests => new()
    {
        {
            "Rate limit exceeded. Consumed (req/min): 101, Remaining (req/min): 0. Upgrade your plan at https://firecrawl.dev/pricing for increased rate limits or please retry after 2s",
            "Rate limit exceeded", RateLimitCause, RateLimitRemedy
        },
        {
            "Concurrency limit reached: your plan allows 2 concurrent browsers. Retry once a job finishes.",
            "Concurrency limit reached", ConcurrencyCause, ConcurrencyRemedy
        },
    };

    [Theory]
    [MemberData(nameof(TooManyRequests))]
    public async Task The_two_429s_are_told_apart_by_their_message(string message, string code, string cause, string remedy)
    {
        var scenario = server.Sequence(new Reply(429, Error(message), "application/json", ("Retry-After", "2")));

        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client(scenario).GetBatchScrapeStatusAsync(Guid.NewGuid()));

        Assert.Equal(message, error.Payload!.Error);
        Assert.Equal(message, error.ErrorCode); // the whole message: the rule matches its prefix
        Assert.StartsWith(code, error.ErrorCode);
        Assert.Equal(cause, error.Cause);
        Assert.Equal(remedy, error.Remedy);
        Assert.Contains(cause, error.Message);
        Assert.Contains("Remedy: " + remedy, error.Message);
        Assert.Equal(Retryability.Yes, error.Retryable);
        // Both are retryable: all five attempts, two seconds apart as the server asked.
        Assert.Equal(5, error.Attempts);
        Assert.Equal(5, scenario.Requests.Count);
        Assert.Equal(Enumerable.Repeat(TimeSpan.FromSeconds(2), 4), _time.Delays);
        Assert.All(_events, e => Assert.Equal(message, e.ErrorCode));
    }

    [Fact]
    public async Task A_402_is_not_retried_and_carries_the_annotated_cause_and_remedy()
    {
        // scrape may be repeated (retry: always): what stops the retry is the error table.
        var scenario = server.Sequence(new Reply(402, Error("Insufficient credits to perform this request.")), new Reply(200, ScrapeJson));

        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client(scenario).ScrapeAndExtractFromUrlAsync(Scrape));

        Assert.Single(scenario.Requests);
        Assert.Equal(1, error.Attempts);
        Assert.False(error.IsRetryable);
        Assert.Equal(Retryability.No, error.Retryable);
        Assert.Equal("Plan credits are exhausted or billing is not configured.", error.Cause);
        Assert.Equal("Top up credits, enable auto-recharge, or upgrade your plan.", error.Remedy);
        Assert.Equal("Insufficient credits to perform this request.", error.ErrorCode);
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task A_422_marked_sometimes_is_not_retried_by_default()
    {
        var scenario = server.Sequence(new Reply(422, Error("The model could not produce a result matching the schema.")), new Reply(200, ScrapeJson));

        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client(scenario).ScrapeAndExtractFromUrlAsync(Scrape));

        Assert.Single(scenario.Requests);
        Assert.Equal(Retryability.Sometimes, error.Retryable);
        Assert.False(error.IsRetryable);
        Assert.Equal("Schema is invalid JSON Schema, or the model could not produce a conforming result.", error.Cause);
    }

    [Fact]
    public async Task A_422_marked_sometimes_is_retried_when_the_policy_retries_sometimes()
    {
        var unprocessable = new Reply(422, Error("The model could not produce a result matching the schema."));
        var scenario = server.Sequence(unprocessable, unprocessable, new Reply(200, ScrapeJson));

        var result = await Client(scenario, retry: FirecrawlClient.RetryMetadata.Policy with { RetrySometimes = true }).ScrapeAndExtractFromUrlAsync(Scrape);

        Assert.Equal("# Hello", result.Data!.Markdown);
        Assert.Equal(3, scenario.Requests.Count);
        Assert.Equal([422, 422], _events.Select(e => e.StatusCode));
        Assert.Equal(2, _time.Delays.Count);
    }

    // ------------------------------------------------------------------ which operations are repeated

    [Fact]
    public async Task A_POST_the_annotations_do_not_mark_is_not_retried()
    {
        // Starting a crawl creates a job: crawlUrls keeps the default mode, and POST is not idempotent.
        var scenario = server.Sequence(Unavailable(), new Reply(200, """{"success": true, "id": "123e4567-e89b-12d3-a456-426614174000"}"""));

        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client(scenario).CrawlUrlsAsync(Crawl));

        Assert.Equal(503, error.StatusCode);
        Assert.Single(scenario.Requests);
        Assert.Equal(1, error.Attempts);
        Assert.False(error.IsRetryable);
        Assert.Equal(Retryability.Yes, error.Retryable); // the error is transient; the operation is what may not be repeated
        Assert.Contains("POST is not idempotent", error.Message);
        Assert.Empty(_events);
    }

    [Fact]
    public async Task A_POST_marked_always_is_retried_with_the_same_body()
    {
        var scenario = server.Sequence(Unavailable(), Unavailable(), new Reply(200, ScrapeJson));

        var result = await Client(scenario).ScrapeAndExtractFromUrlAsync(Scrape);

        Assert.Equal("# Hello", result.Data!.Markdown);
        Assert.Equal(3, scenario.Requests.Count);
        Assert.All(scenario.Requests, r => Assert.Equal("POST", r.Method));
        Assert.Single(scenario.Requests.Select(r => r.BodyText).Distinct());
        Assert.Contains("https://example.com/pricing", scenario.Requests.First().BodyText);
        Assert.Equal(2, _time.Delays.Count);
    }

    [Fact]
    public async Task A_connection_reset_on_a_POST_that_may_not_be_repeated_is_not_retried()
    {
        // The server has the request (a crawl job may exist), then the connection goes away: resending could start a second job.
        using var http = new HttpClient(new SocketsHttpHandler()); // a new connection: SocketsHttpHandler does not resend on it itself
        var scenario = server.ResetThen(new Reply(200, """{"success": true, "id": "123e4567-e89b-12d3-a456-426614174000"}"""));
        var client = new FirecrawlClient(http, new FirecrawlClientOptions
        {
            BaseAddress = server.Address("v2"),
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
            TimeProvider = _time,
            OnRetry = _events.Enqueue,
        });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.CrawlUrlsAsync(Crawl));

        Assert.Equal("POST", Assert.Single(scenario.Requests).Method);
        Assert.Empty(_events);
    }

    [Fact]
    public async Task A_connection_reset_on_a_POST_marked_always_is_retried()
    {
        using var http = new HttpClient(new SocketsHttpHandler());
        var scenario = server.ResetThen(new Reply(200, ScrapeJson));
        var client = new FirecrawlClient(http, new FirecrawlClientOptions
        {
            BaseAddress = server.Address("v2"),
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
            TimeProvider = _time,
            OnRetry = _events.Enqueue,
        });

        var result = await client.ScrapeAndExtractFromUrlAsync(Scrape);

        Assert.Equal("# Hello", result.Data!.Markdown);
        Assert.Equal(2, scenario.Requests.Count);
        var retry = Assert.Single(_events);
        Assert.IsType<HttpRequestException>(retry.Exception);
        Assert.InRange(retry.Delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    // ------------------------------------------------------------------ OnRetry and cancellation

    [Fact]
    public async Task OnRetry_reports_the_attempt_status_wait_and_error_code()
    {
        var scenario = server.Sequence(RateLimited(("Retry-After", "3")), Unavailable(), Status);

        await Client(scenario).GetBatchScrapeStatusAsync(Guid.NewGuid());

        Assert.Equal(3, scenario.Requests.Count);
        var events = _events.ToArray();
        Assert.Equal(2, events.Length);

        Assert.Equal("getBatchScrapeStatus", events[0].Operation);
        Assert.Equal(1, events[0].Attempt);
        Assert.Equal(429, events[0].StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), events[0].Delay);
        Assert.Equal(TimeSpan.FromSeconds(3), events[0].RetryAfter);
        Assert.StartsWith("Rate limit exceeded", events[0].ErrorCode);
        Assert.Null(events[0].Exception);

        Assert.Equal("getBatchScrapeStatus", events[1].Operation);
        Assert.Equal(2, events[1].Attempt);
        Assert.Equal(503, events[1].StatusCode);
        Assert.InRange(events[1].Delay, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        Assert.Null(events[1].RetryAfter);
        Assert.Equal("Service Unavailable", events[1].ErrorCode);
        Assert.Null(events[1].Exception);

        AssertRecordedWaitsAreTheEventDelays();
    }

    [Fact]
    public async Task Cancelling_while_the_client_waits_to_retry_stops_the_call()
    {
        var time = new StalledTimeProvider();
        var scenario = server.Sequence(Unavailable(), Status);
        using var cancellation = new CancellationTokenSource();

        var call = Client(scenario, time).GetBatchScrapeStatusAsync(Guid.NewGuid(), cancellationToken: cancellation.Token);

        // Either the client starts its wait (a timer on the stalled clock, which never fires), or the call ends: that fails.
        await Task.WhenAny(time.Waiting, call);
        Assert.False(call.IsCompleted, "The call ended instead of waiting to retry.");
        Assert.InRange(await time.Waiting, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        // Only the token can end the wait now: the call must end once it is cancelled. (The minute is no timing
        // requirement, only there so that a regression fails the test instead of hanging the run.)
        cancellation.Cancel();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Single(scenario.Requests);
        Assert.Equal(1, time.Timers);
        Assert.Equal(503, Assert.Single(_events).StatusCode);
    }

    // ------------------------------------------------------------------ the metadata, as data

    [Fact]
    public void The_metadata_is_the_annotations_file()
    {
        var metadata = FirecrawlClient.RetryMetadata;

        Assert.Equal("firecrawl-v2-openapi.annotations.yaml", metadata.Source);
        Assert.Equal("/error", metadata.ErrorCodePointer);
        Assert.Equal(ErrorCodeMatch.Prefix, metadata.ErrorCodeMatch);
        Assert.Equal(5, metadata.Policy.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), metadata.Policy.Jitter);
        Assert.Equal(0, metadata.Policy.JitterRatio);
        Assert.Equal(RetryMode.Always, metadata.For("scrapeAndExtractFromUrl").Mode);
        Assert.Equal(RetryMode.Default, metadata.For("crawlUrls").Mode);
        Assert.Equal(ConcurrencyCause, metadata.Classify("getBatchScrapeStatus", 429, "concurrency limit reached (2/2)")!.Cause);
        Assert.Equal(RateLimitCause, metadata.Classify("getBatchScrapeStatus", 429, "Rate limit exceeded")!.Cause);
        Assert.Equal("The `url` field is missing, malformed, or uses an unsupported scheme.", metadata.Classify("scrapeAndExtractFromUrl", 400, "Invalid URL: ftp://x")!.Cause);
        Assert.Equal(Retryability.No, metadata.Classify("scrapeAndExtractFromUrl", 400, "Bad Request")!.Retryable);
    }
}
