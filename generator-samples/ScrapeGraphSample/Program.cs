// The ScrapeGraphAI client of OpenApiClientGen. ScrapeGraphClient, its records (SmartScraperRequest, SmartScraperResponse,
// ErrorEnvelope, ...), ApiException and the retry loop are generated at build time from specs/scrapegraphai-openapi.yaml
// and the annotations file beside it (see the OpenApiClient item in ScrapeGraphSample.csproj). This project only makes
// the calls: Tour.cs against Emulator.cs (a small local server), or Live.cs against a real service.
using ScrapeGraphSample;
using OpenApiClientGen;

string? baseUrl = null, apiKey = null, url = null, prompt = null;
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    try
    {
        switch (args[i])
        {
            case "--base-url": baseUrl = Value(); break;
            case "--api-key": apiKey = Value(); break;
            case "--url": url = Value(); break;
            case "--prompt": prompt = Value(); break;
            case "-h" or "--help":
                Usage(Console.Out);
                return 0;
            default:
                throw new ArgumentException($"Unknown argument {args[i]}.");
        }
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        Usage(Console.Error);
        return 2;
    }
}

if (baseUrl is null)
{
    if (apiKey is not null || url is not null || prompt is not null)
    {
        Console.Error.WriteLine("--api-key, --url and --prompt go with --base-url.");
        Usage(Console.Error);
        return 2;
    }
    return await Tour.RunAsync();
}

if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
{
    Console.Error.WriteLine($"--base-url must be an absolute http(s) URL: {baseUrl}");
    return 2;
}
apiKey ??= Environment.GetEnvironmentVariable("SGAI_APIKEY");
if (string.IsNullOrWhiteSpace(apiKey))
{
    Console.Error.WriteLine("An API key is needed: --api-key sgai-... or SGAI_APIKEY.");
    return 2;
}
return await Live.RunAsync(baseAddress, apiKey, url ?? "https://example.com", prompt ?? "The page's title and a one-sentence summary of its content");

static void Usage(TextWriter writer) => writer.WriteLine($"""
    Usage: dotnet run --project generator-samples/ScrapeGraphSample [-- <options>]

      (no options)       An offline tour against an emulated ScrapeGraphAI v2 API on 127.0.0.1: a typed smartScraper
                         result, a 429 rate_limited retried after its Retry-After, a typed 400 validation error with its
                         details, cause and remedy, not retried. Exits with 1 if a step does not behave as expected.
      --base-url <url>   Talk to this ScrapeGraphAI v2 service instead, e.g. {ScrapeGraph.ScrapeGraphClientOptions.DefaultBaseAddress}
      --api-key <key>    Its API key (sgai-...); by default the SGAI_APIKEY environment variable
      --url <url>        The page to extract from (default https://example.com)
      --prompt <text>    What to extract (default: the page's title and a one-sentence summary)
      --help             This text
    """);
