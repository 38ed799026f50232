using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenApiClientGen.Fuzz;

/// <summary>The run's report: report.json (figures, groups, every failing case), summary.txt, and the failing cases' documents.</summary>
internal static class Report
{
    public static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static readonly JsonSerializerOptions JsonIndented = new(Json) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a case's document (and the annotations file the case had beside it) to folder/cases/seed-index/; returns the document's path.</summary>
    public static string WriteCase(string folder, FuzzCase fuzzCase)
    {
        var directory = Path.Combine(folder, "cases", $"{fuzzCase.Seed}-{fuzzCase.Index}");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fuzzCase.FileName);
        File.WriteAllBytes(path, fuzzCase.Bytes);
        if (fuzzCase.AnnotationsName is { } name && fuzzCase.AnnotationsBytes is { } bytes) File.WriteAllBytes(Path.Combine(directory, name), bytes);
        File.WriteAllText(Path.Combine(directory, "case.txt"), $"({fuzzCase.Seed}, {fuzzCase.Index}) {fuzzCase.Description}\nsha256 {fuzzCase.Sha256}\n");
        return path;
    }

    public static string Write(FuzzOptions options, DocumentStore store, FuzzSummary summary, TimeSpan duration, long next, long end, bool partial)
    {
        var folder = options.OutFolder;
        Directory.CreateDirectory(folder);
        var files = new Dictionary<long, string?>();
        var purity = new List<string>();
        string? File(CaseResult result)
        {
            if (partial) return null;
            if (files.TryGetValue(result.Index, out var known)) return known;
            var fuzzCase = CaseFactory.Create(result.Seed, result.Index, store);
            string? path = null;
            if (fuzzCase is not null)
            {
                path = WriteCase(folder, fuzzCase);
                // The case is remade here from (seed, index) alone: it must be the document the worker ran.
                if (result.Sha256.Length > 0 && fuzzCase.Sha256 != result.Sha256) purity.Add($"({result.Seed}, {result.Index}) remade with another sha256 ({fuzzCase.Sha256} vs {result.Sha256})");
            }
            files[result.Index] = path;
            return path;
        }

        object Entry(CaseResult r, bool withFile) => new
        {
            seed = r.Seed,
            index = r.Index,
            classes = r.Classes,
            document = r.Document,
            category = r.Category,
            mutation = r.Description,
            firstDiagnostic = r.FirstProblem,
            stack = r.Oag009Stack,
            file = withFile ? File(r) : null,
            sha256 = r.Sha256,
            bytes = r.Bytes,
            generateMs = Math.Round(r.GenerateMs, 1),
            compileMs = r.Compiled ? Math.Round(r.CompileMs, 1) : (double?)null,
        };

        var groups = FailureClass.Failures.Concat(FailureClass.Informational)
            .SelectMany(c => summary.Groups(c).Select(g => new { @class = c, signature = g.Signature, count = g.Cases.Count, cases = g.Cases.Select(x => x.Id).ToList() }))
            .ToList();
        var failures = summary.Failing.OrderBy(r => r.Index).Select(r => Entry(r, withFile: true)).ToList();
        // Informational cases: all listed, the documents of the first three of each signature written.
        var informational = FailureClass.Informational
            .SelectMany(c => summary.Groups(c).SelectMany(g => g.Cases.Where(r => !r.Failed).Select((r, i) => Entry(r, withFile: i < 3))))
            .ToList();

        var report = new
        {
            partial,
            seed = options.Seed,
            start = options.Start,
            requestedCases = options.Cases,
            nextIndex = next,
            end,
            light = options.Light,
            casesRun = summary.Cases,
            skipped = summary.Skipped,
            skippedNotLight = summary.SkippedHeavy,
            durationSeconds = Math.Round(duration.TotalSeconds, 1),
            corpus = store.HasCorpus ? store.CorpusFolder : null,
            corpusMissing = !store.HasCorpus,
            settings = new
            {
                generatorLimitSeconds = options.TimeoutSeconds,
                options.Settings.CompileAlwaysBelowChars,
                options.Settings.CompileEvery,
                options.Settings.CompileAtMostChars,
                compileLimitSeconds = options.Settings.CompileTimeout.TotalSeconds,
                stackBytes = options.Settings.StackSize,
                workerMemoryLimitMb = options.MemoryLimitMb,
                casesPerWorker = options.Chunk,
            },
            figures = new
            {
                exceptionsEscaping = summary.ExceptionCases,
                oag009Diagnostics = summary.Oag009Diagnostics,
                oag009Cases = summary.Oag009Cases,
                casesOverTimeLimit = summary.TimeoutCases,
                crashes = summary.CrashCases,
                compiledSamples = summary.Compiled,
                compiledWithCSharpErrors = summary.CompiledWithErrors,
                compiledWithCSharpWarnings = summary.CompiledWithWarnings,
                compileTimeouts = summary.CompileTimeouts,
                generated = summary.Generated,
                unreadable = summary.Unreadable,
                unreadableLocatedPast1_1 = summary.UnreadableLocated,
                unreadableLocatedShare = Math.Round(summary.LocatedShare, 4),
            },
            byDocument = summary.Results.GroupBy(r => r.Document).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new { cases = g.Count(), failing = g.Count(r => r.Failed), meanGenerateMs = Math.Round(g.Average(r => r.GenerateMs), 1) }),
            groups,
            failures,
            informational,
            purity,
        };
        var path = Path.Combine(folder, "report.json");
        System.IO.File.WriteAllText(path, JsonSerializer.Serialize(report, JsonIndented));
        System.IO.File.WriteAllText(Path.Combine(folder, "summary.txt"), summary.Figures(duration) + (partial ? "" : "\n" + summary.Details(casesPerGroup: 20)));
        if (purity.Count > 0)
        {
            Console.WriteLine("PURITY: cases remade from (seed, index) differ from what the workers ran:");
            foreach (var p in purity) Console.WriteLine("  " + p);
        }
        return path;
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
