using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>Every real-world document of the shared corpus yields code that compiles with no error and no warning.</summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    [CorpusTheory]
    [MemberData(nameof(Corpus.Files), MemberType = typeof(Corpus))]
    public void Generated_code_compiles_clean(string file)
    {
        var run = GeneratorHarness.Generate(file, Corpus.Read(file), "Corpus." + Path.GetFileNameWithoutExtension(file).Replace("-", "_").Replace(".", "_"));
        if (Environment.GetEnvironmentVariable("OAG_DUMP_DIR") is { Length: > 0 } dump)
        {
            foreach (var s in run.Sources) File.WriteAllText(Path.Combine(dump, s.HintName), s.SourceText.ToString());
        }
        foreach (var d in run.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Take(10)) output.WriteLine(d.ToString());

        // Problems of the document itself are warnings (OAG002, OAG004): it is still usable and must generate.
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.DefaultSeverity == DiagnosticSeverity.Error);
        Assert.Contains(run.Sources, s => s.HintName.EndsWith(".Models.g.cs", StringComparison.Ordinal));
        var problems = run.CompileProblems();
        foreach (var d in problems.Take(30)) output.WriteLine(d.ToString());
        Assert.Empty(problems);

        // No annotations beside corpus documents: every client gets the default retry metadata.
        if (run.Sources.Any(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal)))
        {
            var retry = run.Source(".Retry.g.cs");
            Assert.Contains("the defaults (the API description has no annotations file)", retry, StringComparison.Ordinal);
            Assert.Contains("RetryPolicy.Default;", retry, StringComparison.Ordinal);
            Assert.Contains("RetryMetadata.DefaultErrors,", retry, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain(run.Sources, s => s.HintName.EndsWith(".Retry.g.cs", StringComparison.Ordinal));
        }
    }
}

/// <summary>The seed case on the real Firecrawl v2 document: the crawl-errors item's timestamp (nullable: true) and id (optional).</summary>
public sealed class FirecrawlNullabilityTests
{
    [CorpusTheory]
    [InlineData("firecrawl-v2-openapi.json")]
    [InlineData("firecrawl-zh-v2-openapi.json")]
    public void Crawl_errors_item_timestamp_and_id_are_nullable(string file)
    {
        var result = OpenApiClientGen.Binding.ApiBinder.Bind(
            new OpenApiClientGen.Model.SpecOptions("/corpus/" + file, "Firecrawl", null, null, null),
            Microsoft.CodeAnalysis.Text.SourceText.From(Corpus.Read(file)),
            OpenApiClientGen.Model.TargetModel.Modern,
            default);

        var container = result.Model!.Types.OfType<OpenApiClientGen.Model.RecordModel>().Single(t => t.Name == "CrawlErrorsResponseObj");
        var errors = container.Properties.Single(p => p.JsonName == "errors");
        Assert.Equal(OpenApiClientGen.Model.TypeKind.Array, errors.Type.Kind);
        var item = result.Model.Types.OfType<OpenApiClientGen.Model.RecordModel>().Single(t => t.Name == errors.Type.Element!.Name);

        var timestamp = item.Properties.Single(p => p.JsonName == "timestamp");
        var id = item.Properties.Single(p => p.JsonName == "id");
        Assert.True(timestamp.Type.Nullable, "timestamp is nullable: true in the spec");
        Assert.True(id.Type.Nullable, "id is optional in the spec");
        Assert.False(timestamp.IsRequired);
        Assert.False(id.IsRequired);

        // And as C#: both declared with '?'.
        var models = GeneratorHarness.Generate(file, Corpus.Read(file), "Firecrawl").Source(".Models.g.cs");
        Assert.Contains($"public sealed partial record {item.Name}", models, StringComparison.Ordinal);
        var declaration = models.Substring(models.IndexOf($"public sealed partial record {item.Name}", StringComparison.Ordinal));
        declaration = declaration.Substring(0, declaration.IndexOf("\n    }", StringComparison.Ordinal));
        Assert.Contains("public string? Timestamp { get; init; }", declaration, StringComparison.Ordinal);
        Assert.Contains("public string? Id { get; init; }", declaration, StringComparison.Ordinal);
    }
}
