using System.Diagnostics;
using Firecrawl;
using OpenApiClientGen;

namespace FirecrawlSample;

/// <summary>
/// The offline tour: the generated <see cref="FirecrawlClient"/> against <see cref="FirecrawlEmulator"/>, step by step.
/// Each step checks what it shows, so the tour doubles as a smoke test: a step that does not behave as expected ends
/// the tour with a message and exit code 1.
/// </summary>
internal sealed class Tour
{
    private const string ApiKey = "fc-offline-tour";

    private readonly HttpClient _http;
    private readonly FirecrawlEmulator _emulator;
    private readonly FirecrawlClient _client;
    private readonly List<RetryEvent> _retries = [];
    private Guid _jobId;

    private Tour(HttpClient http, FirecrawlEmulator emulator)
    {
        _http = http;
        _emulator = emulator;
        _client = new FirecrawlClient(http, new FirecrawlClientOptions
        {
            BaseAddress = emulator.BaseAddress,   // null: the HttpClient's BaseAddress, else the spec's https://api.firecrawl.dev/v2
            BearerToken = ApiKey,                 // sent as "Authorization: Bearer ..."; never shown in an exception
            // Retries follow firecrawl-v2-openapi.annotations.yaml; this callback only watches them.
            OnRetry = retry =>
            {
                _retries.Add(retry);
                Show.Retry(retry);
            },
        });
    }

    public static async Task<int> RunAsync(HttpClient http)
    {
        await using var emulator = await FirecrawlEmulator.StartAsync();
        Console.WriteLine("FirecrawlClient, generated from specs/firecrawl-v2-openapi.yaml and its annotations file");
        Console.WriteLine($"Offline tour against an emulated Firecrawl v2 API at {emulator.BaseAddress} (-- --help for a real one)");
        var tour = new Tour(http, emulator);
        var step = 0;
        try
        {
            Heading(++step, "A typed result: scrape a page, map a site");
            await tour.TypedResultsAsync();
            Heading(++step, "429 \"Rate limit exceeded\" with Retry-After: 1, retried");
            await tour.RateLimitRetriedAsync();
            Heading(++step, "402 \"Payment Required\": a typed error, not retried");
            await tour.PaymentRequiredAsync();
            Heading(++step, "Batch scrape errors: a nullable timestamp");
            await tour.BatchScrapeErrorsAsync();
            Heading(++step, "Two 429s told apart by their message (retries off)");
            await tour.TwoKindsOf429Async();
            Heading(++step, "The raw response beside the result, per-call options, a sub-client");
            await tour.RawResponseAsync();
            Heading(++step, "A 404 as data: the operation's outcome, no exception");
            await tour.OutcomeAsync();
            Heading(++step, "Every document of the batch scrape, page after page (the next URL, as annotated)");
            await tour.PagedStatusAsync();
        }
        catch (Exception e) when (e is TourFailure or ApiException or HttpRequestException)
        {
            Console.WriteLine();
            Console.Error.WriteLine($"FAILED at step {step}: {e.Message}");
            return 1;
        }

        Console.WriteLine();
        Console.WriteLine($"Tour complete: {step} steps behaved as expected.");
        return 0;
    }

    /// <summary>1. Requests and responses are records generated from the spec's schemas.</summary>
    private async Task TypedResultsAsync()
    {
        ScrapeResponse page = await _client.ScrapeAndExtractFromUrlAsync(new ScrapeRequest { Url = "https://example.com" });
        Show.Page(page);
        Expect(page.Data?.Metadata?.Title == "Example Domain", "the scrape returns the page's title");

        MapResponse map = await _client.MapUrlsAsync(new MapRequest { Url = "https://example.com", Limit = 10 });
        var links = map.Links ?? [];
        Console.WriteLine($"   MapResponse: {links.Count} links");
        foreach (var link in links) Console.WriteLine($"     {link.Url,-30} {link.Title}");
        Expect(links.Count == 4, "the map returns the site's 4 links");
    }

    /// <summary>2. A retryable error: the client waits as the server asks, tries again, and returns the typed result.</summary>
    private async Task RateLimitRetriedAsync()
    {
        _emulator.FailNextRequest(429, "Rate limit exceeded. Consumed (req/min): 11, Remaining (req/min): 0. Please retry after 1s.", retryAfterSeconds: 1);
        var requestsBefore = _emulator.RequestCount;
        _retries.Clear();
        var clock = Stopwatch.StartNew();

        // POST is retried here because the annotations say scrapeAndExtractFromUrl is safe to repeat (retry: always).
        var page = await _client.ScrapeAndExtractFromUrlAsync(new ScrapeRequest { Url = "https://example.com/pricing" });

        Show.Page(page);
        Expect(_retries is [{ StatusCode: 429, Attempt: 1 } retry] && retry.Delay == TimeSpan.FromSeconds(1), "one retry of the 429, after the 1 s Retry-After asks for");
        Expect(_emulator.RequestCount - requestsBefore == 2, "two requests: the 429, then the success");
        Expect(clock.Elapsed >= TimeSpan.FromSeconds(0.9), "the client waited the Retry-After");
        Expect(page.Data?.Metadata?.Title == "Pricing", "the retried scrape returns the page");
    }

    /// <summary>3. A declared error status: ApiException&lt;TPayload&gt; with the body typed, and the annotations' advice.</summary>
    private async Task PaymentRequiredAsync()
    {
        _emulator.FailNextRequest(402, "Payment Required: Insufficient credits to perform this request.");
        var requestsBefore = _emulator.RequestCount;
        _retries.Clear();
        try
        {
            await _client.ScrapeAndExtractFromUrlAsync(new ScrapeRequest { Url = "https://example.com/docs" });
            throw new TourFailure("the scrape succeeded, but the emulator answered 402");
        }
        catch (ApiException<ErrorResponse> e)   // every error status /scrape declares has the ErrorResponse body
        {
            // Payload is the typed body; Cause, Remedy and IsRetryable come from the annotations' 402 row.
            Show.Error(e, e.Payload?.Error);
            Expect(e.StatusCode == 402 && e.Payload?.Error.StartsWith("Payment Required") == true, "a 402 with its typed payload");
            Expect(e is { IsRetryable: false, Retryable: Retryability.No, Attempts: 1, Cause: not null, Remedy: not null }, "not retryable, with a cause and a remedy");
            Expect(_retries.Count == 0 && _emulator.RequestCount - requestsBefore == 1, "no retry: one request");
        }
    }

    /// <summary>4. A batch scrape job and its errors: <c>timestamp</c> is nullable in the spec, so it is <c>string?</c>.</summary>
    private async Task BatchScrapeErrorsAsync()
    {
        string[] urls = ["https://example.com/", "https://example.com/slow-page", "https://no-such-host.invalid/", "https://example.com/private/admin"];
        BatchScrapeResponse batch = await _client.ScrapeAndExtractFromUrlsAsync(new BatchScrapeRequest { Urls = urls });
        Expect(Guid.TryParse(batch.Id, out var jobId), "the batch scrape returns its job ID");
        _jobId = jobId;
        Console.WriteLine($"   BatchScrapeResponse: job {jobId} for {urls.Length} URLs");

        CrawlErrorsResponseObj report = await _client.GetBatchScrapeErrorsAsync(jobId);
        foreach (var error in report.Errors ?? [])
        {
            var when = error.Timestamp is { } timestamp ? $"at {timestamp}" : "no timestamp (null)";
            Console.WriteLine($"     {error.Url,-32} {when}: {error.Error}");
        }
        Console.WriteLine($"     robots.txt blocked: {string.Join(", ", report.RobotsBlocked ?? [])}");
        Expect(report.Errors is [{ Timestamp: not null }, { Timestamp: null }], "two errors, the second without a timestamp");
        Expect(report.RobotsBlocked is ["https://example.com/private/admin"], "one URL blocked by robots.txt");
    }

    /// <summary>
    /// 5. Firecrawl answers 429 for two reasons; the annotations tell them apart by the start of the message
    /// (<c>errorCode: {pointer: /error, match: prefix}</c>). With retries off the caller sees each error at once.
    /// </summary>
    private async Task TwoKindsOf429Async()
    {
        var noRetries = new FirecrawlClient(_http, new FirecrawlClientOptions
        {
            BaseAddress = _emulator.BaseAddress,
            BearerToken = ApiKey,
            Retry = RetryPolicy.None,   // e.g. to retry with your own resilience pipeline (see README, Retries)
        });

        var causes = new List<string?>();
        foreach (var message in new[] { "Concurrency limit reached. Wait for your running jobs to finish.", "Rate limit exceeded. Consumed (req/min): 12, Remaining (req/min): 0." })
        {
            _emulator.FailNextRequest(429, message, retryAfterSeconds: 1);
            try
            {
                await noRetries.ScrapeAndExtractFromUrlAsync(new ScrapeRequest { Url = "https://example.com/blog" });
                throw new TourFailure("the scrape succeeded, but the emulator answered 429");
            }
            catch (ApiException e) when (e.StatusCode == 429)
            {
                Console.WriteLine($"   {e.StatusCode} with ErrorCode \"{Show.FirstSentence(e.ErrorCode)}\"");
                Console.WriteLine($"     Cause        {e.Cause}");
                Console.WriteLine($"     IsRetryable  {e.IsRetryable} (RetryAfter {(e.RetryAfter is { } wait ? Show.Seconds(wait) : "none")}, Attempts {e.Attempts})");
                Expect(e is { Attempts: 1, IsRetryable: true } && e.ErrorCode == message, "one attempt, retryable, the message as its error code");
                causes.Add(e.Cause);
            }
        }
        Expect(causes is [{ } concurrency, { } rateLimit] && concurrency != rateLimit, "a different cause for each");
    }

    /// <summary>
    /// 6. The same call through the Scraping sub-client's <c>WithRawResponse</c> view: the typed result with the status,
    /// headers, attempts and time; and options for this call only (a header, a timeout).
    /// </summary>
    private async Task RawResponseAsync()
    {
        var options = new RequestOptions { Timeout = TimeSpan.FromSeconds(10) }.WithHeader("X-Trace-Id", "tour-step-6");
        ApiResponse<CrawlErrorsResponseObj> raw = await _client.Scraping.WithRawResponse.GetBatchScrapeErrorsAsync(_jobId, requestOptions: options);

        Console.WriteLine($"   {raw.StatusCode} {raw.ReasonPhrase}: {raw.Value.Errors?.Count} errors, request id {raw.RequestId}, trace {raw.Header("X-Trace-Id")}");
        Console.WriteLine($"     rate limit {raw.RateLimit?.Remaining}/{raw.RateLimit?.Limit} left, {raw.Attempts} attempt, {raw.Elapsed.TotalMilliseconds:0} ms");
        Expect(raw.StatusCode == 200 && raw.Value.Errors?.Count == 2, "a 200 with the typed errors");
        Expect(raw.RequestId?.StartsWith("req-", StringComparison.Ordinal) == true && raw.RateLimit is { Limit: 100 }, "the request id and the rate limit, read from the headers");
        Expect(raw.Header("X-Trace-Id") == "tour-step-6", "the per-call header reached the server (it echoes it)");
    }

    /// <summary>7. <c>WithOutcome</c>: one case per status the operation declares; a switch handles a 404 as data.</summary>
    private async Task OutcomeAsync()
    {
        var outcome = await _client.WithOutcome.GetBatchScrapeErrorsAsync(Guid.NewGuid());
        var described = outcome switch
        {
            GetBatchScrapeErrorsOutcome.Ok ok => $"Ok: {ok.Value.Errors?.Count} errors",
            GetBatchScrapeErrorsOutcome.NotFound notFound => $"NotFound: {notFound.Payload?.Error}",
            GetBatchScrapeErrorsOutcome.TooManyRequests => "TooManyRequests: try later",
            _ => $"{outcome.GetType().Name}: {outcome.Error?.Message}",
        };
        Console.WriteLine($"   {outcome.StatusCode} -> {described} (request id {outcome.Response.RequestId})");
        Expect(outcome is GetBatchScrapeErrorsOutcome.NotFound { Payload.Error: not null }, "the NotFound case with its typed payload");
    }

    /// <summary>
    /// 8. The batch scrape's status holds its documents a page at a time, with the URL of the next page in <c>next</c>; the
    /// annotations say so (<c>pagination: {style: nextUrl, items: /data, next: /next}</c>), so the client has
    /// <c>GetBatchScrapeStatusItemsAsync</c>: every document, the next page fetched when this one's are taken.
    /// </summary>
    private async Task PagedStatusAsync()
    {
        var requestsBefore = _emulator.RequestCount;
        var titles = new List<string?>();
        await foreach (Document document in _client.Scraping.GetBatchScrapeStatusItemsAsync(_jobId))
        {
            Console.WriteLine($"   {document.Metadata?.SourceURL,-36} {document.Metadata?.Title}");
            titles.Add(document.Metadata?.Title);
        }
        var pages = _emulator.RequestCount - requestsBefore;
        Console.WriteLine($"   {titles.Count} documents in {pages} pages");
        Expect(titles.Count == 4 && pages == 2, "the job's 4 documents, in 2 pages of 2");
    }

    private static void Heading(int step, string title)
    {
        Console.WriteLine();
        Console.WriteLine($"{step}. {title}");
    }

    private static void Expect(bool condition, string expectation)
    {
        if (!condition) throw new TourFailure($"expected {expectation}.");
    }

    private sealed class TourFailure(string message) : Exception(message);
}
