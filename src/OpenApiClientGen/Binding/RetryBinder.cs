using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using OpenApiClientGen.Diagnostics;
using OpenApiClientGen.Model;
using OpenApiClientGen.Runtime;

namespace OpenApiClientGen.Binding;

/// <summary>
/// Binds an annotations file (or none) to a client: the complete API-wide policy, the error rules, and the operations'
/// overrides keyed the way the generated client looks them up (operationId, else "METHOD /path"). Annotations naming an
/// operation the document does not have, or a status an operation does not declare, are reported where they are written.
/// </summary>
internal static class RetryBinder
{
    public static RetryBindResult Bind(ApiModel model, ClientModel client, AnnotationsFile? file)
    {
        if (file is null)
            return new RetryBindResult(new RetryModel(model.SpecPath, model.Namespace, client.Name, null, new PolicyModel(), null, ErrorCodeMatch.Exact, null, EquatableArray<OperationRetryModel>.Empty), EquatableArray<DiagnosticInfo>.Empty);

        var diagnostics = new List<DiagnosticInfo>();
        void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args) =>
            diagnostics.Add(new DiagnosticInfo(descriptor, location ?? LocationInfo.FileStart(file.Path), args.ToEquatableArray()));

        var byKey = new Dictionary<string, OperationModel>(StringComparer.Ordinal);
        foreach (var operation in client.Operations)
        {
            if (operation.OperationId is { } id && !byKey.ContainsKey(id)) byKey[id] = operation;
            if (!byKey.ContainsKey(operation.Route)) byKey[operation.Route] = operation;
        }

        var operations = new List<OperationRetryModel>();
        var seen = new HashSet<OperationModel>();
        foreach (var annotation in file.Operations)
        {
            if (!byKey.TryGetValue(annotation.Key, out var operation) && !byKey.TryGetValue(NormalizeRoute(annotation.Key), out operation))
            {
                Report(DiagnosticDescriptors.UnknownOperation, annotation.Location, annotation.Key);
                continue;
            }
            if (!seen.Add(operation))
            {
                Report(DiagnosticDescriptors.InvalidAnnotation, annotation.Location, $"operation '{annotation.Key}' is annotated twice (by operationId and by \"METHOD /path\"); this entry is ignored");
                continue;
            }
            foreach (var rule in annotation.Errors)
            {
                if (!Declares(operation, rule.Status)) Report(DiagnosticDescriptors.UndeclaredStatus, rule.Location, annotation.Key, rule.Status);
            }
            operations.Add(annotation with { Key = operation.Key, Errors = Strip(annotation.Errors), Location = null });
        }

        var retry = new RetryModel(
            model.SpecPath,
            model.Namespace,
            client.Name,
            SpecOptions.FileNameOf(file.Path),
            file.Policy ?? new PolicyModel(),
            file.CodePointer,
            file.CodeMatch,
            file.Errors is { } errors ? Strip(errors) : null,
            operations.OrderBy(o => o.Key, StringComparer.Ordinal).ToEquatableArray());
        return new RetryBindResult(retry, diagnostics.ToEquatableArray());
    }

    /// <summary>"get /pets" → "GET /pets", so a route key can be written in any case of method.</summary>
    private static string NormalizeRoute(string key)
    {
        var space = key.IndexOf(' ');
        return space <= 0 ? key : key.Substring(0, space).ToUpperInvariant() + " " + key.Substring(space + 1).Trim();
    }

    /// <summary>Whether the operation declares a response that covers <paramref name="status"/> (exactly, by range or by default).</summary>
    private static bool Declares(OperationModel operation, string status)
    {
        var responses = operation.Successes.Concat(operation.Errors).ToList();
        if (status == "default" || responses.Any(r => r.IsDefault)) return true;
        return ResponseModel.CodeOf(status) is { } code
            ? responses.Any(r => r.Code == code || r.RangeDigit == code / 100)
            : responses.Any(r => r.RangeDigit == ResponseModel.RangeDigitOf(status) || r.Code / 100 == ResponseModel.RangeDigitOf(status));
    }

    /// <summary>Rules as emitted: their places in the file are for diagnostics only (an edit that only moves them changes no output).</summary>
    private static EquatableArray<ErrorRuleModel> Strip(EquatableArray<ErrorRuleModel> rules) => rules.Select(r => r with { Location = null }).ToEquatableArray();
}
