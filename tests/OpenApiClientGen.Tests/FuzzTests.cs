using OpenApiClientGen.Fuzz;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>
/// The quick run of the fuzz suite (tests/OpenApiClientGen.Fuzz has the long one, with crash isolation): a few hundred
/// seeded mutations of the small corpus and specs/ documents (bytes, JSON structure, YAML text), each reproducible from
/// (seed, index) with <c>dotnet run --project tests/OpenApiClientGen.Fuzz -c Release -- --case I --seed S</c>, through
/// the generator in-process, the output compiled. Nothing may escape the generator, hang it, end in OAG009 (an internal
/// error it caught) or produce C# that does not compile; the share of unreadable documents located past (1,1) is printed.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261203;
    private const int Cases = 240;

    [Fact]
    public void Seeded_mutations_never_escape_hang_fail_inside_or_emit_C_sharp_that_does_not_compile()
    {
        var store = new DocumentStore(TestPaths.Specs, TestPaths.Corpus);
        if (!store.HasCorpus)
        {
            Assert.False(TestPaths.IsCi, $"The shared corpus is not at {TestPaths.Corpus}; CI must run with ../shared beside the repository.");
            output.WriteLine($"The shared corpus is not at {TestPaths.Corpus}: only the specs/ documents are mutated.");
        }
        var environment = new FuzzEnvironment(TestPaths.Net8References, typeof(ApiException).Assembly.Location);
        var settings = new FuzzSettings();

        var results = new List<CaseResult>();
        for (long index = 0; results.Count < Cases && index < Cases * 20; index++)
        {
            var fuzzCase = CaseFactory.Create(Seed, index, store);
            if (fuzzCase is null || !fuzzCase.IsLight) continue;
            results.Add(CaseRunner.Run(fuzzCase, environment, settings));
        }

        var unreadable = results.Count(r => r.Unreadable);
        var located = results.Count(r => r.Unreadable && r.Oag001Located);
        output.WriteLine($"{results.Count} cases (seed {Seed}): {results.Count(r => r.Compiled)} compiled, {unreadable} unreadable, " +
            $"{located} of them located past (1,1) ({(unreadable == 0 ? 100 : 100.0 * located / unreadable):0.#} %)");
        var failed = results.Where(r => r.Failed).ToList();
        foreach (var result in failed)
            output.WriteLine($"  ({result.Seed}, {result.Index}) {string.Join(", ", result.Classes)}: {result.Description} — {result.FirstProblem}");
        Assert.True(results.Count >= Cases / 2, $"Only {results.Count} light cases could be made.");
        Assert.True(failed.Count == 0, $"{failed.Count} of {results.Count} cases failed: " +
            string.Join("; ", failed.Take(5).Select(r => $"({r.Seed}, {r.Index}) {string.Join(", ", r.Classes)}: {r.FirstProblem}")));
    }
}
