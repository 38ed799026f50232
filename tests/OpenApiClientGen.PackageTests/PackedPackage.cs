using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace OpenApiClientGen.PackageTests;

/// <summary>
/// `dotnet pack src/OpenApiClientGen` (the generator and the runtime library), once for the collection, into a
/// temporary folder feed, with a version no other run has used (0.0.0-test.&lt;ticks&gt;; its assembly version 0.0.0.0
/// differs from the repository's default, so a runtime not built by this pack shows). Both are built into a temporary
/// ArtifactsPath, so packing neither reads nor overwrites the repository's artifacts/. Consumers restore into <see cref="PackagesFolder"/>, an empty
/// NUGET_PACKAGES of their own: the package can only come from <see cref="Feed"/>, never from a stale global cache.
/// </summary>
public sealed class PackedPackage : IAsyncLifetime
{
    private readonly StringBuilder _log = new();

    public string Root { get; } = TestPaths.CreateTempDirectory("package");

    public string Version { get; } = $"0.0.0-test.{DateTime.UtcNow.Ticks}";

    public string Feed => Path.Combine(Root, "feed");

    public string PackagesFolder => Path.Combine(Root, "nuget-packages");

    public string PackagePath => Path.Combine(Feed, $"OpenApiClientGen.{Version}.nupkg");

    /// <summary>What the pack printed (a fixture has no test output of its own; tests print it).</summary>
    public string Log => _log.ToString();

    internal ProcessResult? PackResult { get; private set; }

    /// <summary>The environment of a consumer's restore/build/publish: the isolated packages folder.</summary>
    public IReadOnlyDictionary<string, string> ConsumerEnvironment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackagesFolder };

    /// <summary>The MSBuild properties the PackageConsumer template takes.</summary>
    public string[] ConsumerProperties =>
    [
        $"-p:OpenApiClientGenVersion={Version}",
        $"-p:OpenApiClientGenFeed={Feed}",
        $"-p:OpenApiClientGenRepoRoot={TestPaths.RepositoryRoot}",
    ];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(PackagesFolder);
        PackResult = await DotNetCli.DotNet(line => _log.AppendLine(line), TestPaths.RepositoryRoot, environment: null,
            "pack", TestPaths.GeneratorProject,
            "-c", "Release",
            "-o", Feed,
            $"-p:Version={Version}",
            $"-p:ArtifactsPath={Path.Combine(Root, "artifacts")}");
        if (PackResult.ExitCode != 0 || !File.Exists(PackagePath))
        {
            throw new InvalidOperationException($"dotnet pack failed or produced no {Path.GetFileName(PackagePath)}:{Environment.NewLine}{PackResult}");
        }
    }

    /// <summary>
    /// Asserts that the OpenApiClientGen a consumer restored is this very package: NuGet extracted it into the isolated
    /// packages folder and recorded the SHA-512 of exactly the .nupkg packed here.
    /// </summary>
    public void AssertRestoredFromFeed()
    {
        var extracted = Path.Combine(PackagesFolder, "openapiclientgen", Version.ToLowerInvariant());
        var hashFile = Path.Combine(extracted, $"openapiclientgen.{Version.ToLowerInvariant()}.nupkg.sha512");
        Assert.True(File.Exists(hashFile), $"The consumer did not restore OpenApiClientGen {Version} into the isolated packages folder ({hashFile} is missing).");
        var expected = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(PackagePath)));
        Assert.Equal(expected, File.ReadAllText(hashFile).Trim());
    }

    public Task DisposeAsync()
    {
        TestPaths.DeleteTempDirectory(Root);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "Package";
}
