using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>
/// What the generator does with the consuming compilation: it needs the runtime library (OAG016 once, else), C# 11
/// (OAG017 once, else), and on targets without them it adds the compiler attributes records need and maps
/// <c>format: date</c> to DateTime — so a netstandard2.0 (or .NET Framework) library compiles the generated code clean.
/// </summary>
public sealed class TargetTests(ITestOutputHelper output)
{
    private const string PolyfillsFile = "OpenApiClientGen.Polyfills.g.cs";

    private static readonly string[] Specs = ["firecrawl-v2-openapi.yaml", "features-openapi.yaml", "http-features-openapi.yaml", "streaming-openapi.yaml"];

    /// <summary>netstandard.dll with its facades, the runtime's netstandard2.0 build and the packages it depends on.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> NetStandard = new(() =>
    {
        var packages = TestPaths.NuGetPackages;
        var paths = Directory.GetFiles(Path.Combine(packages, "netstandard.library", "2.0.3", "build", "netstandard2.0", "ref"), "*.dll").ToList();
        foreach (var (id, version) in new[]
        {
            ("system.text.json", "8.0.5"), ("microsoft.bcl.timeprovider", "8.0.1"), ("microsoft.bcl.asyncinterfaces", "9.0.18"),
            ("system.net.serversentevents", "9.0.18"),
            ("system.memory", "4.5.5"), ("system.buffers", "4.5.1"), ("system.runtime.compilerservices.unsafe", "6.0.0"),
            ("system.text.encodings.web", "8.0.0"), ("system.threading.tasks.extensions", "4.5.4"), ("system.numerics.vectors", "4.5.0"),
        })
        {
            paths.AddRange(Directory.GetFiles(Path.Combine(packages, id, version, "lib", "netstandard2.0"), "*.dll"));
        }
        paths.Add(TestPaths.RuntimeNetStandard);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    [Fact]
    public void Without_the_runtime_library_there_is_one_OAG016_at_the_first_spec_and_nothing_is_generated()
    {
        var run = Generate(Compilation(GeneratorHarness.FrameworkReferences));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG016", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("/project/features-openapi.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("does not reference", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("OpenApiClientGen.Runtime.csproj", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
        Assert.Empty(run.CompileProblems());
    }

    [Fact]
    public void Another_version_of_the_runtime_library_is_OAG016_naming_both_versions()
    {
        var stale = CSharpCompilation.Create(
                "OpenApiClientGen.Runtime",
                [CSharpSyntaxTree.ParseText("[assembly: System.Reflection.AssemblyVersion(\"9.1.0.0\")]")],
                GeneratorHarness.FrameworkReferences,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .ToMetadataReference();

        var run = Generate(Compilation(GeneratorHarness.FrameworkReferences.Add(stale)));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Equal("OAG016", diagnostic.Id);
        Assert.Contains("9.1.0.0", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(typeof(ApiException).Assembly.GetName().Version!.ToString(), diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Before_CSharp_11_there_is_one_OAG017_and_nothing_is_generated()
    {
        var run = Generate(Compilation(GeneratorHarness.References, LanguageVersion.CSharp10), LanguageVersion.CSharp10);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG017", diagnostic.Id);
        Assert.Contains("10.0", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("/project/features-openapi.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_netstandard20_library_compiles_the_generated_code_clean_with_polyfills_and_dates_as_DateTime()
    {
        var run = Generate(Compilation(NetStandard.Value));

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var problems = run.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));

        // Once for the compilation, whatever the number of specs.
        Assert.Single(run.Sources, s => s.HintName == PolyfillsFile);
        var polyfills = run.Source(PolyfillsFile);
        foreach (var type in new[] { "class IsExternalInit", "class RequiredMemberAttribute", "class CompilerFeatureRequiredAttribute", "class SetsRequiredMembersAttribute" })
            Assert.Contains("internal " + (type.Contains("Attribute", StringComparison.Ordinal) ? "sealed " : "static ") + type, polyfills, StringComparison.Ordinal);

        Assert.Contains("public global::System.DateTime? Birthday { get; init; }", run.Source(".Features.Models.g.cs"), StringComparison.Ordinal);
        // DateTime is read and written as a yyyy-MM-dd date (the generator gives no other schema that type).
        Assert.Contains("[typeof(global::System.DateTime)] = JsonMetadata.Date,", run.Source(".Features.Json.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_app_with_Microsoft_Extensions_Http_and_its_resilience_gets_the_registrations_and_they_compile_clean()
    {
        var run = Generate(Compilation(GeneratorHarness.HostingReferences()));

        var problems = run.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        var firecrawl = run.Source("Specs.Firecrawl.DependencyInjection.g.cs");
        Assert.Contains("public static global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder AddFirecrawlClient(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services", firecrawl, StringComparison.Ordinal);
        // Each sub-client resolves on its own.
        Assert.Contains("TryAddTransient<global::Specs.Firecrawl.IScrapingClient>", firecrawl, StringComparison.Ordinal);
        Assert.Contains("AddFirecrawlClientStandardResilienceHandler(", firecrawl, StringComparison.Ordinal);
        Assert.Contains("ConfigureRetry(", firecrawl, StringComparison.Ordinal);
        Assert.Equal(Specs.Length, run.Sources.Count(s => s.HintName.EndsWith(".DependencyInjection.g.cs", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_the_resilience_package_the_registration_has_no_resilience_handler()
    {
        var run = Generate(Compilation(GeneratorHarness.HostingReferences(resilience: false)));

        Assert.Empty(run.CompileProblems());
        var firecrawl = run.Source("Specs.Firecrawl.DependencyInjection.g.cs");
        Assert.Contains("AddFirecrawlClient(", firecrawl, StringComparison.Ordinal);
        Assert.DoesNotContain("Resilience", firecrawl, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_Microsoft_Extensions_Http_there_is_no_registration()
    {
        var run = Generate(Compilation(GeneratorHarness.References));

        Assert.NotEmpty(run.Sources);
        Assert.DoesNotContain(run.Sources, s => s.HintName.EndsWith(".DependencyInjection.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_net8_compilation_gets_no_polyfills_and_DateOnly()
    {
        var run = Generate(Compilation(GeneratorHarness.References));

        Assert.Empty(run.CompileProblems());
        Assert.DoesNotContain(run.Sources, s => s.HintName == PolyfillsFile);
        Assert.Contains("public global::System.DateOnly? Birthday { get; init; }", run.Source(".Features.Models.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Attributes_the_project_declares_itself_are_not_declared_again()
    {
        const string own = "namespace System.Runtime.CompilerServices { internal static class IsExternalInit { } }";

        var run = Generate(Compilation(NetStandard.Value, LanguageVersion.CSharp12, own));

        var problems = run.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        var polyfills = run.Source(PolyfillsFile);
        Assert.DoesNotContain("IsExternalInit", polyfills, StringComparison.Ordinal);
        Assert.Contains("RequiredMemberAttribute", polyfills, StringComparison.Ordinal);
    }

    [Fact]
    public void Attributes_a_referenced_assembly_shares_through_InternalsVisibleTo_are_not_declared_again()
    {
        // A library of the user's with internal polyfills of its own, visible to this project: a second declaration
        // here would make every use ambiguous (CS0436), so the generator leaves those to it.
        var shared = CSharpCompilation.Create(
                "Shared",
                [CSharpSyntaxTree.ParseText("""
                    [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Consumer")]
                    namespace System.Runtime.CompilerServices
                    {
                        internal static class IsExternalInit { }
                        internal sealed class RequiredMemberAttribute : Attribute { }
                    }
                    """)],
                NetStandard.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .ToMetadataReference();
        // The same library without the InternalsVisibleTo: its internals are no help, ours are needed.
        var hidden = CSharpCompilation.Create(
                "Hidden",
                [CSharpSyntaxTree.ParseText("namespace System.Runtime.CompilerServices { internal sealed class CompilerFeatureRequiredAttribute : Attribute { public CompilerFeatureRequiredAttribute(string name) { } } }")],
                NetStandard.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .ToMetadataReference();

        var run = Generate(Compilation(NetStandard.Value.Add(shared).Add(hidden)));

        var problems = run.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        var polyfills = run.Source(PolyfillsFile);
        Assert.DoesNotContain("IsExternalInit", polyfills, StringComparison.Ordinal);
        Assert.DoesNotContain("class RequiredMemberAttribute", polyfills, StringComparison.Ordinal);
        Assert.Contains("class CompilerFeatureRequiredAttribute", polyfills, StringComparison.Ordinal);
        Assert.Contains("class SetsRequiredMembersAttribute", polyfills, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("build_property.PolySharpUsePublicAccessibilityForGeneratedTypes", "")]
    [InlineData("build_property.OpenApiClientGenPolyfills", "false")]
    public void PolySharp_in_the_build_or_the_opt_out_property_means_no_polyfills(string key, string value)
    {
        var run = Generate(Compilation(NetStandard.Value), global: new Dictionary<string, string> { [key] = value });

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(run.Sources, s => s.HintName == "Specs.Features.Models.g.cs");
        Assert.DoesNotContain(run.Sources, s => s.HintName == PolyfillsFile);
    }

    [Fact]
    public void Adding_the_runtime_reference_generates_what_was_withheld()
    {
        var driver = Driver(LanguageVersion.CSharp12);
        var first = GeneratorHarness.Run(driver, Compilation(GeneratorHarness.FrameworkReferences));
        Assert.Equal("OAG016", Assert.Single(first.GeneratorDiagnostics, d => d.Severity >= DiagnosticSeverity.Warning).Id);

        var second = GeneratorHarness.Run(first.Driver, Compilation(GeneratorHarness.References));

        Assert.DoesNotContain(second.GeneratorDiagnostics, d => d.Id == "OAG016");
        var fresh = Generate(Compilation(GeneratorHarness.References));
        Assert.Equal(fresh.Sources.Select(s => s.HintName).Order(StringComparer.Ordinal), second.Sources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.Contains(second.Sources, s => s.HintName == "Specs.Firecrawl.Client.g.cs");
    }

    private GeneratorRun Generate(CSharpCompilation compilation, LanguageVersion languageVersion = LanguageVersion.CSharp12, IReadOnlyDictionary<string, string>? global = null) =>
        GeneratorHarness.Run(Driver(languageVersion, global), compilation);

    private static GeneratorDriver Driver(LanguageVersion languageVersion, IReadOnlyDictionary<string, string>? global = null)
    {
        var files = Specs.Select(name => new InMemoryAdditionalText("/project/" + name, File.ReadAllText(Path.Combine(TestPaths.Specs, name)))).ToList();
        var namespaces = new Dictionary<string, string> { ["firecrawl-v2-openapi.yaml"] = "Specs.Firecrawl", ["features-openapi.yaml"] = "Specs.Features", ["http-features-openapi.yaml"] = "Specs.HttpFeatures", ["streaming-openapi.yaml"] = "Specs.Streaming" };
        var perFile = files.ToDictionary(f => f.Path, f => GeneratorHarness.SpecMetadata(namespaces[Path.GetFileName(f.Path)]));
        return CSharpGeneratorDriver.Create(
            [new OpenApiClientGenerator().AsSourceGenerator()],
            files,
            new CSharpParseOptions(languageVersion, DocumentationMode.Diagnose),
            new TestOptionsProvider(perFile, global),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    private static CSharpCompilation Compilation(ImmutableArray<MetadataReference> references, LanguageVersion languageVersion = LanguageVersion.CSharp12, params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(languageVersion, DocumentationMode.Diagnose), path: $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error, warningLevel: 9999, specificDiagnosticOptions: GeneratorHarness.SdkNoWarn));
}
