// The types between the markers are emitted, as they are, into the namespace of every generated client, after the
// types of ClientSupport.cs: the public retry metadata (what the annotations file says, as data) and the file-local
// loop the client's calls go through. Kept as a real C# file, not compiled into the generator.
#nullable enable

namespace OpenApiClientGen.Templates
{
    // <members>
    /// <summary>Whether an error is worth retrying, as the API's annotations say.</summary>
    public enum Retryability
    {
        /// <summary>Not retryable: the same request fails the same way.</summary>
        No,

        /// <summary>Retryable, with backoff.</summary>
        Yes,

        /// <summary>Retryable in some cases only; retried when <see cref="RetryPolicy.RetrySometimes"/> is set.</summary>
        Sometimes,
    }

    /// <summary>Which calls of an operation may be retried.</summary>
    public enum RetryMode
    {
        /// <summary>Retried when the method is idempotent (GET, HEAD, OPTIONS, PUT, DELETE, TRACE).</summary>
        Default,

        /// <summary>Never retried.</summary>
        Never,

        /// <summary>Retried whatever the method: the annotations say repeating the operation is safe.</summary>
        Always,

        /// <summary>Retried whatever the method, with the same idempotency key header on every attempt.</summary>
        IdempotencyKey,
    }

    /// <summary>How an error code read from a response body is compared with a rule's code (case-insensitive).</summary>
    public enum ErrorCodeMatch
    {
        /// <summary>The whole code.</summary>
        Exact,

        /// <summary>The code starts with the rule's (a message with details after it).</summary>
        Prefix,

        /// <summary>The code contains the rule's.</summary>
        Contains,
    }

    /// <summary>
    /// How a call is retried: attempts, backoff, jitter, <c>Retry-After</c> and what counts as a transient failure.
    /// Immutable: derive one with <c>with</c>, e.g. <c>policy with { MaxAttempts = 2 }</c>.
    /// </summary>
    public sealed record RetryPolicy
    {
        /// <summary>A single attempt: no retries.</summary>
        public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

        /// <summary>Attempts in all, the first included (1 = never retry).</summary>
        public int MaxAttempts { get; init; } = 3;

        /// <summary>The wait before the first retry (when the server sends no <c>Retry-After</c>).</summary>
        public global::System.TimeSpan InitialDelay { get; init; } = global::System.TimeSpan.FromMilliseconds(500);

        /// <summary>Each next wait is the previous one times this.</summary>
        public double Multiplier { get; init; } = 2;

        /// <summary>The cap of the exponential wait (before jitter).</summary>
        public global::System.TimeSpan MaxDelay { get; init; } = global::System.TimeSpan.FromSeconds(8);

        /// <summary>A random wait in [0, Jitter) added to each backoff.</summary>
        public global::System.TimeSpan Jitter { get; init; }

        /// <summary>A random share, ± this ratio (0 to 1), of each backoff.</summary>
        public double JitterRatio { get; init; } = 0.2;

        /// <summary>Whether <c>Retry-After</c> (seconds or HTTP-date) and <c>retry-after-ms</c> set the wait.</summary>
        public bool HonorRetryAfter { get; init; } = true;

        /// <summary>The longest <c>Retry-After</c> waited for: a longer one ends the call with its error at once.</summary>
        public global::System.TimeSpan MaxRetryAfter { get; init; } = global::System.TimeSpan.FromSeconds(60);

        /// <summary>Whether connection failures (<see cref="global::System.Net.Http.HttpRequestException"/>) are retried.</summary>
        public bool RetryTransportErrors { get; init; } = true;

        /// <summary>Whether an attempt ended by <see cref="global::System.Net.Http.HttpClient.Timeout"/> is retried.</summary>
        public bool RetryTimeouts { get; init; } = true;

        /// <summary>Whether errors marked <see cref="Retryability.Sometimes"/> are retried.</summary>
        public bool RetrySometimes { get; init; }

        /// <summary>The exponential wait before retry number <paramref name="retry"/> (1 for the first), capped, before jitter.</summary>
        public global::System.TimeSpan BaseDelay(int retry)
        {
            var milliseconds = InitialDelay.TotalMilliseconds * global::System.Math.Pow(Multiplier, global::System.Math.Max(0, retry - 1));
            return global::System.TimeSpan.FromMilliseconds(global::System.Math.Min(milliseconds, MaxDelay.TotalMilliseconds));
        }

        /// <summary>The wait before retry number <paramref name="retry"/>: <see cref="BaseDelay"/> ± <see cref="JitterRatio"/> of it, plus up to <see cref="Jitter"/>.</summary>
        public global::System.TimeSpan BackoffDelay(int retry, global::System.Random? random = null)
        {
            random ??= global::System.Random.Shared;
            var milliseconds = BaseDelay(retry).TotalMilliseconds;
            milliseconds *= 1 + JitterRatio * (2 * random.NextDouble() - 1);
            milliseconds += Jitter.TotalMilliseconds * random.NextDouble();
            return global::System.TimeSpan.FromMilliseconds(global::System.Math.Max(0, milliseconds));
        }
    }

    /// <summary>One row of an API's error table: a status, optionally an error code read from the body, and its verdict.</summary>
    public sealed class ErrorRule
    {
        /// <summary>Creates a rule.</summary>
        /// <param name="status">An exact status ("429"), a range ("5XX") or "default".</param>
        /// <param name="code">The error code (read at <see cref="RetryMetadata.ErrorCodePointer"/>) the rule is for; null for any.</param>
        /// <param name="retryable">Whether the error is worth retrying.</param>
        /// <param name="cause">What causes the error.</param>
        /// <param name="remedy">What to do about it.</param>
        public ErrorRule(string status, string? code, Retryability retryable, string? cause = null, string? remedy = null)
        {
            Status = status ?? throw new global::System.ArgumentNullException(nameof(status));
            Code = code;
            Retryable = retryable;
            Cause = cause;
            Remedy = remedy;
        }

        /// <summary>An exact status ("429"), a range ("5XX") or "default".</summary>
        public string Status { get; }

        /// <summary>The error code the rule is for; null for any.</summary>
        public string? Code { get; }

        /// <summary>Whether the error is worth retrying.</summary>
        public Retryability Retryable { get; }

        /// <summary>What causes the error.</summary>
        public string? Cause { get; }

        /// <summary>What to do about it.</summary>
        public string? Remedy { get; }

        /// <summary>Whether the rule's status covers <paramref name="statusCode"/>.</summary>
        public bool Covers(int statusCode) => Specificity(statusCode) >= 0;

        /// <summary>2 for an exact status, 1 for a range, 0 for default, -1 when the status is not covered.</summary>
        internal int Specificity(int statusCode)
        {
            if (Status == "default") return 0;
            if (Status.Length == 3 && Status[1] is 'X' or 'x') return statusCode / 100 == Status[0] - '0' ? 1 : -1;
            return int.TryParse(Status, global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out var code) && code == statusCode ? 2 : -1;
        }
    }

    /// <summary>The retry annotations of one operation.</summary>
    public sealed class OperationRetry
    {
        /// <summary>Creates an operation's annotations.</summary>
        /// <param name="operation">The operation's operationId, or "METHOD /path" when it has none.</param>
        /// <param name="mode">Which calls may be retried.</param>
        /// <param name="idempotencyKeyHeader">The header that carries the idempotency key (with <see cref="RetryMode.IdempotencyKey"/>).</param>
        /// <param name="policy">The operation's own policy, or null for the API-wide one.</param>
        /// <param name="errors">Error rules tried before the API-wide ones.</param>
        public OperationRetry(string operation, RetryMode mode = RetryMode.Default, string? idempotencyKeyHeader = null, RetryPolicy? policy = null, global::System.Collections.Generic.IReadOnlyList<ErrorRule>? errors = null)
        {
            Operation = operation ?? throw new global::System.ArgumentNullException(nameof(operation));
            Mode = mode;
            IdempotencyKeyHeader = mode == RetryMode.IdempotencyKey ? idempotencyKeyHeader ?? "Idempotency-Key" : idempotencyKeyHeader;
            Policy = policy;
            Errors = errors ?? global::System.Array.Empty<ErrorRule>();
        }

        /// <summary>The operation's operationId, or "METHOD /path".</summary>
        public string Operation { get; }

        /// <summary>Which calls may be retried.</summary>
        public RetryMode Mode { get; }

        /// <summary>The header that carries the idempotency key, with <see cref="RetryMode.IdempotencyKey"/>.</summary>
        public string? IdempotencyKeyHeader { get; }

        /// <summary>The operation's own policy, or null for the API-wide one.</summary>
        public RetryPolicy? Policy { get; }

        /// <summary>Error rules tried before the API-wide ones.</summary>
        public global::System.Collections.Generic.IReadOnlyList<ErrorRule> Errors { get; }

        /// <summary>Whether a request with <paramref name="method"/> may be repeated under <see cref="Mode"/>.</summary>
        public bool Allows(global::System.Net.Http.HttpMethod method) => Mode switch
        {
            RetryMode.Never => false,
            RetryMode.Always or RetryMode.IdempotencyKey => true,
            _ => method.Method is "GET" or "HEAD" or "OPTIONS" or "PUT" or "DELETE" or "TRACE",
        };
    }

    /// <summary>
    /// The retry metadata of an API, from its annotations file: the policy, the error table, where error codes are read,
    /// and the operations' overrides. The generated client follows it; it is also here for your own resilience stack
    /// (for example <see cref="ShouldRetry(global::System.Exception)"/> as a Polly predicate, with <see cref="ApiException.RetryAfter"/> as the delay).
    /// </summary>
    public sealed class RetryMetadata
    {
        private static readonly OperationRetry Unannotated = new("*");
        private readonly global::System.Collections.Generic.Dictionary<string, OperationRetry> _operations = new(global::System.StringComparer.Ordinal);

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
            global::System.Collections.Generic.IReadOnlyList<ErrorRule> errors,
            global::System.Collections.Generic.IReadOnlyList<OperationRetry> operations)
        {
            Source = source;
            Policy = policy ?? throw new global::System.ArgumentNullException(nameof(policy));
            ErrorCodePointer = errorCodePointer;
            ErrorCodeMatch = errorCodeMatch;
            Errors = errors ?? throw new global::System.ArgumentNullException(nameof(errors));
            Operations = operations ?? throw new global::System.ArgumentNullException(nameof(operations));
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
        public global::System.Collections.Generic.IReadOnlyList<ErrorRule> Errors { get; }

        /// <summary>The operations with their own annotations.</summary>
        public global::System.Collections.Generic.IReadOnlyList<OperationRetry> Operations { get; }

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
                using var document = global::System.Text.Json.JsonDocument.Parse(body!);
                var element = document.RootElement;
                foreach (var raw in pointer.Length == 0 ? global::System.Array.Empty<string>() : pointer.Substring(1).Split('/'))
                {
                    var segment = raw.Replace("~1", "/").Replace("~0", "~");
                    if (element.ValueKind == global::System.Text.Json.JsonValueKind.Object && element.TryGetProperty(segment, out var property)) element = property;
                    else if (element.ValueKind == global::System.Text.Json.JsonValueKind.Array && int.TryParse(segment, global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out var index) && index < element.GetArrayLength()) element = element[index];
                    else return null;
                }
                return element.ValueKind switch
                {
                    global::System.Text.Json.JsonValueKind.String => element.GetString(),
                    global::System.Text.Json.JsonValueKind.Number or global::System.Text.Json.JsonValueKind.True or global::System.Text.Json.JsonValueKind.False => element.GetRawText(),
                    _ => null,
                };
            }
            catch (global::System.Text.Json.JsonException)
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
        public bool ShouldRetry(global::System.Exception exception) => exception is ApiException { IsRetryable: true };

        /// <summary>
        /// Whether a failed call of <paramref name="operation"/> sent with <paramref name="method"/> may be tried again: an
        /// <see cref="ApiException"/> that is <see cref="ApiException.IsRetryable"/>, or a connection failure or
        /// <see cref="global::System.Net.Http.HttpClient.Timeout"/> the operation's policy retries, when the operation may be repeated.
        /// </summary>
        public bool ShouldRetry(global::System.Exception exception, string operation, global::System.Net.Http.HttpMethod method) => exception switch
        {
            ApiException api => api.IsRetryable,
            global::System.Net.Http.HttpRequestException or global::System.IO.IOException => PolicyFor(operation).RetryTransportErrors && For(operation).Allows(method),
            global::System.OperationCanceledException { InnerException: global::System.TimeoutException } => PolicyFor(operation).RetryTimeouts && For(operation).Allows(method),
            _ => false,
        };

        private ErrorRule? Best(global::System.Collections.Generic.IReadOnlyList<ErrorRule> rules, int statusCode, string? errorCode)
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
            ErrorCodeMatch.Prefix => errorCode.StartsWith(ruleCode, global::System.StringComparison.OrdinalIgnoreCase),
            ErrorCodeMatch.Contains => errorCode.IndexOf(ruleCode, global::System.StringComparison.OrdinalIgnoreCase) >= 0,
            _ => string.Equals(errorCode, ruleCode, global::System.StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>A retry about to happen: the attempt that failed, why, and how long the client waits.</summary>
    public sealed class RetryEvent
    {
        /// <summary>Describes a retry.</summary>
        public RetryEvent(string operation, int attempt, global::System.TimeSpan delay, int? statusCode, string? errorCode, global::System.TimeSpan? retryAfter, global::System.Exception? exception)
        {
            Operation = operation;
            Attempt = attempt;
            Delay = delay;
            StatusCode = statusCode;
            ErrorCode = errorCode;
            RetryAfter = retryAfter;
            Exception = exception;
        }

        /// <summary>The operation's operationId, or "METHOD /path".</summary>
        public string Operation { get; }

        /// <summary>The attempt that failed (1 for the first).</summary>
        public int Attempt { get; }

        /// <summary>The wait before the next attempt.</summary>
        public global::System.TimeSpan Delay { get; }

        /// <summary>The error status, or null for a transport failure or timeout.</summary>
        public int? StatusCode { get; }

        /// <summary>The error code read from the body, if any.</summary>
        public string? ErrorCode { get; }

        /// <summary>The <c>Retry-After</c> the server sent, if any.</summary>
        public global::System.TimeSpan? RetryAfter { get; }

        /// <summary>The transport failure or timeout, if that is what failed.</summary>
        public global::System.Exception? Exception { get; }
    }

    /// <summary>What the retry loop decided for the response a call ends with, carried on its request to the exception.</summary>
    file sealed class RetryOutcome
    {
        public static readonly global::System.Net.Http.HttpRequestOptionsKey<RetryOutcome> Key = new("OpenApiClientGen.RetryOutcome");

        public int Attempts { get; init; } = 1;

        public ErrorRule? Rule { get; init; }

        public string? ErrorCode { get; init; }

        public bool IsRetryable { get; init; }

        public global::System.TimeSpan? RetryAfter { get; init; }

        /// <summary>Why a retryable error was not retried (or not again).</summary>
        public string? Note { get; init; }

        public static RetryOutcome? Of(global::System.Net.Http.HttpResponseMessage response) =>
            response.RequestMessage is { } request && request.Options.TryGetValue(Key, out var outcome) ? outcome : null;
    }

    /// <summary>The retry loop every call of the client goes through.</summary>
    file static class RetrySupport
    {
        /// <summary>
        /// Sends a request built fresh for each attempt, retrying transient failures as the policy and the annotations say:
        /// only requests whose body can be sent again, of operations that may be repeated; waits on <paramref name="time"/>,
        /// <c>Retry-After</c> first (a wait beyond the cap ends the call at once), else exponential backoff with jitter.
        /// </summary>
        public static async global::System.Threading.Tasks.Task<global::System.Net.Http.HttpResponseMessage> SendAsync(
            global::System.Net.Http.HttpClient httpClient,
            global::System.Func<global::System.Net.Http.HttpRequestMessage> createRequest,
            RetryMetadata metadata,
            string operation,
            RetryPolicy? policyOverride,
            bool replayable,
            global::System.TimeProvider time,
            global::System.Action<RetryEvent>? onRetry,
            global::System.Threading.CancellationToken cancellationToken)
        {
            var annotations = metadata.For(operation);
            var policy = policyOverride ?? annotations.Policy ?? metadata.Policy;
            string? idempotencyKey = null;
            for (var attempt = 1; ; attempt++)
            {
                var request = createRequest();
                if (annotations is { Mode: RetryMode.IdempotencyKey, IdempotencyKeyHeader: { } header })
                    idempotencyKey = IdempotencyKey(request, header, idempotencyKey);
                var repeatable = replayable && annotations.Allows(request.Method);
                global::System.Net.Http.HttpResponseMessage response;
                try
                {
                    response = await httpClient.SendAsync(request, global::System.Net.Http.HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (global::System.Exception e) when (repeatable && attempt < policy.MaxAttempts && IsTransient(e, policy, cancellationToken))
                {
                    request.Dispose();
                    var backoff = policy.BackoffDelay(attempt);
                    onRetry?.Invoke(new RetryEvent(operation, attempt, backoff, null, null, null, e));
                    await global::System.Threading.Tasks.Task.Delay(Clamp(backoff), time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var status = (int)response.StatusCode;
                if (status < 400)
                {
                    if (attempt > 1) Stamp(response, request, new RetryOutcome { Attempts = attempt });
                    return response;
                }

                global::System.TimeSpan delay;
                string? errorCode;
                global::System.TimeSpan? retryAfter;
                try
                {
                    // The body is buffered here when codes are read from it: the error that ends the call reads it again.
                    errorCode = metadata.ErrorCodePointer is null ? null
                        : metadata.ReadErrorCode(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                    var rule = metadata.Classify(operation, status, errorCode);
                    var retryable = rule is not null && (rule.Retryable == Retryability.Yes || (rule.Retryable == Retryability.Sometimes && policy.RetrySometimes));
                    retryAfter = RetryAfter(response, time);
                    var asked = policy.HonorRetryAfter ? retryAfter : null;
                    var beyondCap = asked > policy.MaxRetryAfter;
                    string? note = null;
                    if (retryable)
                    {
                        note = !replayable ? "Not retried: the request body is a stream that cannot be sent again."
                            : !repeatable && annotations.Mode == RetryMode.Never ? $"Not retried: the annotations never retry {operation}."
                            : !repeatable ? $"Not retried: {request.Method.Method} is not idempotent and the annotations do not allow retrying {operation}."
                            : beyondCap ? $"Not retried: the server asked to wait {Seconds(asked!.Value)}, beyond the {Seconds(policy.MaxRetryAfter)} cap."
                            : attempt >= policy.MaxAttempts && attempt > 1 ? $"Gave up after {attempt} attempts."
                            : null;
                    }
                    if (!retryable || note is not null || attempt >= policy.MaxAttempts)
                    {
                        // A wait beyond the cap is not one this policy takes: not retryable (a predicate must not sleep it either).
                        var outcome = new RetryOutcome { Attempts = attempt, Rule = rule, ErrorCode = errorCode, IsRetryable = retryable && repeatable && !beyondCap, RetryAfter = retryAfter, Note = note };
                        Stamp(response, request, outcome);
                        return response;
                    }
                    delay = asked ?? policy.BackoffDelay(attempt);
                }
                catch
                {
                    response.Dispose();
                    request.Dispose();
                    throw;
                }

                response.Dispose();
                request.Dispose();
                onRetry?.Invoke(new RetryEvent(operation, attempt, delay, status, errorCode, retryAfter, null));
                await global::System.Threading.Tasks.Task.Delay(Clamp(delay), time, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>A wait Task.Delay accepts: 0 up to its limit (about 49 days; a cap keeps real waits far below).</summary>
        private static global::System.TimeSpan Clamp(global::System.TimeSpan delay) =>
            delay < global::System.TimeSpan.Zero ? global::System.TimeSpan.Zero
            : delay > MaxWait ? MaxWait
            : delay;

        private static readonly global::System.TimeSpan MaxWait = global::System.TimeSpan.FromMilliseconds(uint.MaxValue - 2);

        /// <summary>A connection failure, or a timeout that is not the caller's cancellation, where the policy retries it.</summary>
        private static bool IsTransient(global::System.Exception e, RetryPolicy policy, global::System.Threading.CancellationToken cancellationToken) =>
            !cancellationToken.IsCancellationRequested && e switch
            {
                global::System.OperationCanceledException => policy.RetryTimeouts,
                global::System.Net.Http.HttpRequestException or global::System.IO.IOException => policy.RetryTransportErrors,
                _ => false,
            };

        /// <summary>The caller's key when the request already carries the header, else one generated for the whole call.</summary>
        private static string IdempotencyKey(global::System.Net.Http.HttpRequestMessage request, string header, string? key)
        {
            if (request.Headers.TryGetValues(header, out var values))
            {
                foreach (var value in values) return value;
            }
            key ??= global::System.Guid.NewGuid().ToString();
            request.Headers.TryAddWithoutValidation(header, key);
            return key;
        }

        /// <summary>
        /// The wait the server asks for: <c>retry-after-ms</c>, else <c>Retry-After</c> in seconds or as an HTTP-date (a date
        /// already past asks for none); a number too large to hold is <see cref="global::System.TimeSpan.MaxValue"/>, beyond any cap.
        /// </summary>
        private static global::System.TimeSpan? RetryAfter(global::System.Net.Http.HttpResponseMessage response, global::System.TimeProvider time)
        {
            if (response.Headers.TryGetValues("retry-after-ms", out var milliseconds))
            {
                foreach (var value in milliseconds)
                {
                    if (Number(value) is { } ms) return ms >= global::System.TimeSpan.MaxValue.TotalMilliseconds ? global::System.TimeSpan.MaxValue : global::System.TimeSpan.FromMilliseconds(ms);
                }
            }
            if (response.Headers.RetryAfter is { } retryAfter)
            {
                if (retryAfter.Delta is { } delta) return delta;
                if (retryAfter.Date is { } date)
                {
                    var now = time.GetUtcNow();
                    return date > now ? date - now : global::System.TimeSpan.Zero;
                }
            }
            if (response.Headers.TryGetValues("Retry-After", out var raw))
            {
                // Fractional seconds are not HTTP, but some servers send them; so are numbers beyond what the header parser takes.
                foreach (var value in raw)
                {
                    if (Number(value) is { } seconds) return seconds >= global::System.TimeSpan.MaxValue.TotalSeconds ? global::System.TimeSpan.MaxValue : global::System.TimeSpan.FromSeconds(seconds);
                }
            }
            return null;
        }

        private static double? Number(string value) =>
            double.TryParse(value, global::System.Globalization.NumberStyles.Float, global::System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= 0 && !double.IsInfinity(number)
                ? number
                : null;

        private static void Stamp(global::System.Net.Http.HttpResponseMessage response, global::System.Net.Http.HttpRequestMessage request, RetryOutcome outcome)
        {
            response.RequestMessage ??= request;
            response.RequestMessage.Options.Set(RetryOutcome.Key, outcome);
        }

        private static string Seconds(global::System.TimeSpan wait) =>
            wait.TotalSeconds.ToString("0.###", global::System.Globalization.CultureInfo.InvariantCulture) + " s";
    }
    // </members>
}
