using System.Reflection;
using Microsoft.CodeAnalysis;
using OpenApiClientGen.Model;
using Xunit;

namespace OpenApiClientGen.Tests;

/// <summary>One output of a tracked pipeline step, attributed to the spec it came from.</summary>
internal sealed record StepOutput(string StepName, string? SpecPath, IncrementalStepRunReason Reason, object Value)
{
    public override string ToString() => $"{StepName} [{SpecPath ?? "?"}]: {Reason}";
}

/// <summary>Reads the incremental steps the driver tracked (<c>trackIncrementalGeneratorSteps: true</c>).</summary>
internal static class PipelineSteps
{
    /// <summary>The prefix given to output steps (<c>RegisterSourceOutput</c>), which Roslyn names itself.</summary>
    public const string OutputPrefix = "output:";

    /// <summary>Every tracking name the generator declares, read from <see cref="TrackingNames"/> so a new step is covered too.</summary>
    public static IReadOnlyList<string> AllTrackingNames { get; } = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// Steps that combine all specs (the namespaces in use, the specs' options, the first spec), all annotations files, or
    /// read the compilation (its facts, what binding and emission take of them, the polyfills): one output for the whole
    /// project, not one per spec.
    /// </summary>
    public static IReadOnlyList<string> CrossSpecTrackingNames { get; } =
    [
        TrackingNames.Namespaces, TrackingNames.SpecOptions, TrackingNames.Annotations, TrackingNames.FirstSpec,
        TrackingNames.Target, TrackingNames.BindTarget, TrackingNames.CanEmit, TrackingNames.Polyfills, TrackingNames.Hosting,
    ];

    /// <summary>Steps with one output per annotations file (attributed to that file's path, not to its spec's).</summary>
    public static IReadOnlyList<string> AnnotationsFileTrackingNames { get; } = [TrackingNames.AnnotationFiles];

    /// <summary>The steps with one output per spec or per annotations file.</summary>
    public static IReadOnlyList<string> TrackingNameValues { get; } = AllTrackingNames.Except(CrossSpecTrackingNames).ToList();

    /// <summary>The steps with one output per spec (the retry steps: per spec with a client).</summary>
    public static IReadOnlyList<string> SpecTrackingNames { get; } = TrackingNameValues.Except(AnnotationsFileTrackingNames).ToList();

    /// <summary>The steps of a client's retry metadata and registration: only specs with a client have outputs there.</summary>
    public static IReadOnlyList<string> RetryTrackingNames { get; } = [TrackingNames.RetryInputs, TrackingNames.Retries, TrackingNames.RetryModels, TrackingNames.Registrations];

    public static GeneratorRunResult Result(GeneratorDriver driver) => driver.GetRunResult().Results.Single();

    /// <summary>
    /// Every output of the generator's named steps and of its source outputs, with the spec it belongs to. Roslyn's own
    /// input nodes (AdditionalTexts, AnalyzerConfigOptions, ...) are tracked too but are not the generator's to cache.
    /// </summary>
    public static IReadOnlyList<StepOutput> Outputs(GeneratorRunResult result)
    {
        var outputs = new List<StepOutput>();
        foreach (var (name, steps) in result.TrackedSteps)
        {
            if (!TrackingNameValues.Contains(name)) continue;
            foreach (var step in steps)
            {
                for (var i = 0; i < step.Outputs.Length; i++)
                    outputs.Add(new StepOutput(name, SpecPathOf(step, i), step.Outputs[i].Reason, step.Outputs[i].Value));
            }
        }
        foreach (var (name, steps) in result.TrackedOutputSteps)
        {
            foreach (var step in steps)
            {
                for (var i = 0; i < step.Outputs.Length; i++)
                    outputs.Add(new StepOutput(OutputPrefix + name, SpecPathOf(step, i), step.Outputs[i].Reason, step.Outputs[i].Value));
            }
        }
        return outputs;
    }

    /// <summary>
    /// Asserts that every declared tracking name ran, so a check over the steps cannot pass vacuously. A step records
    /// nothing when it has no input at all: the project must have a spec with a client and an annotations file.
    /// </summary>
    public static void AssertEveryTrackedStepRan(GeneratorRunResult result)
    {
        foreach (var name in AllTrackingNames)
            Assert.True(result.TrackedSteps.ContainsKey(name), $"The step '{name}' did not run (or lost its tracking name).");
        Assert.NotEmpty(result.TrackedOutputSteps);
    }

    public static bool IsCachedOrUnchanged(IncrementalStepRunReason reason) =>
        reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged;

    public static string Describe(IEnumerable<StepOutput> outputs) => string.Join("\n", outputs.Select(o => "  " + o));

    /// <summary>
    /// The spec an output belongs to: read from the value when it names one (the AdditionalText, the spec source, the options, the model),
    /// else from the inputs that produced it, back to the AdditionalText.
    /// </summary>
    public static string? SpecPathOf(IncrementalGeneratorRunStep step, int outputIndex)
    {
        if (outputIndex < step.Outputs.Length && PathOf(step.Outputs[outputIndex].Value) is { } path) return path;
        foreach (var (source, index) in step.Inputs)
        {
            if (SpecPathOf(source, index) is { } found) return found;
        }
        return null;
    }

    private static string? PathOf(object? value) => value switch
    {
        AdditionalText text => text.Path,
        OpenApiClientGen.Reading.SpecSource spec => spec.Options.Path,
        SpecOptions options => options.Path,
        BindResult { Model: { } model } => model.SpecPath,
        ApiModel model => model.SpecPath,
        ValueTuple<ApiModel, AnnotationsFile?> retryInput => retryInput.Item1.SpecPath,
        RetryBindResult retry => retry.Model.SpecPath,
        RetryModel retry => retry.SpecPath,
        AnnotationsFile file => file.Path,
        _ => null,
    };
}
