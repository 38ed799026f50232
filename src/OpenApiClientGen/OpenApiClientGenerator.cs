using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using OpenApiClientGen.Binding;
using OpenApiClientGen.Diagnostics;
using OpenApiClientGen.Emitting;
using OpenApiClientGen.Model;
using OpenApiClientGen.Reading;

namespace OpenApiClientGen;

/// <summary>
/// OpenAPI documents (AdditionalFiles) in, typed C# out. Pipeline: spec files and their options → read and bind each
/// into an equatable <see cref="ApiModel"/> (the cache boundary) → emit sources; diagnostics on their own branch.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OpenApiClientGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => (File: pair.Left, Options: SpecOptionsReader.Read(pair.Left, pair.Right)))
            .Where(static spec => spec.Options is not null)
            .WithTrackingName(TrackingNames.SpecFiles);

        var results = specs
            .Select(static (spec, cancellationToken) => ApiBinder.Bind(spec.Options!, ReadText(spec.File, cancellationToken), cancellationToken))
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
            .Select(static (pair, _) => (Model: pair.Left!, Duplicate: pair.Right.Any(other =>
                other.Namespace == pair.Left!.Namespace && string.CompareOrdinal(other.SpecPath, pair.Left.SpecPath) < 0)))
            .WithTrackingName(TrackingNames.Outputs);

        var diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        // Annotations files: the AdditionalFiles some spec names (or that sit beside one by convention), each read on
        // its own, then bound to the client of their spec. Editing one re-runs only these steps and the retry output.
        var specOptions = specs
            .Select(static (spec, _) => spec.Options!)
            .Collect()
            .Select(static (all, _) => all.ToEquatableArray())
            .WithTrackingName(TrackingNames.SpecOptions);
        var annotationFiles = context.AdditionalTextsProvider
            .Combine(specOptions)
            .Where(static pair => pair.Right.Any(spec => AnnotationsLocator.Matches(pair.Left.Path, spec)))
            .Select(static (pair, cancellationToken) => AnnotationsReader.Read(pair.Left.Path, ReadText(pair.Left, cancellationToken)))
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
            .Select(static (pair, _) => BindRetries(pair.Model, pair.File))
            .WithTrackingName(TrackingNames.Retries);
        var retryModels = retries
            .Select(static (result, _) => result.Model)
            .WithTrackingName(TrackingNames.RetryModels);

        context.RegisterSourceOutput(outputs, static (output, spec) =>
        {
            if (spec.Duplicate)
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateOutput, LocationInfo.FileStart(spec.Model.SpecPath).ToLocation(), spec.Model.Namespace));
            else
                Emit(output, spec.Model);
        });
        context.RegisterSourceOutput(diagnostics, static (output, list) => Report(output, list));
        context.RegisterSourceOutput(annotationFiles, static (output, file) => Report(output, file.Diagnostics));
        context.RegisterSourceOutput(retries.Select(static (result, _) => result.Diagnostics), static (output, list) => Report(output, list));
        context.RegisterSourceOutput(retryModels, static (output, model) =>
        {
            string retry;
            try
            {
                retry = RetryEmitter.Emit(model);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(model.SpecPath).ToLocation(), e.GetType().Name, e.Message));
                return;
            }
            output.AddSource(model.Namespace + ".Retry.g.cs", SourceText.From(retry, Encoding.UTF8));
        });
    }

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
    }

    /// <summary>The retry metadata of a client: its annotations file bound to it, or the defaults (reported when a named file is missing).</summary>
    private static RetryBindResult BindRetries(ApiModel model, AnnotationsFile? file)
    {
        RetryBindResult result;
        try
        {
            result = RetryBinder.Bind(model, model.Client!, file);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // Never let an exception escape the generator: the client still gets the default retry metadata it refers to.
            result = RetryBinder.Bind(model, model.Client!, null);
            return result with { Diagnostics = new[] { Info(DiagnosticDescriptors.InternalError, file?.Path ?? model.SpecPath, e.GetType().Name, e.Message) }.ToEquatableArray() };
        }
        if (file is not null || model.Options.Annotations is not { } named) return result;
        var missing = Info(DiagnosticDescriptors.MalformedAnnotations, model.SpecPath, $"'{named}', named by the Annotations metadata of {model.Options.FileName}, is not among the AdditionalFiles");
        return result with { Diagnostics = result.Diagnostics.Concat(new[] { missing }).ToEquatableArray() };
    }

    private static DiagnosticInfo Info(DiagnosticDescriptor descriptor, string path, params string[] args) =>
        new(descriptor, LocationInfo.FileStart(path), args.ToEquatableArray());

    /// <summary>The file's text, or null when the host cannot read it (reported as OAG001 by the binder).</summary>
    private static SourceText? ReadText(AdditionalText file, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            return file.GetText(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static void Emit(SourceProductionContext output, ApiModel model)
    {
        string models, json;
        string? client;
        try
        {
            models = ModelEmitter.Emit(model);
            json = JsonEmitter.Emit(model);
            client = model.Client is null ? null : ClientEmitter.Emit(model);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(model.SpecPath).ToLocation(), e.GetType().Name, e.Message));
            return;
        }

        // Hint names are the namespace, which no other emitted spec has (OAG008).
        output.AddSource(model.Namespace + ".Models.g.cs", SourceText.From(models, Encoding.UTF8));
        output.AddSource(model.Namespace + ".Json.g.cs", SourceText.From(json, Encoding.UTF8));
        if (client is not null) output.AddSource(model.Namespace + ".Client.g.cs", SourceText.From(client, Encoding.UTF8));
    }
}
