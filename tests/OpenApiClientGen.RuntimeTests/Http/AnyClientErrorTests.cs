using Firecrawl;
using OpenApiClientGen;
using ScrapeGraph;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Http;

/// <summary>
/// Two specs in one project, both namespaces imported: the clients throw the one exception hierarchy of the runtime
/// library, so one <c>catch (ApiException)</c> handles either, and a typed catch still sees each payload.
/// </summary>
public sealed class AnyClientErrorTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private FirecrawlClient Firecrawl(Scenario scenario) => new(server.HttpClient, new FirecrawlClientOptions
    {
        BaseAddress = server.Address("v2"),
        BearerToken = "fc-key",
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        Retry = RetryPolicy.None,
    });

    private ScrapeGraphClient ScrapeGraph(Scenario scenario) => new(server.HttpClient, new ScrapeGraphClientOptions
    {
        BaseAddress = server.Address("v1"),
        ApiKey = "sgai-key",
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        Retry = RetryPolicy.None,
    });

    /// <summary>What a program does with any API's error: one handler for every generated client.</summary>
    private static async Task<ApiException?> CatchAny(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (ApiException e)
        {
            return e;
        }
    }

    [Fact]
    public async Task One_catch_of_the_runtime_exception_handles_the_errors_of_both_clients()
    {
        var firecrawl = Firecrawl(server.NewScenario(404, """{"error": "Batch scrape job not found"}"""));
        var scrapeGraph = ScrapeGraph(server.NewScenario(401, """{"error": {"type": "authentication", "message": "Invalid API key"}}"""));

        var fromFirecrawl = await CatchAny(() => firecrawl.GetBatchScrapeErrorsAsync(Guid.NewGuid()));
        var fromScrapeGraph = await CatchAny(() => scrapeGraph.GetCreditsAsync());

        Assert.NotNull(fromFirecrawl);
        Assert.NotNull(fromScrapeGraph);
        Assert.Equal(404, fromFirecrawl.StatusCode);
        Assert.Equal(401, fromScrapeGraph.StatusCode);
        // The same type, from the same assembly, whichever client threw it.
        Assert.Same(typeof(ApiException).Assembly, fromFirecrawl.GetType().Assembly);
        Assert.Same(typeof(ApiException).Assembly, fromScrapeGraph.GetType().Assembly);
        Assert.Equal("OpenApiClientGen.Runtime", typeof(ApiException).Assembly.GetName().Name);
    }

    [Fact]
    public async Task The_typed_exceptions_keep_each_specs_payload_type()
    {
        var firecrawl = Firecrawl(server.NewScenario(404, """{"error": "Batch scrape job not found"}"""));
        var scrapeGraph = ScrapeGraph(server.NewScenario(401, """{"error": {"type": "authentication", "message": "Invalid API key"}}"""));

        var fromFirecrawl = await CatchAny(() => firecrawl.GetBatchScrapeErrorsAsync(Guid.NewGuid()));
        var fromScrapeGraph = await CatchAny(() => scrapeGraph.GetCreditsAsync());

        var firecrawlPayload = Assert.IsType<ApiException<Firecrawl.ErrorResponse>>(fromFirecrawl).Payload;
        Assert.Equal("Batch scrape job not found", firecrawlPayload?.Error);
        var envelope = Assert.IsType<ApiException<ErrorEnvelope>>(fromScrapeGraph).Payload;
        Assert.Equal("Invalid API key", envelope?.Error.Message);
    }
}
