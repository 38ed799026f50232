using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace OpenApiClientGen.Runtime;

/// <summary>Responses: success bodies (JSON as it streams in, text, a stream that owns the response) and the typed errors.</summary>
public static partial class ClientSupport
{
    /// <summary>The longest part of a body an exception message quotes.</summary>
    private const int MessageBodyLength = 512;

    /// <summary>Reads a JSON success body as it streams in.</summary>
    public static async Task<T> ReadJsonAsync<T>(
        HttpResponseMessage response,
        JsonTypeInfo<T> typeInfo,
        string? operationId,
        Redactor redactor,
        CancellationToken cancellationToken)
    {
        var stream = await Platform.ReadAsStreamAsync(response.Content, cancellationToken).ConfigureAwait(false);
        Exception error;
        try
        {
            // A body of known, moderate length is read into a pooled buffer and parsed at once (no resumable-read state
            // between chunks); one of unknown or great length streams: the generated metadata reads resumably.
            var value = response.Content.Headers.ContentLength is long length and > 0 and <= MaxBufferedBody
                ? await ReadBufferedAsync(stream, (int)length, typeInfo, cancellationToken).ConfigureAwait(false)
                : await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false);
            if (value is not null)
                return value;
            error = new JsonException($"The response body is null; {typeof(T).Name} was expected.");
        }
        catch (JsonException e)
        {
            error = e;
        }
        throw Error(response, operationId, redactor, null, "the body does not match its declared schema: " + error.Message, error);
    }

    /// <summary>The largest body read into one buffer before parsing; longer ones (or of unknown length) stream.</summary>
    private const int MaxBufferedBody = 32 * 1024 * 1024;

    private static async Task<T?> ReadBufferedAsync<T>(
        Stream stream,
        int length,
        JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var read = 0;
            while (read < length)
            {
                var count = await stream.ReadAsync(buffer, read, length - read, cancellationToken).ConfigureAwait(false);
                if (count == 0) break;
                read += count;
            }
            return JsonSerializer.Deserialize(new ReadOnlySpan<byte>(buffer, 0, read), typeInfo);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a <c>text/*</c> success body.</summary>
    public static async Task<string> ReadTextAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await Platform.ReadAsStringAsync(response.Content, cancellationToken).ConfigureAwait(false);

    /// <summary>The body as a stream that owns the response: the caller disposes it.</summary>
    public static async Task<Stream> ReadStreamAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return new ResponseStream(await Platform.ReadAsStreamAsync(response.Content, cancellationToken).ConfigureAwait(false), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The error for a status without a declared body type.</summary>
    public static async Task<ApiException> ErrorAsync(
        HttpResponseMessage response,
        string? operationId,
        Redactor redactor,
        CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        return Error(response, operationId, redactor, body, null, null);
    }

    /// <summary>The typed error for a status whose body schema the API description declares.</summary>
    public static async Task<ApiException<TPayload>> ErrorAsync<TPayload>(
        HttpResponseMessage response,
        JsonTypeInfo<TPayload> typeInfo,
        string? operationId,
        Redactor redactor,
        CancellationToken cancellationToken)
    {
        // The payload is read from the redacted text, so a credential the server echoes is not in it either.
        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false) is { } raw ? redactor.Text(raw) : null;
        var payload = default(TPayload);
        Exception? payloadError = null;
        if (string.IsNullOrWhiteSpace(body))
        {
            payloadError = new JsonException($"The response has no body; {typeof(TPayload).Name} was expected.");
        }
        else
        {
            try
            {
                payload = JsonSerializer.Deserialize(body!, typeInfo);
                if (payload is null) payloadError = new JsonException($"The response body is null; {typeof(TPayload).Name} was expected.");
            }
            catch (JsonException e)
            {
                payloadError = e;
            }
        }
        var note = payloadError is null ? null : "the body does not match its declared schema: " + payloadError.Message;
        var outcome = RetryOutcome.Of(response);
        var (message, method, uri, text, headers) = Describe(response, redactor, body, note, outcome);
        return new ApiException<TPayload>(message, (int)response.StatusCode, method, uri, text, payload, headers, payloadError)
        {
            ReasonPhrase = response.ReasonPhrase is { } reason ? redactor.Text(reason) : null,
            OperationId = operationId,
            Attempts = outcome?.Attempts ?? 1,
            IsRetryable = outcome?.IsRetryable ?? false,
            Retryable = outcome?.Rule?.Retryable ?? Retryability.No,
            RetryAfter = outcome?.RetryAfter,
            ErrorCode = outcome?.ErrorCode is { } code ? redactor.Text(code) : null,
            Cause = outcome?.Rule?.Cause,
            Remedy = outcome?.Rule?.Remedy,
        };
    }

    private static ApiException Error(HttpResponseMessage response, string? operationId, Redactor redactor, string? body, string? note, Exception? payloadError)
    {
        var outcome = RetryOutcome.Of(response);
        var (message, method, uri, text, headers) = Describe(response, redactor, body, note, outcome);
        return new ApiException(message, (int)response.StatusCode, method, uri, text, headers, payloadError)
        {
            ReasonPhrase = response.ReasonPhrase is { } reason ? redactor.Text(reason) : null,
            OperationId = operationId,
            Attempts = outcome?.Attempts ?? 1,
            IsRetryable = outcome?.IsRetryable ?? false,
            Retryable = outcome?.Rule?.Retryable ?? Retryability.No,
            RetryAfter = outcome?.RetryAfter,
            ErrorCode = outcome?.ErrorCode is { } code ? redactor.Text(code) : null,
            Cause = outcome?.Rule?.Cause,
            Remedy = outcome?.Rule?.Remedy,
        };
    }

    private static async Task<string?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await Platform.ReadAsStringAsync(response.Content, cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? null : body;
    }

    private static (string Message, string Method, Uri? Uri, string? Body, IReadOnlyDictionary<string, IReadOnlyList<string>> Headers) Describe(
        HttpResponseMessage response, Redactor redactor, string? body, string? note, RetryOutcome? outcome)
    {
        var method = response.RequestMessage?.Method.Method ?? "?";
        var uri = redactor.Uri(response.RequestMessage?.RequestUri);
        var text = body is null ? null : redactor.Text(body);
        var status = (int)response.StatusCode;
        var message = new StringBuilder()
            .Append(method).Append(' ').Append(uri?.AbsoluteUri ?? "?").Append(" returned ")
            .Append(status.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(response.ReasonPhrase)) message.Append(" (").Append(redactor.Text(response.ReasonPhrase!)).Append(')');
        message.Append('.');
        if (outcome?.Rule?.Cause is { } cause) message.Append(' ').Append(cause);
        if (outcome?.Rule?.Remedy is { } remedy) message.Append(" Remedy: ").Append(remedy);
        if (outcome?.Note is { } retryNote) message.Append(' ').Append(retryNote);
        if (note is not null) message.Append(" The response does not match the API description: ").Append(redactor.Text(note));
        if (text is not null) message.Append(" Body: ").Append(text.Length <= MessageBodyLength ? text : text.Substring(0, MessageBodyLength) + "…");

        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers) headers[header.Key] = Redacted(redactor, header.Value);
        foreach (var header in response.Content.Headers) headers[header.Key] = Redacted(redactor, header.Value);
        return (message.ToString(), method, uri, text, headers);
    }

    private static string[] Redacted(Redactor redactor, IEnumerable<string> values)
    {
        var list = new List<string>();
        foreach (var value in values) list.Add(redactor.Text(value));
        return list.ToArray();
    }
}
