using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using OpenApiClientGen.Runtime;

namespace OpenApiClientGen;

/// <summary>What the annotations say of one error response: its rule, code, whether it is retryable, and the wait asked for.</summary>
internal readonly struct ErrorDecision
{
    public ErrorDecision(ErrorRule? rule, string? errorCode, bool retryable, TimeSpan? retryAfter, bool beyondCap)
    {
        Rule = rule;
        ErrorCode = errorCode;
        Retryable = retryable;
        RetryAfter = retryAfter;
        BeyondCap = beyondCap;
    }

    public ErrorRule? Rule { get; }

    public string? ErrorCode { get; }

    /// <summary>Retryable by the annotations and the policy (Sometimes only where the policy opts in).</summary>
    public bool Retryable { get; }

    /// <summary>The server's Retry-After (or retry-after-ms), whether or not the policy honors it.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether the policy honors Retry-After and the server asked for more than its cap.</summary>
    public bool BeyondCap { get; }
}

public sealed partial class RetryMetadata
{
    /// <summary>
    /// The annotations' view of an error response of <paramref name="operation"/>: the error code read at the pointer
    /// (buffering the body, which stays readable), the rule, and the Retry-After against the policy's cap.
    /// </summary>
    internal async Task<ErrorDecision> DecideAsync(string operation, HttpResponseMessage response, RetryPolicy policy, TimeProvider time, CancellationToken cancellationToken)
    {
        var errorCode = ErrorCodePointer is null ? null
            : ReadErrorCode(await Platform.ReadAsStringAsync(response.Content, cancellationToken).ConfigureAwait(false));
        var rule = Classify(operation, (int)response.StatusCode, errorCode);
        var retryable = rule is not null && (rule.Retryable == Retryability.Yes || (rule.Retryable == Retryability.Sometimes && policy.RetrySometimes));
        var retryAfter = RetryAfterHeader.Read(response, time);
        var beyondCap = policy.HonorRetryAfter && retryAfter > policy.MaxRetryAfter;
        return new ErrorDecision(rule, errorCode, retryable, retryAfter, beyondCap);
    }

    /// <summary>
    /// For a retry strategy of an HTTP pipeline (Microsoft.Extensions.Http.Resilience, a DelegatingHandler): whether the
    /// request of a generated client whose <paramref name="attempt"/>-th attempt ended with <paramref name="response"/>
    /// (or <paramref name="exception"/>) should be sent again — by the operation's annotations and policy: its attempts,
    /// whether it may be repeated (its method, or an idempotency key it carries), the error table (codes read from the
    /// body, which stays readable) and a Retry-After within the cap. A request no generated client sent is not retried.
    /// Without a response, the request is the one a generated client is sending in this flow (its handlers run in it).
    /// </summary>
    /// <param name="response">The response of the attempt, if it got one.</param>
    /// <param name="exception">The failure of the attempt, if it got no response (a <see cref="TimeoutException"/> for an attempt timeout).</param>
    /// <param name="attempt">The attempt that ended so, from 1.</param>
    /// <param name="cancellationToken">The call's cancellation.</param>
    public async Task<bool> ShouldRetryAsync(HttpResponseMessage? response, Exception? exception, int attempt, CancellationToken cancellationToken = default)
    {
        var request = response?.RequestMessage ?? RetryLoop.Sending;
        if (request is null || ClientSupport.OperationOf(request) is not { } operation || cancellationToken.IsCancellationRequested) return false;
        var annotations = For(operation);
        var policy = PolicyFor(operation);
        if (attempt >= policy.MaxAttempts) return false;
        var keyed = request.Headers.Contains(annotations.IdempotencyKeyHeader ?? "Idempotency-Key");
        if (!keyed && !annotations.Allows(request.Method)) return false;
        if (response is null)
        {
            return exception switch
            {
                TimeoutException or OperationCanceledException => policy.RetryTimeouts,
                HttpRequestException or IOException => policy.RetryTransportErrors,
                _ => false,
            };
        }
        if ((int)response.StatusCode < 400) return false;
        var decision = await DecideAsync(operation, response, policy, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        return decision.Retryable && !decision.BeyondCap;
    }

    /// <summary>
    /// For a retry strategy of an HTTP pipeline: the wait the server asked for before the next attempt of a generated
    /// client's request (Retry-After or retry-after-ms), where the operation's policy honors it and within its cap; null
    /// otherwise (the strategy's own backoff applies).
    /// </summary>
    /// <param name="response">The response of the attempt, if it got one.</param>
    public TimeSpan? RetryAfterWithinCap(HttpResponseMessage? response)
    {
        if (response is null) return null;
        var request = response.RequestMessage ?? RetryLoop.Sending;
        var policy = request is not null && ClientSupport.OperationOf(request) is { } operation ? PolicyFor(operation) : Policy;
        return policy.HonorRetryAfter && RetryAfterHeader.Read(response, TimeProvider.System) is { } asked && asked <= policy.MaxRetryAfter ? asked : null;
    }

    /// <summary>The most attempts any operation's policy allows: what a pipeline's retry strategy must allow (less the first).</summary>
    public int MaxAttempts
    {
        get
        {
            var most = Policy.MaxAttempts;
            foreach (var operation in Operations)
            {
                if (operation.Policy is { } policy && policy.MaxAttempts > most) most = policy.MaxAttempts;
            }
            return most;
        }
    }
}
