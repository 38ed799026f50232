using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.PackageTests;

/// <summary>
/// tests/consumers/ProjectReferenceConsumer: references src/OpenApiClientGen/OpenApiClientGen.csproj with
/// OutputItemType="Analyzer" ReferenceOutputAssembly="false" and imports src/OpenApiClientGen/build/OpenApiClientGen.props,
/// as a project in the same repository as the generator would. Its own collection: runs alongside the package tests.
/// </summary>
[Trait("Category", "Package")]
public sealed class ProjectReferenceConsumerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = TestPaths.CreateTempDirectory("projectreference");

    [Fact]
    public async Task ProjectReference_consumer_builds_clean_and_round_trips_json()
    {
        var project = Path.Combine(TestPaths.CopyConsumerTemplates(_root), "ProjectReferenceConsumer");

        // A fresh ArtifactsPath (a global property, so it also applies to the referenced generator project): the generator
        // is built from source here, without reading or overwriting the repository's artifacts/, and the compiler server
        // never sees a previously loaded generator at the same path.
        var artifacts = Path.Combine(_root, "artifacts");
        var build = await DotNetCli.DotNet(output.WriteLine, project, null,
            "build", "ProjectReferenceConsumer.csproj", "-c", "Debug",
            $"-p:OpenApiClientGenRepoRoot={TestPaths.RepositoryRoot}",
            $"-p:ArtifactsPath={artifacts}");
        Assert.True(build.ExitCode == 0, $"The ProjectReference consumer does not build:{Environment.NewLine}{build}");
        Assert.Empty(build.DiagnosticLines());
        PackageConsumerTests.AssertGenerated(Path.Combine(artifacts, "obj", "ProjectReferenceConsumer"));

        // Artifacts layout: bin/<project>/<configuration, lower case>/.
        var assembly = Path.Combine(artifacts, "bin", "ProjectReferenceConsumer", "debug", "ProjectReferenceConsumer.dll");
        var run = await DotNetCli.DotNet(output.WriteLine, project, null, assembly);
        RoundTripOutput.AssertExpected(run);
    }

    public void Dispose() => TestPaths.DeleteTempDirectory(_root);
}
