
namespace OpenApiClientGen;

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
