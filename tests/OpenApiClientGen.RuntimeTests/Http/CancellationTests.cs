using System.Diagnostics;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Http;

/// <summary>The cancellation token of a generated method cancels the request on the wire, promptly.</summary>
public sealed class CancellationTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    /// <summary>A responder that never answers, and completes <paramref name="aborted"/> when the client goes away.</summary>
    private Scenario NeverAnswers(TaskCompletionSource aborted) => server.NewScenario(async (context, _) =>
    {
        using var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server.Stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    });

    [Fact]
    public async Task Cancelling_while_the_server_never_answers()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scenario = NeverAnswers(aborted);
        var client = new Firecrawl.FirecrawlClient(server.HttpClient, new Firecrawl.FirecrawlClientOptions
        {
            BaseAddress = server.Address("v2"),
            BearerToken = "fc-secret",
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        });
        using var cancellation = new CancellationTokenSource();

        var call = client.GetBatchScrapeErrorsAsync(Guid.NewGuid(), cancellation.Token);
        await scenario.FirstRequest.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the request is on the server
        Assert.False(call.IsCompleted);

        // The server never answers: only the token can end the call (the 5 s bound only keeps a regression from hanging).
        cancellation.Cancel();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(cancellation.Token, error.CancellationToken);
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10)); // and the server saw the request go away
    }

    [Fact]
    public async Task A_token_that_times_out_cancels_a_call_that_never_completes()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scenario = NeverAnswers(aborted);
        var client = new HttpFeatures.HttpFeaturesClient(server.HttpClient, new HttpFeatures.HttpFeaturesClientOptions
        {
            BaseAddress = server.Address("api"),
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        });
        using var cancellation = new CancellationTokenSource();

        var call = client.GetItemAsync("slow", cancellation.Token);
        await scenario.FirstRequest.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));
        clock.Stop();

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"cancelled after {clock.Elapsed}, before the token timed out");
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1300), $"cancellation took {clock.Elapsed}");
        Assert.Equal("/api/items/slow", scenario.Single().RawTarget);
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        var scenario = server.NewScenario(200, """{"remaining_credits": 1, "total_credits_used": 2}""");
        var client = new ScrapeGraph.ScrapeGraphClient(server.HttpClient, new ScrapeGraph.ScrapeGraphClientOptions
        {
            BaseAddress = server.Address("v2"),
            ApiKey = "sgai-key",
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetCreditsAsync(new CancellationToken(canceled: true)));

        Assert.Empty(scenario.Requests);
        var credits = await client.GetCreditsAsync(); // the same client still works
        Assert.Equal(1, credits.RemainingCredits);
        Assert.Single(scenario.Requests);
    }

    [Fact]
    public async Task Cancelling_a_read_of_a_download_in_progress()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scenario = server.NewScenario(async (context, _) =>
        {
            using var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(new byte[] { 9, 8, 7 });
            await context.Response.Body.FlushAsync();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server.Stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        });
        var client = new HttpFeatures.HttpFeaturesClient(server.HttpClient, new HttpFeatures.HttpFeaturesClientOptions
        {
            BaseAddress = server.Address("api"),
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        });

        await using var stream = await client.DownloadFileAsync("stalled.bin").WaitAsync(TimeSpan.FromSeconds(10));
        var head = new byte[3];
        await stream.ReadExactlyAsync(head);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(new byte[16], cancellation.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        clock.Stop();

        Assert.Equal(new byte[] { 9, 8, 7 }, head);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.2), $"cancellation took {clock.Elapsed}");
        await stream.DisposeAsync();
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
