using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;
using OpenApiClientGen.Diagnostics;
using OpenApiClientGen.Model;
using OpenApiClientGen.Runtime;

namespace OpenApiClientGen.Reading;

/// <summary>
/// Reads an annotations file (JSON or YAML; the format is in the README and build/openapi-annotations.schema.json)
/// into an <see cref="AnnotationsFile"/>, never throwing: every problem is a diagnostic located in the file, and a bad
/// value is left out while the rest is read.
/// </summary>
internal sealed class AnnotationsReader
{
    private static readonly string[] Suffixes = { ".annotations.json", ".annotations.yaml", ".annotations.yml" };
    private static readonly Regex Duration = new(@"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex Percent = new(@"^\s*(\d+(?:\.\d+)?)\s*%\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex Token = new(@"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", RegexOptions.CultureInvariant);

    /// <summary>Durations beyond a day are surely a mistake (a Retry-After cap of 114 hours is the bug this exists to avoid).</summary>
    private const long MaxDurationMs = 24L * 60 * 60 * 1000;

    private readonly Problems _problems = new();

    /// <summary>Where the operations and rule statuses are in the text (for the binder's diagnostics), found in one pass.</summary>
    private Dictionary<string, LocationInfo> _located = new();

    public static bool HasConventionalName(string path) =>
        Array.Exists(Suffixes, s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>The paths where the annotations of a spec are looked for by convention: beside it, named after it.</summary>
    public static IEnumerable<string> ConventionalPaths(SpecOptions spec)
    {
        var folder = spec.Path.Substring(0, spec.Path.Length - spec.FileName.Length);
        return Suffixes.Select(suffix => folder + spec.FileStem + suffix);
    }

    public static AnnotationsFile Read(string path, SourceText? text)
    {
        try
        {
            return new AnnotationsReader().ReadFile(path, text);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // JsonObject reads nested properties lazily: a duplicate key deep in the file throws while it is walked.
            var reason = e is ArgumentException ? "a key appears twice in one object: " + e.Message : e.GetType().Name + ": " + e.Message;
            var problems = new Problems();
            problems.AddAt(DiagnosticDescriptors.MalformedAnnotations, LocationInfo.FileStart(path), reason);
            return new AnnotationsFile(path, null, ErrorCodeMatch.Exact, null, null, EquatableArray<OperationRetryModel>.Empty, problems.ToDiagnostics(path, text ?? SourceText.From(""), false));
        }
    }

    private AnnotationsFile ReadFile(string path, SourceText? text)
    {
        var empty = new AnnotationsFile(path, null, ErrorCodeMatch.Exact, null, null, EquatableArray<OperationRetryModel>.Empty, EquatableArray<DiagnosticInfo>.Empty);
        if (text is null)
        {
            _problems.AddAt(DiagnosticDescriptors.MalformedAnnotations, LocationInfo.FileStart(path), "the file cannot be read");
            return empty with { Diagnostics = _problems.ToDiagnostics(path, SourceText.From(""), false) };
        }

        var isYaml = SpecReader.IsYaml(path, text);
        var node = SpecReader.ParseTree(path, text, isYaml, _problems, DiagnosticDescriptors.MalformedAnnotations, out var parsed);
        // An empty file (or, in YAML, one with comments only) says nothing: the defaults apply.
        if (parsed && node is not JsonObject && !(node is null && (isYaml || text.ToString().Trim().Length == 0)))
            _problems.AddAt(DiagnosticDescriptors.MalformedAnnotations, LocationInfo.FileStart(path), "the file must hold one object (errorCode, policy, errors, operations)");
        if (node is not JsonObject root) return empty with { Diagnostics = _problems.ToDiagnostics(path, text, isYaml) };

        Known(root, "", "$schema", "errorCode", "policy", "errors", "operations");
        _located = PointerLocator.Locate(path, text, isYaml, LocatedPointers(root));
        string? pointer = null;
        var match = ErrorCodeMatch.Exact;
        if (Object(root, "", "errorCode") is { } errorCode)
        {
            Known(errorCode, "/errorCode", "pointer", "match");
            if (String(errorCode, "/errorCode", "pointer") is { } p)
            {
                if (p.Length == 0 || p[0] == '/') pointer = p;
                else Invalid("/errorCode/pointer", $"'{p}' is not a JSON pointer: it starts with '/' (e.g. /error/type), or is empty for the whole body");
            }
            match = Enum(errorCode, "/errorCode", "match", ErrorCodeMatch.Exact, ("exact", ErrorCodeMatch.Exact), ("prefix", ErrorCodeMatch.Prefix), ("contains", ErrorCodeMatch.Contains));
        }
        var policy = Object(root, "", "policy") is { } policyNode ? Policy(policyNode, "/policy") : null;
        EquatableArray<ErrorRuleModel>? errors = root.ContainsKey("errors") ? Rules(root["errors"], "/errors") : null;

        var operations = new List<OperationRetryModel>();
        if (Object(root, "", "operations") is { } operationsNode)
        {
            foreach (var entry in operationsNode)
            {
                var at = "/operations/" + PointerLocator.Escape(entry.Key);
                if (entry.Value is not JsonObject operation)
                {
                    Invalid(at, $"operations.{entry.Key} must be an object (retry, idempotencyKeyHeader, reconnect, pagination, policy, errors)");
                    continue;
                }
                Known(operation, at, "retry", "idempotencyKeyHeader", "reconnect", "pagination", "policy", "errors");
                var mode = Enum(operation, at, "retry", RetryMode.Default,
                    ("default", RetryMode.Default), ("never", RetryMode.Never), ("always", RetryMode.Always), ("idempotencyKey", RetryMode.IdempotencyKey));
                var header = String(operation, at, "idempotencyKeyHeader");
                if (header is not null && !Token.IsMatch(header))
                {
                    Invalid(at + "/idempotencyKeyHeader", $"'{header}' is not a valid HTTP header name");
                    header = null;
                }
                if (mode == RetryMode.IdempotencyKey) header ??= "Idempotency-Key";
                else if (header is not null)
                    Invalid(at + "/idempotencyKeyHeader", "idempotencyKeyHeader applies only with retry: idempotencyKey");
                var operationPolicy = Object(operation, at, "policy") is { } p ? Policy(p, at + "/policy") : null;
                var rules = operation.ContainsKey("errors") ? Rules(operation["errors"], at + "/errors") : EquatableArray<ErrorRuleModel>.Empty;
                operations.Add(new OperationRetryModel(entry.Key, mode, header, operationPolicy, rules, Locate(at))
                {
                    Reconnect = Bool(operation, at, "reconnect") ?? false,
                    Pagination = Object(operation, at, "pagination") is { } pagination ? Pagination(pagination, at + "/pagination") : null,
                });
            }
        }

        if (pointer is null) ReportCodesWithoutPointer(root);
        return new AnnotationsFile(path, pointer, match, policy, errors, operations.ToEquatableArray(), _problems.ToDiagnostics(path, text, isYaml));
    }

    /// <summary>A rule's code is read at errorCode.pointer: without one, such a rule can never match.</summary>
    private void ReportCodesWithoutPointer(JsonObject root)
    {
        void Check(JsonNode? errors, string at)
        {
            if (errors is not JsonArray array) return;
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject rule && rule.ContainsKey("code"))
                    Invalid(at + "/" + i.ToString(CultureInfo.InvariantCulture) + "/code", "a rule with a code needs errorCode.pointer (where the code is read in error bodies); without it the rule never matches");
            }
        }

        Check(root["errors"], "/errors");
        if (root["operations"] is JsonObject operations)
        {
            foreach (var entry in operations)
            {
                if (entry.Value is JsonObject operation) Check(operation["errors"], "/operations/" + PointerLocator.Escape(entry.Key) + "/errors");
            }
        }
    }

    // ------------------------------------------------------------------ parts

    private PolicyModel Policy(JsonObject node, string at)
    {
        Known(node, at, "maxAttempts", "initialDelay", "multiplier", "maxDelay", "jitter", "retryAfter", "maxRetryAfter", "transportErrors", "timeouts", "sometimes");
        var maxAttempts = Number(node, at, "maxAttempts") is { } n
            ? n >= 1 && n <= 100 && Math.Floor(n) == n ? (int)n : InvalidValue<int?>(at + "/maxAttempts", $"maxAttempts must be a whole number from 1 to 100, not {Show(node["maxAttempts"])}")
            : null;
        var multiplier = Number(node, at, "multiplier") is { } m
            ? m >= 1 && m <= 100 ? m : InvalidValue<double?>(at + "/multiplier", $"multiplier must be a number from 1 to 100, not {Show(node["multiplier"])}")
            : null;
        long? jitterMs = null;
        double? jitterRatio = null;
        if (node["jitter"] is { } jitter)
        {
            if (Ratio(jitter) is { } ratio)
            {
                jitterRatio = ratio;
                jitterMs = 0;
            }
            else if (jitter.GetValueKind() == JsonValueKind.String && DurationMs(jitter) is { } ms)
            {
                jitterMs = ms;
                jitterRatio = 0;
            }
            else
            {
                Invalid(at + "/jitter", $"jitter must be a duration (e.g. 1s, 250ms) or a ratio from 0 to 1 (e.g. 0.2 or \"20%\"), not {Show(jitter)}");
            }
        }
        return new PolicyModel(
            maxAttempts,
            DurationField(node, at, "initialDelay"),
            multiplier,
            DurationField(node, at, "maxDelay"),
            jitterMs,
            jitterRatio,
            Bool(node, at, "retryAfter"),
            DurationField(node, at, "maxRetryAfter"),
            Bool(node, at, "transportErrors"),
            Bool(node, at, "timeouts"),
            Bool(node, at, "sometimes"));
    }

    private EquatableArray<ErrorRuleModel> Rules(JsonNode? node, string at)
    {
        if (node is not JsonArray array)
        {
            Invalid(at, "errors must be a list of rules (status, code, retryable, cause, remedy)");
            return EquatableArray<ErrorRuleModel>.Empty;
        }
        var rules = new List<ErrorRuleModel>();
        for (var i = 0; i < array.Count; i++)
        {
            var ruleAt = at + "/" + i.ToString(CultureInfo.InvariantCulture);
            if (array[i] is not JsonObject rule)
            {
                Invalid(ruleAt, "an error rule must be an object (status, code, retryable, cause, remedy)");
                continue;
            }
            Known(rule, ruleAt, "status", "code", "retryable", "cause", "remedy");
            var status = Status(rule["status"], ruleAt + "/status");
            var retryable = Retryable(rule["retryable"], ruleAt + "/retryable");
            var code = String(rule, ruleAt, "code");
            if (status is null || retryable is null) continue;
            rules.Add(new ErrorRuleModel(status, code, retryable.Value, String(rule, ruleAt, "cause"), String(rule, ruleAt, "remedy"), Locate(ruleAt + "/status")));
        }
        return rules.ToEquatableArray();
    }

    private string? Status(JsonNode? node, string at)
    {
        if (node is null)
        {
            Invalid(at, "an error rule needs a status: a code (429), a range (5XX) or default");
            return null;
        }
        var text = node.GetValueKind() switch
        {
            JsonValueKind.Number => node.ToJsonString(),
            JsonValueKind.String => node.GetValue<string>().Trim(),
            _ => null,
        };
        // The OpenAPI responses-key grammar, written canonically: "429", "5XX", "default".
        if (text is not null && ResponseModel.IsStatusKey(text.ToLowerInvariant()))
        {
            if (ResponseModel.RangeDigitOf(text) is { } digit) return digit.ToString(CultureInfo.InvariantCulture) + "XX";
            return ResponseModel.CodeOf(text) is { } code ? code.ToString(CultureInfo.InvariantCulture) : "default";
        }
        Invalid(at, $"{Show(node)} is not a status: a code from 100 to 599, a range from 1XX to 5XX, or default");
        return null;
    }

    private Retryability? Retryable(JsonNode? node, string at)
    {
        var value = node?.GetValueKind() switch
        {
            JsonValueKind.True => Retryability.Yes,
            JsonValueKind.False => Retryability.No,
            JsonValueKind.String => node.GetValue<string>().Trim().ToLowerInvariant() switch
            {
                "yes" => Retryability.Yes,
                "no" => Retryability.No,
                "sometimes" => Retryability.Sometimes,
                _ => (Retryability?)null,
            },
            _ => null,
        };
        if (value is null) Invalid(at, node is null ? "an error rule needs retryable: yes, no or sometimes" : $"retryable must be yes, no or sometimes, not {Show(node)}");
        return value;
    }

    private long? DurationField(JsonObject node, string at, string name)
    {
        if (node[name] is not { } value) return null;
        if (DurationMs(value) is { } ms) return ms;
        Invalid(at + "/" + name, $"{name} must be a duration from 0 to 24h (e.g. 250ms, 1s, 1.5s, 2m, or a number of seconds), not {Show(value)}");
        return null;
    }

    private static long? DurationMs(JsonNode value)
    {
        double ms;
        switch (value.GetValueKind())
        {
            case JsonValueKind.Number:
                ms = NumberOf(value) * 1000;
                break;
            case JsonValueKind.String when Duration.Match(value.GetValue<string>()) is { Success: true } m:
                var amount = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                ms = m.Groups[2].Value.ToLowerInvariant() switch { "ms" => amount, "s" => amount * 1000, "m" => amount * 60_000, _ => amount * 3_600_000 };
                break;
            default:
                return null;
        }
        return ms >= 0 && ms <= MaxDurationMs ? (long)Math.Round(ms) : null;
    }

    private static double? Ratio(JsonNode value)
    {
        double ratio;
        if (value.GetValueKind() == JsonValueKind.Number) ratio = NumberOf(value);
        else if (value.GetValueKind() == JsonValueKind.String && Percent.Match(value.GetValue<string>()) is { Success: true } m)
            ratio = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 100;
        else return null;
        return ratio is >= 0 and <= 1 ? ratio : null;
    }

    // ------------------------------------------------------------------ typed access, each reporting a wrong type

    /// <summary>An operation's <c>pagination</c>: its style, where the items are, and the style's pointers and parameters.</summary>
    private PaginationModel? Pagination(JsonObject node, string at)
    {
        Known(node, at, "style", "items", "next", "cursorParam", "cursorFromLastItem", "hasMore", "limitParam", "offsetParam", "pageParam", "firstPage");
        if (node["style"] is null)
        {
            Invalid(at, "pagination needs a style: nextUrl, cursor, link, offset or page");
            return null;
        }
        var style = Enum(node, at, "style", (PageStyle)(-1),
            ("nextUrl", PageStyle.NextUrl), ("cursor", PageStyle.Cursor), ("link", PageStyle.Link), ("offset", PageStyle.Offset), ("page", PageStyle.Page));
        if (style == (PageStyle)(-1)) return null;
        string? Pointer(string name)
        {
            if (String(node, at, name) is not { } pointer) return null;
            if (pointer.Length == 0 || pointer[0] == '/') return pointer;
            Invalid(at + "/" + name, $"{name} must be a JSON pointer such as /data, not '{pointer}'");
            return null;
        }
        var firstPage = Number(node, at, "firstPage") is { } first && first is >= 0 and <= int.MaxValue && first == Math.Floor(first) ? (int)first : 1;
        return new PaginationModel(
            style, Pointer("items") ?? "", Pointer("next"), String(node, at, "cursorParam"), Pointer("cursorFromLastItem"), Pointer("hasMore"),
            String(node, at, "limitParam"), String(node, at, "offsetParam"), String(node, at, "pageParam"), firstPage, Locate(at));
    }

    private JsonObject? Object(JsonObject parent, string at, string name)
    {
        if (parent[name] is not { } value) return null;
        if (value is JsonObject o) return o;
        Invalid(at + "/" + name, $"{name} must be an object, not {Show(value)}");
        return null;
    }

    private string? String(JsonObject parent, string at, string name)
    {
        if (parent[name] is not { } value) return null;
        if (value.GetValueKind() == JsonValueKind.String) return value.GetValue<string>();
        Invalid(at + "/" + name, $"{name} must be a string, not {Show(value)}");
        return null;
    }

    private double? Number(JsonObject parent, string at, string name)
    {
        if (parent[name] is not { } value) return null;
        if (value.GetValueKind() == JsonValueKind.Number) return NumberOf(value);
        Invalid(at + "/" + name, $"{name} must be a number, not {Show(value)}");
        return null;
    }

    /// <summary>A JSON number as a double, whatever backs it (a parsed element, or the long of a YAML hex literal).</summary>
    private static double NumberOf(JsonNode value)
    {
        var number = value.AsValue();
        if (number.TryGetValue<double>(out var d)) return d;
        if (number.TryGetValue<long>(out var l)) return l;
        if (number.TryGetValue<int>(out var i)) return i;
        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private bool? Bool(JsonObject parent, string at, string name)
    {
        if (parent[name] is not { } value) return null;
        switch (value.GetValueKind())
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
        }
        Invalid(at + "/" + name, $"{name} must be true or false, not {Show(value)}");
        return null;
    }

    private T Enum<T>(JsonObject parent, string at, string name, T fallback, params (string Name, T Value)[] values)
    {
        if (parent[name] is not { } value) return fallback;
        if (value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>().Trim();
            foreach (var candidate in values)
            {
                if (string.Equals(candidate.Name, text, StringComparison.OrdinalIgnoreCase)) return candidate.Value;
            }
        }
        Invalid(at + "/" + name, $"{name} must be one of {string.Join(", ", values.Select(v => v.Name))}, not {Show(value)}");
        return fallback;
    }

    private void Known(JsonObject node, string at, params string[] names)
    {
        foreach (var key in node.Select(p => p.Key))
        {
            if (Array.IndexOf(names, key) < 0)
                _problems.Add(DiagnosticDescriptors.UnknownAnnotation, at + "/" + PointerLocator.Escape(key), key, string.Join(", ", names.Where(n => n != "$schema")));
        }
    }

    private void Invalid(string pointer, string message) => _problems.Add(DiagnosticDescriptors.InvalidAnnotation, pointer, message);

    private T InvalidValue<T>(string pointer, string message)
    {
        Invalid(pointer, message);
        return default!;
    }

    private static string Show(JsonNode? value) => value is null ? "null" : value.ToJsonString();

    /// <summary>The places the binder may report on (operations and rule statuses), located in one pass over the text.</summary>
    private static IEnumerable<string> LocatedPointers(JsonObject root)
    {
        static IEnumerable<string> Rules(JsonNode? errors, string at) => errors is JsonArray array
            ? Enumerable.Range(0, array.Count).Select(i => at + "/" + i.ToString(CultureInfo.InvariantCulture) + "/status")
            : Enumerable.Empty<string>();

        var pointers = Rules(root["errors"], "/errors").ToList();
        if (root["operations"] is JsonObject operations)
        {
            foreach (var entry in operations)
            {
                var at = "/operations/" + PointerLocator.Escape(entry.Key);
                pointers.Add(at);
                // Where a pagination is written: a problem only the binder finds (its items lead to no list) is reported there.
                if (entry.Value is JsonObject { } annotated && annotated.ContainsKey("pagination")) pointers.Add(at + "/pagination");
                if (entry.Value is JsonObject operation) pointers.AddRange(Rules(operation["errors"], at + "/errors"));
            }
        }
        return pointers;
    }

    private LocationInfo? Locate(string pointer) => _located.TryGetValue(pointer, out var location) ? location : null;
}
