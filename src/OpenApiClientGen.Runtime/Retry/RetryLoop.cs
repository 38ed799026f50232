using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenApiClientGen.Runtime;

/// <summary>What the retry loop decided for the response a call ends with, carried on its request to the exception.</summary>
internal sealed class RetryOutcome
{
    private const string Key = "OpenApiClientGen.RetryOutcome";

    public int Attempts { get; init; } = 1;

    public ErrorRule? Rule { get; init; }

    public string? ErrorCode { get; init; }

    public bool IsRetryable { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Why a retryable error was not retried (or not again).</summary>
    public string? Note { get; init; }

    public static RetryOutcome? Of(HttpResponseMessage response) =>
        response.RequestMessage is { } request ? Platform.Get<RetryOutcome>(request, Key) : null;

    public void AttachTo(HttpRequestMessage request) => Platform.Set(request, Key, this);

    /// <summary>This outcome after <paramref name="earlierAttempts"/> attempts of an earlier round of the same call.</summary>
    public RetryOutcome With(int earlierAttempts) => new()
    {
        Attempts = Attempts + earlierAttempts, Rule = Rule, ErrorCode = ErrorCode, IsRetryable = IsRetryable, RetryAfter = RetryAfter, Note = Note,
    };
}

/// <summary>The retry loop every call of a generated client goes through.</summary>
public static class RetryLoop
{
    private static readonly AsyncLocal<HttpRequestMessage?> CurrentRequest = new();

    /// <summary>
    /// The request a generated client is sending in this asynchronous flow (its HttpClient's handlers run in it), or null:
    /// how a retry predicate that sees only an exception learns which operation failed.
    /// </summary>
    internal static HttpRequestMessage? Sending => CurrentRequest.Value;

    /// <summary>
    /// Sends a call of <paramref name="operation"/> as <paramref name="options"/> say (their retry override, clock and
    /// retry callback) and as <paramref name="metadata"/> annotates it; see the overload for the rules.
    /// </summary>
    /// <param name="httpClient">Sends the requests.</param>
    /// <param name="createRequest">Builds a fresh request for each attempt.</param>
    /// <param name="metadata">The API's retry annotations.</param>
    /// <param name="operation">The operation's operationId, or "METHOD /path".</param>
    /// <param name="options">The client's options.</param>
    /// <param name="replayable">Whether the request body can be sent again (false for streams).</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    public static Task<HttpResponseMessage> SendAsync(
        HttpClient httpClient,
        Func<HttpRequestMessage> createRequest,
        RetryMetadata metadata,
        string operation,
        ApiClientOptions options,
        bool replayable,
        CancellationToken cancellationToken) =>
        SendAsync(httpClient, createRequest, metadata, operation, options.Retry, replayable, options.TimeProvider ?? TimeProvider.System, options.OnRetry, cancellationToken);

    /// <summary>
    /// Sends a call as its <see cref="CallScope"/> says: the per-call retry policy (else the client's, else the
    /// annotated one), its idempotency key, its token; see the last overload for the rules.
    /// </summary>
    /// <param name="httpClient">Sends the requests.</param>
    /// <param name="createRequest">Builds a fresh request for each attempt (credentials from a token provider included).</param>
    /// <param name="metadata">The API's retry annotations.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="call">The call.</param>
    /// <param name="replayable">Whether the request body can be sent again (false for streams).</param>
    public static Task<HttpResponseMessage> SendAsync(
        HttpClient httpClient,
        Func<Task<HttpRequestMessage>> createRequest,
        RetryMetadata metadata,
        ApiClientOptions options,
        CallScope call,
        bool replayable) =>
        SendAsync(httpClient, createRequest, metadata, call.Operation, call.Options?.Retry ?? options.Retry, call.Options?.IdempotencyKey, replayable,
            options.TimeProvider ?? TimeProvider.System, options.OnRetry, call.Token);

    /// <summary>
    /// Sends a request built fresh for each attempt, retrying transient failures as the policy and the annotations say:
    /// only requests whose body can be sent again, of operations that may be repeated; waits on <paramref name="time"/>,
    /// <c>Retry-After</c> first (a wait beyond the cap ends the call at once), else exponential backoff with jitter.
    /// The response that ends the call carries what was decided (attempts, the matching rule) for its exception.
    /// </summary>
    /// <param name="httpClient">Sends the requests.</param>
    /// <param name="createRequest">Builds a fresh request for each attempt.</param>
    /// <param name="metadata">The API's retry annotations.</param>
    /// <param name="operation">The operation's operationId, or "METHOD /path".</param>
    /// <param name="policyOverride">A policy replacing the annotated ones, or null.</param>
    /// <param name="replayable">Whether the request body can be sent again (false for streams).</param>
    /// <param name="time">The clock waits are measured on.</param>
    /// <param name="onRetry">Called before each wait.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    public static Task<HttpResponseMessage> SendAsync(
        HttpClient httpClient,
        Func<HttpRequestMessage> createRequest,
        RetryMetadata metadata,
        string operation,
        RetryPolicy? policyOverride,
        bool replayable,
        TimeProvider time,
        Action<RetryEvent>? onRetry,
        CancellationToken cancellationToken) =>
        SendAsync(httpClient, () => Task.FromResult(createRequest()), metadata, operation, policyOverride, null, replayable, time, onRetry, cancellationToken);

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient httpClient,
        Func<Task<HttpRequestMessage>> createRequest,
        RetryMetadata metadata,
        string operation,
        RetryPolicy? policyOverride,
        string? callerKey,
        bool replayable,
        TimeProvider time,
        Action<RetryEvent>? onRetry,
        CancellationToken cancellationToken)
    {
        var annotations = metadata.For(operation);
        var policy = policyOverride ?? annotations.Policy ?? metadata.Policy;
        var keyHeader = annotations.IdempotencyKeyHeader ?? DefaultIdempotencyKeyHeader;
        var generatesKey = annotations.Mode == RetryMode.IdempotencyKey;
        string? idempotencyKey = callerKey;
        for (var attempt = 1; ; attempt++)
        {
            var request = await createRequest().ConfigureAwait(false);
            if (callerKey is not null)
            {
                request.Headers.Remove(keyHeader);
                request.Headers.TryAddWithoutValidation(keyHeader, callerKey);
            }
            else if (generatesKey)
            {
                idempotencyKey = IdempotencyKey(httpClient, request, keyHeader, idempotencyKey);
            }
            // A key the caller chose lets the server tell a repeat from a new request, whatever the method.
            var repeatable = replayable && (callerKey is not null || annotations.Allows(request.Method));
            HttpResponseMessage response;
            try
            {
                // (An async method's changes to an AsyncLocal end with it: the caller's flow never sees this request.)
                CurrentRequest.Value = request;
                response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (repeatable && attempt < policy.MaxAttempts && IsTransient(e, policy, cancellationToken))
            {
                request.Dispose();
                var backoff = policy.BackoffDelay(attempt);
                onRetry?.Invoke(new RetryEvent(operation, attempt, backoff, null, null, null, e));
                await Platform.Delay(Clamp(backoff), time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var status = (int)response.StatusCode;
            if (status < 400)
            {
                if (attempt > 1) Stamp(response, request, new RetryOutcome { Attempts = attempt });
                return response;
            }

            TimeSpan delay;
            string? errorCode;
            TimeSpan? retryAfter;
            try
            {
                // The body is buffered here when codes are read from it: the error that ends the call reads it again.
                var decision = await metadata.DecideAsync(operation, response, policy, time, cancellationToken).ConfigureAwait(false);
                var (rule, retryable, beyondCap) = (decision.Rule, decision.Retryable, decision.BeyondCap);
                errorCode = decision.ErrorCode;
                retryAfter = decision.RetryAfter;
                var asked = policy.HonorRetryAfter ? retryAfter : null;
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
            await Platform.Delay(Clamp(delay), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A wait Task.Delay accepts: 0 up to its limit (about 49 days; a cap keeps real waits far below).</summary>
    private static TimeSpan Clamp(TimeSpan delay) =>
        delay < TimeSpan.Zero ? TimeSpan.Zero
        : delay > MaxWait ? MaxWait
        : delay;

    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(uint.MaxValue - 2);

    /// <summary>A connection failure, or a timeout that is not the caller's cancellation, where the policy retries it.</summary>
    private static bool IsTransient(Exception e, RetryPolicy policy, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e switch
        {
            OperationCanceledException => policy.RetryTimeouts,
            HttpRequestException or IOException => policy.RetryTransportErrors,
            _ => false,
        };

    private const string DefaultIdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// The caller's key when the request (or the HttpClient's DefaultRequestHeaders, which it sends too) already
    /// carries the header, else one generated for the whole call.
    /// </summary>
    private static string IdempotencyKey(HttpClient httpClient, HttpRequestMessage request, string header, string? key)
    {
        if (request.Headers.TryGetValues(header, out var values) || httpClient.DefaultRequestHeaders.TryGetValues(header, out values))
        {
            foreach (var value in values) return value;
        }
        key ??= Guid.NewGuid().ToString();
        request.Headers.TryAddWithoutValidation(header, key);
        return key;
    }

    private static void Stamp(HttpResponseMessage response, HttpRequestMessage request, RetryOutcome outcome)
    {
        response.RequestMessage ??= request;
        outcome.AttachTo(response.RequestMessage);
    }

    private static string Seconds(TimeSpan wait) =>
        wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}

/// <summary>Reads the wait a server asks for before a retry.</summary>
public static class RetryAfterHeader
{
    /// <summary>
    /// The wait the server asks for: <c>retry-after-ms</c>, else <c>Retry-After</c> in seconds or as an HTTP-date (a date
    /// already past asks for none); a number too large to hold is <see cref="TimeSpan.MaxValue"/>, beyond any cap.
    /// </summary>
    public static TimeSpan? Read(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var milliseconds))
        {
            foreach (var value in milliseconds)
            {
                if (Number(value) is { } ms) return ms >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(ms);
            }
        }
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta) return delta;
            if (retryAfter.Date is { } date)
            {
                var now = time.GetUtcNow();
                return date > now ? date - now : TimeSpan.Zero;
            }
        }
        if (response.Headers.TryGetValues("Retry-After", out var raw))
        {
            // Fractional seconds are not HTTP, but some servers send them; so are numbers beyond what the header parser takes.
            foreach (var value in raw)
            {
                if (Number(value) is { } seconds) return seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
            }
        }
        return null;
    }

    private static double? Number(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && !double.IsInfinity(number)
            ? number
            : null;
}
