using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

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

/// <summary>An AdditionalFile of a test project: its path, its text and, for a spec, its item metadata (null: none).</summary>
internal sealed record ProjectFile(string Path, string Text, IReadOnlyDictionary<string, string>? Metadata = null)
{
    public InMemoryAdditionalText ToAdditionalText() => new(Path, Text);
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

    /// <summary>
    /// The generated code (with the project's own sources) compiled and loaded into a collectible context of its own, to
    /// call it; unloaded on dispose. Fails the test when it does not compile.
    /// </summary>
    public LoadedAssembly Load()
    {
        using var image = new MemoryStream();
        var emitted = Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        image.Position = 0;
        return new LoadedAssembly(image);
    }
}

/// <summary>An assembly compiled by a test, loaded into a collectible <see cref="AssemblyLoadContext"/>.</summary>
internal sealed class LoadedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context = new("Generated-" + Guid.NewGuid().ToString("N"), isCollectible: true);

    public LoadedAssembly(Stream image) => Assembly = _context.LoadFromStream(image);

    public Assembly Assembly { get; }

    /// <summary>A type by its full name (<c>Namespace.Name</c>); fails the test when there is none.</summary>
    public Type Type(string fullName) => Assembly.GetType(fullName) ?? throw new Xunit.Sdk.XunitException($"The generated assembly has no type {fullName}.");

    /// <summary>The value of a public static property.</summary>
    public object Static(string typeFullName, string property) =>
        Type(typeFullName).GetProperty(property, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
        ?? throw new Xunit.Sdk.XunitException($"{typeFullName} has no public static {property}, or it is null.");

    public void Dispose() => _context.Unload();
}

/// <summary>Runs the generator the way the compiler does, over in-memory sources and AdditionalFiles.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> Net8 = new(() =>
        Directory.GetFiles(TestPaths.Net8References, "*.dll").Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray());

    /// <summary>The runtime library the generated code calls (its net8.0 build).</summary>
    public static MetadataReference Runtime { get; } = MetadataReference.CreateFromFile(typeof(OpenApiClientGen.ApiException).Assembly.Location);

    /// <summary>The .NET 8 reference assemblies alone, without the runtime library.</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => Net8.Value;

    /// <summary>What a consumer compiles against: the .NET 8 reference assemblies and the runtime library.</summary>
    public static ImmutableArray<MetadataReference> References => Net8.Value.Add(Runtime);

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(References, sources);

    /// <summary>
    /// What an ASP.NET Core or worker app compiles against: the .NET 10 reference assemblies, the runtime library and
    /// Microsoft.Extensions.Http with its DI and options (and, unless <paramref name="resilience"/> is false,
    /// Microsoft.Extensions.Http.Resilience with Polly), from this test project's own output.
    /// </summary>
    public static ImmutableArray<MetadataReference> HostingReferences(bool resilience = true) => resilience ? Hosting.Value : HostingWithoutResilience.Value;

    private static readonly Lazy<ImmutableArray<MetadataReference>> Hosting = new(() => ReadHostingReferences(resilience: true));
    private static readonly Lazy<ImmutableArray<MetadataReference>> HostingWithoutResilience = new(() => ReadHostingReferences(resilience: false));

    private static ImmutableArray<MetadataReference> ReadHostingReferences(bool resilience) =>
        Directory.GetFiles(TestPaths.Net10References, "*.dll")
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll").Concat(Directory.GetFiles(AppContext.BaseDirectory, "Polly*.dll"))
                .Where(p => resilience || !(Path.GetFileName(p).StartsWith("Polly", StringComparison.Ordinal) || Path.GetFileName(p).Contains("Resilience", StringComparison.Ordinal))))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(Runtime)
            .ToImmutableArray();

    public static CSharpCompilation CreateCompilation(ImmutableArray<MetadataReference> references, params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.CSharp12, DocumentationMode.Diagnose), path: $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error, warningLevel: 9999, specificDiagnosticOptions: SdkNoWarn));

    /// <summary>What the SDK never reports (its default NoWarn): unifying a reference's older framework version with the compilation's.</summary>
    public static readonly ImmutableDictionary<string, ReportDiagnostic> SdkNoWarn = ImmutableDictionary<string, ReportDiagnostic>.Empty
        .Add("CS1701", ReportDiagnostic.Suppress).Add("CS1702", ReportDiagnostic.Suppress);

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
        foreach (var (path, ns) in specs) perFile[path] = SpecMetadata(ns);
        return new TestOptionsProvider(perFile);
    }

    /// <summary>
    /// The item metadata of a spec as the compiler sees it (<c>build_metadata.AdditionalFiles.*</c>): <c>OpenApiClient="true"</c>,
    /// and <c>Namespace</c>, <c>Annotations</c> when given.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SpecMetadata(string? ns = null, string? annotations = null)
    {
        var metadata = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.OpenApiClient"] = "true" };
        if (ns is not null) metadata["build_metadata.AdditionalFiles.Namespace"] = ns;
        if (annotations is not null) metadata["build_metadata.AdditionalFiles.Annotations"] = annotations;
        return metadata;
    }

    /// <summary>
    /// Generates from a project's AdditionalFiles: each with its path and, for a spec, its item metadata (see
    /// <see cref="SpecMetadata"/>); a file without metadata is an AdditionalFile only (an annotations file, or anything else).
    /// </summary>
    public static GeneratorRun GenerateProject(IEnumerable<ProjectFile> files, params string[] sources) => GenerateProject(files, References, sources);

    public static GeneratorRun GenerateProject(IEnumerable<ProjectFile> files, ImmutableArray<MetadataReference> references, params string[] sources)
    {
        var list = files.ToList();
        var perFile = list.Where(f => f.Metadata is not null).ToDictionary(f => f.Path, f => f.Metadata!);
        return Run(CreateDriver(list.Select(f => (AdditionalText)f.ToAdditionalText()), new TestOptionsProvider(perFile)), CreateCompilation(references, sources));
    }

    /// <summary>
    /// Generates from one spec and an annotations file beside it (both under <c>/project/</c>, the annotations file's name
    /// may hold sub-folders); <paramref name="annotationsMetadata"/> is the spec's <c>Annotations</c> item metadata, if any.
    /// </summary>
    public static GeneratorRun GenerateWithAnnotations(
        string fileName, string specText, string annotationsFileName, string annotationsText, string? ns = null, string? annotationsMetadata = null, params string[] sources) =>
        GenerateProject(
            new[]
            {
                new ProjectFile("/project/" + fileName, specText, SpecMetadata(ns, annotationsMetadata)),
                new ProjectFile("/project/" + annotationsFileName, annotationsText),
            },
            sources);

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
