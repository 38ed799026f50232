using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.PackageTests;

/// <summary>
/// The package on targets older than .NET 8, and the two mistakes the generator names instead of failing with a wall
/// of compiler errors: tests/consumers/NetStandardLibrary (netstandard2.0) and NetFrameworkApp (net472, referencing the
/// library) with the Firecrawl v2 document of the shared corpus; LangVersionTooLow (C# 7.3, the netstandard2.0
/// default) gets OAG017; NoRuntime (the package with ExcludeAssets="compile;runtime") gets OAG016.
/// </summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "Package")]
public sealed class TargetConsumerTests(PackedPackage package, ITestOutputHelper output)
{
    private const string CorpusDocument = "firecrawl-v2-openapi.json";

    /// <summary>
    /// Both consume the package directly (the app also through the library), with TreatWarningsAsErrors, Nullable,
    /// C# 11 and GenerateDocumentationFile: the generated code compiles against netstandard2.0 and .NET Framework 4.7.2
    /// reference assemblies (with the generator's polyfills), every public member documented. Built only: there is no
    /// .NET Framework runtime here.
    /// </summary>
    [CorpusFact]
    public async Task NetStandard_library_and_net472_app_build_clean_with_the_corpus_document()
    {
        var document = Path.Combine(TestPaths.Corpus, CorpusDocument);
        Assert.True(File.Exists(document), $"{document} is missing; CI must run with ../shared (holding corpus/{CorpusDocument}) beside the repository.");
        var consumers = TestPaths.CopyConsumerTemplates(Path.Combine(package.Root, "targets-" + Guid.NewGuid().ToString("N")[..8]));
        var app = Path.Combine(consumers, "NetFrameworkApp");
        var library = Path.Combine(consumers, "NetStandardLibrary");

        // One build: the app, and the library it references.
        var build = await DotNetCli.DotNet(output.WriteLine, app, package.ConsumerEnvironment,
            ["build", "NetFrameworkApp.csproj", "-c", "Debug", .. package.ConsumerProperties, $"-p:OpenApiClientGenCorpus={TestPaths.Corpus}"]);
        Assert.True(build.ExitCode == 0, $"The netstandard2.0 library or the net472 app does not build:{Environment.NewLine}{build}");
        Assert.Empty(build.DiagnosticLines());
        package.AssertRestoredFromFeed();

        // The generator ran in both, with the polyfills these targets lack.
        PackageConsumerTests.AssertGenerated(Path.Combine(library, "obj"), "namespace NetStandardLibrary.Firecrawl");
        PackageConsumerTests.AssertGenerated(Path.Combine(app, "obj"), "namespace NetFrameworkApp.Firecrawl");
        foreach (var project in new[] { library, app })
        {
            var polyfills = Directory.GetFiles(Path.Combine(project, "obj"), "OpenApiClientGen.Polyfills.g.cs", SearchOption.AllDirectories);
            var text = File.ReadAllText(Assert.Single(polyfills));
            Assert.Contains("class IsExternalInit", text, StringComparison.Ordinal);
            Assert.Contains("class RequiredMemberAttribute", text, StringComparison.Ordinal);
            Assert.Contains("class CompilerFeatureRequiredAttribute", text, StringComparison.Ordinal);
        }

        // The library's documentation file documents the generated client too.
        var libraryOutput = Path.Combine(library, "bin", "Debug", "netstandard2.0");
        var documentation = File.ReadAllText(Path.Combine(libraryOutput, "NetStandardLibrary.xml"));
        Assert.Contains("\"T:NetStandardLibrary.Firecrawl.FirecrawlClient\"", documentation, StringComparison.Ordinal);
        Assert.Contains("\"T:NetStandardLibrary.FirecrawlFacade\"", documentation, StringComparison.Ordinal);

        // The runtime flowed into the app's output (a normal dependency), with the packages its netstandard2.0 build needs;
        // the generator did not.
        var appOutput = Path.Combine(app, "bin", "Debug", "net472");
        foreach (var file in new[] { "NetFrameworkApp.exe", "NetStandardLibrary.dll", "OpenApiClientGen.Runtime.dll", "System.Text.Json.dll", "Microsoft.Bcl.TimeProvider.dll" })
        {
            Assert.True(File.Exists(Path.Combine(appOutput, file)), $"{file} is not in the app's output {appOutput}.");
        }
        Assert.False(File.Exists(Path.Combine(appOutput, "OpenApiClientGen.dll")), "The generator reached the app's output.");
        Assert.False(File.Exists(Path.Combine(appOutput, "Microsoft.OpenApi.dll")), "The generator's dependencies reached the app's output.");
    }

    /// <summary>C# 7.3: the generator's OAG017, which says what to set, and nothing else (no code it would reject).</summary>
    [Fact]
    public async Task LangVersion_7_3_consumer_fails_with_only_OAG017()
    {
        var (build, project) = await BuildFailing("LangVersionTooLow");
        var lines = build.DiagnosticLines();
        Assert.True(lines.Count > 0 && lines.All(l => l.Contains("error OAG017:", StringComparison.Ordinal)),
            $"Expected OAG017 and nothing else:{Environment.NewLine}{build}");
        Assert.Contains("C# 7.3", lines[0], StringComparison.Ordinal);
        Assert.Contains("<LangVersion>11</LangVersion>", lines[0], StringComparison.Ordinal);
        Assert.Contains("features-openapi.yaml", lines[0], StringComparison.Ordinal);
        AssertNothingGenerated(project);
    }

    /// <summary>The generator without its runtime: OAG016, which says what to reference, and nothing else.</summary>
    [Fact]
    public async Task Consumer_without_the_runtime_fails_with_only_OAG016()
    {
        var (build, project) = await BuildFailing("NoRuntime");
        var lines = build.DiagnosticLines();
        Assert.True(lines.Count > 0 && lines.All(l => l.Contains("error OAG016:", StringComparison.Ordinal)),
            $"Expected OAG016 and nothing else:{Environment.NewLine}{build}");
        Assert.Contains("does not reference", lines[0], StringComparison.Ordinal);
        Assert.Contains("OpenApiClientGen.Runtime", lines[0], StringComparison.Ordinal);
        AssertNothingGenerated(project);
    }

    private async Task<(ProcessResult Build, string Project)> BuildFailing(string name)
    {
        var consumers = TestPaths.CopyConsumerTemplates(Path.Combine(package.Root, name + "-" + Guid.NewGuid().ToString("N")[..8]));
        var project = Path.Combine(consumers, name);
        var build = await DotNetCli.DotNet(output.WriteLine, project, package.ConsumerEnvironment,
            ["build", name + ".csproj", "-c", "Debug", "-p:EmitCompilerGeneratedFiles=true", .. package.ConsumerProperties]);
        Assert.True(build.ExitCode != 0, $"{name} built, but must not:{Environment.NewLine}{build}");
        package.AssertRestoredFromFeed();
        return (build, project);
    }

    /// <summary>The generator wrote no source (EmitCompilerGeneratedFiles would have put it under obj/).</summary>
    private static void AssertNothingGenerated(string project)
    {
        var obj = Path.Combine(project, "obj");
        var generated = Directory.Exists(obj) ? Directory.GetFiles(obj, "*.g.cs", SearchOption.AllDirectories).Where(f => f.Replace('\\', '/').Contains("/generated/OpenApiClientGen/", StringComparison.Ordinal)).ToList() : [];
        Assert.True(generated.Count == 0, $"Generated despite the error: {string.Join(", ", generated)}");
    }
}

/// <summary>
/// A test that reads ../shared/corpus. Where that folder is absent (a user's fresh clone) it is skipped with a message;
/// under CI (CI=true) it runs, and fails.
/// </summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (!Directory.Exists(TestPaths.Corpus) && !TestPaths.IsCi)
            Skip = $"The shared corpus is not at {TestPaths.Corpus}; clone the repository beside ../shared to run this test (under CI=true it fails instead).";
    }
}
