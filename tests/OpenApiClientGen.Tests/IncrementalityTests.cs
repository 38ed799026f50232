using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using OpenApiClientGen.Binding;
using OpenApiClientGen.Model;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>
/// The pipeline caches what it should: an unrelated edit re-runs nothing, a spec edit re-runs that spec only, a
/// diagnostics-only change does not re-emit code and a code-only change does not re-report, and nothing heavy
/// (Microsoft.OpenApi, Roslyn symbols or trees) is held in a cached step.
/// </summary>
public sealed class IncrementalityTests(ITestOutputHelper output)
{
    private const string FeaturesPath = "/project/features-openapi.yaml";
    private const string SmallPath = "/project/small-openapi.yaml";

    private const string Small = """
        openapi: 3.0.0
        info:
          title: Small
          version: '1'
          description: A small API for incrementality tests.
        paths: {}
        components:
          schemas:
            Item:
              type: object
              description: An item.
              properties:
                name: { type: string }
        """;

    private static string Features => File.ReadAllText(Path.Combine(TestPaths.Specs, "features-openapi.yaml"));

    /// <summary>Two specs in one project, each into its own namespace; the AdditionalText instances are kept for ReplaceAdditionalText.</summary>
    private static (GeneratorDriver Driver, InMemoryAdditionalText Features, InMemoryAdditionalText Small) TwoSpecs()
    {
        var features = new InMemoryAdditionalText(FeaturesPath, Features);
        var small = new InMemoryAdditionalText(SmallPath, Small);
        var options = GeneratorHarness.SpecOptions((FeaturesPath, "Specs.Features"), (SmallPath, "Specs.Small"));
        return (GeneratorHarness.CreateDriver(new AdditionalText[] { features, small }, options), features, small);
    }

    private static CSharpCompilation UserCode() => GeneratorHarness.CreateCompilation("namespace App { public class A { } }");

    // ------------------------------------------------------------------ (a) unrelated edits

    [Fact]
    public void Unrelated_source_edit_reruns_no_step_and_regenerates_no_source()
    {
        var (driver, _, _) = TwoSpecs();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From("namespace App { public class A { public int X; } }")));
        var second = GeneratorHarness.Run(first.Driver, edited);

        var result = PipelineSteps.Result(second.Driver);
        PipelineSteps.AssertEveryTrackedStepRan(result);
        var outputs = PipelineSteps.Outputs(result);
        output.WriteLine(PipelineSteps.Describe(outputs));
        Assert.NotEmpty(outputs);
        var rerun = outputs.Where(o => !PipelineSteps.IsCachedOrUnchanged(o.Reason)).ToList();
        Assert.True(rerun.Count == 0, "Re-ran after an unrelated edit:\n" + PipelineSteps.Describe(rerun));

        // The very same generated texts are handed back: nothing was emitted again.
        Assert.Equal(first.Sources.Select(s => s.HintName), second.Sources.Select(s => s.HintName));
        foreach (var (before, after) in first.Sources.Zip(second.Sources))
            Assert.Same(before.SourceText, after.SourceText);
    }

    [Fact]
    public void Adding_an_AdditionalFile_that_is_not_a_spec_reruns_nothing_for_the_specs()
    {
        var (driver, _, _) = TwoSpecs();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);

        var second = GeneratorHarness.Run(first.Driver.AddAdditionalTexts([new InMemoryAdditionalText("/project/appsettings.json", "{}")]), compilation);

        var outputs = PipelineSteps.Outputs(PipelineSteps.Result(second.Driver)).Where(o => o.SpecPath is FeaturesPath or SmallPath).ToList();
        output.WriteLine(PipelineSteps.Describe(outputs));
        Assert.Contains(outputs, o => o.StepName == TrackingNames.Models);
        Assert.All(outputs, o => Assert.True(PipelineSteps.IsCachedOrUnchanged(o.Reason), o.ToString()));
        Assert.Equal(5, second.Sources.Length); // models, JSON and client of the features spec; models and JSON of the small one
    }

    // ------------------------------------------------------------------ (b) one spec edited

    [Fact]
    public void Editing_one_spec_reruns_only_that_specs_steps()
    {
        var (driver, _, small) = TwoSpecs();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);
        Assert.DoesNotContain(first.GeneratorDiagnostics, d => d.Location.GetLineSpan().Path == SmallPath);

        // A new property whose name needs renaming: the model and the diagnostics of this spec both change.
        var editedText = Small.Replace("name: { type: string }", "name: { type: string }\n        'odd name!': { type: string }", StringComparison.Ordinal);
        Assert.NotEqual(Small, editedText);
        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(small, new InMemoryAdditionalText(SmallPath, editedText)), compilation);
        Assert.Contains(second.GeneratorDiagnostics, d => d.Id == "OAG006" && d.Location.GetLineSpan().Path == SmallPath);

        var outputs = PipelineSteps.Outputs(PipelineSteps.Result(second.Driver));
        output.WriteLine(PipelineSteps.Describe(outputs));
        Assert.DoesNotContain(outputs, o => o.SpecPath is null);

        var other = outputs.Where(o => o.SpecPath == FeaturesPath).ToList();
        Assert.Equal(
            PipelineSteps.TrackingNameValues,
            other.Select(o => o.StepName).Where(n => !n.StartsWith(PipelineSteps.OutputPrefix, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal));
        var otherRerun = other.Where(o => !PipelineSteps.IsCachedOrUnchanged(o.Reason)).ToList();
        Assert.True(otherRerun.Count == 0, "The untouched spec re-ran:\n" + PipelineSteps.Describe(otherRerun));

        var edited = outputs.Where(o => o.SpecPath == SmallPath).ToList();
        foreach (var name in PipelineSteps.TrackingNameValues)
        {
            var step = edited.Where(o => o.StepName == name).ToList();
            Assert.True(step.Count == 1 && step[0].Reason == IncrementalStepRunReason.Modified, $"{name} of the edited spec:\n" + PipelineSteps.Describe(step));
        }
        Assert.Contains(edited, o => o.StepName.StartsWith(PipelineSteps.OutputPrefix, StringComparison.Ordinal) && o.Reason == IncrementalStepRunReason.Modified);

        // The namespaces in use did not change, so the step combining all specs is unchanged as well.
        var namespaces = Assert.Single(PipelineSteps.Result(second.Driver).TrackedSteps[TrackingNames.Namespaces]);
        Assert.All(namespaces.Outputs, o => Assert.True(PipelineSteps.IsCachedOrUnchanged(o.Reason), o.Reason.ToString()));

        // The untouched spec's sources are the very same texts.
        var untouched = first.Sources.Where(s => s.HintName.StartsWith("Specs.Features.", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, untouched.Count);
        foreach (var source in untouched)
            Assert.Same(source.SourceText, second.Sources.Single(s => s.HintName == source.HintName).SourceText);
    }

    // ------------------------------------------------------------------ (c) description edits

    /// <summary>A summary changes (same length, so no diagnostic moves): code is re-emitted, diagnostics are not re-reported.</summary>
    [Fact]
    public void Editing_a_schema_description_leaves_the_diagnostics_unchanged()
    {
        var (driver, features, _) = TwoSpecs();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);
        Assert.Contains(first.GeneratorDiagnostics, d => d.Location.GetLineSpan().Path == FeaturesPath);

        var editedText = Features.Replace("description: Every primitive mapping.", "description: Every primitive Mapping.", StringComparison.Ordinal);
        Assert.NotEqual(Features, editedText);
        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(features, new InMemoryAdditionalText(FeaturesPath, editedText)), compilation);

        var outputs = PipelineSteps.Outputs(PipelineSteps.Result(second.Driver)).Where(o => o.SpecPath == FeaturesPath).ToList();
        output.WriteLine(PipelineSteps.Describe(outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(outputs, o => o.StepName == TrackingNames.ModelsOnly).Reason);
        Assert.True(PipelineSteps.IsCachedOrUnchanged(Assert.Single(outputs, o => o.StepName == TrackingNames.Diagnostics).Reason));
        Assert.Contains("Every primitive Mapping.", second.Source("Specs.Features.Models.g.cs"));
        Assert.Equal(first.GeneratorDiagnostics.Select(d => d.ToString()), second.GeneratorDiagnostics.Select(d => d.ToString()));
    }

    /// <summary>
    /// The document's own description is not in the model: editing it re-emits nothing. It moves what follows it, so the
    /// diagnostics located after it do change (their positions are part of them) and are reported again.
    /// </summary>
    [Fact]
    public void Editing_the_info_description_reemits_no_code()
    {
        var (driver, features, _) = TwoSpecs();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);

        var editedText = Features.Replace("Written for OpenApiClientGen's own tests", "Written for the OpenApiClientGen project's own tests", StringComparison.Ordinal);
        Assert.NotEqual(Features, editedText);
        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(features, new InMemoryAdditionalText(FeaturesPath, editedText)), compilation);

        var outputs = PipelineSteps.Outputs(PipelineSteps.Result(second.Driver)).Where(o => o.SpecPath == FeaturesPath).ToList();
        output.WriteLine(PipelineSteps.Describe(outputs));
        Assert.True(PipelineSteps.IsCachedOrUnchanged(Assert.Single(outputs, o => o.StepName == TrackingNames.ModelsOnly).Reason));
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(outputs, o => o.StepName == TrackingNames.Diagnostics).Reason);
        foreach (var source in first.Sources)
            Assert.Same(source.SourceText, second.Sources.Single(s => s.HintName == source.HintName).SourceText);
    }

    /// <summary>In a spec with no diagnostics, any description edit leaves the (empty) diagnostics unchanged.</summary>
    [Fact]
    public void Editing_a_description_of_a_spec_without_diagnostics_leaves_the_diagnostics_unchanged()
    {
        var (driver, _, small) = TwoSpecs();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);

        var editedText = Small.Replace("description: An item.", "description: |-\n          An item,\n          described at length.", StringComparison.Ordinal);
        Assert.NotEqual(Small, editedText);
        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(small, new InMemoryAdditionalText(SmallPath, editedText)), compilation);

        var outputs = PipelineSteps.Outputs(PipelineSteps.Result(second.Driver)).Where(o => o.SpecPath == SmallPath).ToList();
        output.WriteLine(PipelineSteps.Describe(outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(outputs, o => o.StepName == TrackingNames.ModelsOnly).Reason);
        Assert.True(PipelineSteps.IsCachedOrUnchanged(Assert.Single(outputs, o => o.StepName == TrackingNames.Diagnostics).Reason));
    }

    // ------------------------------------------------------------------ (d) nothing heavy is cached

    /// <summary>
    /// No step output holds Microsoft.OpenApi objects or Roslyn symbols/trees/compilations. The SpecFiles step is the
    /// one exception for <see cref="AdditionalText"/>: it selects which AdditionalTexts are specs and pairs each with its
    /// options, and the next step must read the text from it. The handle is what the AdditionalTextsProvider itself
    /// yields and compares by reference (a new instance is exactly "this file changed"), so holding it there caches
    /// correctly; holding its SourceText instead would read every spec eagerly and compare the same way. Past that step
    /// only the model and plain-data diagnostics cross.
    /// </summary>
    [Fact]
    public void No_step_output_holds_OpenApi_objects_or_Roslyn_symbols_trees_or_texts()
    {
        var specs = new (string, string, string?)[]
        {
            ("features-openapi.yaml", Features, "Specs.Features"),
            ("unresolved-openapi.yaml", DiagnosticsTests.UnresolvedRefSpec, "Specs.Unresolved"),
            ("malformed-openapi.json", "{ \"openapi\": \"3.0.0\" \"info\": {} }", "Specs.Malformed"),
            ("badns-openapi.yaml", Small, "1bad..ns"),
        };
        var run = GeneratorHarness.GenerateAll(specs);
        var result = PipelineSteps.Result(run.Driver);
        PipelineSteps.AssertEveryTrackedStepRan(result);

        var problems = new List<string>();
        var walked = 0;
        foreach (var name in PipelineSteps.AllTrackingNames)
        {
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    walked++;
                    problems.AddRange(CacheGraph.Violations(value, name, allowAdditionalText: name == TrackingNames.SpecFiles));
                }
            }
        }
        Assert.True(walked >= 3 * specs.Length, $"Only {walked} outputs walked.");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_graph_walk_finds_what_it_bans()
    {
        var document = Microsoft.OpenApi.OpenApiDocument.Parse("{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"T\",\"version\":\"1\"},\"paths\":{}}", "json").Document;
        Assert.NotEmpty(CacheGraph.Violations((document, 1), "root"));
        Assert.NotEmpty(CacheGraph.Violations(new[] { "a" }, "root"));
        Assert.NotEmpty(CacheGraph.Violations(new List<string>(), "root"));
        Assert.NotEmpty(CacheGraph.Violations(("x", CSharpSyntaxTree.ParseText("class C { }")), "root"));
        Assert.NotEmpty(CacheGraph.Violations(new InMemoryAdditionalText("/a", ""), "root"));
        Assert.NotEmpty(CacheGraph.Violations(new object(), "root"));
        Assert.Empty(CacheGraph.Violations(new InMemoryAdditionalText("/a", ""), "root", allowAdditionalText: true));
        Assert.Empty(CacheGraph.Violations(HandBuiltModel.Create(), "root"));
    }

    // ------------------------------------------------------------------ (e) binding is pure

    public static IEnumerable<object[]> BindInputs() => new[]
    {
        new object[] { "features-openapi.yaml" },
        new object[] { "unresolved-openapi.yaml" },
        new object[] { "malformed-openapi.json" },
    };

    [Theory]
    [MemberData(nameof(BindInputs))]
    public void Binding_the_same_text_twice_gives_equal_results(string file)
    {
        var text = file switch
        {
            "features-openapi.yaml" => Features,
            "unresolved-openapi.yaml" => DiagnosticsTests.UnresolvedRefSpec,
            _ => "{ \"openapi\": \"3.0.0\" \"info\": {} }",
        };
        var options = new SpecOptions("/project/" + file, "Specs.Bound", null, null, null);

        var a = ApiBinder.Bind(options, SourceText.From(text), CancellationToken.None);
        var b = ApiBinder.Bind(options with { }, SourceText.From(text), CancellationToken.None);

        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.Diagnostics.GetHashCode(), b.Diagnostics.GetHashCode());
        if (a.Model is null)
        {
            Assert.Null(b.Model);
            return;
        }
        Assert.NotNull(b.Model);
        Assert.NotSame(a.Model, b.Model);
        Assert.Equal(a.Model, b.Model);
        Assert.Equal(a.Model.GetHashCode(), b.Model!.GetHashCode());
        Assert.NotEmpty(a.Model.Types);
        for (var i = 0; i < a.Model.Types.Count; i++)
        {
            Assert.NotSame(a.Model.Types[i], b.Model.Types[i]);
            Assert.Equal(a.Model.Types[i], b.Model.Types[i]);
        }
    }

    [Fact]
    public void Binding_a_different_text_gives_a_different_model()
    {
        var options = new SpecOptions(SmallPath, "Specs.Small", null, null, null);
        var a = ApiBinder.Bind(options, SourceText.From(Small), CancellationToken.None);
        var b = ApiBinder.Bind(options, SourceText.From(Small.Replace("An item.", "An item!", StringComparison.Ordinal)), CancellationToken.None);

        Assert.NotEqual(a.Model, b.Model);
        Assert.Equal(a.Diagnostics, b.Diagnostics);
    }
}
