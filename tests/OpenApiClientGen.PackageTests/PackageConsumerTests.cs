using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.PackageTests;

/// <summary>
/// tests/consumers/PackageConsumer: a console app with a PackageReference to the package just packed (from the
/// temporary feed, restored into an isolated packages folder) as `dotnet add package` writes it, so the runtime library
/// flows into its output; features-openapi.yaml as an OpenApiClient item,
/// TreatWarningsAsErrors, CS8784/CS8785 as errors, IsAotCompatible and reflection-based serialization off.
/// </summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "Package")]
public sealed partial class PackageConsumerTests(PackedPackage package, ITestOutputHelper output)
{
    [Fact]
    public async Task Package_consumer_builds_clean_and_round_trips_json()
    {
        var root = Path.Combine(package.Root, "build-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(TestPaths.CopyConsumerTemplates(root), "PackageConsumer");

        var build = await DotNetCli.DotNet(output.WriteLine, project, package.ConsumerEnvironment,
            ["build", "PackageConsumer.csproj", "-c", "Debug", .. package.ConsumerProperties]);
        Assert.True(build.ExitCode == 0, $"The package consumer does not build:{Environment.NewLine}{build}");
        Assert.Empty(build.DiagnosticLines());
        package.AssertRestoredFromFeed();
        AssertGenerated(Path.Combine(project, "obj"));

        var run = await DotNetCli.DotNet(output.WriteLine, project, null, Path.Combine(project, "bin", "Debug", "net10.0", "PackageConsumer.dll"));
        RoundTripOutput.AssertExpected(run);
    }

    [Fact]
    public async Task Trimmed_self_contained_publish_has_no_trim_warnings_and_round_trips_json()
    {
        var root = Path.Combine(package.Root, "publish-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(TestPaths.CopyConsumerTemplates(root), "PackageConsumer");

        // Control: with one reflection-based call added, this consumer must fail with IL2026 and IL3050. Otherwise the
        // trim/AOT analysis is not running here and their absence below would prove nothing.
        var control = await DotNetCli.DotNet(output.WriteLine, project, package.ConsumerEnvironment,
            ["build", "PackageConsumer.csproj", "-c", "Debug", "-p:OpenApiClientGenTrimCheckControl=true", .. package.ConsumerProperties]);
        Assert.NotEqual(0, control.ExitCode);
        Assert.Contains(control.DiagnosticLines(), l => l.Contains("ReflectionControl.cs", StringComparison.Ordinal) && l.Contains("IL2026", StringComparison.Ordinal));
        Assert.Contains(control.DiagnosticLines(), l => l.Contains("ReflectionControl.cs", StringComparison.Ordinal) && l.Contains("IL3050", StringComparison.Ordinal));
        Assert.All(control.DiagnosticLines(), l => Assert.Contains("ReflectionControl.cs", l, StringComparison.Ordinal));

        var publishDirectory = Path.Combine(root, "publish");
        var publish = await DotNetCli.DotNet(output.WriteLine, project, package.ConsumerEnvironment,
        [
            "publish", "PackageConsumer.csproj", "-c", "Release", "-r", TestPaths.PortableRid, "--self-contained",
            "-p:PublishTrimmed=true", "-o", publishDirectory, .. package.ConsumerProperties,
        ]);
        Assert.True(publish.ExitCode == 0, $"The trimmed publish failed (are the {TestPaths.PortableRid} runtime pack and Microsoft.NET.ILLink.Tasks on the package source?):{Environment.NewLine}{publish}");
        Assert.Empty(publish.DiagnosticLines());
        Assert.DoesNotMatch(TrimOrAotWarning(), publish.Output);
        package.AssertRestoredFromFeed();

        // Self-contained (the runtime is in the folder) and really trimmed: System.Text.Json is a fraction of the
        // framework's own copy (the one this test runs on).
        Assert.True(File.Exists(Path.Combine(publishDirectory, OperatingSystem.IsWindows() ? "coreclr.dll" : OperatingSystem.IsMacOS() ? "libcoreclr.dylib" : "libcoreclr.so")), "The publish is not self-contained.");
        var trimmed = new FileInfo(Path.Combine(publishDirectory, "System.Text.Json.dll")).Length;
        var framework = new FileInfo(typeof(System.Text.Json.JsonSerializer).Assembly.Location).Length;
        output.WriteLine($"System.Text.Json.dll: {trimmed:N0} bytes published, {framework:N0} bytes in the shared framework");
        Assert.True(trimmed < framework / 2, $"System.Text.Json.dll was not trimmed ({trimmed:N0} of {framework:N0} bytes).");

        var executable = Path.Combine(publishDirectory, OperatingSystem.IsWindows() ? "PackageConsumer.exe" : "PackageConsumer");
        var run = await DotNetCli.Run(output.WriteLine, executable, publishDirectory, null);
        RoundTripOutput.AssertExpected(run);
    }

    /// <summary>The generator ran: its files for the namespace (Features unless told) are in the consumer's obj/.</summary>
    internal static void AssertGenerated(string objDirectory, string namespaceDeclaration = "namespace Features")
    {
        var generated = Directory.Exists(objDirectory)
            ? Directory.GetFiles(objDirectory, "*.g.cs", SearchOption.AllDirectories)
                .Where(f => f.Replace('\\', '/').Contains("/generated/OpenApiClientGen/", StringComparison.Ordinal))
                .ToList()
            : [];
        Assert.True(generated.Count > 0, $"No generated OpenApiClientGen files under {objDirectory}.");
        Assert.Contains(generated, f => File.ReadAllText(f).Contains(namespaceDeclaration, StringComparison.Ordinal));
    }

    /// <summary>Any trim (IL2xxx) or AOT (IL3xxx) analysis warning or error.</summary>
    [GeneratedRegex(@"\bIL[23][0-9]{3}\b")]
    private static partial Regex TrimOrAotWarning();
}
