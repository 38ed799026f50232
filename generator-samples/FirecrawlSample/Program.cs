using Firecrawl;
using FirecrawlSample;
using OpenApiClientGen;

// The Firecrawl v2 client of OpenApiClientGen. FirecrawlClient, its records (ScrapeRequest, ScrapeResponse, ErrorResponse,
// ...), ApiException and the retry loop are generated at build time from specs/firecrawl-v2-openapi.yaml and the
// annotations file beside it (see the OpenApiClient item in FirecrawlSample.csproj). This project only makes the calls:
// Tour.cs against FirecrawlEmulator.cs (a small local server), or the code below against a real service.

const string Usage = """
    Usage: dotnet run --project generator-samples/FirecrawlSample [-- <options>]

      (no options)       An offline tour against an emulated Firecrawl v2 API on 127.0.0.1: a typed result,
                         a 429 retried after its Retry-After, a typed 402, batch scrape errors, two kinds of 429.
                         Exits with 1 if a step does not behave as expected.
      --base-url <url>   Talk to this Firecrawl v2 service instead, e.g. https://api.firecrawl.dev/v2
      --api-key <key>    Its API key (fc-...); by default the FIRECRAWL_API_KEY environment variable
      --url <url>        The page to scrape there (default https://example.com)
      --help             This text
    """;

string? baseUrl = null, apiKey = null, url = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h" or "-?":
            Console.WriteLine(Usage);
            return 0;
        case "--base-url" when i + 1 < args.Length:
            baseUrl = args[++i];
            break;
        case "--api-key" when i + 1 < args.Length:
            apiKey = args[++i];
            break;
        case "--url" when i + 1 < args.Length:
            url = args[++i];
            break;
        default:
            return UsageError($"Unknown option, or an option without its value: {args[i]}");
    }
}

using var http = new HttpClient();

if (baseUrl is null)
{
    if (apiKey is not null || url is not null) return UsageError("--api-key and --url go with --base-url.");
    return await Tour.RunAsync(http);
}

if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
    return UsageError($"--base-url must be an absolute http(s) URL: {baseUrl}");
apiKey ??= Environment.GetEnvironmentVariable("FIRECRAWL_API_KEY");
if (string.IsNullOrWhiteSpace(apiKey)) return UsageError("An API key is needed: --api-key fc-... or FIRECRAWL_API_KEY.");
return await ScrapeAsync(http, baseAddress, apiKey, url ?? "https://example.com");

// Against a real service: one scrape, and the typed result or the typed error.
static async Task<int> ScrapeAsync(HttpClient http, Uri baseAddress, string apiKey, string url)
{
    var client = new FirecrawlClient(http, new FirecrawlClientOptions
    {
        BaseAddress = baseAddress,
        BearerToken = apiKey,
        OnRetry = Show.Retry,   // retries (and their waits) follow the annotations; this shows them
    });
    Console.WriteLine($"Scraping {url} through {baseAddress.AbsoluteUri.TrimEnd('/')}/scrape");
    try
    {
        Show.Page(await client.ScrapeAndExtractFromUrlAsync(new ScrapeRequest { Url = url }));
        return 0;
    }
    catch (ApiException<ErrorResponse> e)   // a declared error status, its body typed
    {
        Show.Error(e, e.Payload?.Error);
    }
    catch (ApiException e)                  // any other status: the raw body
    {
        Show.Error(e, null);
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)   // no answer, even after the retries
    {
        Console.Error.WriteLine($"No answer from {baseAddress}: {e.Message}");
    }
    return 1;
}

static int UsageError(string message)
{
    Console.Error.WriteLine(message);
    Console.Error.WriteLine("The options: dotnet run --project generator-samples/FirecrawlSample -- --help");
    return 2;
}
