using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace OpenApiClientGen.Runtime;

/// <summary>What the generated client methods share: formatting parameters, building bodies, reading responses and errors.</summary>
public static class ClientSupport
{
    private const int MessageBodyLength = 512;

    /// <summary>The PATCH method (<c>HttpMethod.Patch</c> exists from .NET Core 2.1 only).</summary>
    public static HttpMethod Patch { get; } =
#if NET5_0_OR_GREATER
        HttpMethod.Patch;
#else
        new("PATCH");
#endif

    // -------------------------------------------------------------- parameters

    /// <summary>A boolean parameter as sent: <c>true</c> or <c>false</c>.</summary>
    public static string Format(bool value) => value ? "true" : "false";

    /// <summary>An integer parameter in invariant culture.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An integer parameter in invariant culture.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number parameter, round-trippable, in invariant culture.</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A number parameter, round-trippable, in invariant culture.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A number parameter in invariant culture.</summary>
    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A <c>format: date-time</c> parameter (RFC 3339).</summary>
    public static string Format(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture);

#if NET6_0_OR_GREATER
    /// <summary>A <c>format: date</c> parameter (yyyy-MM-dd).</summary>
    public static string Format(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
#endif

    /// <summary>A <c>format: date</c> value held as a <see cref="DateTime"/> (targets without DateOnly): its date part.</summary>
    public static string FormatDate(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A <c>format: uuid</c> parameter.</summary>
    public static string Format(Guid value) => value.ToString("D");

    /// <summary>A <c>format: byte</c> parameter (base64).</summary>
    public static string Format(byte[] value) => Convert.ToBase64String(value);

    /// <summary>Arrays and objects become JSON elements, whose items and properties the styles lay out.</summary>
    public static ParameterValue Value<T>(T value, JsonTypeInfo<T> typeInfo) =>
        ParameterValue.From(JsonSerializer.SerializeToElement(value, typeInfo));

    /// <summary>The text of a JSON scalar as a parameter carries it (a string unquoted; null empty).</summary>
    public static string ScalarText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => element.GetRawText(),
    };

    /// <summary>Escapes a query value, keeping the characters RFC 3986 reserves (OpenAPI <c>allowReserved</c>) except '#', which would end the URL.</summary>
    public static string EscapeAllowingReserved(string value)
    {
        var builder = new StringBuilder(value.Length);
        var from = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && ":/?[]@!$&'()*+,;=".IndexOf(value[i]) < 0) continue;
            builder.Append(Uri.EscapeDataString(value.Substring(from, i - from)));
            if (i < value.Length) builder.Append(value[i]);
            from = i + 1;
        }
        return builder.ToString();
    }

    /// <summary>Adds an API key sent as a query parameter to a request already built.</summary>
    public static void AddQueryCredential(HttpRequestMessage request, string name, string value)
    {
        var uri = request.RequestUri!.AbsoluteUri;
        request.RequestUri = Platform.Uri(uri + (uri.IndexOf('?') >= 0 ? "&" : "?") + Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
    }

    /// <summary>The parameter of a Basic Authorization header.</summary>
    public static string BasicCredential(string userName, string? password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password));

    /// <summary>Adds a header parameter (style simple).</summary>
    public static void AddHeader(HttpRequestMessage request, string name, ParameterValue value, bool explode) =>
        request.Headers.TryAddWithoutValidation(name, Simple(value, explode));

    /// <summary>Adds a cookie parameter (style form) to the request's Cookie header.</summary>
    public static void AddCookie(HttpRequestMessage request, string name, ParameterValue value, bool explode)
    {
        string cookie;
        if (value.Text is null && !value.IsObject && explode)
        {
            var parts = new List<string>();
            foreach (var item in value.Items()) parts.Add(name + "=" + Uri.EscapeDataString(item));
            cookie = string.Join("; ", parts);
        }
        else
        {
            cookie = name + "=" + Uri.EscapeDataString(Simple(value, explode: false));
        }
        if (request.Headers.TryGetValues("Cookie", out var existing))
        {
            cookie = string.Join("; ", existing) + "; " + cookie;
            request.Headers.Remove("Cookie");
        }
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
    }

    private static string Simple(ParameterValue value, bool explode)
    {
        if (!value.IsObject) return string.Join(",", value.Items());
        var parts = new List<string>();
        foreach (var pair in value.Properties())
        {
            if (explode) parts.Add(pair.Key + "=" + pair.Value);
            else
            {
                parts.Add(pair.Key);
                parts.Add(pair.Value);
            }
        }
        return string.Join(",", parts);
    }

    // -------------------------------------------------------------- request bodies

    /// <summary>A JSON body, serialized up front (so its length is known and it can be sent again).</summary>
    public static HttpContent Json<T>(T value, JsonTypeInfo<T> typeInfo, string mediaType)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    /// <summary>A text body in UTF-8.</summary>
    public static HttpContent Text(string value, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return content;
    }

    /// <summary>A binary body streamed from <paramref name="value"/> (not buffered, so not replayable).</summary>
    public static HttpContent Binary(Stream value, string mediaType)
    {
        var content = new StreamContent(value);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    /// <summary>
    /// An <c>application/x-www-form-urlencoded</c> body: arrays repeat their key (<c>name[0]</c>, <c>name[1]</c> for the
    /// properties whose encoding is deepObject), objects nest as <c>key[name]</c>.
    /// </summary>
    public static HttpContent Form<T>(T value, JsonTypeInfo<T> typeInfo, string[]? deepObject = null)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var element = JsonSerializer.SerializeToElement(value, typeInfo);
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
                AddFormField(fields, property.Name, property.Value, nested: deepObject is not null && Array.IndexOf(deepObject, property.Name) >= 0);
        }
        return new FormUrlEncodedContent(fields);
    }

    private static void AddFormField(List<KeyValuePair<string, string>> fields, string name, JsonElement value, bool nested)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject()) AddFormField(fields, name + "[" + property.Name + "]", property.Value, nested: true);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var key = nested || item.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                        ? name + "[" + (index++).ToString(CultureInfo.InvariantCulture) + "]"
                        : name;
                    AddFormField(fields, key, item, nested);
                }
                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                break;
            default:
                fields.Add(new(name, ScalarText(value)));
                break;
        }
    }

    /// <summary>A text part of a multipart body.</summary>
    public static void AddPart(MultipartFormDataContent content, string name, string value) =>
        content.Add(new StringContent(value), Quote(name));

    /// <summary>A file part of a multipart body (the stream is sent as it is read, not buffered).</summary>
    public static void AddPart(MultipartFormDataContent content, string name, FileContent file)
    {
        var part = new StreamContent(file.Content);
        part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType ?? "application/octet-stream");
        content.Add(part, Quote(name), Quote(file.FileName ?? name));
    }

    /// <summary>Parts for an array (one per item) or an object (one JSON part).</summary>
    public static void AddPart(MultipartFormDataContent content, string name, ParameterValue value)
    {
        if (value.Text is not null)
        {
            AddPart(content, name, value.Text);
            return;
        }
        if (value.Element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.Element.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array) AddJsonPart(content, name, item);
                else AddPart(content, name, ScalarText(item));
            }
            return;
        }
        AddJsonPart(content, name, value.Element);
    }

    /// <summary>One part per property of an object body whose shape is not known when generating.</summary>
    public static void AddParts(MultipartFormDataContent content, ParameterValue value)
    {
        if (!value.IsObject) return;
        foreach (var property in value.Element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Null) AddPart(content, property.Name, ParameterValue.From(property.Value));
        }
    }

    private static void AddJsonPart(MultipartFormDataContent content, string name, JsonElement element)
    {
        var part = new StringContent(element.GetRawText());
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(part, Quote(name));
    }

    private static string Quote(string name) => "\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    // -------------------------------------------------------------- responses

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
            // A body of known, moderate length is read into a pooled buffer and parsed at once: the generated metadata
            // (one converter per type) would otherwise make DeserializeAsync read ahead and scan the whole value first.
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
