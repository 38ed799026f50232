using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>The project's own specs (specs/), with their annotations files, generate without diagnostics of warning severity or more and compile clean.</summary>
public sealed class ProjectSpecsTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Specs() =>
        Directory.GetFiles(TestPaths.Specs)
            .Where(f => !f.Contains(".annotations.", StringComparison.Ordinal))
            .Select(f => new object[] { Path.GetFileName(f) })
            .OrderBy(f => (string)f[0], StringComparer.Ordinal);

    /// <summary>The annotations file beside a spec of specs/ by convention (<c>&lt;stem&gt;.annotations.yaml|json|yml</c>), or null.</summary>
    public static string? AnnotationsOf(string specFile) =>
        new[] { ".annotations.yaml", ".annotations.json", ".annotations.yml" }
            .Select(suffix => Path.GetFileNameWithoutExtension(specFile) + suffix)
            .FirstOrDefault(name => File.Exists(Path.Combine(TestPaths.Specs, name)));

    /// <summary>Each spec with the annotations file beside it, if any: both clean, and the code compiles clean.</summary>
    [Theory]
    [MemberData(nameof(Specs))]
    public void Generated_code_compiles_clean(string file)
    {
        var files = new List<ProjectFile> { new("/project/" + file, File.ReadAllText(Path.Combine(TestPaths.Specs, file)), GeneratorHarness.SpecMetadata("Specs.Generated")) };
        if (AnnotationsOf(file) is { } annotations) files.Add(new("/project/" + annotations, File.ReadAllText(Path.Combine(TestPaths.Specs, annotations))));
        var run = GeneratorHarness.GenerateProject(files);
        Assert.Contains(run.Sources, s => s.HintName == "Specs.Generated.Retry.g.cs");
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.DefaultSeverity >= DiagnosticSeverity.Warning);
        var problems = run.CompileProblems();
        foreach (var d in problems.Take(30)) output.WriteLine(d.ToString());
        Assert.Empty(problems);
    }
}
