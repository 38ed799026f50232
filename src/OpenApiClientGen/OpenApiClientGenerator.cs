using System;
using System.IO;
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
        context.RegisterPostInitializationOutput(static output =>
            output.AddSource("OpenApiClientGen.JsonSupport.g.cs", SourceText.From(RuntimeSources.JsonSupport, Encoding.UTF8)));

        var specs = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => (File: pair.Left, Options: SpecOptionsReader.Read(pair.Left, pair.Right)))
            .Where(static spec => spec.Options is not null)
            .WithTrackingName(TrackingNames.SpecFiles);

        var results = specs
            .Select(static (spec, cancellationToken) => ApiBinder.Bind(spec.Options!, spec.File.GetText(cancellationToken), cancellationToken))
            .WithTrackingName(TrackingNames.Models);

        var models = results
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.ModelsOnly);

        var diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(models, static (output, model) => Emit(output, model!));
        context.RegisterSourceOutput(diagnostics, static (output, list) =>
        {
            foreach (var diagnostic in list) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }

    private static void Emit(SourceProductionContext output, ApiModel model)
    {
        string models, json;
        try
        {
            models = ModelEmitter.Emit(model);
            json = JsonEmitter.Emit(model);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(model.SpecPath).ToLocation(), e.GetType().Name, e.Message));
            return;
        }

        try
        {
            output.AddSource(model.HintName + ".Models.g.cs", SourceText.From(models, Encoding.UTF8));
            output.AddSource(model.HintName + ".Json.g.cs", SourceText.From(json, Encoding.UTF8));
        }
        catch (ArgumentException)
        {
            // The hint name is the namespace: a second spec generating into the same namespace would declare every type twice.
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateOutput, LocationInfo.FileStart(model.SpecPath).ToLocation(), model.Namespace));
        }
    }
}

/// <summary>Sources emitted as they are, kept as real C# files embedded in the generator assembly.</summary>
internal static class RuntimeSources
{
    public static readonly string JsonSupport = Load("OpenApiClientGen.JsonSupport.cs");

    private static string Load(string name)
    {
        using var stream = typeof(RuntimeSources).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing embedded resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }
}
