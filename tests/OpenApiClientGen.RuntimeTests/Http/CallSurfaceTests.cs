using System.Diagnostics;
using System.Globalization;
using Firecrawl;
using HttpFeatures;
using OpenApiClientGen.RuntimeTests.Retry;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Http;

/// <summary>
/// The call surface of a generated client against a real Kestrel server: the raw response beside the typed result, the
/// exhaustive outcome of every declared status, per-call <see cref="RequestOptions"/>, the HttpClient's own default
/// headers, and sub-clients by tag.
/// </summary>
public sealed class CallSurfaceTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private const string Token = "fc-call-surface-secret";
    private const string ErrorsJson = """{"errors": [{"id": "job-1", "timestamp": null, "url": "https://example.com/a", "error": "Request Timeout"}], "robotsBlocked": []}""";
    private const string CrawlJson = """{"success": true, "id": "crawl-7"}""";

    private static readonly RetryPolicy Fast = new() { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), JitterRatio = 0 };

    private FirecrawlClient Client(Scenario scenario, RetryPolicy? retry = null, HttpClient? httpClient = null) => new(httpClient ?? server.HttpClient, new FirecrawlClientOptions
    {
        BaseAddress = server.Address("v2"),
        BearerToken = Token,
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        Retry = retry ?? Fast,
    });

    private static string Error(string message) => $$"""{"success": false, "error": "{{message}}"}""";

    // ------------------------------------------------------------------ raw response

    [Fact]
    public async Task WithRawResponse_gives_status_headers_timing_and_the_typed_result()
    {
        var reset = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
        var scenario = server.NewScenario(200, ErrorsJson, "application/json",
            ("x-request-id", "req-4711"),
            ("ETag", "\"v7\""),
            ("Link", "</v2/batch/scrape/x/errors?page=2>; rel=\"next\", </v2/batch/scrape/x/errors?page=9>; rel=\"last\""),
            ("x-ratelimit-limit", "100"),
            ("x-ratelimit-remaining", "97"),
            ("x-ratelimit-reset", reset.ToString(CultureInfo.InvariantCulture)));
        var id = Guid.NewGuid();

        var raw = await Client(scenario).WithRawResponse.GetBatchScrapeErrorsAsync(id);

        Assert.Equal(200, raw.StatusCode);
        Assert.Equal("job-1", Assert.Single(raw.Value.Errors!).Id);
        Assert.Equal("req-4711", raw.RequestId);
        Assert.Equal("req-4711", raw.Header("X-Request-ID"));
        Assert.Equal("\"v7\"", raw.ETag);
        Assert.Equal(new Uri(server.Root, "/v2/batch/scrape/x/errors?page=2"), raw.Links["next"]);
        Assert.Equal(new Uri(server.Root, "/v2/batch/scrape/x/errors?page=9"), raw.Links["last"]);
        Assert.Equal(new RateLimit(100, 97, DateTimeOffset.FromUnixTimeSeconds(reset)), raw.RateLimit);
        Assert.Contains("application/json", raw.Headers["Content-Type"][0]);
        Assert.Equal("GET", raw.Method);
        Assert.Equal($"/v2/batch/scrape/{id:D}/errors", raw.RequestUri!.AbsolutePath);
        Assert.Equal(1, raw.Attempts);
        Assert.True(raw.Elapsed > TimeSpan.Zero);
        Assert.Contains("200", raw.ToString());
        Assert.Contains("request id req-4711", raw.ToString());
    }

    [Fact]
    public async Task WithRawResponse_counts_the_attempts_of_a_retried_call_and_redacts_credentials()
    {
        // The server echoes the token in a header: what the caller sees of the response never shows it.
        var scenario = server.Sequence(
            new Reply(503, Error("Service Unavailable")),
            new Reply(200, ErrorsJson, "application/json", ("x-echo", "Bearer " + Token)));

        var raw = await Client(scenario).WithRawResponse.GetBatchScrapeErrorsAsync(Guid.NewGuid());

        Assert.Equal(2, scenario.Requests.Count);
        Assert.Equal(2, raw.Attempts);
        Assert.Equal("Bearer ***", raw.Header("x-echo"));
        Assert.DoesNotContain(Token, raw.ToString());
    }

    [Fact]
    public async Task A_declared_error_through_WithRawResponse_still_throws_its_typed_exception()
    {
        var scenario = server.NewScenario(404, Error("Not Found"));

        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => Client(scenario).WithRawResponse.GetBatchScrapeErrorsAsync(Guid.NewGuid()));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("Not Found", error.Payload!.Error);
    }

    // ------------------------------------------------------------------ outcome

    [Theory]
    [InlineData(200, "ok: 1 error(s)")]
    [InlineData(401, "unauthorized: Unauthorized: Invalid token")]
    [InlineData(402, "payment required: Payment Required")]
    [InlineData(404, "not found: Not Found")]
    [InlineData(429, "too many requests: Rate limit exceeded")]
    [InlineData(500, "server error: Internal Server Error")]
    [InlineData(418, "undeclared 418: I'm a teapot")]
    [InlineData(503, "undeclared 503: Service Unavailable")]
    public async Task WithOutcome_gives_one_case_per_declared_status_of_getBatchScrapeErrors_and_never_throws(int status, string expected)
    {
        var body = status switch
        {
            200 => ErrorsJson,
            401 => Error("Unauthorized: Invalid token"),
            402 => Error("Payment Required"),
            404 => Error("Not Found"),
            429 => Error("Rate limit exceeded"),
            500 => Error("Internal Server Error"),
            418 => Error("I'm a teapot"),
            _ => Error("Service Unavailable"),
        };
        var scenario = server.NewScenario(status, body, "application/json", ("x-request-id", "req-" + status));

        // Retries off for this call: 429, 500 and 503 are retryable by the annotations.
        var outcome = await Client(scenario).WithOutcome.GetBatchScrapeErrorsAsync(Guid.NewGuid(), requestOptions: new RequestOptions { Retry = RetryPolicy.None });

        var described = outcome switch
        {
            GetBatchScrapeErrorsOutcome.Ok ok => $"ok: {ok.Value.Errors!.Count} error(s)",
            GetBatchScrapeErrorsOutcome.Unauthorized e => "unauthorized: " + e.Payload!.Error,
            GetBatchScrapeErrorsOutcome.PaymentRequired e => "payment required: " + e.Payload!.Error,
            GetBatchScrapeErrorsOutcome.NotFound e => "not found: " + e.Payload!.Error,
            GetBatchScrapeErrorsOutcome.TooManyRequests e => "too many requests: " + e.Payload!.Error,
            GetBatchScrapeErrorsOutcome.InternalServerError e => "server error: " + e.Payload!.Error,
            GetBatchScrapeErrorsOutcome.Undeclared e => $"undeclared {e.Error.StatusCode}: " + System.Text.Json.JsonDocument.Parse(e.Error.ResponseBody!).RootElement.GetProperty("error").GetString(),
            _ => "no case",
        };
        Assert.Equal(expected, described);
        Assert.Equal(status, outcome.StatusCode);
        Assert.Equal(status == 200, outcome.IsSuccess);
        Assert.Equal("req-" + status, outcome.Response.RequestId);
        Assert.Single(scenario.Requests);
        if (status == 200)
        {
            Assert.Null(outcome.Error);
            Assert.Equal("job-1", outcome.GetValueOrThrow().Errors![0].Id);
        }
        else
        {
            // The error is what the throwing method throws.
            Assert.Equal(status, outcome.Error!.StatusCode);
            Assert.Same(outcome.Error, Assert.ThrowsAny<ApiException>(() => outcome.GetValueOrThrow()));
            Assert.DoesNotContain(Token, outcome.Error.ToString());
        }
    }

    // ------------------------------------------------------------------ per-call options

    [Fact]
    public async Task Per_call_headers_and_query_parameters_reach_the_server()
    {
        var scenario = server.NewScenario(200, ErrorsJson);
        var id = Guid.NewGuid();

        await Client(scenario).GetBatchScrapeErrorsAsync(id, requestOptions: new RequestOptions()
            .WithHeader("X-Trace-Id", "trace-1")
            .WithHeader("Authorization", "Bearer per-call-token")
            .WithQuery("debug", "a b&c"));

        var request = scenario.Single();
        Assert.Equal($"/v2/batch/scrape/{id:D}/errors?debug=a%20b%26c", request.RawTarget);
        Assert.Equal("trace-1", request.Header("X-Trace-Id"));
        // A per-call header replaces the client's own of that name.
        Assert.Equal("Bearer per-call-token", request.Header("Authorization"));
    }

    [Fact]
    public async Task A_per_call_timeout_ends_a_slow_call_with_a_TimeoutException()
    {
        var scenario = server.NewScenario(async (context, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server.Stopping).Token).ContinueWith(_ => { });
            await RecordingServer.Reply(context, 200, ErrorsJson);
        });
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Client(scenario).GetBatchScrapeErrorsAsync(Guid.NewGuid(), requestOptions: new RequestOptions { Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
        Assert.Contains("getBatchScrapeErrors", error.Message);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation_with_a_timeout_set()
    {
        var scenario = server.NewScenario(async (context, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server.Stopping).Token).ContinueWith(_ => { });
            await RecordingServer.Reply(context, 200, ErrorsJson);
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Client(scenario).GetBatchScrapeErrorsAsync(Guid.NewGuid(), cancel.Token, new RequestOptions { Timeout = TimeSpan.FromSeconds(30) }));
    }

    [Fact]
    public async Task A_per_call_retry_policy_replaces_the_clients_and_None_turns_retries_off()
    {
        var retried = server.Sequence(new Reply(503, Error("Service Unavailable")), new Reply(200, ErrorsJson));
        await Client(retried).GetBatchScrapeErrorsAsync(Guid.NewGuid());
        Assert.Equal(2, retried.Requests.Count);

        var once = server.Sequence(new Reply(503, Error("Service Unavailable")), new Reply(200, ErrorsJson));
        var error = await Assert.ThrowsAnyAsync<ApiException>(() =>
            Client(once).GetBatchScrapeErrorsAsync(Guid.NewGuid(), requestOptions: new RequestOptions { Retry = RetryPolicy.None }));
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Single(once.Requests);

        // And the other way: a client without retries, one call allowed three attempts.
        var three = server.Sequence(new Reply(503, Error("Service Unavailable")), new Reply(502, Error("Bad Gateway")), new Reply(200, ErrorsJson));
        await Client(three, RetryPolicy.None).GetBatchScrapeErrorsAsync(Guid.NewGuid(), requestOptions: new RequestOptions { Retry = Fast });
        Assert.Equal(3, three.Requests.Count);
    }

    [Fact]
    public async Task A_per_call_idempotency_key_is_sent_on_every_attempt_and_lets_a_POST_be_retried()
    {
        // Starting a crawl (POST) is not retried by the annotations; with the caller's key the server can tell a repeat.
        var keyed = server.Sequence(new Reply(503, Error("Service Unavailable")), new Reply(200, CrawlJson));
        var result = await Client(keyed).CrawlUrlsAsync(new CrawlRequest { Url = "https://example.com" }, requestOptions: new RequestOptions { IdempotencyKey = "crawl-2024-11-01" });

        Assert.Equal("crawl-7", result.Id);
        Assert.Equal(2, keyed.Requests.Count);
        Assert.All(keyed.Requests, r => Assert.Equal(["crawl-2024-11-01"], r.Headers["Idempotency-Key"]));

        var plain = server.Sequence(new Reply(503, Error("Service Unavailable")), new Reply(200, CrawlJson));
        await Assert.ThrowsAnyAsync<ApiException>(() => Client(plain).CrawlUrlsAsync(new CrawlRequest { Url = "https://example.com" }));
        Assert.Single(plain.Requests);
        Assert.False(plain.Single().HasHeader("Idempotency-Key"));
    }

    [Fact]
    public async Task HttpClient_DefaultRequestHeaders_are_sent_and_an_idempotency_key_there_is_used_once_on_every_attempt()
    {
        using var httpClient = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        httpClient.DefaultRequestHeaders.Add("X-Tenant", "acme");
        httpClient.DefaultRequestHeaders.Add("Idempotency-Key", "from-default-headers");
        var scenario = server.Sequence(new Reply(503, """{"message": "Database unavailable"}"""), new Reply(201, """{"id": 42, "name": "Lamp", "price": 19.5, "createdAt": "2024-05-01T12:30:00Z"}"""));
        var client = new HttpFeaturesClient(httpClient, new HttpFeaturesClientOptions
        {
            BaseAddress = server.Address("api"),
            BearerToken = "hf",
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
            Retry = Fast,
        });

        var item = await client.CreateItemAsync(new NewItem { Name = "Lamp", Price = 19.5 });

        Assert.Equal(42, item!.Id);
        Assert.Equal(2, scenario.Requests.Count);
        Assert.All(scenario.Requests, r => Assert.Equal(["acme"], r.Headers["X-Tenant"]));
        // The generated key would have been a GUID; the default header's is kept, and sent once.
        Assert.All(scenario.Requests, r => Assert.Equal(["from-default-headers"], r.Headers["Idempotency-Key"]));
    }

    // ------------------------------------------------------------------ sub-clients by tag

    [Fact]
    public async Task Sub_clients_by_tag_call_the_same_operations_through_their_own_interfaces()
    {
        var scenario = server.NewScenario((context, request) => request.RawPath.EndsWith("/errors", StringComparison.Ordinal)
            ? RecordingServer.Reply(context, 200, ErrorsJson)
            : RecordingServer.Reply(context, 200, """{"status": "scraping", "total": 3, "completed": 1, "data": []}"""));
        IFirecrawlClient client = Client(scenario);

        IScrapingClient scraping = client.Scraping;
        var errors = await scraping.GetBatchScrapeErrorsAsync(Guid.NewGuid());
        var raw = await scraping.WithRawResponse.GetBatchScrapeErrorsAsync(Guid.NewGuid());
        var outcome = await scraping.WithOutcome.GetBatchScrapeErrorsAsync(Guid.NewGuid());
        var crawlId = Guid.NewGuid();
        var crawl = await client.Crawling.GetCrawlStatusAsync(crawlId);
        // The root interface is still the union of the groups.
        var flat = await client.GetBatchScrapeErrorsAsync(Guid.NewGuid());

        Assert.Equal("job-1", errors.Errors![0].Id);
        Assert.Equal(200, raw.StatusCode);
        Assert.IsType<GetBatchScrapeErrorsOutcome.Ok>(outcome);
        Assert.Equal(3, crawl!.Total);
        Assert.Equal("job-1", flat.Errors![0].Id);
        Assert.Equal(5, scenario.Requests.Count);
        Assert.Equal($"/v2/crawl/{crawlId:D}", scenario.Requests.ElementAt(3).RawPath);
        Assert.Same(client, client.Scraping);
    }
}
