#if HAS_CORPUS
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FirecrawlCorpus;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.RuntimeTests.Prism;

/// <summary>
/// The conformance check of the client generated from the real Firecrawl v2 document (../shared/corpus, namespace
/// <c>FirecrawlCorpus</c>) against a Prism mock of the same document: every operation is called through the
/// generated client with schema-valid arguments, (a) plainly, where Prism must find nothing wrong with the request and
/// the client must return the typed success body, and (b) once per declared error status N with <c>Prefer: code=N</c>,
/// where the request must still validate and the client must throw the exception its switch declares for N
/// (<see cref="ApiException{TPayload}"/> with the body deserialized when the document gives the status a JSON schema).
/// </summary>
/// <remarks>
/// <para>
/// Prism runs in its default static mode, not <c>--dynamic</c>: a response is the document's own example, or else a
/// value derived deterministically from the schema (every property, its example, default or first enum value).
/// Dynamic mode (json-schema-faker) draws different random bodies on every run, so a failure would come and go
/// between runs and could not be pinned in <see cref="KnownNonConforming"/>; a regression test must say the same thing
/// every time. The static bodies are also what the document itself claims the API sends, which is the honest target:
/// when one does not deserialize, the example/schema and the generated code can be compared directly. (Run with
/// <c>--dynamic</c>, Prism 5.14.2 sometimes fails a valid request with its own <c>TypeError: Cannot read properties of
/// undefined (reading 'items')</c>, and its bodies carry random undeclared properties, which the records do not keep.)
/// </para>
/// <para>
/// "Deserialized" means more than "did not throw": the typed value, written back with the generated serializer, must be
/// the JSON received (see <see cref="RoundTrip"/>), for the success body and for every typed error payload.
/// </para>
/// <para>
/// Operations that do not conform are listed in <see cref="KnownNonConforming"/> with the checks that fail and why.
/// The test fails when any other operation does not conform, and when a listed one stops failing in the listed way.
/// </para>
/// </remarks>
public sealed class FirecrawlCorpusConformanceTests(FirecrawlCorpusConformanceTests.CorpusPrism prism, ITestOutputHelper output)
    : IClassFixture<FirecrawlCorpusConformanceTests.CorpusPrism>
{
    private const string Spec = "firecrawl-v2-openapi.json";

    /// <summary>How many operations the corpus document has (pinned, so that a changed document is noticed).</summary>
    private const int DocumentOperationCount = 51;

    /// <summary>How the five operations whose success body holds a ScrapeOptions fail (see <see cref="KnownNonConforming"/>).</summary>
    private static readonly KnownFailure FormatsDefault = new("success", "The JSON a string matches none of the cases of FormatsItem.");

    /// <summary>
    /// The operations known not to conform: for each, the checks that fail (<c>request</c>, <c>success</c> or
    /// <c>error N</c>) and a text their failure must contain. Every other check of a listed operation must pass (or be
    /// skipped because its request was refused, which the <c>request</c> entry covers).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, KnownFailure[]> KnownNonConforming = new Dictionary<string, KnownFailure[]>
    {
        // A fault of the document: a default that does not match its own schema. #/components/schemas/Formats has
        // "default": ["markdown"] and ScrapeOptions.parsers has "default": ["pdf"], strings, while their items are a oneOf
        // of objects ({"type": "markdown"}, {"type": "pdf", ...}). These five success bodies contain a ScrapeOptions
        // (monitor targets, active crawls' options); Prism's static mock fills its formats and parsers with those
        // defaults, and reports its own response as invalid ("formats.0 must be object"). The generated FormatsItem
        // union rightly refuses the string, so the call throws ApiException (PayloadError set) for the 200. With the two
        // defaults removed from a copy of the document, Prism's bodies are valid and all five operations conform.
        // (Their requests and declared error statuses conform. getActiveCrawls' 200 schema also requires "data", and its
        // crawl items "status", neither of which it declares; Prism reports those too, the generated reader ignores them.)
        ["createMonitor"] = [FormatsDefault],
        ["listMonitors"] = [FormatsDefault],
        ["getMonitor"] = [FormatsDefault],
        ["updateMonitor"] = [FormatsDefault],
        ["getActiveCrawls"] = [FormatsDefault],
    };

    // ------------------------------------------------------------------ arguments

    private static readonly Guid JobId = Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    private static readonly Guid MonitorId = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static readonly Guid CheckId = Guid.Parse("9b2f6c8e-3d1a-4f5b-8c7d-2e1f0a9b8c7d");
    private const string SessionId = "019a2b3c-browser-session";
    private const string PaperId = "1706.03762";

    private static readonly JsonElement PricingSchema = JsonDocument.Parse("""
        {"type":"object","properties":{"plans":{"type":"array","items":{"type":"object",
         "properties":{"name":{"type":"string"},"monthlyPrice":{"type":"number"}},"required":["name"]}}},"required":["plans"]}
        """).RootElement.Clone();

    private static readonly byte[] HtmlFile = Encoding.UTF8.GetBytes(
        "<!doctype html><html><head><title>Q3 report</title></head><body><h1>Q3 report</h1><p>Revenue grew 12%.</p></body></html>");

    /// <summary>Every operation of the document, called with realistic, schema-valid arguments.</summary>
    private static readonly Operation[] Operations =
    [
        // ---- monitors
        Op("createMonitor", c => c.CreateMonitorAsync(new MonitorCreateRequest
        {
            Name = "Pricing page watch",
            Schedule = new MonitorSchedule { Cron = "0 */6 * * *", Timezone = "Europe/Berlin" },
            Targets =
            [
                new MonitorTargetScrapeTarget { Urls = ["https://www.firecrawl.dev/pricing"] },
                new MonitorTargetSearchTarget { Queries = ["firecrawl pricing change"], SearchWindow = MonitorTargetSearchTargetSearchWindow._24h, MaxResults = 5 },
            ],
            Webhook = new MonitorWebhook
            {
                Url = "https://hooks.example.com/firecrawl/monitor",
                Headers = new Dictionary<string, string> { ["X-Signature"] = "s3cr3t" },
                Events = [MonitorWebhookEventsItem.MonitorPage, MonitorWebhookEventsItem.MonitorCheckCompleted],
            },
            RetentionDays = 30,
            Goal = "Tell me when a plan price changes.",
        }), Untyped(400)),
        Op("listMonitors", c => c.ListMonitorsAsync(limit: 25, offset: 0)),
        Op("getMonitor", c => c.GetMonitorAsync(MonitorId), Untyped(404)),
        Op("updateMonitor", c => c.UpdateMonitorAsync(MonitorId, new MonitorUpdateRequest
        {
            Name = "Pricing page watch (paused)",
            Status = MonitorUpdateRequestStatus.Paused,
            RetentionDays = 90,
        }), Untyped(404)),
        Op("deleteMonitor", c => c.DeleteMonitorAsync(MonitorId), Untyped(404)),
        Op("runMonitor", c => c.RunMonitorAsync(MonitorId), Untyped(409)),
        Op("listMonitorChecks", c => c.ListMonitorChecksAsync(MonitorId, limit: 10, offset: 20, status: MonitorCheckStatus.Completed)),
        Op("getMonitorCheck", c => c.GetMonitorCheckAsync(MonitorId, CheckId, limit: 50, skip: 0, status: MonitorCheckPageStatus.Changed), Untyped(404)),

        // ---- scrape, parse, interact
        Op("scrapeAndExtractFromUrl", c => c.ScrapeAndExtractFromUrlAsync(new ScrapeAndExtractFromUrlRequest
        {
            Url = "https://docs.firecrawl.dev/introduction",
            Formats = [new ParseFormatsItemMarkdown(), new ParseFormatsItemJson { Prompt = "Extract the plans", Schema = PricingSchema }],
            OnlyMainContent = true,
            Timeout = 30_000,
        }), Typed<SupportProxyErrorResponse>(402, 429), Typed<ParseFile400Response>(500)),
        Op("getScrapeStatus", c => c.GetScrapeStatusAsync(JobId), Typed<GetActiveCrawls402Response>(402, 429, 500)),
        Op("interactWithScrapeBrowserSession", c => c.InteractWithScrapeBrowserSessionAsync(JobId, new InteractWithScrapeBrowserSessionRequest
        {
            Code = "await page.click('#load-more'); return await page.title();",
            Language = ExecuteBrowserCodeRequestLanguage.Node,
            Timeout = 30,
        }), Typed<GetActiveCrawls402Response>(400, 402, 403, 404, 409, 410, 429, 502)),
        Op("stopInteractiveScrapeBrowserSession", c => c.StopInteractiveScrapeBrowserSessionAsync(JobId), Typed<GetActiveCrawls402Response>(403, 404)),
        // Without the optional options part: Prism 5.14.2 reads every multipart part as a string and refuses an object-typed
        // one ("Request body property options must be object") even when it is JSON sent as application/json, as the
        // document's encoding asks. So the JSON part the generated client writes for options cannot be checked here.
        Op("parseFile", c => c.ParseFileAsync(new ParseFileRequest { File = new FileContent(HtmlFile, "q3-report.html", "text/html") }),
            Typed<ParseFile400Response>(400, 500), Typed<SupportProxyErrorResponse>(402, 429)),

        // ---- batch scrape
        Op("scrapeAndExtractFromUrls", c => c.ScrapeAndExtractFromUrlsAsync(new ScrapeAndExtractFromUrlsRequest
        {
            Urls = ["https://docs.firecrawl.dev/features/scrape", "https://docs.firecrawl.dev/features/crawl"],
            Formats = [new ParseFormatsItemMarkdown()],
            MaxConcurrency = 2,
        }), Typed<SupportProxyErrorResponse>(402, 429, 500)),
        Op("getBatchScrapeStatus", c => c.GetBatchScrapeStatusAsync(JobId), Typed<SupportProxyErrorResponse>(402, 429, 500)),
        Op("cancelBatchScrape", c => c.CancelBatchScrapeAsync(JobId), Typed<SupportProxyErrorResponse>(404, 500)),
        Op("getBatchScrapeErrors", c => c.GetBatchScrapeErrorsAsync(JobId), Typed<SupportProxyErrorResponse>(402, 429, 500)),

        // ---- crawl
        Op("crawlUrls", c => c.CrawlUrlsAsync(new CrawlUrlsRequest
        {
            Url = "https://docs.firecrawl.dev",
            IncludePaths = ["^/features/.*$"],
            MaxDiscoveryDepth = 2,
            Limit = 25,
            ScrapeOptions = new ScrapeOptions { Formats = [new ParseFormatsItemMarkdown()], OnlyMainContent = true },
        }), Typed<SupportProxyErrorResponse>(402, 429, 500)),
        Op("getCrawlStatus", c => c.GetCrawlStatusAsync(JobId), Typed<SupportProxyErrorResponse>(402, 429, 500)),
        Op("cancelCrawl", c => c.CancelCrawlAsync(JobId), Typed<SupportProxyErrorResponse>(404, 500)),
        Op("getCrawlErrors", c => c.GetCrawlErrorsAsync(JobId), Typed<SupportProxyErrorResponse>(402, 429, 500)),
        Op("getActiveCrawls", c => c.GetActiveCrawlsAsync(), Typed<GetActiveCrawls402Response>(402, 429, 500)),
        Op("crawlParamsPreview", c => c.CrawlParamsPreviewAsync(new CrawlParamsPreviewRequest
        {
            Url = "https://www.firecrawl.dev/blog",
            Prompt = "Only crawl the blog posts published in 2024",
        }), Typed<GetActiveCrawls402Response>(400, 401, 500)),

        // ---- map, extract, agent
        Op("mapUrls", c => c.MapUrlsAsync(new MapUrlsRequest { Url = "https://www.firecrawl.dev", Search = "docs", Limit = 100 }),
            Typed<SupportProxyErrorResponse>(402, 429, 500)),
        Op("extractData", c => c.ExtractDataAsync(new ExtractDataRequest
        {
            Urls = ["https://www.firecrawl.dev/pricing"],
            Prompt = "Extract the plan names and their monthly prices",
            Schema = PricingSchema,
        }), Typed<SupportProxyErrorResponse>(400, 500)),
        Op("getExtractStatus", c => c.GetExtractStatusAsync(JobId)),
        Op("startAgent", c => c.StartAgentAsync(new StartAgentRequest
        {
            Prompt = "Find the founders of Firecrawl and their roles",
            Urls = ["https://www.firecrawl.dev/about"],
            MaxCredits = 50,
        }), Typed<SupportProxyErrorResponse>(402, 429)),
        Op("getAgentStatus", c => c.GetAgentStatusAsync(JobId)),
        Op("cancelAgent", c => c.CancelAgentAsync(JobId)),

        // ---- search and feedback
        Op("searchAndScrape", c => c.SearchAndScrapeAsync(new SearchAndScrapeRequest { Query = "firecrawl web scraping api", Limit = 5, Country = "DE" }),
            Typed<GetActiveCrawls402Response>(408), Typed<ParseFile400Response>(500)),
        Op("submitSearchFeedback", c => c.SubmitSearchFeedbackAsync(JobId, new SearchFeedbackRequest
        {
            Rating = EndpointFeedbackRequestRating.Good,
            ValuableSources = [new EndpointFeedbackRequestValuableSourcesItem { Url = "https://docs.firecrawl.dev/features/search", Reason = "Exactly the docs page" }],
            QuerySuggestions = "firecrawl search endpoint docs",
        }), Typed<FeedbackErrorResponse>(400, 403, 404, 409, 500)),
        Op("submitEndpointFeedback", c => c.SubmitEndpointFeedbackAsync(new EndpointFeedbackRequest
        {
            Rating = EndpointFeedbackRequestRating.Partial,
            Endpoint = EndpointFeedbackRequestEndpoint.Scrape,
            JobId = JobId,
            Issues = ["missing-tables"],
            Url = "https://www.firecrawl.dev/pricing",
            Note = "The pricing table was not in the markdown.",
        }), Typed<FeedbackErrorResponse>(400, 403, 404, 409, 500)),
        Op("researchSearchPapers", c => c.ResearchSearchPapersAsync("attention is all you need", k: 10, authors: "Vaswani", categories: "cs.CL",
            from: new DateOnly(2017, 1, 1), to: new DateOnly(2024, 12, 31)), Untyped(400, 401, 429, 500)),
        Op("researchGetPaper", c => c.ResearchGetPaperAsync(PaperId, query: "How is multi-head attention computed?", k: 3), Untyped(400, 401, 404, 429, 500)),
        Op("researchRelatedPapers", c => c.ResearchRelatedPapersAsync(PaperId, "efficient attention for long sequences",
            mode: ResearchRelatedPapersMode.Citers, k: 20, rerank: true), Untyped(400, 401, 429, 500)),
        Op("developerSearch", c => c.DeveloperSearchAsync("async runtime cancellation", k: 5,
            types: [DeveloperSearchResultType.Doc, DeveloperSearchResultType.Readme], repos: ["tokio-rs/tokio"], passages: 2,
            language: "Rust", minStars: 100, archived: false), Untyped(400, 401, 429, 500)),
        Op("developerSearchPost", c => c.DeveloperSearchPostAsync(new DeveloperSearchPostRequest
        {
            Query = "async runtime cancellation",
            K = 5,
            Types = [DeveloperSearchResultType.Doc, DeveloperSearchResultType.Issue],
            Repos = ["tokio-rs/tokio"],
            Language = "Rust",
            MinStars = 100,
        }), Untyped(400, 401, 429, 500)),

        // ---- browser sessions
        Op("createBrowserSession", c => c.CreateBrowserSessionAsync(new CreateBrowserSessionRequest { Ttl = 600, ActivityTtl = 120, StreamWebView = false }),
            Typed<SupportProxyErrorResponse>(402)),
        Op("listBrowserSessions", c => c.ListBrowserSessionsAsync(ListBrowserSessionsStatus.Active), Typed<SupportProxyErrorResponse>(402)),
        Op("executeBrowserCode", c => c.ExecuteBrowserCodeAsync(SessionId, new ExecuteBrowserCodeRequest
        {
            Code = "print(await page.title())",
            Language = ExecuteBrowserCodeRequestLanguage.Python,
            Timeout = 60,
        }), Typed<SupportProxyErrorResponse>(402)),
        Op("deleteBrowserSession", c => c.DeleteBrowserSessionAsync(SessionId), Typed<SupportProxyErrorResponse>(402)),

        // ---- support
        Op("askSupportAgent", c => c.AskSupportAgentAsync(new SupportAskRequest
        {
            Question = "How do I crawl only the blog pages of a site?",
            Rationale = "Evaluating includePaths for a customer.",
        }), Typed<SupportProxyErrorResponse>(400, 401, 503, 504)),
        Op("searchSupportDocs", c => c.SearchSupportDocsAsync(new SupportDocsSearchRequest { Question = "crawl includePaths regex" }),
            Typed<SupportProxyErrorResponse>(400, 401, 503, 504)),

        // ---- team
        Op("getCreditUsage", c => c.GetCreditUsageAsync(), Typed<GetActiveCrawls402Response>(404, 500)),
        Op("getHistoricalCreditUsage", c => c.GetHistoricalCreditUsageAsync(byApiKey: true), Typed<GetActiveCrawls402Response>(500)),
        Op("getTokenUsage", c => c.GetTokenUsageAsync(), Typed<GetActiveCrawls402Response>(404, 500)),
        Op("getHistoricalTokenUsage", c => c.GetHistoricalTokenUsageAsync(byApiKey: false), Typed<GetActiveCrawls402Response>(500)),
        Op("getQueueStatus", c => c.GetQueueStatusAsync()),
        Op("getActivity", c => c.GetActivityAsync(GetActivityEndpoint.Scrape, limit: 20)),
        Op("getThreatProtection", c => c.GetThreatProtectionAsync(), Untyped(403)),
        Op("updateThreatProtection", c => c.UpdateThreatProtectionAsync(new UpdateThreatProtectionRequest
        {
            Mode = ThreatProtectionOverrideMode.Normal,
            RiskScoreThreshold = 70,
            Blacklist = ["malware.example"],
            FailurePolicy = ThreatProtectionOverrideFailurePolicy.Closed,
        }), Untyped(400, 403)),
    ];

    // ------------------------------------------------------------------ tests

    [PrismFact(Spec)]
    public void Every_operation_of_the_document_is_called_with_each_declared_error_status()
    {
        var document = DocumentOperations.Read(PrismPrerequisites.CorpusFile(Spec));
        Assert.Equal(DocumentOperationCount, document.Count);

        var called = Operations.Select(o => o.OperationId).ToList();
        Assert.Equal(called.Count, called.Distinct().Count());
        Assert.Empty(document.Keys.Except(called).Order());
        Assert.Empty(called.Except(document.Keys).Order());

        foreach (var operation in Operations)
        {
            var declared = document[operation.OperationId];
            // Every 4xx/5xx the document declares (no ranges or default in this document: they would need a concrete code).
            Assert.Empty(declared.UnsupportedErrorKeys);
            Assert.Equal(
                declared.ErrorStatuses.OrderBy(s => s.Key).Select(s => $"{operation.OperationId} {s.Key} {(s.Value ? "json" : "no body")}"),
                operation.Errors.OrderBy(e => e.Status).Select(e => $"{operation.OperationId} {e.Status} {(e.Typed ? "json" : "no body")}"));
        }
    }

    [PrismFact(Spec)]
    public async Task Every_operation_conforms_except_the_known_ones()
    {
        var clock = Stopwatch.StartNew();
        var server = await prism.GetAsync();
        output.WriteLine($"Prism on {server.BaseAddress} started in {server.StartupTime.TotalMilliseconds:0} ms (static responses).");
        var document = DocumentOperations.Read(PrismPrerequisites.CorpusFile(Spec));

        var results = new ConcurrentDictionary<string, OperationResult>();
        await Parallel.ForEachAsync(Operations, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (operation, _) =>
            results[operation.OperationId] = await RunAsync(server, prism.Handler, operation, document[operation.OperationId]));
        var ordered = Operations.Select(o => results[o.OperationId]).ToList();

        var conforming = ordered.Count(r => r.Conforms);
        WriteTable(ordered);
        output.WriteLine("");
        output.WriteLine($"{conforming} of {document.Count} operations: requests validated, success and declared error responses deserialized.");
        output.WriteLine($"{ordered.Sum(r => r.Calls)} calls in {clock.Elapsed.TotalSeconds:0.0} s.");

        // Every operation of the document was called, each at its own method and path.
        Assert.Equal(document.Keys.Order(), ordered.Select(r => r.OperationId).Order());

        var problems = new List<string>();
        foreach (var result in ordered)
        {
            var failing = result.Checks.Where(c => c.Outcome == Outcome.Fail).ToList();
            if (!KnownNonConforming.TryGetValue(result.OperationId, out var known))
            {
                if (!result.Conforms)
                    problems.Add($"{result.OperationId} does not conform:{Environment.NewLine}  " +
                                 string.Join(Environment.NewLine + "  ", result.Checks.Where(c => c.Outcome != Outcome.Pass).Select(c => c.ToString())));
                continue;
            }

            var listed = known.Select(k => k.Check).Order().ToList();
            var actual = failing.Select(c => c.Name).Order().ToList();
            if (!listed.SequenceEqual(actual))
            {
                problems.Add($"{result.OperationId} is listed as failing [{string.Join(", ", listed)}] but fails [{string.Join(", ", actual)}] " +
                             "(update KnownNonConforming):" + Environment.NewLine + "  " +
                             string.Join(Environment.NewLine + "  ", result.Checks.Where(c => c.Outcome != Outcome.Pass).Select(c => c.ToString())));
                continue;
            }
            foreach (var expected in known)
            {
                var check = failing.Single(c => c.Name == expected.Check);
                if (!check.Detail.Contains(expected.Contains, StringComparison.Ordinal))
                    problems.Add($"{result.OperationId} {expected.Check} fails, but not as listed (\"{expected.Contains}\"): {check.Detail}");
            }
            if (result.Checks.Any(c => c.Outcome == Outcome.Skipped) && !known.Any(k => k.Check == "request"))
                problems.Add($"{result.OperationId}: checks skipped without a listed request failure.");
        }
        foreach (var stale in KnownNonConforming.Keys.Except(ordered.Select(r => r.OperationId)))
            problems.Add($"KnownNonConforming lists {stale}, which is not an operation of the document.");

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(DocumentOperationCount - KnownNonConforming.Count, conforming);
    }

    [PrismFact(Spec)]
    public async Task A_request_Prism_refuses_fails_the_request_check()
    {
        // The control: requests that break the document, through the same client, recorder and checks.
        var server = await prism.GetAsync();
        var document = DocumentOperations.Read(PrismPrerequisites.CorpusFile(Spec));
        (Operation Operation, string Location)[] invalid =
        [
            // code has minLength 1; the operation declares no 400/422, so Prism answers with its own problem+json 422.
            (Op("executeBrowserCode", c => c.ExecuteBrowserCodeAsync(SessionId, new ExecuteBrowserCodeRequest { Code = "" }), Typed<SupportProxyErrorResponse>(402)),
                "request.body.code"),
            // targets has minItems 1; the operation declares a 400, which Prism mocks, with an sl-violations header.
            (Op("createMonitor", c => c.CreateMonitorAsync(new MonitorCreateRequest { Name = "x", Schedule = new MonitorSchedule { Cron = "0 * * * *" }, Targets = [] }),
                Untyped(400)), "request.body.targets"),
            // limit has maximum 100.
            (Op("listMonitors", c => c.ListMonitorsAsync(limit: 1000)), "request.query.limit"),
        ];

        foreach (var (operation, location) in invalid)
        {
            var result = await RunAsync(server, prism.Handler, operation, document[operation.OperationId]);
            var request = result.Checks.Single(c => c.Name == "request");
            output.WriteLine($"{operation.OperationId}: {request}");
            Assert.Equal(Outcome.Fail, request.Outcome);
            Assert.Contains(location, request.Detail);
            Assert.All(result.Checks.Where(c => c.Name != "request"), c => Assert.Equal(Outcome.Skipped, c.Outcome));
        }
    }

    // ------------------------------------------------------------------ running

    private static async Task<OperationResult> RunAsync(PrismServer server, HttpMessageHandler shared, Operation operation, DocumentOperation declared)
    {
        var checks = new List<Check>();
        var refused = new List<string>();

        // (a) the plain call
        var plain = await CallAsync(server, shared, operation, prefer: null);
        var route = declared.Matches(plain.Exchange);
        if (route is not null) refused.Add($"plain call: {route}");
        if (plain.Exchange?.RequestViolations is { Count: > 0 } violations) refused.Add($"plain call: {string.Join("; ", violations)}");
        checks.Add(plain.Exchange?.RequestViolations is { Count: > 0 } || route is not null
            ? Check.Skip("success", "the request was refused")
            : plain.Error is not null
                ? Check.Fail("success", Describe(plain.Error) + plain.Exchange?.MockNote)
                : RoundTrip(plain.Exchange!.ResponseBody, operation.Serialize(plain.Result!)) is { } lost
                    ? Check.Fail("success", $"the typed body does not hold what was received: {lost}")
                    : Check.Pass("success"));

        // (b) one call per declared error status
        foreach (var error in operation.Errors)
        {
            var name = $"error {error.Status}";
            var call = await CallAsync(server, shared, operation, prefer: error.Status);
            if (call.Exchange?.RequestViolations is { Count: > 0 } errorViolations)
            {
                refused.Add($"code={error.Status}: {string.Join("; ", errorViolations)}");
                checks.Add(Check.Skip(name, "the request was refused"));
                continue;
            }
            string? problem = call.Error switch
            {
                null => $"returned {call.Result?.GetType().Name} for HTTP {call.Exchange?.Status}, expected {error.Expected}",
                ApiException api when api.StatusCode != error.Status => $"Prism answered {api.StatusCode}, not {error.Status}: {Describe(api)}",
                ApiException api => error.Verify(api),
                var other => $"threw {Describe(other)}, expected {error.Expected}",
            };
            checks.Add(problem is null ? Check.Pass(name) : Check.Fail(name, problem + call.Exchange?.MockNote));
        }

        checks.Insert(0, refused.Count == 0 ? Check.Pass("request") : Check.Fail("request", string.Join(" | ", refused)));
        return new OperationResult(operation.OperationId, checks, 1 + operation.Errors.Count);
    }

    private static async Task<CallResult> CallAsync(PrismServer server, HttpMessageHandler shared, Operation operation, int? prefer)
    {
        var recorder = new RecordingHandler(shared);
        using var http = new HttpClient(recorder, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
        // One attempt per call: the corpus document has no annotations, so by default its 429 and 5xx would be retried
        // (with backoff), and each check is about one exchange.
        var options = new FirecrawlCorpusClientOptions { BaseAddress = server.BaseAddress, BearerToken = "fc-conformance-test", Retry = RetryPolicy.None };
        if (prefer is { } code) options.DefaultHeaders["Prefer"] = $"code={code}";
        var client = new FirecrawlCorpusClient(http, options);

        object? result = null;
        Exception? error = null;
        try
        {
            result = await operation.Call(client);
        }
        catch (Exception e)
        {
            error = e;
        }
        return new CallResult(result, error, recorder.Exchanges.SingleOrDefault());
    }

    /// <summary>
    /// Null when the typed value, written back with the generated serializer, is the JSON that was received (so
    /// deserializing lost nothing), else the first difference. A null property may come back absent, and a date-time
    /// in another notation of the same instant (<c>Z</c> as <c>+00:00</c>).
    /// </summary>
    private static string? RoundTrip(string received, JsonElement written)
    {
        using var document = JsonDocument.Parse(received);
        return JsonDiff.First(document.RootElement, written, "$");
    }

    private static string Describe(Exception e)
    {
        var text = e is ApiException api
            ? $"{e.GetType().Name}{(e.GetType().IsGenericType ? "<" + e.GetType().GetGenericArguments()[0].Name + ">" : "")} {api.StatusCode}: {e.Message}" +
              (api.PayloadError is { } payloadError ? $" [PayloadError: {payloadError.Message}]" : "")
            : $"{e.GetType().Name}: {e.Message}";
        return text.ReplaceLineEndings(" ");
    }

    private void WriteTable(IReadOnlyList<OperationResult> results)
    {
        var width = results.Max(r => r.OperationId.Length);
        output.WriteLine($"{"operation".PadRight(width)}  request  success  error statuses");
        foreach (var result in results)
        {
            string Mark(Check c) => c.Outcome switch { Outcome.Pass => "ok", Outcome.Fail => "FAIL", _ => "skip" };
            var request = result.Checks.Single(c => c.Name == "request");
            var success = result.Checks.Single(c => c.Name == "success");
            var errors = string.Join(" ", result.Checks.Where(c => c.Name.StartsWith("error ", StringComparison.Ordinal))
                .Select(c => $"{c.Name[6..]}:{Mark(c)}"));
            var known = KnownNonConforming.ContainsKey(result.OperationId) ? "  (known)" : "";
            output.WriteLine($"{result.OperationId.PadRight(width)}  {Mark(request),-7}  {Mark(success),-7}  {(errors.Length == 0 ? "-" : errors)}{known}");
        }
        foreach (var result in results.Where(r => !r.Conforms))
        {
            output.WriteLine("");
            output.WriteLine($"{result.OperationId}:");
            foreach (var check in result.Checks.Where(c => c.Outcome != Outcome.Pass)) output.WriteLine($"  {check}");
        }
    }

    // ------------------------------------------------------------------ cases

    private static Operation Op<T>(string operationId, Func<IFirecrawlCorpusClient, Task<T>> call, params ErrorCase[][] errors) where T : class =>
        new(operationId, async client => await call(client), [.. errors.SelectMany(e => e)],
            value => JsonSerializer.SerializeToElement((T)value, FirecrawlCorpusJsonContext.GetTypeInfo<T>()));

    /// <summary>Statuses whose body the document declares with a JSON schema: <c>ApiException&lt;TPayload&gt;</c>, Payload set.</summary>
    private static ErrorCase[] Typed<TPayload>(params int[] statuses) where TPayload : class =>
    [
        .. statuses.Select(status => new ErrorCase(status, $"ApiException<{typeof(TPayload).Name}>", Typed: true, e => e switch
        {
            ApiException<TPayload> { Payload: { } payload, PayloadError: null } typed =>
                RoundTrip(typed.ResponseBody!, JsonSerializer.SerializeToElement(payload, FirecrawlCorpusJsonContext.GetTypeInfo<TPayload>())) is { } lost
                    ? $"the typed Payload does not hold what was received: {lost}"
                    : null,
            ApiException<TPayload> typed => $"Payload {(typed.Payload is null ? "null" : "set")}, {Describe(typed)}",
            _ => $"threw {Describe(e)}, expected ApiException<{typeof(TPayload).Name}>",
        })),
    ];

    /// <summary>Statuses the document declares without a body: a plain <see cref="ApiException"/>.</summary>
    private static ErrorCase[] Untyped(params int[] statuses) =>
    [
        .. statuses.Select(status => new ErrorCase(status, "ApiException", Typed: false, e =>
            e.GetType() == typeof(ApiException) && e.PayloadError is null ? null : $"threw {Describe(e)}, expected a plain ApiException")),
    ];

    /// <param name="Serialize">Writes the typed success body back to JSON with the generated serializer.</param>
    private sealed record Operation(string OperationId, Func<IFirecrawlCorpusClient, Task<object>> Call, IReadOnlyList<ErrorCase> Errors, Func<object, JsonElement> Serialize);

    /// <param name="Verify">Null when the exception is the expected one, else what is wrong.</param>
    private sealed record ErrorCase(int Status, string Expected, bool Typed, Func<ApiException, string?> Verify);

    private sealed record KnownFailure(string Check, string Contains);

    private sealed record CallResult(object? Result, Exception? Error, Exchange? Exchange);

    private enum Outcome { Pass, Fail, Skipped }

    private sealed record Check(string Name, Outcome Outcome, string Detail)
    {
        public static Check Pass(string name) => new(name, Outcome.Pass, "");
        public static Check Fail(string name, string detail) => new(name, Outcome.Fail, detail);
        public static Check Skip(string name, string detail) => new(name, Outcome.Skipped, detail);
        public override string ToString() => $"{Name}: {Outcome} {(Detail.Length <= 1500 ? Detail : Detail[..1500] + "…")}";
    }

    private sealed record OperationResult(string OperationId, IReadOnlyList<Check> Checks, int Calls)
    {
        public bool Conforms => Checks.All(c => c.Outcome == Outcome.Pass);
    }

    /// <summary>The first difference between two JSON values (objects by property name, numbers by value).</summary>
    private static class JsonDiff
    {
        public static string? First(JsonElement expected, JsonElement actual, string path)
        {
            if (expected.ValueKind == JsonValueKind.Object && actual.ValueKind == JsonValueKind.Object)
            {
                var a = actual.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                foreach (var p in expected.EnumerateObject())
                {
                    if (!a.TryGetValue(p.Name, out var v))
                    {
                        if (p.Value.ValueKind == JsonValueKind.Null) continue;
                        return $"{path}.{p.Name} dropped (was {Short(p.Value)})";
                    }
                    if (First(p.Value, v, $"{path}.{p.Name}") is { } d) return d;
                }
                var extra = a.Keys.Except(expected.EnumerateObject().Select(p => p.Name)).ToList();
                return extra.Count == 0 ? null : $"{path} gained {string.Join(",", extra.Select(e => e + "=" + Short(a[e])))}";
            }
            if (expected.ValueKind == JsonValueKind.Array && actual.ValueKind == JsonValueKind.Array)
            {
                if (expected.GetArrayLength() != actual.GetArrayLength()) return $"{path} length {expected.GetArrayLength()} -> {actual.GetArrayLength()}";
                for (var i = 0; i < expected.GetArrayLength(); i++)
                    if (First(expected[i], actual[i], $"{path}[{i}]") is { } d) return d;
                return null;
            }
            if (expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number)
                return (expected.TryGetDecimal(out var m) && actual.TryGetDecimal(out var n) ? m == n : expected.GetDouble() == actual.GetDouble())
                    ? null
                    : $"{path} {Short(expected)} -> {Short(actual)}";
            if (expected.ValueKind == JsonValueKind.String && actual.ValueKind == JsonValueKind.String)
                return expected.GetString() == actual.GetString()
                       || (DateTimeOffset.TryParse(expected.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var x)
                           && DateTimeOffset.TryParse(actual.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var y) && x == y)
                    ? null : $"{path} {Short(expected)} -> {Short(actual)}";
            return expected.ValueKind == actual.ValueKind ? null : $"{path} {Short(expected)} -> {Short(actual)}";
        }

        private static string Short(JsonElement e)
        {
            var text = e.GetRawText();
            return text.Length < 80 ? text : text[..80] + "…";
        }
    }

    // ------------------------------------------------------------------ the document

    /// <summary>An operation as the JSON document declares it, read with System.Text.Json (not through the generator).</summary>
    private sealed record DocumentOperation(string Method, string PathTemplate, IReadOnlyDictionary<int, bool> ErrorStatuses, IReadOnlyList<string> UnsupportedErrorKeys)
    {
        /// <summary>Null when the exchange went to this operation's method and path, else why not.</summary>
        public string? Matches(Exchange? exchange)
        {
            if (exchange is null) return "no request was sent";
            var pattern = "^/" + Regex.Replace(Regex.Escape(PathTemplate.TrimStart('/')), @"\\\{[^}]+}", "[^/]+") + "$";
            return string.Equals(exchange.Method, Method, StringComparison.OrdinalIgnoreCase) && Regex.IsMatch(exchange.Path, pattern)
                ? null
                : $"sent {exchange.Method} {exchange.Path}, not {Method.ToUpperInvariant()} {PathTemplate}";
        }
    }

    private static class DocumentOperations
    {
        private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

        public static IReadOnlyDictionary<string, DocumentOperation> Read(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var operations = new Dictionary<string, DocumentOperation>();
            foreach (var pathItem in document.RootElement.GetProperty("paths").EnumerateObject())
            {
                foreach (var method in pathItem.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)))
                {
                    var id = method.Value.GetProperty("operationId").GetString()!;
                    var statuses = new Dictionary<int, bool>();
                    var unsupported = new List<string>();
                    foreach (var response in method.Value.GetProperty("responses").EnumerateObject())
                    {
                        if (int.TryParse(response.Name, out var status))
                        {
                            if (status >= 400) statuses[status] = HasJsonSchema(document.RootElement, response.Value);
                        }
                        else if (response.Name != "2XX") unsupported.Add(response.Name); // 4XX, 5XX, default
                    }
                    operations.Add(id, new DocumentOperation(method.Name, pathItem.Name, statuses, unsupported));
                }
            }
            return operations;
        }

        private static bool HasJsonSchema(JsonElement root, JsonElement response)
        {
            if (response.TryGetProperty("$ref", out var reference)) response = Resolve(root, reference.GetString()!);
            return response.TryGetProperty("content", out var content)
                   && content.EnumerateObject().Any(m => (m.Name == "application/json" || m.Name.EndsWith("+json", StringComparison.Ordinal))
                                                         && m.Value.TryGetProperty("schema", out _));
        }

        private static JsonElement Resolve(JsonElement root, string reference)
        {
            var node = root;
            foreach (var segment in reference.TrimStart('#', '/').Split('/')) node = node.GetProperty(segment.Replace("~1", "/").Replace("~0", "~"));
            return node;
        }
    }

    // ------------------------------------------------------------------ Prism and the recorder

    /// <summary>One exchange seen by <see cref="RecordingHandler"/>, with Prism's findings.</summary>
    private sealed record Exchange(
        string Method,
        string Path,
        string? RequestBody,
        int Status,
        string ResponseBody,
        IReadOnlyList<PrismViolation> RequestViolations,
        IReadOnlyList<PrismViolation> ResponseViolations)
    {
        /// <summary>What Prism found wrong with its own mocked response (a fault of the document), for failure messages.</summary>
        public string MockNote => ResponseViolations.Count == 0
            ? ""
            : $" [Prism: its mocked {Status} response violates the document: {string.Join("; ", ResponseViolations.Distinct().Take(4))}]";
    }

    /// <summary>Records each request and response (buffered, so the client still reads it) with Prism's violations.</summary>
    private sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly ConcurrentQueue<Exchange> _exchanges = new();

        public IReadOnlyList<Exchange> Exchanges => [.. _exchanges];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Reading the content buffers it; the buffer is what is then sent.
            var requestBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var all = await PrismServer.ReadViolationsAsync(response, includeResponseViolations: true);
            _exchanges.Enqueue(new Exchange(
                request.Method.Method,
                request.RequestUri!.AbsolutePath,
                requestBody,
                (int)response.StatusCode,
                await response.Content.ReadAsStringAsync(cancellationToken),
                [.. all.Where(v => !v.Location.StartsWith("response", StringComparison.Ordinal))],
                [.. all.Where(v => v.Location.StartsWith("response", StringComparison.Ordinal))]));
            return response;
        }

    }

    /// <summary>One Prism (static mode) for the class, started by the first test that needs it.</summary>
    public sealed class CorpusPrism : IAsyncLifetime
    {
        // A failed start is kept, not retried by every test.
        private readonly Lazy<Task<PrismServer>> _server = new(() => PrismServer.StartAsync(PrismPrerequisites.CorpusFile(Spec)));

        /// <summary>The connection pool every per-call HttpClient sends through.</summary>
        internal HttpMessageHandler Handler { get; } = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) };

        public Task<PrismServer> GetAsync() => _server.Value;

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            Handler.Dispose();
            if (_server.IsValueCreated && _server.Value.IsCompletedSuccessfully) await _server.Value.Result.DisposeAsync();
        }
    }
}
#else
using Xunit;
using OpenApiClientGen;

namespace OpenApiClientGen.RuntimeTests.Prism;

/// <summary>Without the corpus at build time the FirecrawlCorpus client is not generated: skipped locally, failed under CI.</summary>
public sealed class FirecrawlCorpusConformanceTests
{
    [PrismFact("firecrawl-v2-openapi.json")]
    public void Every_operation_conforms_except_the_known_ones() =>
        Assert.Fail($"The corpus is at {PrismTestPaths.Corpus} now, but was not when the tests were built: rebuild to generate the FirecrawlCorpus client.");
}
#endif
