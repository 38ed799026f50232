using System;
using System.Collections.Generic;

namespace OpenApiClientGen;

/// <summary>
/// A response the API description does not declare as a success, from any generated client: the status, the raw body,
/// the response headers, the method and URL, and what the retry annotations say of it. Catch this type to handle the
/// errors of every client in a program; catch <see cref="ApiException{TPayload}"/> for a declared error body.
/// Credentials configured in the client options never appear in it (they are replaced by <c>***</c>).
/// </summary>
public class ApiException : Exception
{
    /// <summary>Creates the exception for a response.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="method">The request method.</param>
    /// <param name="requestUri">The request URL, credentials redacted.</param>
    /// <param name="responseBody">The response body as text.</param>
    /// <param name="responseHeaders">The response and content headers.</param>
    /// <param name="payloadError">Why the body did not match its declared schema, if it did not.</param>
    public ApiException(
        string message,
        int statusCode,
        string method,
        Uri? requestUri,
        string? responseBody,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? responseHeaders = null,
        Exception? payloadError = null)
        : base(message, payloadError)
    {
        StatusCode = statusCode;
        Method = method;
        RequestUri = requestUri;
        ResponseBody = responseBody;
        ResponseHeaders = responseHeaders ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase the server sent, if any.</summary>
    public string? ReasonPhrase { get; init; }

    /// <summary>The request method.</summary>
    public string Method { get; }

    /// <summary>The request URL, with credentials redacted.</summary>
    public Uri? RequestUri { get; }

    /// <summary>The operation's <c>operationId</c>, if it has one.</summary>
    public string? OperationId { get; init; }

    /// <summary>The response body as text (null when there was none).</summary>
    public string? ResponseBody { get; }

    /// <summary>The response and content headers, by case-insensitive name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ResponseHeaders { get; }

    /// <summary>Why the body did not match the schema the API description declares for this status, if it did not.</summary>
    public Exception? PayloadError => InnerException;

    /// <summary>The attempts the call made, retries included.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>
    /// Whether trying the call again may succeed: the annotations call the error retryable (or "sometimes", when the
    /// policy retries those), the operation may be repeated and its body sent again. See <see cref="RetryAfter"/>.
    /// </summary>
    public bool IsRetryable { get; init; }

    /// <summary>What the annotations say of this error: retryable, not, or sometimes (<see cref="Retryability.No"/> when they do not list it).</summary>
    public Retryability Retryable { get; init; }

    /// <summary>The wait the server asked for (<c>Retry-After</c> or <c>retry-after-ms</c>), if it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The error code read from the body where the annotations say it is (e.g. a message, or <c>error.type</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>What causes this error, from the annotations.</summary>
    public string? Cause { get; init; }

    /// <summary>What to do about this error, from the annotations.</summary>
    public string? Remedy { get; init; }
}

/// <summary>
/// A response whose status the API description declares with a body schema: <see cref="Payload"/> is that body, typed,
/// or null when the body did not match the schema (see <see cref="ApiException.PayloadError"/> and <see cref="ApiException.ResponseBody"/>).
/// </summary>
/// <typeparam name="TPayload">The declared body type. Statuses with identical schemas share it.</typeparam>
public sealed class ApiException<TPayload> : ApiException
{
    /// <summary>Creates the exception for a response with a typed body.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="method">The request method.</param>
    /// <param name="requestUri">The request URL, credentials redacted.</param>
    /// <param name="responseBody">The response body as text.</param>
    /// <param name="payload">The typed body, or null when it did not match its schema.</param>
    /// <param name="responseHeaders">The response and content headers.</param>
    /// <param name="payloadError">Why the body did not match its declared schema, if it did not.</param>
    public ApiException(
        string message,
        int statusCode,
        string method,
        Uri? requestUri,
        string? responseBody,
        TPayload? payload,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? responseHeaders = null,
        Exception? payloadError = null)
        : base(message, statusCode, method, requestUri, responseBody, responseHeaders, payloadError)
    {
        Payload = payload;
    }

    /// <summary>The body as its declared type, or null when it did not match the schema.</summary>
    public TPayload? Payload { get; }
}
