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
    [InlineData("FirecrawlSample", new[] { "ScrapeResponse:", "OnRetry: attempt 1", "ApiException<ErrorResponse>: 402", "Remedy", "request id req-", "404 -> NotFound:", "4 documents in 2 pages", "Tour complete" })]
    [InlineData("ScrapeGraphSample", new[] { "SmartScraperResponse:", "OnRetry: smartScraper attempt 1", "ApiException<ErrorEnvelope> from smartScraper: 400", "Remedy:", "All 14 checks passed." })]
    [InlineData("StreamingSample", new[] { "Here is a streamed answer.", "12 tokens", "resuming in 100 ms with Last-Event-ID", "text: Streams resume.", "Tour complete" })]
    public async Task Sample_tour_runs_offline_and_shows_a_typed_result_a_retry_and_a_typed_error(string sample, string[] expected)
    {
        var run = await DotNetCli.DotNet(output.WriteLine, TestPaths.RepositoryRoot, null,
            "run", "--project", Path.Combine("generator-samples", sample));

        Assert.True(run.ExitCode == 0, $"The {sample} tour failed:{Environment.NewLine}{run}");
        foreach (var text in expected) Assert.Contains(text, run.StandardOutput, StringComparison.Ordinal);
    }
}

/// <summary>
/// generator-samples/PackageSample (what generator-samples/pack-and-run.sh builds and runs), against the package this
/// collection packed: copied with specs/ to a temporary directory, restored into the isolated packages folder, built with
/// its own TreatWarningsAsErrors, and run; it checks itself (exit code 1 when the generated code or the runtime is not
/// what it should be).
/// </summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "Package")]
public sealed class PackageSampleTests(PackedPackage package, ITestOutputHelper output)
{
    [Fact]
    public async Task PackageSample_builds_against_the_packed_package_and_runs()
    {
        var root = Path.Combine(package.Root, "sample-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(root, "generator-samples", "PackageSample");
        TestPaths.CopyDirectory(Path.Combine(TestPaths.RepositoryRoot, "generator-samples", "PackageSample"), project);
        TestPaths.CopyDirectory(Path.Combine(TestPaths.RepositoryRoot, "specs"), Path.Combine(root, "specs"));
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "global.json"), Path.Combine(root, "global.json"));
        string[] properties = [$"-p:OpenApiClientGenVersion={package.Version}", $"-p:OpenApiClientGenFeed={package.Feed}"];

        var build = await DotNetCli.DotNet(output.WriteLine, project, package.ConsumerEnvironment, ["build", "PackageSample.csproj", "-c", "Release", .. properties]);
        Assert.True(build.ExitCode == 0, $"PackageSample does not build:{Environment.NewLine}{build}");
        Assert.Empty(build.DiagnosticLines());
        package.AssertRestoredFromFeed();

        // A normal dependency: the runtime in the output, the generator not.
        var outputDirectory = Path.Combine(project, "bin", "Release", "net10.0");
        Assert.True(File.Exists(Path.Combine(outputDirectory, "OpenApiClientGen.Runtime.dll")), "The runtime library is not in PackageSample's output.");
        Assert.False(File.Exists(Path.Combine(outputDirectory, "OpenApiClientGen.dll")), "The generator reached PackageSample's output.");

        var run = await DotNetCli.DotNet(output.WriteLine, project, null, Path.Combine(outputDirectory, "PackageSample.dll"));
        Assert.True(run.ExitCode == 0, $"PackageSample failed its own checks:{Environment.NewLine}{run}");
        Assert.Contains("FirecrawlClient.RetryMetadata.Source: firecrawl-v2-openapi.annotations.yaml", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Runtime: OpenApiClientGen.Runtime ", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("in the app's output", run.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("OK", run.StandardOutput.TrimEnd(), StringComparison.Ordinal);
    }
}
