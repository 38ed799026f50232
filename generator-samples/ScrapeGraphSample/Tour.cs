using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ScrapeGraph;
using OpenApiClientGen;

namespace ScrapeGraphSample;

/// <summary>
/// The generated client against the embedded <see cref="Emulator"/>: a typed result, a retried 429 and a typed 400 that
/// is not retried. Every expectation is checked; the exit code is 1 if one fails.
/// </summary>
internal static class Tour
{
    private const string ProductsUrl = "https://example.com/products";

    public static async Task<int> RunAsync()
    {
        try
        {
            return await RunStepsAsync();
        }
        catch (Exception e)
        {
            Console.WriteLine();
            Console.WriteLine($"UNEXPECTED: the tour failed with {e}");
            return 1;
        }
    }

    private static async Task<int> RunStepsAsync()
    {
        var checks = new Checks();
        await using var emulator = await Emulator.StartAsync();
        using var http = new HttpClient();
        var retries = new List<RetryEvent>();
        var client = new ScrapeGraphClient(http, new ScrapeGraphClientOptions
        {
            BaseAddress = emulator.BaseAddress,
            ApiKey = Emulator.ApiKey,
            OnRetry = e =>
            {
                retries.Add(e);
                Print.Retry(e);
            },
        });
        var seen = 0;
        IReadOnlyList<Exchange> Wire()
        {
            var all = emulator.Exchanges;
            var news = all.Skip(seen).ToList();
            seen = all.Count;
            for (var i = 0; i < news.Count; i++) Console.WriteLine($"   {(i == 0 ? "wire:" : "     ")} {news[i]}");
            return news;
        }

        var metadata = ScrapeGraphClient.RetryMetadata;
        var policy = metadata.Policy;
        Console.WriteLine("OpenApiClientGen: the ScrapeGraphAI client (spec: specs/scrapegraphai-openapi.yaml, namespace ScrapeGraph)");
        Console.WriteLine($"Retry policy from {metadata.Source}: {policy.MaxAttempts} attempts, {Print.Seconds(policy.InitialDelay)} x{policy.Multiplier} up to {Print.Seconds(policy.MaxDelay)}, "
            + $"jitter ±{policy.JitterRatio:P0}, Retry-After honored up to {Print.Seconds(policy.MaxRetryAfter)}; smartScraper (POST): retry {metadata.For("smartScraper").Mode}");
        Console.WriteLine($"Emulator: {emulator.BaseAddress} (one smartScraper request every {Print.Seconds(Emulator.RateWindow)}, {Emulator.CreditsPerRequest} credits each)");

        // 1. A typed result.
        Console.WriteLine();
        Console.WriteLine("1. smartScraper: a typed result");
        var request = new SmartScraperRequest
        {
            WebsiteUrl = ProductsUrl,
            UserPrompt = "List every product with its name and price",
            OutputSchema = JsonDocument.Parse("""{"type":"object","properties":{"products":{"type":"array"}}}""").RootElement,
        };
        var first = await client.SmartScraperAsync(request);
        var wire = Wire();
        Console.WriteLine($"   SmartScraperResponse: request_id={first.RequestId}, status={first.Status}, error={first.Error ?? "(none)"}");
        var products = first.Result is { ValueKind: JsonValueKind.Object } result && result.TryGetProperty("products", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(p => $"{p.GetProperty("name").GetString()} ({p.GetProperty("price").GetDouble().ToString(CultureInfo.InvariantCulture)})").ToList()
            : [];
        Console.WriteLine($"   result.products: {string.Join(", ", products)}");
        checks.That(first.Status == HistoryEntryStatus.Completed && first.Status.IsKnown, "the first smartScraper completed");
        checks.That(products.Count == 2, "its result has the two products");
        checks.That(wire.Select(x => x.Status).SequenceEqual([200]) && retries.Count == 0, "one request, no retry");

        // 2. At once again: beyond the plan's rate, 429 rate_limited, retried after the Retry-After.
        Console.WriteLine();
        Console.WriteLine("2. smartScraper again at once: 429 rate_limited, retried after Retry-After");
        var stopwatch = Stopwatch.StartNew();
        var second = await client.SmartScraperAsync(request with { UserPrompt = "List every product that is on sale" });
        stopwatch.Stop();
        wire = Wire();
        Console.WriteLine($"   succeeded on attempt {wire.Count} after {stopwatch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s: request_id={second.RequestId}, status={second.Status}");
        checks.That(second.Status == HistoryEntryStatus.Completed, "the second smartScraper completed");
        checks.That(wire.Select(x => x.Status).SequenceEqual([429, 200]), "the emulator answered 429 then 200");
        checks.That(retries is [{ StatusCode: 429, ErrorCode: "rate_limited", Attempt: 1, RetryAfter: { } asked } retry] && retry.Delay == asked && asked > TimeSpan.Zero,
            "OnRetry reported one retry of the 429 rate_limited, waiting the Retry-After the emulator sent");
        checks.That(stopwatch.Elapsed >= (retries.FirstOrDefault()?.Delay ?? TimeSpan.MaxValue), "the client waited before retrying");

        // 3. A request the emulator rejects: a typed 400 with the envelope's details, the annotations' cause and remedy, not retried.
        Console.WriteLine();
        Console.WriteLine("3. smartScraper with a private URL and an empty prompt: 400 validation, not retried");
        var retriesBefore = retries.Count;
        try
        {
            await client.SmartScraperAsync(new SmartScraperRequest { WebsiteUrl = "http://192.168.1.10/admin", UserPrompt = "" });
            Wire();
            checks.That(false, "the invalid request throws ApiException<ErrorEnvelope>");
        }
        catch (ApiException<ErrorEnvelope> e)
        {
            wire = Wire();
            Console.WriteLine($"   ApiException<ErrorEnvelope> from {e.OperationId}: {e.StatusCode} {e.ReasonPhrase}, after {e.Attempts} attempt(s)");
            if (e.Payload is { } payload) Print.Envelope(payload, "   ");
            Console.WriteLine($"   ErrorCode: {e.ErrorCode}; retryable: {e.Retryable} (IsRetryable: {(e.IsRetryable ? "true" : "false")})");
            Console.WriteLine($"   Cause:  {e.Cause}");
            Console.WriteLine($"   Remedy: {e.Remedy}");
            var annotated = metadata.Classify("smartScraper", 400, "validation");
            var details = e.Payload?.Error.Details ?? [];
            checks.That(e.StatusCode == 400 && e.Payload?.Error.Type == ApiErrorType.Validation, "a 400 whose payload is typed, error.type validation");
            checks.That(details.Any(d => d.Code == ValidationIssueCode.Custom && d.Path is [{ String: "website_url" }])
                && details.Any(d => d.Code == ValidationIssueCode.TooSmall && d.Path is [{ String: "user_prompt" }]),
                "the envelope's details name website_url (custom) and user_prompt (too_small)");
            checks.That(e.ErrorCode == "validation", "ErrorCode is validation, read at /error/type");
            checks.That(annotated is not null && e.Cause == annotated.Cause && e.Remedy == annotated.Remedy && e.Cause is not null,
                "Cause and Remedy are the annotations' for 400 validation");
            checks.That(e.Retryable == Retryability.No && !e.IsRetryable && e.Attempts == 1, "annotated not retryable, one attempt");
            checks.That(wire.Select(x => x.Status).SequenceEqual([400]) && retries.Count == retriesBefore, "one request, no retry");
        }

        // 4. The account: what the two extractions cost.
        Console.WriteLine();
        Console.WriteLine("4. getCredits");
        var credits = await client.GetCreditsAsync();
        Wire();
        Console.WriteLine($"   CreditsResponse: remaining_credits={credits.RemainingCredits}, total_credits_used={credits.TotalCreditsUsed}");
        checks.That(credits.TotalCreditsUsed == 2 * Emulator.CreditsPerRequest, "two extractions were charged (not the 429 nor the 400)");

        Console.WriteLine();
        return checks.Report();
    }

    /// <summary>The tour's expectations: each failure is printed where it happens and counted at the end.</summary>
    private sealed class Checks
    {
        private readonly List<string> _failed = [];
        private int _count;

        public void That(bool condition, string expectation)
        {
            _count++;
            if (!condition)
            {
                _failed.Add(expectation);
                Console.WriteLine($"   UNEXPECTED: expected {expectation}");
            }
        }

        public int Report()
        {
            if (_failed.Count == 0)
            {
                Console.WriteLine($"All {_count} checks passed.");
                return 0;
            }
            Console.WriteLine($"{_failed.Count} of {_count} checks failed:");
            foreach (var failure in _failed) Console.WriteLine($"  - {failure}");
            return 1;
        }
    }
}
