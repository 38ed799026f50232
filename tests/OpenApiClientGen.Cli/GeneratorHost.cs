using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace OpenApiClientGen.Hosting;

/// <summary>
/// Runs <see cref="OpenApiClientGenerator"/> outside a build, the way the compiler does: a <see cref="CSharpGeneratorDriver"/>
/// over a compilation, with specs as AdditionalFiles marked <c>OpenApiClient="true"</c> and their item metadata as
/// analyzer config options. Shared by the console front end and the benchmarks.
/// </summary>
internal static class GeneratorHost
{
    /// <summary>A driver with no cached state for the given spec (and optional annotations file).</summary>
    public static GeneratorDriver CreateDriver(SpecFile spec, AdditionalText? annotations = null, bool trackSteps = false)
    {
        var texts = annotations is null ? ImmutableArray.Create<AdditionalText>(spec) : ImmutableArray.Create<AdditionalText>(spec, annotations);
        return CSharpGeneratorDriver.Create(
            ImmutableArray.Create(new OpenApiClientGenerator().AsSourceGenerator()),
            texts,
            new CSharpParseOptions(LanguageVersion.CSharp12),
            new OptionsProvider(spec),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
    }

    /// <summary>An empty compilation: the generator reads only AdditionalFiles and options.</summary>
    /// <summary>
    /// A compilation with no sources that references what a consumer's does as far as the generator looks: the core
    /// library (DateOnly, the compiler attributes) and the runtime library the generated code calls.
    /// </summary>
    public static CSharpCompilation EmptyCompilation(string name = "OpenApiClientGen.Host") => CSharpCompilation.Create(name, references: References);

    private static readonly MetadataReference[] References = LoadReferences();

    /// <summary>
    /// The core library and the runtime library this process runs on; in a native build (no assembly files) the reference
    /// assemblies its publish put in references/ beside the executable (System.Runtime and OpenApiClientGen.Runtime).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "Location is empty in a native build: handled, the files beside the executable stand in.")]
    private static MetadataReference[] LoadReferences()
    {
        var core = typeof(object).Assembly.Location;
        var runtime = typeof(OpenApiClientGen.ApiException).Assembly.Location;
        if (core.Length > 0 && runtime.Length > 0)
            return new[] { MetadataReference.CreateFromFile(core), MetadataReference.CreateFromFile(runtime) };
        var folder = System.IO.Path.Combine(AppContext.BaseDirectory, "references");
        return new[] { "System.Runtime.dll", "OpenApiClientGen.Runtime.dll" }
            .Select(name => System.IO.Path.Combine(folder, name))
            .Select(path => File.Exists(path) ? MetadataReference.CreateFromFile(path) : throw new FileNotFoundException("A native front end needs its references/ folder (see the project file)", path))
            .ToArray<MetadataReference>();
    }

    /// <summary>One whole run with no cache; throws when the generator failed or produced nothing.</summary>
    public static GeneratorDriverRunResult Run(SpecFile spec)
    {
        var result = CreateDriver(spec).RunGenerators(EmptyCompilation()).GetRunResult();
        Check(result, spec.Path);
        return result;
    }

    public static void Check(GeneratorDriverRunResult result, string path)
    {
        if (result.Results[0].Exception is { } e) throw new InvalidOperationException("The generator threw on " + path, e);
        if (result.GeneratedTrees.Length == 0)
            throw new InvalidOperationException("Nothing was generated for " + path + ": " + string.Join("; ", result.Diagnostics));
    }

    private sealed class OptionsProvider(SpecFile spec) : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions None = new Options(new Dictionary<string, string>());
        private readonly AnalyzerConfigOptions _spec = new Options(spec.Metadata());

        public override AnalyzerConfigOptions GlobalOptions => None;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => ReferenceEquals(textFile, spec) ? _spec : None;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

/// <summary>A spec as an AdditionalFile: its text (held, like the compiler's), and the item metadata a project would give it.</summary>
internal sealed class SpecFile(string path, SourceText text, string? @namespace = null, string? clientName = null, string? annotations = null) : AdditionalText
{
    /// <summary>
    /// The file read whole into one string (as the in-process benchmarks hold their specs): the generator asks for the
    /// text as a string more than once, which a string-backed text answers without a copy (a text read from a stream, as
    /// the compiler reads AdditionalFiles, is chunked past 40K characters and copied each time).
    /// </summary>
    public static SpecFile Load(string path, string? @namespace = null, string? clientName = null, string? annotations = null) =>
        new(System.IO.Path.GetFullPath(path), SourceText.From(File.ReadAllText(path), Encoding.UTF8), @namespace, clientName, annotations);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => text;

    public Dictionary<string, string> Metadata()
    {
        var values = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.OpenApiClient"] = "true" };
        if (@namespace is not null) values["build_metadata.AdditionalFiles.Namespace"] = @namespace;
        if (clientName is not null) values["build_metadata.AdditionalFiles.ClientName"] = clientName;
        if (annotations is not null) values["build_metadata.AdditionalFiles.Annotations"] = annotations;
        return values;
    }
}

/// <summary>Any other AdditionalFile (an annotations file).</summary>
internal sealed class TextFile(string path, SourceText text) : AdditionalText
{
    public static TextFile Load(string path) => new(System.IO.Path.GetFullPath(path), SourceText.From(File.ReadAllText(path), Encoding.UTF8));

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => text;
}
