using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Microsoft.OpenApi;
using OpenApiClientGen.Diagnostics;
using OpenApiClientGen.Model;
using OpenApiClientGen.Reading;

namespace OpenApiClientGen.Binding;

/// <summary>Reading and binding in one step: spec text and options in, an equatable <see cref="BindResult"/> out.</summary>
internal static class ApiBinder
{
    public static BindResult Bind(SpecOptions options, SourceText? text, TargetModel target, System.Threading.CancellationToken cancellationToken)
    {
        var problems = new Problems();
        var path = options.Path;
        if (text is null)
        {
            problems.AddAt(DiagnosticDescriptors.MalformedDocument, LocationInfo.FileStart(path), "the file cannot be read");
            return new BindResult(null, problems.ToDiagnostics(path, SourceText.From(""), false));
        }

        var isYaml = SpecReader.IsYaml(path, text);
        try
        {
            var document = SpecReader.Read(path, text, isYaml, problems, out var isSwagger2, out var deepReferences);
            cancellationToken.ThrowIfCancellationRequested();
            var model = document is null ? null : BindDocument(document, deepReferences, options, target, isSwagger2, problems);
            cancellationToken.ThrowIfCancellationRequested();
            return new BindResult(model, problems.ToDiagnostics(path, text, isYaml));
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // Never let an exception escape the generator: it would silently drop every generated file (CS8785).
            problems.AddAt(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(path), e.GetType().Name, e.Message);
            return new BindResult(null, problems.ToDiagnostics(path, text, isYaml));
        }
    }

    private static ApiModel? BindDocument(OpenApiDocument document, Dictionary<string, string> deepReferences, SpecOptions options, TargetModel target, bool isSwagger2, Problems problems)
    {
        var title = document.Info?.Title is { Length: > 0 } t ? t : options.FileStem;
        var ns = ResolveNamespace(options, problems);
        if (ns is null) return null;
        var clientName = ResolveClientName(options, title, problems);
        if (clientName is null) return null;
        var prefix = clientName.EndsWith("Client", StringComparison.Ordinal) && clientName.Length > "Client".Length
            ? clientName.Substring(0, clientName.Length - "Client".Length)
            : clientName;
        var contextName = prefix + "JsonContext";

        var binder = new SchemaBinder(problems, ns, target, options.KeepUnknownProperties, isSwagger2, new[] { contextName }.Concat(ClientBinder.ReservedTypeNames(clientName)));
        binder.FollowDeepReferences(document, deepReferences);
        binder.BindComponents(document.Components?.Schemas);
        BindComponentSchemas(document, binder);
        var clients = new ClientBinder(binder, problems);
        var client = clients.Bind(document, clientName, document.Info?.Version ?? "", options.GroupByTag);

        var types = binder.Types.OrderBy(x => x.Name, StringComparer.Ordinal).ToEquatableArray();
        return new ApiModel(options, ns, contextName, title, types, client, clients.ValueTypes);
    }

    /// <summary>Inline schemas of shared responses, bodies and parameters, so they are named after the component.</summary>
    private static void BindComponentSchemas(OpenApiDocument document, SchemaBinder binder)
    {
        if (document.Components is not { } components) return;
        foreach (var response in (components.Responses ?? new Dictionary<string, IOpenApiResponse>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            BindContent(binder, response.Value?.Content, Identifiers.ToPascalCase(response.Key) + "Response", "#/components/responses/" + PointerLocator.Escape(response.Key));
        foreach (var body in (components.RequestBodies ?? new Dictionary<string, IOpenApiRequestBody>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            BindContent(binder, body.Value?.Content, Identifiers.ToPascalCase(body.Key) + "Request", "#/components/requestBodies/" + PointerLocator.Escape(body.Key));
        foreach (var parameter in (components.Parameters ?? new Dictionary<string, IOpenApiParameter>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            binder.Resolve(parameter.Value?.Schema, Identifiers.ToPascalCase(parameter.Key) + "Parameter", "#/components/parameters/" + PointerLocator.Escape(parameter.Key) + "/schema");
    }

    private static void BindContent(SchemaBinder binder, IDictionary<string, IOpenApiMediaType>? content, string contextName, string pointer)
    {
        if (content is null) return;
        foreach (var media in content.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (media.Value?.Schema is { } schema)
                binder.Resolve(schema, contextName, pointer + "/content/" + PointerLocator.Escape(media.Key) + "/schema");
        }
    }

    private static string? ResolveNamespace(SpecOptions options, Problems problems)
    {
        if (options.Namespace is { Length: > 0 } configured)
        {
            if (configured.Split('.').All(IsIdentifier)) return configured;
            problems.AddAt(DiagnosticDescriptors.InvalidOption, LocationInfo.FileStart(options.Path), "Namespace", configured, "it is not a valid C# namespace");
            return null;
        }
        var fileName = options.FileStem;
        var stem = Identifiers.ToPascalCase(fileName);
        foreach (var suffix in new[] { "Openapi", "Swagger", "OpenApi" })
        {
            if (stem.EndsWith(suffix, StringComparison.Ordinal) && stem.Length > suffix.Length) stem = stem.Substring(0, stem.Length - suffix.Length);
        }
        var root = options.RootNamespace is { Length: > 0 } r && r.Split('.').All(IsIdentifier) ? r + "." : "";
        return root + stem.TrimStart('_') is { Length: > 0 } ns && IsIdentifier(ns.Split('.').Last()) ? root + stem.TrimStart('_') : root + "OpenApi";
    }

    private static string? ResolveClientName(SpecOptions options, string title, Problems problems)
    {
        if (options.ClientName is { Length: > 0 } configured)
        {
            if (IsIdentifier(configured)) return configured;
            problems.AddAt(DiagnosticDescriptors.InvalidOption, LocationInfo.FileStart(options.Path), "ClientName", configured, "it is not a valid C# identifier");
            return null;
        }
        var name = Identifiers.ToPascalCase(title).TrimStart('_');
        if (name.Length == 0 || char.IsDigit(name[0])) name = "Api" + name;
        return name.EndsWith("Client", StringComparison.Ordinal) ? name : name + "Client";
    }

    private static bool IsIdentifier(string name) => SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;
}
