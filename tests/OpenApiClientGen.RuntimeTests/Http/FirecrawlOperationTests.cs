using System.Text.Json;
using Firecrawl;
using Xunit;
using OpenApiClientGen;

namespace OpenApiClientGen.RuntimeTests.Http;

/// <summary>Firecrawl's other operations: status ranges, a <c>default</c> response, a realistic scrape and JSON request bodies.</summary>
public sealed class FirecrawlOperationTests(RecordingServer server) : IClassFixture<RecordingServer>
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

    private static MapRequest Map => new() { Url = "https://example.com", Search = "docs", Limit = 10 };

    [Theory]
    [InlineData(400, "Invalid URL")]
    [InlineData(408, "Request Timeout")]
    [InlineData(422, "Unprocessable Entity")]
    [InlineData(429, "Rate limit exceeded")]
    [InlineData(451, "Unavailable For Legal Reasons")]
    public async Task MapUrls_client_errors_fall_in_the_4XX_range(int status, string message)
    {
        var scenario = server.NewScenario(status, JsonSerializer.Serialize(new { success = false, error = message, details = new[] { new { path = "url", message } } }));

        var thrown = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).MapUrlsAsync(Map));

        var error = Assert.IsType<ApiException<ErrorResponse>>(thrown);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("POST", error.Method);
        Assert.Equal("/v2/map", error.RequestUri!.AbsolutePath);
        Assert.Equal("mapUrls", error.OperationId);
        Assert.False(error.Payload!.Success);
        Assert.Equal(message, error.Payload.Error);
        Assert.Equal(JsonValueKind.Array, error.Payload.Details!.Value.ValueKind);
        Assert.Equal("url", error.Payload.Details.Value[0].GetProperty("path").GetString());
    }

    [Theory]
    [InlineData(500, "Internal Server Error")]
    [InlineData(502, "Bad Gateway")]
    [InlineData(503, "Service Unavailable")]
    [InlineData(504, "Gateway Timeout")]
    public async Task MapUrls_server_errors_fall_in_the_5XX_range(int status, string message)
    {
        var scenario = server.NewScenario(status, JsonSerializer.Serialize(new { success = false, error = message }));

        var thrown = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).MapUrlsAsync(Map));

        var error = Assert.IsType<ApiException<ErrorResponse>>(thrown);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(message, error.Payload!.Error);
        Assert.Null(error.Payload.Details);
        Assert.Null(error.Payload.Code);
    }

    [Fact]
    public async Task MapUrls_sends_its_body_as_JSON_and_reads_the_links()
    {
        var scenario = server.NewScenario(200, """
            {"success": true, "links": [
              {"url": "https://example.com/docs", "title": "Docs", "description": "The documentation"},
              {"url": "https://example.com/docs/api"}
            ]}
            """);

        var result = await Client(scenario).MapUrlsAsync(Map);

        Assert.True(result.Success);
        Assert.Equal(2, result.Links!.Count);
        Assert.Equal("https://example.com/docs", result.Links[0].Url);
        Assert.Equal("Docs", result.Links[0].Title);
        Assert.Equal("The documentation", result.Links[0].Description);
        Assert.Equal("https://example.com/docs/api", result.Links[1].Url);
        Assert.Null(result.Links[1].Title);

        var request = scenario.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/map", request.RawTarget);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal(request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("Content-Length"));
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("https://example.com", json.RootElement.GetProperty("url").GetString());
        Assert.Equal("docs", json.RootElement.GetProperty("search").GetString());
        Assert.Equal(10, json.RootElement.GetProperty("limit").GetInt64());
    }

    [Theory]
    [InlineData(418, "I'm a teapot")]
    [InlineData(409, "Conflict")]
    [InlineData(504, "Gateway Timeout")]
    public async Task CrawlUrls_undeclared_statuses_use_the_default_response(int status, string message)
    {
        var scenario = server.NewScenario(status, JsonSerializer.Serialize(new { success = false, error = message, code = "E" + status }));
        var body = new CrawlRequest { Url = "https://docs.example.com", Limit = 50 };

        var thrown = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).CrawlUrlsAsync(body));

        var error = Assert.IsType<ApiException<ErrorResponse>>(thrown);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("crawlUrls", error.OperationId);
        Assert.Equal("/v2/crawl", error.RequestUri!.AbsolutePath);
        Assert.Equal(message, error.Payload!.Error);
        Assert.Equal("E" + status, error.Payload.Code);
    }

    [Fact]
    public async Task CrawlUrls_sends_the_required_url_and_the_options()
    {
        var scenario = server.NewScenario(200, """{"success": true, "id": "123e4567-e89b-12d3-a456-426614174000", "url": "https://api.firecrawl.dev/v2/crawl/123e4567-e89b-12d3-a456-426614174000"}""");
        var body = new CrawlRequest
        {
            Url = "https://docs.example.com/start",
            IncludePaths = ["^/docs/.*"],
            ExcludePaths = ["^/docs/archive/.*"],
            Limit = 25,
            Sitemap = CrawlRequestSitemap.Skip,
            Webhook = new Webhook
            {
                Url = "https://hooks.example.com/firecrawl",
                Headers = new Dictionary<string, string> { ["X-Signature"] = "abc" },
                Events = [WebhookEventsItem.Completed, WebhookEventsItem.Failed],
            },
            ScrapeOptions = new ScrapeOptions { Formats = [BatchScrapeRequestFormatsItem.Markdown], OnlyMainContent = false },
        };

        var result = await Client(scenario).CrawlUrlsAsync(body);

        Assert.True(result.Success);
        Assert.Equal("123e4567-e89b-12d3-a456-426614174000", result.Id);
        Assert.Equal("https://api.firecrawl.dev/v2/crawl/123e4567-e89b-12d3-a456-426614174000", result.Url);

        var request = scenario.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/crawl", request.RawTarget);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("https://docs.example.com/start", root.GetProperty("url").GetString());
        Assert.Equal(["^/docs/.*"], root.GetProperty("includePaths").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(25, root.GetProperty("limit").GetInt64());
        Assert.Equal("skip", root.GetProperty("sitemap").GetString());
        Assert.Equal("https://hooks.example.com/firecrawl", root.GetProperty("webhook").GetProperty("url").GetString());
        Assert.Equal("abc", root.GetProperty("webhook").GetProperty("headers").GetProperty("X-Signature").GetString());
        Assert.Equal(["completed", "failed"], root.GetProperty("webhook").GetProperty("events").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(["markdown"], root.GetProperty("scrapeOptions").GetProperty("formats").EnumerateArray().Select(e => e.GetString()!));
        Assert.False(root.GetProperty("scrapeOptions").GetProperty("onlyMainContent").GetBoolean());
    }

    [Fact]
    public async Task ScrapeAndExtractFromUrl_reads_a_realistic_document()
    {
        var scenario = server.NewScenario(200, """
            {
              "success": true,
              "data": {
                "markdown": "# Example Domain\n\nThis domain is for use in illustrative examples in documents.",
                "summary": null,
                "html": null,
                "rawHtml": "<!doctype html><html><head><title>Example Domain</title></head><body><h1>Example Domain</h1></body></html>",
                "screenshot": null,
                "links": ["https://www.iana.org/domains/example"],
                "json": {"title": "Example Domain", "paragraphs": 2, "tags": ["example", "iana"]},
                "warning": null,
                "metadata": {
                  "title": "Example Domain",
                  "description": "Illustrative examples",
                  "language": null,
                  "sourceURL": "https://example.com",
                  "url": "https://example.com/",
                  "statusCode": 200,
                  "contentType": "text/html; charset=UTF-8",
                  "scrapeId": "0b6f5a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                  "proxyUsed": "basic",
                  "creditsUsed": 1
                }
              }
            }
            """);
        var body = new ScrapeRequest
        {
            Url = "https://example.com",
            Formats = [BatchScrapeRequestFormatsItem.Markdown, BatchScrapeRequestFormatsItem.RawHtml, BatchScrapeRequestFormatsItem.Json],
            OnlyMainContent = true,
            Headers = new Dictionary<string, string> { ["Cookie"] = "consent=yes" },
            WaitFor = 500,
            Timeout = 15000,
            JsonOptions = new JsonOptions { Prompt = "Extract the title", Schema = JsonDocument.Parse("""{"type":"object","properties":{"title":{"type":"string"}}}""").RootElement },
        };

        var result = await Client(scenario).ScrapeAndExtractFromUrlAsync(body);

        Assert.True(result.Success);
        var document = result.Data!;
        Assert.StartsWith("# Example Domain", document.Markdown);
        Assert.Null(document.Summary);
        Assert.Null(document.Html);
        Assert.Contains("<h1>Example Domain</h1>", document.RawHtml);
        Assert.Null(document.Screenshot);
        Assert.Equal(["https://www.iana.org/domains/example"], document.Links!);
        Assert.Equal("Example Domain", document.Json!.Value.GetProperty("title").GetString());
        Assert.Equal(2, document.Json.Value.GetProperty("paragraphs").GetInt32());
        Assert.Null(document.Warning);
        var metadata = document.Metadata!;
        Assert.Equal("Example Domain", metadata.Title);
        Assert.Equal("Illustrative examples", metadata.Description);
        Assert.Null(metadata.Language);
        Assert.Equal("https://example.com", metadata.SourceURL);
        Assert.Equal("https://example.com/", metadata.Url);
        Assert.Equal(200, metadata.StatusCode);
        Assert.Equal("text/html; charset=UTF-8", metadata.ContentType);
        Assert.Null(metadata.Error);

        var request = scenario.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/scrape", request.RawTarget);
        Assert.Equal("application/json", request.Header("Content-Type"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("https://example.com", root.GetProperty("url").GetString());
        Assert.Equal(["markdown", "rawHtml", "json"], root.GetProperty("formats").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("consent=yes", root.GetProperty("headers").GetProperty("Cookie").GetString());
        Assert.Equal(500, root.GetProperty("waitFor").GetInt64());
        Assert.Equal(15000, root.GetProperty("timeout").GetInt64());
        Assert.Equal("Extract the title", root.GetProperty("jsonOptions").GetProperty("prompt").GetString());
        Assert.Equal("string", root.GetProperty("jsonOptions").GetProperty("schema").GetProperty("properties").GetProperty("title").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ScrapeAndExtractFromUrl_with_only_the_required_field_sends_it()
    {
        var scenario = server.NewScenario(200, """{"success": true, "data": {"markdown": "hi"}}""");

        var result = await Client(scenario).ScrapeAndExtractFromUrlAsync(new ScrapeRequest { Url = "https://example.com/a?b=c" });

        Assert.Equal("hi", result.Data!.Markdown);
        using var json = JsonDocument.Parse(scenario.Single().Body);
        Assert.Equal("https://example.com/a?b=c", json.RootElement.GetProperty("url").GetString());
        Assert.False(json.RootElement.TryGetProperty("formats", out _));
        Assert.False(json.RootElement.TryGetProperty("jsonOptions", out _));
    }

    [Fact]
    public async Task A_success_body_that_does_not_match_its_schema_is_an_ApiException()
    {
        // CrawlStatusResponse requires status, total, completed and data.
        var scenario = server.NewScenario(200, """{"status": "completed", "total": 3}""");
        var id = Guid.NewGuid();

        var thrown = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).GetCrawlStatusAsync(id));

        var error = Assert.IsType<ApiException>(thrown);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal("getCrawlStatus", error.OperationId);
        Assert.Equal($"/v2/crawl/{id:D}", error.RequestUri!.AbsolutePath);
        Assert.IsAssignableFrom<JsonException>(error.PayloadError);
        Assert.Contains("does not match", error.Message);
    }
}
