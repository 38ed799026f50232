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

    /// <summary>The annotations file of the features spec, beside it by convention.</summary>
    private const string FeaturesAnnotationsPath = "/project/features-openapi.annotations.yaml";

    /// <summary>Annotations for the features spec: a policy, an error table and one operation (the 4th line is edited by the tests).</summary>
    private const string FeaturesAnnotations = """
        errorCode: { pointer: /error, match: prefix }
        policy:
          maxAttempts: 4
          initialDelay: 250ms
        errors:
          - status: 429
            retryable: yes
            cause: Too many requests.
          - status: 5XX
            retryable: yes
        operations:
          getBatchScrapeErrors:
            retry: never
        """;

    private static string Features => File.ReadAllText(Path.Combine(TestPaths.Specs, "features-openapi.yaml"));

    /// <summary>
    /// Two specs in one project, each into its own namespace, and the annotations file of the features spec (the small
    /// spec has no operations, so no client and no retry metadata); the AdditionalText instances are kept for ReplaceAdditionalText.
    /// </summary>
    private static (GeneratorDriver Driver, InMemoryAdditionalText Features, InMemoryAdditionalText Small) TwoSpecs()
    {
        var (driver, features, small, _) = TwoSpecsAndAnnotations();
        return (driver, features, small);
    }

    private static (GeneratorDriver Driver, InMemoryAdditionalText Features, InMemoryAdditionalText Small, InMemoryAdditionalText Annotations) TwoSpecsAndAnnotations()
    {
        var features = new InMemoryAdditionalText(FeaturesPath, Features);
        var small = new InMemoryAdditionalText(SmallPath, Small);
        var annotations = new InMemoryAdditionalText(FeaturesAnnotationsPath, FeaturesAnnotations);
        var options = GeneratorHarness.SpecOptions((FeaturesPath, "Specs.Features"), (SmallPath, "Specs.Small"));
        return (GeneratorHarness.CreateDriver(new AdditionalText[] { features, small, annotations }, options), features, small, annotations);
    }

    // An app with Microsoft.Extensions.Http(.Resilience), so the registration steps run too.
    private static CSharpCompilation UserCode() => GeneratorHarness.CreateCompilation(GeneratorHarness.HostingReferences(), "namespace App { public class A { } }");

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

        // The compilation's facts are read again (it changed) and found equal, so nothing downstream of them runs.
        foreach (var name in PipelineSteps.CrossSpecTrackingNames)
        {
            var reasons = result.TrackedSteps[name].SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
            Assert.True(reasons.Count > 0 && reasons.All(PipelineSteps.IsCachedOrUnchanged), $"{name}: {string.Join(", ", reasons)}");
        }
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(result.TrackedSteps[TrackingNames.Target].SelectMany(step => step.Outputs)).Reason);

        // The very same generated texts are handed back: nothing was emitted again.
        Assert.Equal(first.Sources.Select(s => s.HintName), second.Sources.Select(s => s.HintName));
        foreach (var (before, after) in first.Sources.Zip(second.Sources))
            Assert.Same(before.SourceText, after.SourceText);
    }

    /// <summary>
    /// A command-line build through the compiler server reuses its cached driver but hands it new AdditionalText objects
    /// for the same files (ReplaceAdditionalTexts): the same content must bind nothing again.
    /// </summary>
    [Fact]
    public void The_same_files_as_new_AdditionalText_objects_bind_and_emit_nothing_again()
    {
        var (driver, features, small, annotations) = TwoSpecsAndAnnotations();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalTexts(
        [
            new InMemoryAdditionalText(features.Path, features.GetText()!.ToString()),
            new InMemoryAdditionalText(small.Path, small.GetText()!.ToString()),
            new InMemoryAdditionalText(annotations.Path, annotations.GetText()!.ToString()),
        ]), compilation);

        var result = PipelineSteps.Result(second.Driver);
        var outputs = PipelineSteps.Outputs(result);
        output.WriteLine(PipelineSteps.Describe(outputs));
        // Not run at all (Cached), rather than run again to an equal result (Unchanged): binding is the expensive step.
        foreach (var name in new[] { TrackingNames.Models, TrackingNames.Retries })
        {
            var reasons = result.TrackedSteps[name].SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
            Assert.True(reasons.Count > 0 && reasons.All(r => r == IncrementalStepRunReason.Cached), $"{name}: {string.Join(", ", reasons)}");
        }
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
        Assert.Equal(7, second.Sources.Length); // models, JSON, client, retry metadata and DI registration of the features spec; models and JSON of the small one
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
            PipelineSteps.SpecTrackingNames,
            other.Select(o => o.StepName).Where(n => !n.StartsWith(PipelineSteps.OutputPrefix, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal));
        var otherRerun = other.Where(o => !PipelineSteps.IsCachedOrUnchanged(o.Reason)).ToList();
        Assert.True(otherRerun.Count == 0, "The untouched spec re-ran:\n" + PipelineSteps.Describe(otherRerun));

        // The untouched spec's annotations file is not read again.
        var annotationsFile = Assert.Single(outputs, o => o.StepName == TrackingNames.AnnotationFiles);
        Assert.Equal(FeaturesAnnotationsPath, annotationsFile.SpecPath);
        Assert.True(PipelineSteps.IsCachedOrUnchanged(annotationsFile.Reason), annotationsFile.ToString());

        // The small spec has no operations: no client, so no retry metadata and no registration.
        var edited = outputs.Where(o => o.SpecPath == SmallPath).ToList();
        Assert.DoesNotContain(edited, o => PipelineSteps.RetryTrackingNames.Contains(o.StepName));
        foreach (var name in PipelineSteps.SpecTrackingNames.Except(PipelineSteps.RetryTrackingNames))
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
        Assert.Equal(5, untouched.Count); // models, JSON, client, retry metadata, DI registration
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

    // ------------------------------------------------------------------ (f) annotations files

    private const string FeaturesRetry = "Specs.Features.Retry.g.cs";

    [Fact]
    public void Editing_only_the_annotations_file_reruns_only_the_retry_metadata()
    {
        var (driver, _, _, annotations) = TwoSpecsAndAnnotations();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);
        Assert.Contains("MaxAttempts = 4", first.Source(FeaturesRetry), StringComparison.Ordinal);

        var editedText = FeaturesAnnotations.Replace("maxAttempts: 4", "maxAttempts: 6", StringComparison.Ordinal);
        Assert.NotEqual(FeaturesAnnotations, editedText);
        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(annotations, new InMemoryAdditionalText(FeaturesAnnotationsPath, editedText)), compilation);

        var result = PipelineSteps.Result(second.Driver);
        PipelineSteps.AssertEveryTrackedStepRan(result);
        var outputs = PipelineSteps.Outputs(result);
        output.WriteLine(PipelineSteps.Describe(outputs));

        // The specs are neither read nor bound again, nor is anything derived from them.
        foreach (var name in new[] { TrackingNames.SpecFiles, TrackingNames.Models, TrackingNames.ModelsOnly, TrackingNames.Diagnostics, TrackingNames.Outputs })
        {
            var step = outputs.Where(o => o.StepName == name).ToList();
            Assert.Equal(2, step.Count);
            Assert.All(step, o => Assert.True(PipelineSteps.IsCachedOrUnchanged(o.Reason), o.ToString()));
        }
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(outputs, o => o.StepName == TrackingNames.AnnotationFiles).Reason);
        var retries = Assert.Single(outputs, o => o.StepName == TrackingNames.Retries);
        Assert.Equal(FeaturesPath, retries.SpecPath);
        Assert.Equal(IncrementalStepRunReason.Modified, retries.Reason);

        // Only the retry metadata is emitted again: every other source is the very same text. (Roslyn 4.8 parses all of a
        // generator's sources again whenever one of them changes, so the trees are new instances of the same text.)
        Assert.Equal(first.Sources.Select(s => s.HintName), second.Sources.Select(s => s.HintName));
        foreach (var before in first.Sources.Where(s => s.HintName != FeaturesRetry))
        {
            var after = second.Sources.Single(s => s.HintName == before.HintName);
            Assert.Same(before.SourceText, after.SourceText);
            Assert.Equal(before.SyntaxTree.GetText().ToString(), after.SyntaxTree.GetText().ToString());
        }
        Assert.NotEqual(first.Source(FeaturesRetry), second.Source(FeaturesRetry));
        Assert.Contains("MaxAttempts = 6", second.Source(FeaturesRetry), StringComparison.Ordinal);
        Assert.DoesNotContain(second.CompileProblems(), d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    /// <summary>Comments and moves change where rules are (kept for diagnostics only), not what is emitted: nothing is re-emitted.</summary>
    [Fact]
    public void A_comment_added_to_the_annotations_file_reemits_nothing()
    {
        var (driver, _, _, annotations) = TwoSpecsAndAnnotations();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);

        var editedText = "# Retry metadata of the features API.\n# (Two lines that move every rule.)\n" + FeaturesAnnotations;
        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(annotations, new InMemoryAdditionalText(FeaturesAnnotationsPath, editedText)), compilation);

        var outputs = PipelineSteps.Outputs(PipelineSteps.Result(second.Driver));
        output.WriteLine(PipelineSteps.Describe(outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(outputs, o => o.StepName == TrackingNames.AnnotationFiles).Reason);
        Assert.True(PipelineSteps.IsCachedOrUnchanged(Assert.Single(outputs, o => o.StepName == TrackingNames.Retries).Reason));
        foreach (var source in first.Sources)
            Assert.Same(source.SourceText, second.Sources.Single(s => s.HintName == source.HintName).SourceText);
    }

    [Fact]
    public void Unrelated_source_edit_reads_no_annotations_file_and_binds_no_retry_metadata()
    {
        var (driver, _, _) = TwoSpecs();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);

        var tree = compilation.SyntaxTrees.Single();
        var second = GeneratorHarness.Run(first.Driver, compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From("namespace App { class B { } }"))));

        var outputs = PipelineSteps.Outputs(PipelineSteps.Result(second.Driver));
        output.WriteLine(PipelineSteps.Describe(outputs));
        Assert.Equal(IncrementalStepRunReason.Cached, Assert.Single(outputs, o => o.StepName == TrackingNames.AnnotationFiles).Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, Assert.Single(outputs, o => o.StepName == TrackingNames.Retries).Reason);
        Assert.Same(first.Sources.Single(s => s.HintName == FeaturesRetry).SourceText, second.Sources.Single(s => s.HintName == FeaturesRetry).SourceText);
    }

    /// <summary>Editing the spec re-binds it, not its annotations file; retry metadata that comes out equal is not re-emitted.</summary>
    [Fact]
    public void Editing_only_the_spec_does_not_read_its_annotations_file_again()
    {
        var (driver, features, _) = TwoSpecs();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);

        var editedText = Features.Replace("description: Every primitive mapping.", "description: Every primitive Mapping.", StringComparison.Ordinal);
        Assert.NotEqual(Features, editedText);
        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(features, new InMemoryAdditionalText(FeaturesPath, editedText)), compilation);

        var outputs = PipelineSteps.Outputs(PipelineSteps.Result(second.Driver));
        output.WriteLine(PipelineSteps.Describe(outputs));
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(outputs, o => o.StepName == TrackingNames.Models && o.SpecPath == FeaturesPath).Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, Assert.Single(outputs, o => o.StepName == TrackingNames.AnnotationFiles).Reason);
        Assert.True(PipelineSteps.IsCachedOrUnchanged(Assert.Single(outputs, o => o.StepName == TrackingNames.Retries).Reason));
        Assert.Contains("Every primitive Mapping.", second.Source("Specs.Features.Models.g.cs"), StringComparison.Ordinal);
        Assert.Same(first.Sources.Single(s => s.HintName == FeaturesRetry).SourceText, second.Sources.Single(s => s.HintName == FeaturesRetry).SourceText);
    }

    /// <summary>Renaming the operation the annotations name: the retry metadata is bound again (OAG014) from the annotations already read.</summary>
    [Fact]
    public void Renaming_an_annotated_operation_in_the_spec_rebinds_the_retry_metadata()
    {
        var (driver, features, _) = TwoSpecs();
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);
        Assert.Contains("new(\"getBatchScrapeErrors\", RetryMode.Never)", first.Source(FeaturesRetry), StringComparison.Ordinal);
        Assert.DoesNotContain(first.GeneratorDiagnostics, d => d.Id == "OAG014");

        var editedText = Features.Replace("operationId: getBatchScrapeErrors", "operationId: listBatchScrapeErrors", StringComparison.Ordinal);
        Assert.NotEqual(Features, editedText);
        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(features, new InMemoryAdditionalText(FeaturesPath, editedText)), compilation);

        var outputs = PipelineSteps.Outputs(PipelineSteps.Result(second.Driver));
        output.WriteLine(PipelineSteps.Describe(outputs));
        Assert.Equal(IncrementalStepRunReason.Cached, Assert.Single(outputs, o => o.StepName == TrackingNames.AnnotationFiles).Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(outputs, o => o.StepName == TrackingNames.Retries).Reason);
        var unknown = Assert.Single(second.GeneratorDiagnostics, d => d.Id == "OAG014");
        Assert.Equal(FeaturesAnnotationsPath, unknown.Location.GetLineSpan().Path);
        Assert.DoesNotContain("getBatchScrapeErrors", second.Source(FeaturesRetry), StringComparison.Ordinal);
    }

    /// <summary>An annotations file added beside a spec that had none: the spec is not bound again, its retry metadata now comes from the file.</summary>
    [Fact]
    public void Adding_an_annotations_file_rebinds_only_the_retry_metadata()
    {
        var features = new InMemoryAdditionalText(FeaturesPath, Features);
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[] { features }, GeneratorHarness.SpecOptions((FeaturesPath, "Specs.Features")));
        var compilation = UserCode();
        var first = GeneratorHarness.Run(driver, compilation);
        Assert.Contains("RetryPolicy.Default;", first.Source(FeaturesRetry), StringComparison.Ordinal);

        var second = GeneratorHarness.Run(first.Driver.AddAdditionalTexts([new InMemoryAdditionalText(FeaturesAnnotationsPath, FeaturesAnnotations)]), compilation);

        var outputs = PipelineSteps.Outputs(PipelineSteps.Result(second.Driver));
        output.WriteLine(PipelineSteps.Describe(outputs));
        Assert.True(PipelineSteps.IsCachedOrUnchanged(Assert.Single(outputs, o => o.StepName == TrackingNames.Models).Reason));
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(outputs, o => o.StepName == TrackingNames.Retries).Reason);
        Assert.Contains("MaxAttempts = 4", second.Source(FeaturesRetry), StringComparison.Ordinal);
        Assert.Contains("from features-openapi.annotations.yaml", second.Source(FeaturesRetry), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ (d) nothing heavy is cached

    /// <summary>
    /// No step output holds Microsoft.OpenApi objects or Roslyn symbols/trees/compilations/AdditionalTexts. The SpecFiles
    /// step is the one exception for a spec's <see cref="SourceText"/>: it pairs each spec's options with its text,
    /// compared by content, because the compiler server hands a cached driver new AdditionalText objects for unchanged
    /// files on every build (an AdditionalText compares by reference). Past that step only the model and plain-data
    /// diagnostics cross.
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
        // With annotations files (a good one, one with problems, one malformed), so the annotations steps hold something.
        var files = specs.Select(s => new ProjectFile("/project/" + s.Item1, s.Item2, GeneratorHarness.SpecMetadata(s.Item3))).ToList();
        files.Add(new ProjectFile(FeaturesAnnotationsPath, FeaturesAnnotations + "\n  nope:\n    retry: always\n    policy: { initialDelay: soon }\n"));
        files.Add(new ProjectFile("/project/unresolved-openapi.annotations.json", "{ \"policy\": [1] }"));
        files.Add(new ProjectFile("/project/malformed-openapi.annotations.json", "{ \"policy\": "));
        var run = GeneratorHarness.GenerateProject(files, GeneratorHarness.HostingReferences());
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "OAG014");
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
                    problems.AddRange(CacheGraph.Violations(value, name, allowSpecText: name == TrackingNames.SpecFiles));
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
        var spec = new OpenApiClientGen.Reading.SpecSource(new SpecOptions("/a", null, null, null, null), SourceText.From("{}"));
        Assert.NotEmpty(CacheGraph.Violations(spec, "root"));
        Assert.Empty(CacheGraph.Violations(spec, "root", allowSpecText: true));
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

        var a = ApiBinder.Bind(options, SourceText.From(text), TargetModel.Modern, CancellationToken.None);
        var b = ApiBinder.Bind(options with { }, SourceText.From(text), TargetModel.Modern, CancellationToken.None);

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
        var a = ApiBinder.Bind(options, SourceText.From(Small), TargetModel.Modern, CancellationToken.None);
        var b = ApiBinder.Bind(options, SourceText.From(Small.Replace("An item.", "An item!", StringComparison.Ordinal)), TargetModel.Modern, CancellationToken.None);

        Assert.NotEqual(a.Model, b.Model);
        Assert.Equal(a.Diagnostics, b.Diagnostics);
    }
}
