using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.PackageTests;

/// <summary>
/// The README's main command, as a new user types it in a fresh clone: the samples' offline tours run against their
/// embedded emulators and check themselves (a step that does not behave as expected exits non-zero).
/// </summary>
[Trait("Category", "Package")]
public sealed class SampleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("FirecrawlSample", new[] { "ScrapeResponse:", "OnRetry: attempt 1", "ApiException<ErrorResponse>: 402", "Remedy", "Tour complete" })]
    [InlineData("ScrapeGraphSample", new[] { "SmartScraperResponse:", "OnRetry: smartScraper attempt 1", "ApiException<ErrorEnvelope> from smartScraper: 400", "Remedy:", "All 14 checks passed." })]
    public async Task Sample_tour_runs_offline_and_shows_a_typed_result_a_retry_and_a_typed_error(string sample, string[] expected)
    {
        var run = await DotNetCli.DotNet(output.WriteLine, TestPaths.RepositoryRoot, null,
            "run", "--project", Path.Combine("generator-samples", sample));

        Assert.True(run.ExitCode == 0, $"The {sample} tour failed:{Environment.NewLine}{run}");
        foreach (var text in expected) Assert.Contains(text, run.StandardOutput, StringComparison.Ordinal);
    }
}
