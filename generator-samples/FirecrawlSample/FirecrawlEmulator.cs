using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FirecrawlSample;

/// <summary>
/// A small stand-in for the Firecrawl v2 API on 127.0.0.1 (Kestrel, a free port), for the offline tour. It answers the
/// endpoints the tour calls with JSON in the shapes of specs/firecrawl-v2-openapi.yaml (the generated client rejects
/// anything else), and fails on request: <see cref="FailNextRequest"/> makes the next request get an error, as the real
/// service does when a plan runs out of requests or credits.
/// </summary>
/// <remarks>
/// The emulated web: every page exists, except that in a batch scrape the hosts under <c>.invalid</c> cannot be resolved,
/// the pages with <c>slow</c> in their path time out, and robots.txt forbids the pages under <c>/private</c>.
/// </remarks>
internal sealed class FirecrawlEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string Message, int? RetryAfterSeconds)> _failures = new();
    private readonly ConcurrentDictionary<Guid, string[]> _batches = new();
    private int _requestCount;

    private FirecrawlEmulator(WebApplication app) => _app = app;

    /// <summary>The API's base address, <c>http://127.0.0.1:{port}/v2</c>: the client's <c>BaseAddress</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The requests the emulator has received, retries included.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    public static async Task<FirecrawlEmulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();   // no Kestrel chatter on the console
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");  // port 0: the system picks a free one
        var emulator = new FirecrawlEmulator(app);
        app.Run(emulator.HandleAsync);
        await app.StartAsync();

        emulator.BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/v2");   // now with the port bound
        return emulator;
    }

    /// <summary>
    /// Answers the next request, whatever its endpoint, with this status and Firecrawl's error body
    /// <c>{"success": false, "error": message}</c>, plus a <c>Retry-After</c> header when <paramref name="retryAfterSeconds"/> is set.
    /// </summary>
    public void FailNextRequest(int status, string message, int? retryAfterSeconds = null) =>
        _failures.Enqueue((status, message, retryAfterSeconds));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _requestCount);
        var request = context.Request;
        // What the real API sends on every response: a request id, the rate limit; and a caller's trace id echoed.
        context.Response.Headers["x-request-id"] = $"req-{number:D4}";
        context.Response.Headers["x-ratelimit-limit"] = "100";
        context.Response.Headers["x-ratelimit-remaining"] = (100 - number % 100).ToString(CultureInfo.InvariantCulture);
        if (request.Headers.TryGetValue("X-Trace-Id", out var trace)) context.Response.Headers["X-Trace-Id"] = trace;

        if (_failures.TryDequeue(out var failure))
        {
            if (failure.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await ReplyAsync(context, failure.Status, Error(failure.Message));
            return;
        }
        if (request.Headers.Authorization is not [{ } authorization] || !authorization.StartsWith("Bearer fc-", StringComparison.Ordinal))
        {
            await ReplyAsync(context, 401, Error("Unauthorized: Invalid token"));
            return;
        }

        var path = request.Path.Value ?? "";
        var (status, json) = (request.Method, path) switch
        {
            ("POST", "/v2/scrape") => Scrape(await ReadUrlAsync(request)),
            ("POST", "/v2/map") => Map(await ReadUrlAsync(request)),
            ("POST", "/v2/batch/scrape") => StartBatch(await ReadUrlsAsync(request)),
            ("GET", _) when path.StartsWith("/v2/batch/scrape/", StringComparison.Ordinal) && path.EndsWith("/errors", StringComparison.Ordinal) =>
                BatchErrors(path["/v2/batch/scrape/".Length..^"/errors".Length]),
            ("GET", _) when path.StartsWith("/v2/batch/scrape/", StringComparison.Ordinal) =>
                BatchStatus(path["/v2/batch/scrape/".Length..], request.Query["skip"].ToString()),
            _ => (404, Error($"Not Found: {request.Method} {path}")),
        };
        await ReplyAsync(context, status, json);
    }

    // POST /scrape: ScrapeResponse, the page as Markdown with its metadata.
    private static (int, string) Scrape(string? url)
    {
        if (!IsWebUrl(url)) return (400, Error("Invalid URL: expected an absolute http(s) URL"));
        var title = TitleOf(url);
        return (200, $$"""
            {
              "success": true,
              "data": {
                "markdown": {{Json($"# {title}\n\nThe emulated page at {url}.")}},
                "metadata": {
                  "title": {{Json(title)}}, "language": "en", "sourceURL": {{Json(url)}}, "url": {{Json(url)}},
                  "statusCode": 200, "contentType": "text/html; charset=utf-8"
                }
              }
            }
            """);
    }

    // POST /map: MapResponse, the site's pages (the site itself first).
    private static (int, string) Map(string? url)
    {
        if (!IsWebUrl(url)) return (400, Error("Invalid URL: expected an absolute http(s) URL"));
        var site = url.TrimEnd('/');
        var links = new[] { site, site + "/pricing", site + "/blog", site + "/docs" }
            .Select(link => $$"""{"url": {{Json(link)}}, "title": {{Json(TitleOf(link))}}}""");
        return (200, $$"""{"success": true, "links": [{{string.Join(", ", links)}}]}""");
    }

    // POST /batch/scrape: BatchScrapeResponse, the new job's ID.
    private (int, string) StartBatch(string[]? urls)
    {
        if (urls is not { Length: > 0 }) return (400, Error("Invalid URL: urls must list absolute http(s) URLs"));
        var id = Guid.NewGuid();
        _batches[id] = urls;
        return (200, $$"""{"success": true, "id": "{{id}}", "url": {{Json($"{BaseAddress}/batch/scrape/{id}")}}, "invalidURLs": null}""");
    }

    // GET /batch/scrape/{id}: BatchScrapeStatusResponse, the job's scraped pages two at a time, with the URL of the next two.
    private (int, string) BatchStatus(string id, string skip)
    {
        if (!Guid.TryParse(id, out var jobId) || !_batches.TryGetValue(jobId, out var urls))
            return (404, Error("Not Found: no batch scrape job has this ID"));
        var from = int.TryParse(skip, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var documents = urls.Skip(from).Take(2).Select(url => $$$"""{"markdown": {{{Json($"# {TitleOf(url)}")}}}, "metadata": {"title": {{{Json(TitleOf(url))}}}, "sourceURL": {{{Json(url)}}}, "statusCode": 200}}""");
        var next = from + 2 < urls.Length ? Json($"{BaseAddress}/batch/scrape/{jobId}?skip={from + 2}") : "null";
        return (200, $$"""{"status": "completed", "total": {{urls.Length}}, "completed": {{urls.Length}}, "creditsUsed": {{urls.Length}}, "next": {{next}}, "data": [{{string.Join(", ", documents)}}]}""");
    }

    // GET /batch/scrape/{id}/errors: CrawlErrorsResponseObj, the pages of the job that failed or that robots.txt forbids.
    private (int, string) BatchErrors(string id)
    {
        if (!Guid.TryParse(id, out var jobId) || !_batches.TryGetValue(jobId, out var urls))
            return (404, Error("Not Found: no batch scrape job has this ID"));

        var errors = new List<string>();
        foreach (var url in urls)
        {
            var uri = new Uri(url);
            if (uri.Host.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase))
            {
                // Failed before any fetch was attempted: no scrape ID, and a null timestamp.
                errors.Add($$"""{"timestamp": null, "url": {{Json(url)}}, "error": "DNS resolution failed: the host does not exist"}""");
            }
            else if (uri.AbsolutePath.Contains("slow", StringComparison.OrdinalIgnoreCase))
            {
                var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                errors.Add($$"""{"id": "{{Guid.NewGuid()}}", "timestamp": "{{now}}", "url": {{Json(url)}}, "error": "Timeout: the page took longer than 30000 ms to load"}""");
            }
        }
        var blocked = urls.Where(url => new Uri(url).AbsolutePath.StartsWith("/private", StringComparison.OrdinalIgnoreCase)).Select(Json);
        return (200, $$"""{"errors": [{{string.Join(", ", errors)}}], "robotsBlocked": [{{string.Join(", ", blocked)}}]}""");
    }

    private static async Task ReplyAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>Firecrawl's uniform error body (ErrorResponse).</summary>
    private static string Error(string message) => $$"""{"success": false, "error": {{Json(message)}}}""";

    /// <summary>A JSON string literal.</summary>
    private static string Json(string text) => $"\"{JsonEncodedText.Encode(text)}\"";

    private static bool IsWebUrl([NotNullWhen(true)] string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>"Example Domain" for a site's home page, else the last path segment capitalized ("/pricing" is "Pricing").</summary>
    private static string TitleOf(string url)
    {
        var segment = new Uri(url).AbsolutePath.TrimEnd('/').Split('/')[^1];
        return segment.Length == 0 ? "Example Domain" : char.ToUpperInvariant(segment[0]) + segment[1..];
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpRequest request)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;   // not JSON: the endpoint answers 400
        }
    }

    private static async Task<string?> ReadUrlAsync(HttpRequest request) =>
        await ReadBodyAsync(request) is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
            ? url.GetString()
            : null;

    private static async Task<string[]?> ReadUrlsAsync(HttpRequest request)
    {
        if (await ReadBodyAsync(request) is not { ValueKind: JsonValueKind.Object } body
            || !body.TryGetProperty("urls", out var urls) || urls.ValueKind != JsonValueKind.Array)
            return null;
        var list = new List<string>();
        foreach (var url in urls.EnumerateArray())
        {
            if (url.ValueKind != JsonValueKind.String || url.GetString() is not { } text || !IsWebUrl(text)) return null;
            list.Add(text);
        }
        return [.. list];
    }
}
