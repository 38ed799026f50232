using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>The project's own specs (specs/) generate without diagnostics of error severity and compile clean.</summary>
public sealed class ProjectSpecsTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Specs() =>
        Directory.GetFiles(TestPaths.Specs)
            .Where(f => !f.Contains(".annotations.", StringComparison.Ordinal))
            .Select(f => new object[] { Path.GetFileName(f) })
            .OrderBy(f => (string)f[0], StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Specs))]
    public void Generated_code_compiles_clean(string file)
    {
        var run = GeneratorHarness.Generate(file, File.ReadAllText(Path.Combine(TestPaths.Specs, file)), "Specs.Generated");
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.DefaultSeverity >= DiagnosticSeverity.Warning);
        var problems = run.CompileProblems();
        foreach (var d in problems.Take(30)) output.WriteLine(d.ToString());
        Assert.Empty(problems);
    }
}
