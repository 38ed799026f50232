using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using OpenApiClientGen;

// Warm in-process generation of a whole spec (read, bind, emit: one full generator run with no cache) beside
// Microsoft.OpenApi's own parse of the same text, alternating in one process so machine noise hits both alike.
// Usage: dotnet run -c Release --project tests/OpenApiClientGen.Benchmarks [-- <iterations> <spec files...>]
//        ... -- --phases [files]   where the time goes: read, bind, each emitter
//        ... -- --split <files>    reading alone: JsonNode.Parse, the nullable marker, Microsoft.OpenApi's reader
switch (args.FirstOrDefault())
{
    case "--phases":
        Phases.Run(args.Skip(1).ToArray());
        return;
    case "--split":
        foreach (var file in args.Skip(1)) ReadSplit.Run(file);
        return;
}

var corpus = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../shared/corpus"));
var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 15;
var files = args.Length > 1 ? args.Skip(1).ToArray() : new[] { "firecrawl-v2-openapi.json", "stripe-spec3.json", "github-api.github.com.json" };

Console.WriteLine($"{"spec",-30} {"generate (ms)",14} {"parse (ms)",11} {"ratio",6}   median of {iterations} warm runs each, alternating");
foreach (var file in files)
{
    var path = Path.IsPathRooted(file) ? file : Path.Combine(corpus, file);
    var text = File.ReadAllText(path);
    var generate = new List<double>();
    var parse = new List<double>();
    for (var i = -2; i < iterations; i++) // two warm-up rounds
    {
        var g = Time(() => Generate(path, text));
        var p = Time(() => OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings()));
        if (i < 0) continue;
        generate.Add(g);
        parse.Add(p);
    }
    var gm = Median(generate);
    var pm = Median(parse);
    Console.WriteLine($"{Path.GetFileName(path),-30} {gm,14:F1} {pm,11:F1} {gm / pm,6:F2}");
}

static double Time(Action action)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalMilliseconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static void Generate(string path, string text)
{
    var driver = CSharpGeneratorDriver.Create(
        new[] { new OpenApiClientGenerator().AsSourceGenerator() },
        new[] { (AdditionalText)new SpecText(path, text) },
        new CSharpParseOptions(LanguageVersion.CSharp12),
        new SpecOptionsProvider());
    var compilation = CSharpCompilation.Create("Bench");
    var result = driver.RunGenerators(compilation).GetRunResult();
    if (result.Results[0].Exception is { } e) throw e;
    if (result.GeneratedTrees.Length < 2) throw new InvalidOperationException("Nothing was generated for " + path + ": " + string.Join("; ", result.Diagnostics));
}

sealed class SpecText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);
    public override string Path { get; } = path;
    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

sealed class SpecOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly AnalyzerConfigOptions Spec = new Options(new() { ["build_metadata.AdditionalFiles.OpenApiClient"] = "true" });
    private static readonly AnalyzerConfigOptions None = new Options(new());
    public override AnalyzerConfigOptions GlobalOptions => None;
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Spec;

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
