using System;
using System.Net.Http;
using System.Threading.Tasks;
using NetFrameworkApp.Firecrawl;
using NetStandardLibrary;
using OpenApiClientGen;

namespace NetFrameworkApp;

/// <summary>Calls the Firecrawl API through the generated client and through the netstandard2.0 library.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var apiKey = Environment.GetEnvironmentVariable("FIRECRAWL_API_KEY") ?? "fc-test";
        var jobId = args.Length > 0 ? Guid.Parse(args[0]) : Guid.Empty;
        using var http = new HttpClient();

        // The client generated in this app.
        IFirecrawlClient client = new FirecrawlClient(http, new FirecrawlClientOptions { BearerToken = apiKey });
        try
        {
            var errors = await client.GetBatchScrapeErrorsAsync(jobId).ConfigureAwait(false);
            Console.WriteLine($"{errors.Errors?.Count ?? 0} errors, {errors.RobotsBlocked?.Count ?? 0} blocked by robots.txt");
        }
        catch (ApiException<SupportProxyErrorResponse> e)
        {
            Console.WriteLine($"{e.StatusCode}: {e.Payload?.Error}");
        }
        catch (ApiException e)
        {
            Console.WriteLine($"{e.StatusCode} after {e.Attempts} attempt(s), retryable: {e.IsRetryable}");
        }

        // The library's, which consumes the package on its own.
        Console.WriteLine(await new FirecrawlFacade(http, apiKey).FailedUrlsAsync(jobId).ConfigureAwait(false));
        Console.WriteLine(FirecrawlFacade.RoundTrip("""{"errors":[],"robotsBlocked":["https://example.com/private"]}"""));
        return 0;
    }
}
