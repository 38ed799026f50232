using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

public sealed class SmokeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("firecrawl-v2-openapi.json")]
    public void Compiles(string file)
    {
        var run = GeneratorHarness.Generate(file, File.ReadAllText(Path.Combine(TestPaths.Corpus, file)), "Corpus.Spec");
        foreach (var d in run.GeneratorDiagnostics.Take(20)) output.WriteLine(d.ToString());
        foreach (var s in run.Sources) File.WriteAllText(Path.Combine(Path.GetTempPath(), s.HintName), s.SourceText.ToString());
        var problems = run.CompileProblems();
        foreach (var d in problems.Take(40)) output.WriteLine(d.ToString());
        Assert.Empty(problems);
    }
}
