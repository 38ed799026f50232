using ScrapeGraph;
using OpenApiClientGen;

namespace ScrapeGraphSample;

/// <summary>The same client against the real service: credits, one extraction (polled until it has completed).</summary>
internal static class Live
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private const int MaxPolls = 30;

    public static async Task<int> RunAsync(Uri baseAddress, string apiKey, string url, string prompt)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var client = new ScrapeGraphClient(http, new ScrapeGraphClientOptions
        {
            BaseAddress = baseAddress,
            ApiKey = apiKey,
            OnRetry = Print.Retry,
        });
        Console.WriteLine($"ScrapeGraphAI at {baseAddress} (retries: {ScrapeGraphClient.RetryMetadata.Source})");
        try
        {
            var credits = await client.GetCreditsAsync();
            Console.WriteLine($"getCredits: remaining_credits={credits.RemainingCredits}, total_credits_used={credits.TotalCreditsUsed}");

            Console.WriteLine($"smartScraper: {url}, \"{prompt}\"");
            var response = await client.SmartScraperAsync(new SmartScraperRequest { WebsiteUrl = url, UserPrompt = prompt });
            Console.WriteLine($"  request_id={response.RequestId}, status={response.Status}");
            // An extraction that is still running: poll getSmartScraperRequest, printing each change of status.
            for (var poll = 1; poll <= MaxPolls && (response.Status == HistoryEntryStatus.Queued || response.Status == HistoryEntryStatus.Processing); poll++)
            {
                await Task.Delay(PollInterval);
                var previous = response.Status;
                response = await client.GetSmartScraperRequestAsync(response.RequestId);
                if (response.Status != previous) Console.WriteLine($"  getSmartScraperRequest after {Print.Seconds(PollInterval * poll)}: status={response.Status}");
                else if (poll == MaxPolls) Console.WriteLine($"  still {response.Status} after {Print.Seconds(PollInterval * poll)}; giving up");
            }
            if (response.Error is { } error) Console.WriteLine($"  error: {error}");
            if (response.Result is { } result) Console.WriteLine($"  result:{Environment.NewLine}{Print.Indented(result, "    ")}");
            return response.Status == HistoryEntryStatus.Completed ? 0 : 1;
        }
        catch (ApiException e)
        {
            Console.WriteLine();
            Console.WriteLine($"{(e is ApiException<ErrorEnvelope> ? "ApiException<ErrorEnvelope>" : "ApiException")} from {e.OperationId}: {e.StatusCode} {e.ReasonPhrase}, after {e.Attempts} attempt(s)");
            if (e is ApiException<ErrorEnvelope> { Payload: { } payload }) Print.Envelope(payload, "  ");
            else Console.WriteLine($"  body: {e.ResponseBody}");
            Console.WriteLine($"  ErrorCode: {e.ErrorCode ?? "(none)"}; retryable: {e.Retryable} (IsRetryable: {(e.IsRetryable ? "true" : "false")})");
            Console.WriteLine($"  Cause:  {e.Cause ?? "(not annotated)"}");
            Console.WriteLine($"  Remedy: {e.Remedy ?? "(not annotated)"}");
            return 1;
        }
        catch (HttpRequestException e)
        {
            Console.WriteLine($"Could not reach {baseAddress}: {e.Message}");
            return 1;
        }
        catch (TaskCanceledException)
        {
            Console.WriteLine($"No answer from {baseAddress} within {http.Timeout.TotalSeconds:0} s.");
            return 1;
        }
    }
}
