using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json;

namespace OpenApiClientGen;

/// <summary>
/// The retry metadata of an API, from its annotations file: the policy, the error table, where error codes are read,
/// and the operations' overrides. The generated client follows it; it is also here for your own resilience stack
/// (for example <see cref="ShouldRetry(Exception)"/> as a Polly predicate, with <see cref="ApiException.RetryAfter"/> as the delay).
/// </summary>
public sealed partial class RetryMetadata
{
    private static readonly OperationRetry Unannotated = new("*");
    private readonly Dictionary<string, OperationRetry> _operations = new(StringComparer.Ordinal);

    /// <summary>The error table of an API whose annotations have none: 408, 429, 500, 502, 503 and 504 are retryable.</summary>
    public static IReadOnlyList<ErrorRule> DefaultErrors { get; } = new[]
    {
        new ErrorRule("408", null, Retryability.Yes),
        new ErrorRule("429", null, Retryability.Yes),
        new ErrorRule("500", null, Retryability.Yes),
        new ErrorRule("502", null, Retryability.Yes),
        new ErrorRule("503", null, Retryability.Yes),
        new ErrorRule("504", null, Retryability.Yes),
    };

    /// <summary>Creates the metadata.</summary>
    /// <param name="source">The annotations file it comes from, or null for the defaults.</param>
    /// <param name="policy">The API-wide policy.</param>
    /// <param name="errorCodePointer">The JSON pointer of the error code in error bodies, or null.</param>
    /// <param name="errorCodeMatch">How codes are compared with the rules'.</param>
    /// <param name="errors">The API-wide error rules.</param>
    /// <param name="operations">The operations with their own annotations.</param>
    public RetryMetadata(
        string? source,
        RetryPolicy policy,
        string? errorCodePointer,
        ErrorCodeMatch errorCodeMatch,
        IReadOnlyList<ErrorRule> errors,
        IReadOnlyList<OperationRetry> operations)
    {
        Source = source;
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        ErrorCodePointer = errorCodePointer;
        ErrorCodeMatch = errorCodeMatch;
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
        Operations = operations ?? throw new ArgumentNullException(nameof(operations));
        foreach (var operation in operations) _operations[operation.Operation] = operation;
    }

    /// <summary>The annotations file this comes from, or null when the defaults apply.</summary>
    public string? Source { get; }

    /// <summary>The API-wide policy.</summary>
    public RetryPolicy Policy { get; }

    /// <summary>The JSON pointer of the error code in error bodies (e.g. <c>/error/type</c>), or null.</summary>
    public string? ErrorCodePointer { get; }

    /// <summary>How error codes are compared with the rules' codes.</summary>
    public ErrorCodeMatch ErrorCodeMatch { get; }

    /// <summary>The API-wide error rules.</summary>
    public IReadOnlyList<ErrorRule> Errors { get; }

    /// <summary>The operations with their own annotations.</summary>
    public IReadOnlyList<OperationRetry> Operations { get; }

    /// <summary>An operation's annotations (by operationId, or "METHOD /path"); the defaults when it has none.</summary>
    public OperationRetry For(string operation) => _operations.TryGetValue(operation, out var annotated) ? annotated : Unannotated;

    /// <summary>The policy an operation's calls follow (unless the client options set one).</summary>
    public RetryPolicy PolicyFor(string operation) => For(operation).Policy ?? Policy;

    /// <summary>The error code in an error body, read at <see cref="ErrorCodePointer"/>; null when absent or not JSON.</summary>
    public string? ReadErrorCode(string? body)
    {
        if (ErrorCodePointer is not { } pointer || string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var document = JsonDocument.Parse(body!);
            var element = document.RootElement;
            foreach (var raw in pointer.Length == 0 ? Array.Empty<string>() : pointer.Substring(1).Split('/'))
            {
                var segment = raw.Replace("~1", "/").Replace("~0", "~");
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(segment, out var property)) element = property;
                else if (element.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < element.GetArrayLength()) element = element[index];
                else return null;
            }
            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The rule for an error: the operation's rules first, then the API's; the most specific status wins (exact, range,
    /// default) and, at the same status, a rule whose code matches <paramref name="errorCode"/> beats one without a code.
    /// </summary>
    public ErrorRule? Classify(string operation, int statusCode, string? errorCode) =>
        Best(For(operation).Errors, statusCode, errorCode) ?? Best(Errors, statusCode, errorCode);

    /// <summary>
    /// Whether a failed call may be tried again: an <see cref="ApiException"/> that is <see cref="ApiException.IsRetryable"/>.
    /// A predicate for your own resilience stack; for transport failures and timeouts, use the overload that names the call.
    /// </summary>
    public bool ShouldRetry(Exception exception) => exception is ApiException { IsRetryable: true };

    /// <summary>
    /// Whether a failed call of <paramref name="operation"/> sent with <paramref name="method"/> may be tried again: an
    /// <see cref="ApiException"/> that is <see cref="ApiException.IsRetryable"/>, or a connection failure or
    /// <see cref="HttpClient.Timeout"/> the operation's policy retries, when the operation may be repeated.
    /// </summary>
    public bool ShouldRetry(Exception exception, string operation, HttpMethod method) => exception switch
    {
        ApiException api => api.IsRetryable,
        HttpRequestException or IOException => PolicyFor(operation).RetryTransportErrors && For(operation).Allows(method),
        OperationCanceledException { InnerException: TimeoutException } => PolicyFor(operation).RetryTimeouts && For(operation).Allows(method),
        _ => false,
    };

    private ErrorRule? Best(IReadOnlyList<ErrorRule> rules, int statusCode, string? errorCode)
    {
        ErrorRule? best = null;
        var bestScore = -1;
        foreach (var rule in rules)
        {
            var specificity = rule.Specificity(statusCode);
            if (specificity < 0) continue;
            if (rule.Code is not null && (errorCode is null || !Matches(errorCode, rule.Code))) continue;
            var score = specificity * 2 + (rule.Code is null ? 0 : 1);
            if (score <= bestScore) continue;
            best = rule;
            bestScore = score;
        }
        return best;
    }

    private bool Matches(string errorCode, string ruleCode) => ErrorCodeMatch switch
    {
        ErrorCodeMatch.Prefix => errorCode.StartsWith(ruleCode, StringComparison.OrdinalIgnoreCase),
        ErrorCodeMatch.Contains => errorCode.IndexOf(ruleCode, StringComparison.OrdinalIgnoreCase) >= 0,
        _ => string.Equals(errorCode, ruleCode, StringComparison.OrdinalIgnoreCase),
    };
}
