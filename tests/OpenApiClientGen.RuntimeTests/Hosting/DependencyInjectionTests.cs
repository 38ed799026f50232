using System.Collections.Concurrent;
using System.Text.Json;
using Firecrawl;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenApiClientGen.RuntimeTests.Http;
using OpenApiClientGen.RuntimeTests.Retry;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Hosting;

/// <summary>
/// The generated <c>services.AddFirecrawlClient(…)</c> (this project references Microsoft.Extensions.Http and
/// .Http.Resilience): the typed client through IHttpClientFactory, options from configuration, sub-clients, and the
/// standard resilience handler retrying as the annotations say — attempts counted by the Kestrel server.
/// </summary>
public sealed class DependencyInjectionTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private const string StatusJson = """{"status": "completed", "total": 1, "completed": 1, "data": []}""";

    private static string Error(string message) => JsonSerializer.Serialize(new { success = false, error = message });

    private Action<FirecrawlClientOptions> Configure(Scenario scenario, ConcurrentQueue<RetryEvent>? clientRetries = null) => options =>
    {
        options.BaseAddress = server.Address("v2");
        options.BearerToken = "fc-di";
        options.DefaultHeaders[RecordingServer.ScenarioHeader] = scenario.Id;
        if (clientRetries is not null) options.OnRetry = clientRetries.Enqueue;
    };

    [Fact]
    public async Task AddFirecrawlClient_registers_the_typed_client_and_its_sub_clients()
    {
        var scenario = server.NewScenario(200, StatusJson);
        var services = new ServiceCollection();
        var builder = services.AddFirecrawlClient(Configure(scenario));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IFirecrawlClient>();
        var status = await client.GetBatchScrapeStatusAsync(Guid.NewGuid());
        await provider.GetRequiredService<IScrapingClient>().GetBatchScrapeStatusAsync(Guid.NewGuid());

        Assert.Equal(FirecrawlClientServiceCollectionExtensions.HttpClientName, builder.Name);
        Assert.IsType<FirecrawlClient>(client);
        Assert.Equal(BatchScrapeStatusResponseStatus.Completed, status.Status);
        Assert.Equal(2, scenario.Requests.Count);
        Assert.All(scenario.Requests, r => Assert.Equal("Bearer fc-di", r.Header("Authorization")));
        Assert.IsType<FirecrawlClient>(provider.GetRequiredService<ICrawlingClient>());
    }

    [Fact]
    public async Task Options_come_from_configuration_and_configure_applies_after_it()
    {
        var scenario = server.NewScenario(200, StatusJson);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Firecrawl:BaseAddress"] = server.Address("v2").AbsoluteUri,
            ["Firecrawl:BearerToken"] = "fc-from-configuration",
            ["Firecrawl:UserAgent"] = "configured-agent/1.0",
            [$"Firecrawl:DefaultHeaders:{RecordingServer.ScenarioHeader}"] = scenario.Id,
        }).Build();
        var services = new ServiceCollection();
        services.Configure<FirecrawlClientOptions>(configuration.GetSection("Firecrawl"));
        services.AddFirecrawlClient(options => options.DefaultHeaders["X-Configured-In-Code"] = "yes");
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IFirecrawlClient>().GetBatchScrapeStatusAsync(Guid.NewGuid());

        var request = scenario.Single();
        Assert.Equal("Bearer fc-from-configuration", request.Header("Authorization"));
        Assert.Equal("configured-agent/1.0", request.Header("User-Agent"));
        Assert.Equal("yes", request.Header("X-Configured-In-Code"));
        Assert.StartsWith("/v2/batch/scrape/", request.RawPath);
    }

    [Fact]
    public async Task The_standard_resilience_handler_retries_what_the_annotations_retry_and_the_clients_loop_is_off()
    {
        // 503 (retryable), 429 "Rate limit exceeded" with Retry-After: 1 (retryable, honored), then 200.
        var scenario = server.Sequence(
            new Reply(503, Error("Service Unavailable")),
            new Reply(429, Error("Rate limit exceeded. Consumed (req/min): 101"), "application/json", ("Retry-After", "1")),
            new Reply(200, StatusJson));
        var clientRetries = new ConcurrentQueue<RetryEvent>();
        var services = new ServiceCollection();
        services.AddFirecrawlClient(Configure(scenario, clientRetries))
            .AddFirecrawlClientStandardResilienceHandler(options => options.Retry.Delay = TimeSpan.FromMilliseconds(10));
        await using var provider = services.BuildServiceProvider();
        var started = DateTimeOffset.UtcNow;

        var status = await provider.GetRequiredService<IFirecrawlClient>().GetBatchScrapeStatusAsync(Guid.NewGuid());

        Assert.Equal(BatchScrapeStatusResponseStatus.Completed, status.Status);
        Assert.Equal(3, scenario.Requests.Count);
        // The 429's Retry-After was waited for; the client's own loop never retried.
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9));
        Assert.Empty(clientRetries);
        Assert.Same(RetryPolicy.None, provider.GetRequiredService<IOptions<FirecrawlClientOptions>>().Value.Retry);
    }

    [Fact]
    public async Task A_failure_that_keeps_failing_is_sent_as_often_as_the_annotations_allow_not_more()
    {
        // The Firecrawl annotations allow 5 attempts: one layer of retries, not the client's 5 times the handler's 5.
        var scenario = server.Sequence(new Reply(503, Error("Service Unavailable")));
        var services = new ServiceCollection();
        services.AddFirecrawlClient(Configure(scenario)).AddFirecrawlClientStandardResilienceHandler(options =>
        {
            options.Retry.Delay = TimeSpan.FromMilliseconds(1);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(2);
            options.CircuitBreaker.MinimumThroughput = 100;
        });
        await using var provider = services.BuildServiceProvider();

        // (The annotations' backoff is 1 s doubling: the options above shorten it, as a user may.)
        var error = await Assert.ThrowsAnyAsync<ApiException>(() =>
            provider.GetRequiredService<IFirecrawlClient>().GetBatchScrapeStatusAsync(Guid.NewGuid()));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(FirecrawlClient.RetryMetadata.PolicyFor("getBatchScrapeStatus").MaxAttempts, scenario.Requests.Count);
        Assert.Equal(5, scenario.Requests.Count);
    }

    [Theory]
    [InlineData(402, "Payment Required: Insufficient credits to perform this request.", null)]   // annotated: not retryable
    [InlineData(429, "Rate limit exceeded. Consumed (req/min): 101", "3600")]                  // Retry-After beyond the 60 s cap
    public async Task What_the_annotations_do_not_retry_is_sent_once(int status, string message, string? retryAfter)
    {
        var headers = retryAfter is null ? Array.Empty<(string, string)>() : [("Retry-After", retryAfter)];
        var scenario = server.Sequence(new Reply(status, Error(message), "application/json", headers), new Reply(200, StatusJson));
        var services = new ServiceCollection();
        services.AddFirecrawlClient(Configure(scenario)).AddFirecrawlClientStandardResilienceHandler();
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAnyAsync<ApiException>(() =>
            provider.GetRequiredService<IFirecrawlClient>().GetBatchScrapeStatusAsync(Guid.NewGuid()));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains(message, error.ResponseBody);
        Assert.Single(scenario.Requests);
    }

    [Fact]
    public async Task A_POST_the_annotations_do_not_allow_to_repeat_is_sent_once_and_one_they_allow_is_retried()
    {
        var crawl = server.Sequence(new Reply(503, Error("Service Unavailable")), new Reply(200, """{"success": true, "id": "c-1"}"""));
        var scrape = server.Sequence(new Reply(503, Error("Service Unavailable")), new Reply(200, """{"success": true, "data": {"markdown": "# Hi"}}"""));
        var services = new ServiceCollection();
        services.AddFirecrawlClient(options =>
        {
            options.BaseAddress = server.Address("v2");
            options.BearerToken = "fc-di";
        }).AddFirecrawlClientStandardResilienceHandler(options => options.Retry.Delay = TimeSpan.FromMilliseconds(1));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IFirecrawlClient>();

        // (The scenario header per call: both go through the one registered client.)
        await Assert.ThrowsAnyAsync<ApiException>(() => client.CrawlUrlsAsync(new CrawlRequest { Url = "https://example.com" },
            requestOptions: new RequestOptions().WithHeader(RecordingServer.ScenarioHeader, crawl.Id)));
        var scraped = await client.ScrapeAndExtractFromUrlAsync(new ScrapeRequest { Url = "https://example.com" },
            requestOptions: new RequestOptions().WithHeader(RecordingServer.ScenarioHeader, scrape.Id));

        Assert.Single(crawl.Requests);                // crawlUrls: POST, not annotated as repeatable
        Assert.Equal(2, scrape.Requests.Count);       // scrapeAndExtractFromUrl: retry: always
        Assert.Equal("# Hi", scraped.Data!.Markdown);
    }
}
