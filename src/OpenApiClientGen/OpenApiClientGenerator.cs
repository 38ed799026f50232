using System.Linq;
using Microsoft.CodeAnalysis;
using OpenApiClientGen.Binding;
using OpenApiClientGen.Model;
using OpenApiClientGen.Reading;

namespace OpenApiClientGen;

/// <summary>
/// OpenAPI documents (AdditionalFiles) in, typed C# out. Pipeline: spec files and their options, with the few facts of
/// the compilation that shape the output → read and bind each into an equatable <see cref="ApiModel"/> (the cache
/// boundary) → emit sources; annotations bound and emitted on their own; diagnostics on their own branch. Step bodies
/// live in <see cref="GeneratorSteps"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OpenApiClientGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Each spec with its text, compared by content: the same file as a new AdditionalText object is no change.
        var specs = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => SpecOptionsReader.Read(pair.Left, pair.Right) is { } options
                ? new SpecSource(options, GeneratorSteps.ReadText(pair.Left, cancellationToken))
                : null)
            .Where(static spec => spec is not null)
            .WithTrackingName(TrackingNames.SpecFiles);

        // The compilation's facts: re-read on every edit, but equal facts stop there.
        var target = context.CompilationProvider
            .Combine(context.ParseOptionsProvider)
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => TargetReader.Read(pair.Left.Left, pair.Left.Right, pair.Right.GlobalOptions))
            .WithTrackingName(TrackingNames.Target);
        var bindTarget = target.Select(static (facts, _) => facts.Binding).WithTrackingName(TrackingNames.BindTarget);
        var canEmit = target.Select(static (facts, _) => GeneratorSteps.CanEmit(facts)).WithTrackingName(TrackingNames.CanEmit);

        var results = specs
            .Combine(bindTarget)
            .Select(static (pair, cancellationToken) => ApiBinder.Bind(pair.Left!.Options, pair.Left.Text, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Models);

        var models = results
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.ModelsOnly);

        // Each spec's namespace must be its own: a spec whose namespace an earlier spec (by path) already uses is not
        // emitted but reported (OAG008). Only the flag crosses into each spec's output, so other specs stay cached.
        var namespaces = models
            .Select(static (model, _) => (model!.Namespace, model.SpecPath))
            .Collect()
            .Select(static (all, _) => all.ToEquatableArray())
            .WithTrackingName(TrackingNames.Namespaces);
        var outputs = models
            .Combine(namespaces)
            .Select(static (pair, _) => (Model: pair.Left!, Duplicate: GeneratorSteps.IsDuplicate(pair.Left!, pair.Right)))
            .WithTrackingName(TrackingNames.Outputs);

        var diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        // Annotations files: the AdditionalFiles some spec names (or that sit beside one by convention), each read on
        // its own, then bound to the client of their spec. Editing one re-runs only these steps and the retry output.
        var specOptions = specs
            .Select(static (spec, _) => spec!.Options)
            .Collect()
            .Select(static (all, _) => all.ToEquatableArray())
            .WithTrackingName(TrackingNames.SpecOptions);
        var annotationFiles = context.AdditionalTextsProvider
            .Combine(specOptions)
            .Where(static pair => pair.Right.Any(spec => AnnotationsLocator.Matches(pair.Left.Path, spec)))
            .Select(static (pair, cancellationToken) => AnnotationsReader.Read(pair.Left.Path, GeneratorSteps.ReadText(pair.Left, cancellationToken)))
            .WithTrackingName(TrackingNames.AnnotationFiles);
        var annotations = annotationFiles
            .Collect()
            .Select(static (all, _) => all.ToEquatableArray())
            .WithTrackingName(TrackingNames.Annotations);
        var retries = outputs
            .Where(static output => !output.Duplicate && output.Model.Client is not null)
            .Select(static (output, _) => output.Model)
            .Combine(annotations)
            .Select(static (pair, _) => (Model: pair.Left, File: AnnotationsLocator.Find(pair.Left.Options, pair.Right)))
            .WithTrackingName(TrackingNames.RetryInputs)
            .Select(static (pair, _) => GeneratorSteps.BindRetries(pair.Model, pair.File))
            .WithTrackingName(TrackingNames.Retries);
        var retryModels = retries
            .Select(static (result, _) => result.Model)
            .WithTrackingName(TrackingNames.RetryModels);

        // What the compilation lacks to use the output: reported once, at the first spec; polyfills emitted once.
        var firstSpec = specOptions
            .Select(static (all, _) => all.Select(spec => spec.Path).OrderBy(path => path, System.StringComparer.Ordinal).FirstOrDefault())
            .WithTrackingName(TrackingNames.FirstSpec);
        var polyfills = target
            .Select(static (facts, _) => facts.Polyfills)
            .Combine(firstSpec)
            .Combine(canEmit)
            .Select(static (pair, _) => pair.Left.Right is not null && pair.Right ? pair.Left.Left : EquatableArray<string>.Empty)
            .WithTrackingName(TrackingNames.Polyfills);

        // Dependency-injection registrations, where the compilation references Microsoft.Extensions.Http: each from the
        // client's names and the hosting facts only, so neither a spec's other changes nor a C# edit re-emit them.
        var hosting = target.Select(static (facts, _) => facts.Hosting).WithTrackingName(TrackingNames.Hosting);
        var registrations = outputs
            .Where(static output => !output.Duplicate && output.Model.Client is not null)
            .Combine(hosting)
            .Where(static pair => pair.Right.HttpClientFactory)
            .Select(static (pair, _) => GeneratorSteps.Registration(pair.Left.Model, pair.Right))
            .WithTrackingName(TrackingNames.Registrations);

        context.RegisterSourceOutput(registrations.Combine(canEmit), static (output, pair) => GeneratorSteps.EmitRegistration(output, pair.Left, pair.Right));
        context.RegisterSourceOutput(outputs.Combine(canEmit), static (output, pair) => GeneratorSteps.EmitSpec(output, pair.Left.Model, pair.Left.Duplicate, pair.Right));
        context.RegisterSourceOutput(retryModels.Combine(canEmit), static (output, pair) => GeneratorSteps.EmitRetry(output, pair.Left, pair.Right));
        context.RegisterSourceOutput(polyfills, static (output, missing) => GeneratorSteps.EmitPolyfills(output, missing));
        context.RegisterSourceOutput(diagnostics, static (output, list) => GeneratorSteps.Report(output, list));
        context.RegisterSourceOutput(annotationFiles, static (output, file) => GeneratorSteps.Report(output, file.Diagnostics));
        context.RegisterSourceOutput(retries.Select(static (result, _) => result.Diagnostics), static (output, list) => GeneratorSteps.Report(output, list));
        context.RegisterSourceOutput(target.Combine(firstSpec), static (output, pair) => GeneratorSteps.ReportTarget(output, pair.Left, pair.Right));
    }
}
