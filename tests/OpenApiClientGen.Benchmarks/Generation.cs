using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using OpenApiClientGen.Hosting;
using static Harness;

/// <summary>
/// The generator in-process: a whole run (read, bind, emit; a fresh driver, so no cache) beside Microsoft.OpenApi's
/// <c>OpenApiDocument.Parse</c> and <c>JsonDocument.Parse</c> of the same text, each given the text already in memory.
/// Cold: the first call in a fresh process, one child process per sample. Warm: one process, after a warm-up over every
/// spec (<see cref="WarmUp"/>), the three alternating so that machine noise hits all alike. Medians.
/// </summary>
internal static class Generation
{
    public enum Kind { Generate, ReadAndBind, OpenApiParse, JsonDocumentParse }

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    public static void Run(IReadOnlyList<(string Label, string Path)> specs, int coldSamples, int warmIterations)
    {
        var cold = new Dictionary<string, Dictionary<Kind, List<ColdSample>>>();
        foreach (var (label, path) in specs)
        {
            Progress($"generation in-process: {label}, {coldSamples} cold samples (child processes) of each");
            cold[path] = Enum.GetValues<Kind>().ToDictionary(k => k, _ => new List<ColdSample>());
            for (var i = 0; i < coldSamples; i++)
            {
                // Alternating, and in a different order each round (read + bind is measured warm only).
                var kinds = Enum.GetValues<Kind>().Where(k => k != Kind.ReadAndBind).ToArray();
                foreach (var kind in i % 2 == 0 ? kinds : kinds.Reverse())
                    cold[path][kind].Add(RunColdSample(kind, path));
            }
        }

        // Warm: a process that has already run every spec many times (as the compiler server runs generators again and again),
        // so that no spec is measured before tiered compilation has finished with the code it runs.
        var texts = specs.ToDictionary(s => s.Path, s => File.ReadAllText(s.Path));
        Progress($"generation in-process: warming up on every spec ({WarmUp.Description})");
        WarmUp.Run(specs.Select(s => s.Path), path =>
        {
            foreach (var kind in Enum.GetValues<Kind>()) Execute(kind, path, texts[path]);
        });

        var rows = new List<IReadOnlyList<string>>();
        foreach (var (label, path) in specs)
        {
            Progress($"generation in-process: {label}, {warmIterations} warm rounds");
            var text = texts[path];
            var warm = Enum.GetValues<Kind>().ToDictionary(k => k, _ => new List<(double Ms, long Bytes)>());
            var generated = 0L;
            for (var i = 0; i < warmIterations; i++)
            {
                var kinds = Enum.GetValues<Kind>();
                foreach (var kind in i % 2 == 0 ? kinds : kinds.Reverse())
                {
                    var sample = Measure(() =>
                    {
                        var size = Execute(kind, path, text);
                        if (kind == Kind.Generate) generated = size;
                    });
                    warm[kind].Add(sample);
                }
            }

            double ColdMs(Kind k) => Median(cold[path][k].Select(s => s.Milliseconds).ToList());
            double ColdJit(Kind k) => Median(cold[path][k].Select(s => s.JitMilliseconds).ToList());
            double WarmMs(Kind k) => Median(warm[k].Select(s => s.Ms).ToList());
            double WarmBytes(Kind k) => Median(warm[k].Select(s => (double)s.Bytes).ToList());
            rows.Add(new[]
            {
                $"{label} ({Bytes(new FileInfo(path).Length)} → {Bytes(generated)} C#)",
                Ms(ColdMs(Kind.Generate)), Ms(ColdJit(Kind.Generate)), Ms(WarmMs(Kind.Generate)), Bytes(WarmBytes(Kind.Generate)),
                Ms(ColdMs(Kind.OpenApiParse)), Ms(WarmMs(Kind.OpenApiParse)), Bytes(WarmBytes(Kind.OpenApiParse)),
                Ms(ColdMs(Kind.JsonDocumentParse)), Ms(WarmMs(Kind.JsonDocumentParse)), Bytes(WarmBytes(Kind.JsonDocumentParse)),
                Ratio(WarmMs(Kind.Generate) / WarmMs(Kind.OpenApiParse)),
                Ms(WarmMs(Kind.ReadAndBind)), Bytes(WarmBytes(Kind.ReadAndBind)),
                Ratio(WarmMs(Kind.ReadAndBind) / WarmMs(Kind.OpenApiParse)), Met(WarmMs(Kind.ReadAndBind) / WarmMs(Kind.OpenApiParse) <= 1.5),
                Ratio(WarmBytes(Kind.ReadAndBind) / WarmBytes(Kind.OpenApiParse)), Met(WarmBytes(Kind.ReadAndBind) / WarmBytes(Kind.OpenApiParse) <= 2),
            });
        }

        Table("Generation in-process: the generator beside Microsoft.OpenApi's parse and JsonDocument.Parse of the same file",
            new[]
            {
                "spec (file → generated C#)", "generate cold:", "of which JIT:", "generate warm:", "allocated:",
                "OpenApiDocument.Parse cold:", "warm:", "allocated:",
                "JsonDocument.Parse cold:", "warm:", "allocated:", "generate ÷ parse (warm):",
                "read + bind warm:", "allocated:", "÷ parse (target ≤ 1.5×):", "", "allocated ÷ parse's (target ≤ 2×):", "",
            },
            rows,
            new[]
            {
                Invariant($"Medians. Cold: the first call in a fresh process ({coldSamples} child processes per column, alternating; the text is read before the clock starts, so this is JIT, type loading and the run itself, not runtime startup); \"of which JIT\" is the JIT compilation time inside it (System.Runtime.JitInfo). Warm: {warmIterations} rounds per spec in one process, alternating, after warm-up rounds ({WarmUp.Description}); allocated = GC.GetTotalAllocatedBytes(precise) over the call."),
                "Generate = a whole CSharpGeneratorDriver run with no cached state (read, bind, emit models, JSON metadata, client and retry metadata, and the driver's parse of the generated C# into syntax trees); generated C# counted in characters. JsonDocument.Parse rents its buffers from the shared ArrayPool, hence next to nothing allocated.",
                "Read + bind = the generator's front half alone (ApiBinder.Bind: the text to the equatable model — JSON tree, the one repair walk, Microsoft.OpenApi's reader, binding), against the targets of a lean binder and reader (issue 14): ≤ 1.5× the parse's time, ≤ 2× its allocations. The emitters and the driver's parse of their output are the rest of generate.",
            });
    }

    /// <summary>One call of <paramref name="kind"/> on the text; returns the size of what it made (generated C# for Generate).</summary>
    public static long Execute(Kind kind, string path, string text)
    {
        switch (kind)
        {
            case Kind.Generate:
                var result = GeneratorHost.Run(new SpecFile(path, SourceText.From(text)));
                return result.GeneratedTrees.Sum(t => (long)t.Length);
            case Kind.ReadAndBind:
                var bound = OpenApiClientGen.Binding.ApiBinder.Bind(new OpenApiClientGen.Model.SpecOptions(path, "Bench", null, null, null), SourceText.From(text), OpenApiClientGen.Model.TargetModel.Modern, default);
                return bound.Model is null ? throw new InvalidOperationException("nothing bound from " + path) : bound.Model.Types.Count;
            case Kind.OpenApiParse:
                var parsed = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings());
                return parsed.Document is null ? throw new InvalidOperationException("Microsoft.OpenApi read nothing from " + path) : 0;
            default:
                using (var document = JsonDocument.Parse(text, DocumentOptions))
                    return document.RootElement.ValueKind == JsonValueKind.Object ? 0 : throw new InvalidOperationException(path + " is not a JSON object");
        }
    }

    // ------------------------------------------------------------------ cold samples

    public readonly record struct ColdSample(double Milliseconds, long Allocated, double JitMilliseconds, int JitMethods);

    private static ColdSample RunColdSample(Kind kind, string path)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Generation).Assembly.Location);
        start.ArgumentList.Add("cold-sample");
        start.ArgumentList.Add(kind.ToString());
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("cold-sample ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"The cold sample {kind} {path} failed (exit code {process.ExitCode}): {output} {stderr.Result}");
        var parts = line.Split(' ');
        return new ColdSample(
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture),
            int.Parse(parts[4], CultureInfo.InvariantCulture));
    }

    /// <summary>In a child process: the first call of <paramref name="kind"/>, timed, printed as one line for the parent.</summary>
    public static void ColdSampleChild(Kind kind, string path)
    {
        var text = File.ReadAllText(path);
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        var methodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        Execute(kind, path, text);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var jit = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds;
        var methods = System.Runtime.JitInfo.GetCompiledMethodCount() - methodsBefore;
        Console.WriteLine(Invariant($"cold-sample {elapsed:0.###} {allocated} {jit:0.###} {methods}"));
    }

    // ------------------------------------------------------------------ re-run after an unrelated C# edit

    /// <summary>
    /// A cold run (a new driver, no cached state) against the re-run of a driver that already ran, with a compilation whose
    /// one C# syntax tree changed and the same AdditionalTexts and options: what an IDE keystroke in a C# file costs.
    /// </summary>
    public static void Incremental(IReadOnlyList<(string Label, string Path)> specs, int coldRuns, int reruns)
    {
        var texts = specs.ToDictionary(s => s.Path, s => File.ReadAllText(s.Path));
        var options = new CSharpParseOptions(LanguageVersion.CSharp12);
        var edit = 0;
        SyntaxTree UserCode() => CSharpSyntaxTree.ParseText(UserSource(edit++), options, path: "UserCode.cs");

        // One cold run and its re-runs: a new AdditionalText (and SourceText) for the cold run, as the compiler has after
        // the spec changed; the re-runs keep it, as the compiler does while it is unchanged.
        (double Cold, List<double> Reruns) Round(string path, int count)
        {
            var spec = new SpecFile(path, SourceText.From(texts[path]));
            var tree = UserCode();
            var compilation = GeneratorHost.EmptyCompilation("UserProject").AddSyntaxTrees(tree);
            var driver = GeneratorHost.CreateDriver(spec);
            var (coldMs, _) = Measure(() => driver = driver.RunGenerators(compilation));
            GeneratorHost.Check(driver.GetRunResult(), path);
            var times = new List<double>();
            for (var i = 0; i < count; i++)
            {
                var next = UserCode();
                compilation = compilation.ReplaceSyntaxTree(tree, next);
                tree = next;
                var watch = Stopwatch.StartNew();
                driver = driver.RunGenerators(compilation);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            return (coldMs, times);
        }

        Progress($"re-run after a C# edit: warming up on every spec ({WarmUp.Description})");
        WarmUp.Run(specs.Select(s => s.Path), path => Round(path, 3));

        var rows = new List<IReadOnlyList<string>>();
        foreach (var (label, path) in specs)
        {
            Progress($"re-run after a C# edit: {label}, {coldRuns} cold runs, {reruns} re-runs after each");
            var cold = new List<double>();
            var rerun = new List<double>();
            for (var round = 0; round < coldRuns; round++)
            {
                var (coldMs, times) = Round(path, reruns);
                cold.Add(coldMs);
                rerun.AddRange(times);
            }

            var (notCached, tracked) = StepsRerunAfterEdit(new SpecFile(path, SourceText.From(texts[path])), options);
            var ratio = Median(rerun) / Median(cold);
            var met = ratio <= 0.01 && notCached.Count == 0;
            rows.Add(new[]
            {
                label, Ms(Median(cold)), Ms(Median(rerun)), Percent(ratio), "≤ 1 %", Met(met),
                notCached.Count == 0 ? $"none: all {tracked} tracked step outputs Cached/Unchanged" : string.Join(", ", notCached),
            });
        }

        Table("Re-run after an unrelated C# edit, against a cold run",
            new[] { "spec", "cold run (new driver):", "re-run after a C# edit:", "ratio:", "target", "", "generator steps that ran again" },
            rows,
            new[]
            {
                Invariant($"Medians in one process warmed up on every spec ({WarmUp.Description}): {coldRuns} cold runs per spec (CSharpGeneratorDriver.Create + RunGenerators over a compilation of one C# file), and {reruns} re-runs after each, every one with that file edited (Compilation.ReplaceSyntaxTree, same AdditionalTexts and options; parsing the edit is outside the clock). The last column comes from a separate run with step tracking on: every tracked step and output of the re-run must be Cached or Unchanged."),
            });
    }

    /// <summary>The tracked steps and outputs of a re-run after a C# edit that were not Cached or Unchanged.</summary>
    private static (List<string> NotCached, int Tracked) StepsRerunAfterEdit(SpecFile spec, CSharpParseOptions options)
    {
        var tree = CSharpSyntaxTree.ParseText(UserSource(-1), options, path: "UserCode.cs");
        var compilation = GeneratorHost.EmptyCompilation("UserProject").AddSyntaxTrees(tree);
        var driver = GeneratorHost.CreateDriver(spec, trackSteps: true).RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(UserSource(-2), options, path: "UserCode.cs")));
        var result = driver.GetRunResult().Results[0];
        // The generator's own steps and outputs: Roslyn's input nodes (Compilation, AdditionalTexts, ...) are tracked too,
        // and the Compilation is Modified by the edit itself; they are not the generator's to cache.
        var ours = typeof(OpenApiClientGen.TrackingNames).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.Ordinal);
        var outputs = result.TrackedSteps.Where(step => ours.Contains(step.Key)).Concat(result.TrackedOutputSteps)
            .SelectMany(step => step.Value.SelectMany(run => run.Outputs.Select(o => (step.Key, o.Reason))))
            .ToList();
        if (outputs.Count == 0) throw new InvalidOperationException("No generator step was tracked.");
        var notCached = outputs
            .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(o => $"{o.Key} ({o.Reason})")
            .Distinct()
            .ToList();
        return (notCached, outputs.Count);
    }

    /// <summary>A small C# file of the user's project; each edit changes a method body.</summary>
    private static string UserSource(int edit) => Invariant($$"""
        namespace UserProject;

        public static class Pricing
        {
            public static decimal Total(decimal price, int quantity) => price * quantity + {{edit}};

            public static string Describe(int quantity) => quantity == 1 ? "one item" : quantity + " items";
        }
        """);
}

/// <summary>
/// Warm-up before the counted rounds, in one process over every spec. Tiered compilation with PGO takes a method through
/// tier 0, an instrumented tier and tier 1 only after about 30 calls at each step, and a whole run calls its top-level
/// methods once: Firecrawl v2 alone after 3 s of warm-up (about 40 rounds) still measured 3× slower than at tier 1 (the
/// same as with TieredPGO off), for Microsoft.OpenApi's parse and JsonDocument.Parse as much as for the generator.
/// </summary>
internal static class WarmUp
{
    private const int MinimumRounds = 3;
    private const int TieredRounds = 80;
    private const int SecondsPerSpec = 10;

    public static string Description => Invariant($"per spec {TieredRounds} rounds, or at least {MinimumRounds} and {SecondsPerSpec} s, so that tiered compilation is done");

    public static void Run(IEnumerable<string> specs, Action<string> round)
    {
        var pending = specs.ToDictionary(s => s, _ => (Rounds: 0, Spent: TimeSpan.Zero));
        while (pending.Count > 0)
        {
            foreach (var spec in pending.Keys.ToList())
            {
                var watch = Stopwatch.StartNew();
                round(spec);
                var (rounds, spent) = pending[spec];
                (rounds, spent) = (rounds + 1, spent + watch.Elapsed);
                if (rounds >= TieredRounds || (rounds >= MinimumRounds && spent.TotalSeconds >= SecondsPerSpec)) pending.Remove(spec);
                else pending[spec] = (rounds, spent);
            }
        }
    }
}
