using Firecrawl;
using OpenApiClientGen.RuntimeTests.Http;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Paging;

/// <summary>
/// Firecrawl's batch-scrape status pages by its <c>next</c> URL (specs/firecrawl-v2-openapi.annotations.yaml, and the
/// annotations written for the corpus document in Paging/): three pages of documents over Kestrel, through the generated
/// <c>GetBatchScrapeStatusItemsAsync</c> and <c>...PagesAsync</c>.
/// </summary>
public sealed class FirecrawlPagingTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    /// <summary>Page 1, 2 or 3 of a job's documents (two, two, one), with the URL of the next page.</summary>
    internal static string StatusPage(RecordingServer server, Guid id, int page)
    {
        var documents = Enumerable.Range(page * 2 - 1, page == 3 ? 1 : 2).Select(n => $$$"""{"markdown": "# Page {{{n}}}", "metadata": {"title": "Page {{{n}}}", "sourceURL": "https://example.com/{{{n}}}"}}""");
        var next = page < 3 ? $"\"{server.Root}v2/batch/scrape/{id:D}?skip={page * 2}\"" : "null";
        return $$"""{"status": "completed", "total": 5, "completed": 5, "creditsUsed": 5, "next": {{next}}, "data": [{{string.Join(", ", documents)}}]}""";
    }

    internal static Scenario Job(RecordingServer server, Guid id) => server.NewScenario((context, _) =>
    {
        var page = context.Request.Query["skip"].ToString() switch { "" => 1, "2" => 2, _ => 3 };
        return RecordingServer.Reply(context, 200, StatusPage(server, id, page));
    });

    [Fact]
    public async Task The_batch_scrape_status_of_the_specs_document_pages_by_next()
    {
        var id = Guid.NewGuid();
        var scenario = Job(server, id);
        var client = new FirecrawlClient(server.HttpClient, new FirecrawlClientOptions
        {
            BaseAddress = server.Address("v2"),
            BearerToken = "fc-paging",
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        });

        var titles = new List<string?>();
        await foreach (var document in client.Scraping.GetBatchScrapeStatusItemsAsync(id)) titles.Add(document.Metadata?.Title);

        Assert.Equal(["Page 1", "Page 2", "Page 3", "Page 4", "Page 5"], titles);
        Assert.Equal([$"/v2/batch/scrape/{id:D}", $"/v2/batch/scrape/{id:D}?skip=2", $"/v2/batch/scrape/{id:D}?skip=4"], scenario.Requests.Select(r => r.RawTarget));
        // Each page carries the credentials, as any request of the client.
        Assert.All(scenario.Requests, r => Assert.Equal("Bearer fc-paging", r.Header("Authorization")));
    }

#if HAS_CORPUS
    [Streaming.CorpusFact("firecrawl-v2-openapi.json")]
    public async Task The_batch_scrape_status_of_the_corpus_document_pages_by_next_with_the_annotations_written_for_it()
    {
        var id = Guid.NewGuid();
        var scenario = Job(server, id);
        var client = new FirecrawlCorpus.FirecrawlCorpusClient(server.HttpClient, new FirecrawlCorpus.FirecrawlCorpusClientOptions
        {
            BaseAddress = server.Address("v2"),
            BearerToken = "fc-paging",
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        });

        var pages = new List<int>();
        await foreach (var page in client.GetBatchScrapeStatusPagesAsync(id)) pages.Add(page.Value.Data!.Count);

        Assert.Equal([2, 2, 1], pages);
        Assert.Equal(3, scenario.Requests.Count);
    }
#endif
}
