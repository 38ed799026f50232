using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OpenApiClientGen.Model;
using static OpenApiClientGen.Model.OutputNames;

namespace OpenApiClientGen.Emitting;

/// <summary>
/// Writes a client's retry metadata (<c>&lt;Client&gt;.RetryMetadata</c>) in a file of its own, so an edit of the
/// annotations file regenerates this file alone: the policy, the error table and the operations' overrides, as data
/// for the runtime's <c>RetryMetadata</c>. Only what the annotations set is written; the rest keeps the runtime's defaults.
/// </summary>
internal static class RetryEmitter
{
    public static string Emit(RetryModel model)
    {
        var w = new SourceWriter();
        w.Line(SourceWriter.Header);
        w.OpenNamespace(model.Namespace, RetryPolicyAlias, RetryMetadataAlias, ErrorRuleAlias, OperationRetryAlias, RetryabilityAlias, RetryModeAlias, ErrorCodeMatchAlias);
        w.Open($"public partial class {model.ClientName}");
        var assignments = Assignments(model.Policy).ToList();
        if (assignments.Count == 0)
        {
            w.Line($"private static readonly {RetryPolicyAlias} {AnnotatedPolicy} = {RetryPolicyAlias}.{nameof(OpenApiClientGen.RetryPolicy.Default)};");
        }
        else
        {
            w.Line($"private static readonly {RetryPolicyAlias} {AnnotatedPolicy} = new()");
            w.Line("{");
            foreach (var assignment in assignments) w.Line($"    {assignment},");
            w.Line("};");
        }
        w.Line();
        var origin = model.Source is { } source ? $"from {source}" : "the defaults (the API description has no annotations file)";
        w.Line("/// <summary>");
        w.Line($"/// The retry metadata the client follows, {SourceWriter.EscapeXml(origin)}: policy, error table and per-operation overrides.");
        w.Line($"/// Also a predicate and error table for your own resilience stack (see <see cref=\"{RetryMetadataAlias}.{nameof(OpenApiClientGen.RetryMetadata.ShouldRetry)}(global::System.Exception)\"/>).");
        w.Line("/// </summary>");
        w.Line($"public static {RetryMetadataAlias} {RetryMetadataProperty} {{ get; }} = new(");
        w.Line($"    {(model.Source is { } s ? Identifiers.Literal(s) : "null")},");
        w.Line($"    {AnnotatedPolicy},");
        w.Line($"    {(model.CodePointer is { } pointer ? Identifiers.Literal(pointer) : "null")},");
        w.Line($"    {ErrorCodeMatchAlias}.{model.CodeMatch},");
        if (model.Errors is { } errors) Rules(w, errors, "    ", ",");
        else w.Line($"    {RetryMetadataAlias}.{nameof(OpenApiClientGen.RetryMetadata.DefaultErrors)},");
        if (model.Operations.Count == 0)
        {
            w.Line($"    global::System.Array.Empty<{OperationRetryAlias}>());");
        }
        else
        {
            w.Line($"    new {OperationRetryAlias}[]");
            w.Line("    {");
            foreach (var operation in model.Operations)
            {
                var arguments = new List<string> { Identifiers.Literal(operation.Key), $"{RetryModeAlias}.{operation.Mode}" };
                if (operation.IdempotencyKeyHeader is { } header) arguments.Add("idempotencyKeyHeader: " + Identifiers.Literal(header));
                if (operation.Reconnect) arguments.Add("reconnect: true");
                if (operation.Policy is { } policy && Assignments(policy).ToList() is { Count: > 0 } changes)
                    arguments.Add($"policy: {AnnotatedPolicy} with {{ " + string.Join(", ", changes) + " }");
                if (operation.Errors.Count == 0)
                {
                    w.Line($"        new({string.Join(", ", arguments)}),");
                    continue;
                }
                w.Line($"        new({string.Join(", ", arguments)}, errors:");
                Rules(w, operation.Errors, "            ", "),");
            }
            w.Line("    });");
        }
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void Rules(SourceWriter w, EquatableArray<ErrorRuleModel> rules, string indent, string end)
    {
        if (rules.Count == 0)
        {
            w.Line($"{indent}global::System.Array.Empty<{ErrorRuleAlias}>(){end}");
            return;
        }
        w.Line($"{indent}new {ErrorRuleAlias}[]");
        w.Line($"{indent}{{");
        foreach (var rule in rules)
            w.Line($"{indent}    new({Identifiers.Literal(rule.Status)}, {Text(rule.Code)}, {RetryabilityAlias}.{rule.Retryable}, {Text(rule.Cause)}, {Text(rule.Remedy)}),");
        w.Line($"{indent}}}{end}");
    }

    /// <summary>Object-initializer assignments for the fields a policy sets.</summary>
    private static IEnumerable<string> Assignments(PolicyModel policy)
    {
        // The property names are the runtime's own.
        if (policy.MaxAttempts is { } attempts) yield return $"{nameof(OpenApiClientGen.RetryPolicy.MaxAttempts)} = {attempts.ToString(CultureInfo.InvariantCulture)}";
        if (policy.InitialDelayMs is { } initial) yield return $"{nameof(OpenApiClientGen.RetryPolicy.InitialDelay)} = {Duration(initial)}";
        if (policy.Multiplier is { } multiplier) yield return $"{nameof(OpenApiClientGen.RetryPolicy.Multiplier)} = {multiplier.ToString("R", CultureInfo.InvariantCulture)}";
        if (policy.MaxDelayMs is { } max) yield return $"{nameof(OpenApiClientGen.RetryPolicy.MaxDelay)} = {Duration(max)}";
        if (policy.JitterMs is { } jitter) yield return $"{nameof(OpenApiClientGen.RetryPolicy.Jitter)} = {Duration(jitter)}";
        if (policy.JitterRatio is { } ratio) yield return $"{nameof(OpenApiClientGen.RetryPolicy.JitterRatio)} = {ratio.ToString("R", CultureInfo.InvariantCulture)}";
        if (policy.RetryAfter is { } retryAfter) yield return $"{nameof(OpenApiClientGen.RetryPolicy.HonorRetryAfter)} = {Bool(retryAfter)}";
        if (policy.MaxRetryAfterMs is { } cap) yield return $"{nameof(OpenApiClientGen.RetryPolicy.MaxRetryAfter)} = {Duration(cap)}";
        if (policy.TransportErrors is { } transport) yield return $"{nameof(OpenApiClientGen.RetryPolicy.RetryTransportErrors)} = {Bool(transport)}";
        if (policy.Timeouts is { } timeouts) yield return $"{nameof(OpenApiClientGen.RetryPolicy.RetryTimeouts)} = {Bool(timeouts)}";
        if (policy.Sometimes is { } sometimes) yield return $"{nameof(OpenApiClientGen.RetryPolicy.RetrySometimes)} = {Bool(sometimes)}";
    }

    private static string Duration(long milliseconds) => $"global::System.TimeSpan.FromMilliseconds({milliseconds.ToString(CultureInfo.InvariantCulture)})";

    private static string Text(string? value) => value is null ? "null" : Identifiers.Literal(value);

    private static string Bool(bool value) => value ? "true" : "false";
}
