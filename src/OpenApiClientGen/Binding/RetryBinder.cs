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
        var diagnostics = new List<DiagnosticInfo>();
        void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args) =>
            diagnostics.Add(new DiagnosticInfo(descriptor, location ?? LocationInfo.FileStart(file?.Path ?? model.SpecPath), args.ToEquatableArray()));

        if (file is null)
        {
            var defaults = new RetryModel(model.SpecPath, model.Namespace, client.Name, null, new PolicyModel(), null, ErrorCodeMatch.Exact, null, EquatableArray<OperationRetryModel>.Empty)
            {
                Pages = PagedOperations(model, client, new Dictionary<OperationModel, PaginationModel>(), Report),
                ContextName = model.ContextName,
            };
            return new RetryBindResult(defaults, diagnostics.ToEquatableArray());
        }

        var byKey = new Dictionary<string, OperationModel>(StringComparer.Ordinal);
        foreach (var operation in client.Operations)
        {
            if (operation.OperationId is { } id && !byKey.ContainsKey(id)) byKey[id] = operation;
            if (!byKey.ContainsKey(operation.Route)) byKey[operation.Route] = operation;
        }

        var operations = new List<OperationRetryModel>();
        var annotated = new Dictionary<OperationModel, PaginationModel>();
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
            // (An operation annotated for its pagination only has no retry metadata of its own.)
            if (annotation is not { Pagination: not null, Mode: RetryMode.Default, IdempotencyKeyHeader: null, Policy: null, Errors.Count: 0, Reconnect: false })
                operations.Add(annotation with { Key = operation.Key, Errors = Strip(annotation.Errors), Location = null, Pagination = null });
            if (annotation.Pagination is { } pagination) annotated[operation] = pagination;
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
            operations.OrderBy(o => o.Key, StringComparer.Ordinal).ToEquatableArray())
        {
            Pages = PagedOperations(model, client, annotated, Report),
            ContextName = model.ContextName,
        };
        return new RetryBindResult(retry, diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// The operations that page: by their annotations, else by the document's extension. The page is the operation's one
    /// JSON success body; the items pointer is followed through its records' properties to a list, whose element is the
    /// item type. A rule the page cannot satisfy is reported (where the annotations wrote it) and the operation not paged.
    /// </summary>
    private static EquatableArray<PagedOperationModel> PagedOperations(
        ApiModel model, ClientModel client, Dictionary<OperationModel, PaginationModel> annotated, Action<DiagnosticDescriptor, LocationInfo?, string[]> report)
    {
        var records = model.Types.OfType<RecordModel>().ToDictionary(r => r.Name, StringComparer.Ordinal);
        var pages = new List<PagedOperationModel>();
        // Method names (before "Async") the client already has: its operations, their streams, its own members.
        var taken = new HashSet<string>(client.Operations.Select(o => o.Name).Concat(client.Operations.Select(o => o.Stream?.MethodName).OfType<string>())
            .Concat(OutputNames.ClientMembers), StringComparer.Ordinal);
        foreach (var operation in client.Operations)
        {
            var fromAnnotations = annotated.TryGetValue(operation, out var rule);
            if (!fromAnnotations) rule = operation.Paging;
            if (rule is null) continue;
            void Refuse(string why)
            {
                if (fromAnnotations) report(DiagnosticDescriptors.InvalidAnnotation, rule.Location, new[] { $"the pagination of {operation.Key} cannot be followed: {why}; it is not paged" });
            }
            var bodies = operation.Successes.Where(s => s.Type is not null).Select(s => s.Type!.WithNullable(false)).Distinct().ToList();
            if (bodies.Count != 1 || operation.Successes.Any(s => s.Kind != BodyKind.Json && s.Kind != BodyKind.None))
            {
                Refuse("a page must be the operation's one JSON success body");
                continue;
            }
            var page = bodies[0];
            var type = page;
            var path = new List<string>();
            var found = true;
            foreach (var token in rule.Items.Length == 0 ? Array.Empty<string>() : rule.Items.Substring(1).Split('/'))
            {
                var name = token.Replace("~1", "/").Replace("~0", "~");
                if (type.Kind != Model.TypeKind.Record || !records.TryGetValue(type.Name!, out var record) || record.Properties.FirstOrDefault(p => p.JsonName == name) is not { } property)
                {
                    found = false;
                    break;
                }
                path.Add(property.Name);
                type = property.Type;
            }
            if (!found || type.Kind != Model.TypeKind.Array || type.Element is null)
            {
                Refuse($"items '{rule.Items}' does not lead to a list in the page ({page.Name ?? page.Kind.ToString()})");
                continue;
            }
            var declaring = client.GroupOf(operation)?.InterfaceName ?? client.InterfaceName;
            pages.Add(new PagedOperationModel(operation, declaring, rule with { Location = null }, page, type.Element, path.ToEquatableArray(),
                Identifiers.Unique(operation.Name + "Pages", taken), Identifiers.Unique(operation.Name + "Items", taken)));
        }
        return pages.ToEquatableArray();
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
