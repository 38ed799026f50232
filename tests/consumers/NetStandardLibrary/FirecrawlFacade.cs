using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using NetStandardLibrary.Firecrawl;
using OpenApiClientGen;

namespace NetStandardLibrary;

/// <summary>A library's own API over the generated Firecrawl client: what a netstandard2.0 package of a user would ship.</summary>
public sealed class FirecrawlFacade
{
    private readonly IFirecrawlClient _client;

    /// <summary>Creates the facade over a generated client that sends through <paramref name="http"/>.</summary>
    /// <param name="http">The HttpClient requests go through.</param>
    /// <param name="apiKey">The Firecrawl API key, sent as a bearer token.</param>
    /// <param name="baseAddress">Where requests go; the document's server when null.</param>
    public FirecrawlFacade(HttpClient http, string apiKey, Uri? baseAddress = null)
    {
        _client = new FirecrawlClient(http, new FirecrawlClientOptions
        {
            BearerToken = apiKey,
            BaseAddress = baseAddress,
            Retry = RetryPolicy.Default with { MaxAttempts = 2 },
        });
    }

    /// <summary>The URLs whose scrape failed in a batch scrape job, or the API's error message.</summary>
    /// <param name="jobId">The batch scrape job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<string> FailedUrlsAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        try
        {
            var errors = await _client.GetBatchScrapeErrorsAsync(jobId, cancellationToken).ConfigureAwait(false);
            return string.Join(", ", (errors.Errors ?? Array.Empty<CrawlErrorsResponseObjErrorsItem>()).Select(e => e.Url));
        }
        catch (ApiException e)
        {
            return $"{e.StatusCode} after {e.Attempts} attempt(s): {e.Message}";
        }
    }

    /// <summary>Reads and writes back a crawl error listing with the generated JSON metadata.</summary>
    /// <param name="json">A CrawlErrorsResponseObj as JSON.</param>
    public static string RoundTrip(string json) =>
        FirecrawlJsonContext.Serialize(FirecrawlJsonContext.Deserialize<CrawlErrorsResponseObj>(json));
}
