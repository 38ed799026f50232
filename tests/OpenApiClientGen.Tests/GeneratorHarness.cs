using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace OpenApiClientGen.Tests;

/// <summary>An AdditionalText with its content in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Per-file analyzer options (what MSBuild item metadata and .editorconfig become).</summary>
internal sealed class TestOptionsProvider(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> perFile, IReadOnlyDictionary<string, string>? global = null)
    : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global ?? new Dictionary<string, string>());

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        new Options(perFile.TryGetValue(textFile.Path, out var values) ? values : new Dictionary<string, string>());

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            if (values.TryGetValue(key, out var found)) { value = found; return true; }
            value = null!;
            return false;
        }
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<GeneratedSourceResult> Sources)
{
    public string Source(string hintNameEnd) => Sources.Single(s => s.HintName.EndsWith(hintNameEnd, StringComparison.Ordinal)).SourceText.ToString();

    /// <summary>Errors and warnings of compiling the generated code (nullable on, every warning reported).</summary>
    public IReadOnlyList<Diagnostic> CompileProblems() =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}

/// <summary>Runs the generator the way the compiler does, over in-memory sources and AdditionalFiles.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> Net8 = new(() =>
        Directory.GetFiles(TestPaths.Net8References, "*.dll").Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray());

    public static ImmutableArray<MetadataReference> References => Net8.Value;

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.CSharp12, DocumentationMode.Diagnose), path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error, warningLevel: 9999));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, TestOptionsProvider? options = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new OpenApiClientGenerator().AsSourceGenerator() },
            files,
            new CSharpParseOptions(LanguageVersion.CSharp12, DocumentationMode.Diagnose),
            options ?? new TestOptionsProvider(new Dictionary<string, IReadOnlyDictionary<string, string>>()),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null) throw new InvalidOperationException("The generator threw.", result.Exception);
        return new GeneratorRun(driver, output, result.Diagnostics, result.GeneratedSources);
    }

    /// <summary>Options marking each path as a spec (item metadata <c>OpenApiClient="true"</c>), with its <c>Namespace</c> when given.</summary>
    public static TestOptionsProvider SpecOptions(params (string Path, string? Namespace)[] specs)
    {
        var perFile = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var (path, ns) in specs)
        {
            var metadata = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.OpenApiClient"] = "true" };
            if (ns is not null) metadata["build_metadata.AdditionalFiles.Namespace"] = ns;
            perFile[path] = metadata;
        }
        return new TestOptionsProvider(perFile);
    }

    /// <summary>Generates from several specs (file name, text, Namespace metadata) in one project.</summary>
    public static GeneratorRun GenerateAll(IEnumerable<(string FileName, string Text, string? Namespace)> specs, params string[] sources)
    {
        var list = specs.Select(s => (File: new InMemoryAdditionalText("/project/" + s.FileName, s.Text), s.Namespace)).ToList();
        var options = SpecOptions(list.Select(s => (s.File.Path, s.Namespace)).ToArray());
        return Run(CreateDriver(list.Select(s => (AdditionalText)s.File), options), CreateCompilation(sources));
    }

    /// <summary>Generates from one spec (its text under the given file name) into an otherwise empty project.</summary>
    public static GeneratorRun Generate(string fileName, string specText, string? ns = null, params string[] sources)
    {
        var path = "/project/" + fileName;
        var metadata = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.OpenApiClient"] = "true" };
        if (ns is not null) metadata["build_metadata.AdditionalFiles.Namespace"] = ns;
        var options = new TestOptionsProvider(new Dictionary<string, IReadOnlyDictionary<string, string>> { [path] = metadata });
        return Run(CreateDriver(new[] { new InMemoryAdditionalText(path, specText) }, options), CreateCompilation(sources));
    }
}
