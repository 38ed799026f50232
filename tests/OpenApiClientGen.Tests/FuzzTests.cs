using System.Globalization;
using OpenApiClientGen.Fuzz;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>
/// The quick run of the fuzz suite (tests/OpenApiClientGen.Fuzz has the long one, with crash isolation): a few hundred
/// seeded mutations of the small specs/ and corpus documents (bytes, JSON structure, YAML text), each reproducible from
/// (seed, index), through the generator in-process on a 1 MB stack with a 10 s watchdog, the output compiled against the
/// .NET 8 reference assemblies. Nothing may escape the generator, run over 10 s, end in OAG009 (an internal error it
/// caught), or produce C# that does not compile (or takes over 30 s to); the figures, among them the share of unreadable
/// documents located past (1,1), are printed. OAG_FUZZ_SEED and OAG_FUZZ_CASES (per part) change the run.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261203;

    [Fact]
    public void Seeded_mutations_of_the_specs_documents_never_escape_hang_fail_inside_or_emit_C_sharp_that_does_not_compile() =>
        Run(FuzzDocuments.Specs, Cases(100));

    [FuzzCorpusFact]
    public void Seeded_mutations_of_the_corpus_documents_never_escape_hang_fail_inside_or_emit_C_sharp_that_does_not_compile()
    {
        Assert.True(Directory.Exists(TestPaths.Corpus), $"The shared corpus is not at {TestPaths.Corpus}; CI must run with ../shared beside the repository.");
        Run(FuzzDocuments.Corpus, Cases(180));
    }

    private void Run(string origin, int cases)
    {
        var seed = Environment.GetEnvironmentVariable("OAG_FUZZ_SEED") is { Length: > 0 } s ? int.Parse(s, CultureInfo.InvariantCulture) : DefaultSeed;
        var store = new DocumentStore(TestPaths.Specs, TestPaths.Corpus);
        var environment = new FuzzEnvironment(TestPaths.Net8References, typeof(ApiException).Assembly.Location);
        var settings = new FuzzSettings { CompileTimeout = TimeSpan.FromSeconds(30) };
        var summary = new FuzzSummary { Seed = seed };

        // The first light cases (small document, no heavy mutation) of this part's documents, in index order.
        for (long index = 0; summary.Cases < cases && index < cases * 50L; index++)
        {
            var document = CaseFactory.DocumentOf(seed, index);
            if (document.Origin != origin || document.Size != SizeClass.Small) continue;
            var fuzzCase = CaseFactory.Create(seed, index, store);
            if (fuzzCase is null || !fuzzCase.IsLight) continue;
            summary.Add(CaseRunner.Run(fuzzCase, environment, settings));
        }

        output.WriteLine(summary.Details());
        output.WriteLine($"Replay a case: dotnet run --project tests/OpenApiClientGen.Fuzz -c Release -- --seed {seed} --case INDEX (writes its document, prints what it did)");
        Assert.True(summary.Cases >= cases / 2, $"Only {summary.Cases} light cases of {origin} documents could be made.");

        // Every failure class holds today; each is asserted on its own, with the cases that break it.
        AssertNone(summary, FailureClass.Exception, "an exception escaped the generator");
        AssertNone(summary, FailureClass.Timeout, $"the generator ran over {settings.Timeout.TotalSeconds:0} s");
        AssertNone(summary, FailureClass.Oag009, "the generator reported an internal error (OAG009)");
        AssertNone(summary, FailureClass.CompileError, "the generated code does not compile");
        AssertNone(summary, FailureClass.CompileTimeout, $"compiling the generated code took over {settings.CompileTimeout.TotalSeconds:0} s");
    }

    private static void AssertNone(FuzzSummary summary, string failureClass, string what)
    {
        var failed = summary.Results.Where(r => r.Classes.Contains(failureClass)).ToList();
        Assert.True(failed.Count == 0, $"In {failed.Count} of {summary.Cases} cases {what}: " +
            string.Join("; ", failed.Take(5).Select(r => $"({r.Seed}, {r.Index}) {r.Description} => {r.FirstProblem}")));
    }

    private static int Cases(int defaultCount) =>
        Environment.GetEnvironmentVariable("OAG_FUZZ_CASES") is { Length: > 0 } n ? int.Parse(n, CultureInfo.InvariantCulture) : defaultCount;
}

/// <summary>A fact over the shared corpus: skipped with a message where it is absent, run (and failing) under CI=true.</summary>
public sealed class FuzzCorpusFactAttribute : FactAttribute
{
    public FuzzCorpusFactAttribute()
    {
        if (!Directory.Exists(TestPaths.Corpus) && !TestPaths.IsCi)
            Skip = $"The shared corpus is not at {TestPaths.Corpus}: the corpus part of the quick fuzz run is skipped (the specs/ part runs); clone the repository beside ../shared to run it.";
    }
}
