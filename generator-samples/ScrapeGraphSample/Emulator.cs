using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ScrapeGraph;

namespace ScrapeGraphSample;

/// <summary>One request the emulator answered: what came in and what went out.</summary>
internal sealed record Exchange(string Method, string Path, int Status, string? ErrorType, string? RetryAfter)
{
    public override string ToString() =>
        $"{Method} {Path} -> {Status}{(ErrorType is null ? "" : $" {ErrorType}")}{(RetryAfter is null ? "" : $" (Retry-After: {RetryAfter})")}";
}

/// <summary>
/// A small ScrapeGraphAI v2 emulator on Kestrel (127.0.0.1, a free port, logging off). Every body it sends is one of
/// the generated records serialized with the generated metadata (<see cref="ScrapeGraphJsonContext"/>), so it has the
/// shape the spec gives it. It checks, in this order:
/// <list type="number">
/// <item>the <c>SGAI-APIKEY</c> header: missing 401 <c>auth_missing_key</c>, not <see cref="ApiKey"/> 403 <c>auth_invalid_key</c>;</item>
/// <item>the smartScraper body: 400 <c>validation</c> with one <c>details</c> entry per offending field (a rejected
/// request does not count against the rate limit);</item>
/// <item>a tiny plan limit: one smartScraper request every <see cref="RateWindow"/>, else 429 <c>rate_limited</c> with
/// <c>Retry-After</c> (whole seconds, rounded up);</item>
/// <item>credits: <see cref="CreditsPerRequest"/> per extraction, 402 <c>insufficient_credits</c> when they run out.</item>
/// </list>
/// Extractions complete at once with canned data: nothing is fetched from the web.
/// </summary>
internal sealed class Emulator : IAsyncDisposable
{
    public const string ApiKey = "sgai-emulator-0000";
    public const int CreditsPerRequest = 10;
    public const int InitialCredits = 1000;
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<Exchange> _exchanges = [];
    private readonly Dictionary<Guid, HistoryEntry> _history = [];
    private readonly TimeProvider _time = TimeProvider.System;
    private long? _lastAccepted; // timestamp of the last smartScraper request that was served
    private long _creditsUsed;

    private Emulator(WebApplication app) => _app = app;

    /// <summary>The base address of the API, like the spec's server: <c>http://127.0.0.1:&lt;port&gt;/v2</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything answered so far, in order.</summary>
    public IReadOnlyList<Exchange> Exchanges
    {
        get { lock (_lock) return [.. _exchanges]; }
    }

    public static async Task<Emulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var emulator = new Emulator(app);
        app.Run(emulator.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        emulator.BaseAddress = new Uri(address.TrimEnd('/') + "/v2");
        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // 1. Authentication, on every operation (the spec's global security).
        var key = context.Request.Headers["SGAI-APIKEY"].ToString();
        if (key.Length == 0)
        {
            await ErrorAsync(context, 401, ApiErrorType.AuthMissingKey, "API key required");
            return;
        }
        if (key != ApiKey)
        {
            await ErrorAsync(context, 403, ApiErrorType.AuthInvalidKey, "Invalid or deprecated API key");
            return;
        }

        switch (method, segments)
        {
            case ("POST", ["v2", "smartscraper"]):
                await SmartScraperAsync(context);
                break;
            case ("GET", ["v2", "smartscraper", var id]):
                await LookupAsync(context, id, entry => new SmartScraperResponse { RequestId = entry.Id, Status = entry.Status, Result = entry.Result, Error = entry.Error });
                break;
            case ("GET", ["v2", "history", var id]):
                await LookupAsync(context, id, entry => entry);
                break;
            case ("GET", ["v2", "credits"]):
                long used;
                lock (_lock) used = _creditsUsed;
                await JsonAsync(context, 200, new CreditsResponse { RemainingCredits = InitialCredits - used, TotalCreditsUsed = used });
                break;
            default:
                await ErrorAsync(context, 404, ApiErrorType.NotFound, $"No operation {method} {path}");
                break;
        }
    }

    private async Task SmartScraperAsync(HttpContext context)
    {
        // 2. Validation, before anything is counted.
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await ValidationAsync(context, [Issue(ValidationIssueCode.InvalidType, [], "Expected object, received malformed JSON")]);
            return;
        }
        using var _ = document;
        var body = document.RootElement;
        var issues = Validate(body);
        if (issues.Count > 0)
        {
            await ValidationAsync(context, issues);
            return;
        }

        // 3. The plan's rate limit, then 4. credits.
        HistoryEntry? entry = null;
        int? retryAfter = null;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (_lastAccepted is { } last && _time.GetElapsedTime(last, now) is var elapsed && elapsed < RateWindow)
            {
                retryAfter = (int)Math.Ceiling((RateWindow - elapsed).TotalSeconds);
            }
            else if (InitialCredits - _creditsUsed >= CreditsPerRequest)
            {
                _lastAccepted = now;
                _creditsUsed += CreditsPerRequest;
                entry = new HistoryEntry
                {
                    Id = Guid.NewGuid(),
                    Service = "smartscraper",
                    Status = HistoryEntryStatus.Completed,
                    CreatedAt = _time.GetUtcNow(),
                    Params = body.Clone(),
                    Result = CannedResult(body.GetProperty("website_url").GetString()!),
                    CreditsUsed = CreditsPerRequest,
                };
                _history[entry.Id] = entry;
            }
        }

        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ErrorAsync(context, 429, ApiErrorType.RateLimited, $"Too many requests: this plan allows one smartScraper request every {RateWindow.TotalSeconds:0} s");
        }
        else if (entry is null)
        {
            await ErrorAsync(context, 402, ApiErrorType.InsufficientCredits, "Not enough credits to complete this request");
        }
        else
        {
            await JsonAsync(context, 200, new SmartScraperResponse { RequestId = entry.Id, Status = entry.Status, Result = entry.Result });
        }
    }

    private async Task LookupAsync<T>(HttpContext context, string id, Func<HistoryEntry, T> shape)
    {
        HistoryEntry? entry = null;
        if (Guid.TryParse(id, out var guid))
        {
            lock (_lock) _history.TryGetValue(guid, out entry);
        }
        if (entry is null)
        {
            await ErrorAsync(context, 404, ApiErrorType.NotFound, "Request not found");
            return;
        }
        await JsonAsync(context, 200, shape(entry));
    }

    /// <summary>The checks of SmartScraperRequest (required fields, types, URL format, minLength), with zod-like messages.</summary>
    private static List<ValidationIssue> Validate(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return [Issue(ValidationIssueCode.InvalidType, [], $"Expected object, received {Kind(body)}")];
        }
        var issues = new List<ValidationIssue>();
        if (!body.TryGetProperty("website_url", out var url) || url.ValueKind != JsonValueKind.String)
        {
            issues.Add(Issue(ValidationIssueCode.InvalidType, ["website_url"], url.ValueKind == JsonValueKind.Undefined ? "Required" : $"Expected string, received {Kind(url)}"));
        }
        else if (!Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            issues.Add(Issue(ValidationIssueCode.InvalidFormat, ["website_url"], "Invalid URL", format: "url"));
        }
        else if (IsPrivate(uri))
        {
            issues.Add(Issue(ValidationIssueCode.Custom, ["website_url"], "Private or internal URLs are not allowed"));
        }
        if (!body.TryGetProperty("user_prompt", out var prompt) || prompt.ValueKind != JsonValueKind.String)
        {
            issues.Add(Issue(ValidationIssueCode.InvalidType, ["user_prompt"], prompt.ValueKind == JsonValueKind.Undefined ? "Required" : $"Expected string, received {Kind(prompt)}"));
        }
        else if (prompt.GetString()!.Length < 1)
        {
            issues.Add(Issue(ValidationIssueCode.TooSmall, ["user_prompt"], "String must contain at least 1 character(s)"));
        }
        if (body.TryGetProperty("output_schema", out var schema) && schema.ValueKind != JsonValueKind.Object)
        {
            issues.Add(Issue(ValidationIssueCode.InvalidType, ["output_schema"], $"Expected object, received {Kind(schema)}"));
        }
        return issues;
    }

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();

    private static bool IsPrivate(Uri uri)
    {
        var host = uri.IdnHost;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".local", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (!IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return false;
        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)) return true;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        var b = ip.GetAddressBytes();
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254)
            : ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal;
    }

    private static ValidationIssue Issue(ValidationIssueCode code, ValidationIssuePathItem[] path, string message, string? format = null) =>
        new() { Code = code, Path = path, Message = message, Format = format };

    /// <summary>What the extraction "found": canned, the emulator fetches nothing.</summary>
    private static JsonElement CannedResult(string url)
    {
        var result = new JsonObject
        {
            ["source"] = url,
            ["products"] = new JsonArray(
                new JsonObject { ["name"] = "Trail Runner 2", ["price"] = 89.9 },
                new JsonObject { ["name"] = "Summit Jacket", ["price"] = 149.0 }),
        };
        using var document = JsonDocument.Parse(result.ToJsonString());
        return document.RootElement.Clone();
    }

    private Task ValidationAsync(HttpContext context, IReadOnlyList<ValidationIssue> details) =>
        WriteAsync(context, 400, new ErrorEnvelope { Error = new ApiError { Type = ApiErrorType.Validation, Message = "Validation failed", Details = details } });

    private Task ErrorAsync(HttpContext context, int status, ApiErrorType type, string message) =>
        WriteAsync(context, status, new ErrorEnvelope { Error = new ApiError { Type = type, Message = message } });

    private Task JsonAsync<T>(HttpContext context, int status, T body) => WriteAsync(context, status, body);

    private async Task WriteAsync<T>(HttpContext context, int status, T body)
    {
        lock (_lock)
        {
            _exchanges.Add(new Exchange(context.Request.Method, context.Request.Path.Value ?? "/", status,
                (body as ErrorEnvelope)?.Error.Type.Value, context.Response.Headers.RetryAfter.Count > 0 ? context.Response.Headers.RetryAfter.ToString() : null));
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        // The generated serializer: the body has exactly the spec's shape (required members, enum values, wire names).
        await context.Response.WriteAsync(ScrapeGraphJsonContext.Serialize(body), context.RequestAborted);
    }
}
