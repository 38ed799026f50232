using System;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using OpenApiClientGen.Binding;
using OpenApiClientGen.Diagnostics;
using OpenApiClientGen.Emitting;
using OpenApiClientGen.Model;

namespace OpenApiClientGen;

/// <summary>The bodies of the generator's pipeline steps (the wiring is <see cref="OpenApiClientGenerator"/>): none of them throws.</summary>
internal static class GeneratorSteps
{
    /// <summary>The file's text, or null when the host cannot read it (reported as OAG001 by the binder).</summary>
    public static SourceText? ReadText(AdditionalText file, CancellationToken cancellationToken)
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

    /// <summary>Whether an earlier spec (by path) already generates into <paramref name="model"/>'s namespace.</summary>
    public static bool IsDuplicate(ApiModel model, EquatableArray<(string Namespace, string SpecPath)> all) =>
        all.Any(other => other.Namespace == model.Namespace && string.CompareOrdinal(other.SpecPath, model.SpecPath) < 0);

    /// <summary>Whether generated code can compile in the compilation: the runtime is referenced (compatibly) and C# is 11+.</summary>
    public static bool CanEmit(TargetFacts facts) => facts.Runtime == RuntimeStatus.Compatible && facts.LanguageVersionOk;

    /// <summary>The retry metadata of a client: its annotations file bound to it, or the defaults (reported when a named file is missing).</summary>
    public static RetryBindResult BindRetries(ApiModel model, AnnotationsFile? file)
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

    /// <summary>The records, JSON metadata and client of one spec (or OAG008 when its namespace is taken).</summary>
    public static void EmitSpec(SourceProductionContext output, ApiModel model, bool duplicate, bool canEmit)
    {
        if (duplicate)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateOutput, LocationInfo.FileStart(model.SpecPath).ToLocation(), model.Namespace));
            return;
        }
        if (!canEmit) return;
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

    /// <summary>A client's retry metadata, in a file of its own.</summary>
    public static void EmitRetry(SourceProductionContext output, RetryModel model, bool canEmit)
    {
        if (!canEmit) return;
        string retry;
        string? pagination;
        try
        {
            retry = RetryEmitter.Emit(model);
            pagination = PaginationEmitter.Emit(model, model.ContextName);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(model.SpecPath).ToLocation(), e.GetType().Name, e.Message));
            return;
        }
        output.AddSource(model.Namespace + ".Retry.g.cs", SourceText.From(retry, Encoding.UTF8));
        if (pagination is not null) output.AddSource(model.Namespace + ".Pagination.g.cs", SourceText.From(pagination, Encoding.UTF8));
    }

    /// <summary>What the registration of a spec's client needs of its model.</summary>
    public static RegistrationModel Registration(ApiModel model, HostingModel hosting)
    {
        var client = model.Client!;
        return new RegistrationModel(model.SpecPath, model.Namespace, client.Name, client.InterfaceName, client.OptionsName, client.Groups, hosting);
    }

    public static void EmitRegistration(SourceProductionContext output, RegistrationModel model, bool canEmit)
    {
        if (!canEmit) return;
        string registration;
        try
        {
            registration = RegistrationEmitter.Emit(model);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(model.SpecPath).ToLocation(), e.GetType().Name, e.Message));
            return;
        }
        output.AddSource(model.Namespace + ".DependencyInjection.g.cs", SourceText.From(registration, Encoding.UTF8));
    }

    /// <summary>The compiler attributes the compilation lacks, once for all specs.</summary>
    public static void EmitPolyfills(SourceProductionContext output, EquatableArray<string> missing)
    {
        if (PolyfillEmitter.Emit(missing) is { } source) output.AddSource("OpenApiClientGen.Polyfills.g.cs", SourceText.From(source, Encoding.UTF8));
    }

    /// <summary>One diagnostic, at the first spec, when the compilation cannot use the generated code (no runtime, or C# before 11).</summary>
    public static void ReportTarget(SourceProductionContext output, TargetFacts facts, string? firstSpec)
    {
        if (firstSpec is null) return;
        var location = LocationInfo.FileStart(firstSpec).ToLocation();
        var spec = SpecOptions.FileNameOf(firstSpec);
        if (facts.Runtime != RuntimeStatus.Compatible)
        {
            var what = facts.Runtime == RuntimeStatus.Missing
                ? $"does not reference ({OutputNames.RuntimeAssembly} {OutputNames.RuntimeVersion} is needed)"
                : $"references in version {facts.RuntimeVersion}, not {OutputNames.RuntimeVersion} or a later {OutputNames.RuntimeVersion.Major}.{OutputNames.RuntimeVersion.Minor}.x";
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RuntimeMissing, location, spec, what));
        }
        else if (!facts.LanguageVersionOk)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LanguageVersionTooLow, location, spec, facts.LanguageVersion));
        }
    }

    public static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
    }

    private static DiagnosticInfo Info(DiagnosticDescriptor descriptor, string path, params string[] args) =>
        new(descriptor, LocationInfo.FileStart(path), args.ToEquatableArray());
}
