using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OpenApiClientGen.Binding;
using OpenApiClientGen.Model;

namespace OpenApiClientGen.Emitting;

/// <summary>
/// Writes a client's retry metadata (<c>&lt;Client&gt;.RetryMetadata</c>) in a file of its own, so an edit of the
/// annotations file regenerates this file alone: the policy, the error table and the operations' overrides, as data.
/// </summary>
internal static class RetryEmitter
{
    public static string Emit(RetryModel model)
    {
        var w = new SourceWriter();
        w.Line(SourceWriter.Header);
        w.OpenNamespace(model.Namespace);
        w.Open($"public partial class {model.ClientName}");
        w.Line("private static readonly RetryPolicy AnnotatedPolicy = new()");
        w.Line("{");
        foreach (var assignment in Assignments(model.Policy)) w.Line($"    {assignment},");
        w.Line("};");
        w.Line();
        var origin = model.Source is { } source ? $"from {source}" : "the defaults (the API description has no annotations file)";
        w.Line("/// <summary>");
        w.Line($"/// The retry metadata the client follows, {SourceWriter.EscapeXml(origin)}: policy, error table and per-operation overrides.");
        w.Line("/// Also a predicate and error table for your own resilience stack (see <see cref=\"global::" + model.Namespace + ".RetryMetadata.ShouldRetry(global::System.Exception)\"/>).");
        w.Line("/// </summary>");
        w.Line("public static RetryMetadata RetryMetadata { get; } = new(");
        w.Line($"    {(model.Source is { } s ? Naming.Literal(s) : "null")},");
        w.Line("    AnnotatedPolicy,");
        w.Line($"    {(model.CodePointer is { } pointer ? Naming.Literal(pointer) : "null")},");
        w.Line($"    ErrorCodeMatch.{model.CodeMatch},");
        Rules(w, model.Errors, "    ", ",");
        if (model.Operations.Count == 0)
        {
            w.Line("    global::System.Array.Empty<OperationRetry>());");
        }
        else
        {
            w.Line("    new OperationRetry[]");
            w.Line("    {");
            foreach (var operation in model.Operations)
            {
                var arguments = new List<string> { Naming.Literal(operation.Key), "RetryMode." + operation.Mode };
                if (operation.IdempotencyKeyHeader is { } header) arguments.Add("idempotencyKeyHeader: " + Naming.Literal(header));
                if (operation.Policy is { } policy && Assignments(policy).ToList() is { Count: > 0 } changes)
                    arguments.Add("policy: AnnotatedPolicy with { " + string.Join(", ", changes) + " }");
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
            w.Line($"{indent}global::System.Array.Empty<ErrorRule>(){end}");
            return;
        }
        w.Line($"{indent}new ErrorRule[]");
        w.Line($"{indent}{{");
        foreach (var rule in rules)
            w.Line($"{indent}    new({Naming.Literal(rule.Status)}, {Text(rule.Code)}, Retryability.{rule.Retryable}, {Text(rule.Cause)}, {Text(rule.Remedy)}),");
        w.Line($"{indent}}}{end}");
    }

    /// <summary>Object-initializer assignments for the fields a policy sets.</summary>
    private static IEnumerable<string> Assignments(PolicyModel policy)
    {
        if (policy.MaxAttempts is { } attempts) yield return $"MaxAttempts = {attempts.ToString(CultureInfo.InvariantCulture)}";
        if (policy.InitialDelayMs is { } initial) yield return $"InitialDelay = {Duration(initial)}";
        if (policy.Multiplier is { } multiplier) yield return $"Multiplier = {multiplier.ToString("R", CultureInfo.InvariantCulture)}";
        if (policy.MaxDelayMs is { } max) yield return $"MaxDelay = {Duration(max)}";
        if (policy.JitterMs is { } jitter) yield return $"Jitter = {Duration(jitter)}";
        if (policy.JitterRatio is { } ratio) yield return $"JitterRatio = {ratio.ToString("R", CultureInfo.InvariantCulture)}";
        if (policy.RetryAfter is { } retryAfter) yield return $"HonorRetryAfter = {Bool(retryAfter)}";
        if (policy.MaxRetryAfterMs is { } cap) yield return $"MaxRetryAfter = {Duration(cap)}";
        if (policy.TransportErrors is { } transport) yield return $"RetryTransportErrors = {Bool(transport)}";
        if (policy.Timeouts is { } timeouts) yield return $"RetryTimeouts = {Bool(timeouts)}";
        if (policy.Sometimes is { } sometimes) yield return $"RetrySometimes = {Bool(sometimes)}";
    }

    private static string Duration(long milliseconds) => $"global::System.TimeSpan.FromMilliseconds({milliseconds.ToString(CultureInfo.InvariantCulture)})";

    private static string Text(string? value) => value is null ? "null" : Naming.Literal(value);

    private static string Bool(bool value) => value ? "true" : "false";
}
