// The types between the markers are emitted, as they are, into the namespace of every generated client: the public
// exception types and the file-local helpers the client's methods share (file-local, so specs in one compilation and
// InternalsVisibleTo never clash). Kept as a real C# file, not compiled into the generator.
#nullable enable

namespace OpenApiClientGen.Templates
{
    // <members>
    /// <summary>
    /// A response the API description does not declare as a success: the status, the raw body, the response headers,
    /// the method and URL. Credentials configured in the client options never appear in it (they are replaced by ***).
    /// </summary>
    public partial class ApiException : global::System.Exception
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
            global::System.Uri? requestUri,
            string? responseBody,
            global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Collections.Generic.IReadOnlyList<string>>? responseHeaders = null,
            global::System.Exception? payloadError = null)
            : base(message, payloadError)
        {
            StatusCode = statusCode;
            Method = method;
            RequestUri = requestUri;
            ResponseBody = responseBody;
            ResponseHeaders = responseHeaders ?? new global::System.Collections.Generic.Dictionary<string, global::System.Collections.Generic.IReadOnlyList<string>>();
        }

        /// <summary>The HTTP status code.</summary>
        public int StatusCode { get; }

        /// <summary>The reason phrase the server sent, if any.</summary>
        public string? ReasonPhrase { get; init; }

        /// <summary>The request method.</summary>
        public string Method { get; }

        /// <summary>The request URL, with credentials redacted.</summary>
        public global::System.Uri? RequestUri { get; }

        /// <summary>The operation's <c>operationId</c>, if it has one.</summary>
        public string? OperationId { get; init; }

        /// <summary>The response body as text (null when there was none).</summary>
        public string? ResponseBody { get; }

        /// <summary>The response and content headers, by case-insensitive name.</summary>
        public global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Collections.Generic.IReadOnlyList<string>> ResponseHeaders { get; }

        /// <summary>Why the body did not match the schema the API description declares for this status, if it did not.</summary>
        public global::System.Exception? PayloadError => InnerException;

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
        public global::System.TimeSpan? RetryAfter { get; init; }

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
    public sealed partial class ApiException<TPayload> : ApiException
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
            global::System.Uri? requestUri,
            string? responseBody,
            TPayload? payload,
            global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Collections.Generic.IReadOnlyList<string>>? responseHeaders = null,
            global::System.Exception? payloadError = null)
            : base(message, statusCode, method, requestUri, responseBody, responseHeaders, payloadError)
        {
            Payload = payload;
        }

        /// <summary>The body as its declared type, or null when it did not match the schema.</summary>
        public TPayload? Payload { get; }
    }

    /// <summary>Where and how a parameter is serialized (OpenAPI <c>style</c>).</summary>
    file enum ParameterStyle
    {
        Simple,
        Label,
        Matrix,
        Form,
        SpaceDelimited,
        PipeDelimited,
        DeepObject,
    }

    /// <summary>A parameter value: plain text for scalars, a JSON element for arrays and objects.</summary>
    file readonly struct ParameterValue
    {
        private ParameterValue(string? text, global::System.Text.Json.JsonElement element)
        {
            Text = text;
            Element = element;
        }

        /// <summary>The text of a scalar, or null for an array or object.</summary>
        public string? Text { get; }

        public global::System.Text.Json.JsonElement Element { get; }

        public static implicit operator ParameterValue(string value) => new(value, default);

        public static ParameterValue From(global::System.Text.Json.JsonElement element) =>
            element.ValueKind is global::System.Text.Json.JsonValueKind.Array or global::System.Text.Json.JsonValueKind.Object
                ? new(null, element)
                : new(ClientSupport.ScalarText(element), default);

        /// <summary>The items of an array (a scalar is a list of one).</summary>
        public global::System.Collections.Generic.List<string> Items()
        {
            var items = new global::System.Collections.Generic.List<string>();
            if (Text is not null) items.Add(Text);
            else if (Element.ValueKind == global::System.Text.Json.JsonValueKind.Array)
            {
                foreach (var item in Element.EnumerateArray()) items.Add(ClientSupport.ScalarText(item));
            }
            return items;
        }

        /// <summary>The properties of an object, null ones left out.</summary>
        public global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>> Properties()
        {
            var pairs = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>>();
            if (Element.ValueKind != global::System.Text.Json.JsonValueKind.Object) return pairs;
            foreach (var property in Element.EnumerateObject())
            {
                if (property.Value.ValueKind != global::System.Text.Json.JsonValueKind.Null)
                    pairs.Add(new(property.Name, ClientSupport.ScalarText(property.Value)));
            }
            return pairs;
        }

        public bool IsObject => Text is null && Element.ValueKind == global::System.Text.Json.JsonValueKind.Object;
    }

    /// <summary>Builds a request URL: the base address, the path with its parameters escaped, the query.</summary>
    file sealed class RequestUrl
    {
        private readonly global::System.Text.StringBuilder _url;
        private bool _hasQuery;

        public RequestUrl(global::System.Uri baseAddress)
        {
            var text = baseAddress.AbsoluteUri;
            var query = text.IndexOf('?');
            _url = new global::System.Text.StringBuilder(query >= 0 ? text.Substring(0, query) : text);
            if (_url.Length > 0 && _url[_url.Length - 1] == '/') _url.Length--;
        }

        /// <summary>Appends a literal part of the path template.</summary>
        public void AppendPath(string literal) => _url.Append(literal);

        /// <summary>Appends a path parameter: each value escaped so it stays inside its segment (<c>../x</c> included).</summary>
        public void AppendPathParameter(string name, ParameterValue value, ParameterStyle style, bool explode)
        {
            var prefix = style switch { ParameterStyle.Label => ".", ParameterStyle.Matrix => ";", _ => "" };
            _url.Append(prefix);
            if (value.IsObject)
            {
                var pairs = value.Properties();
                if (style == ParameterStyle.Matrix && !explode) _url.Append(Segment(name)).Append('=');
                var separator = explode ? (style == ParameterStyle.Simple ? "," : prefix) : ",";
                for (var i = 0; i < pairs.Count; i++)
                {
                    if (i > 0) _url.Append(separator);
                    _url.Append(Segment(pairs[i].Key)).Append(explode ? "=" : ",").Append(Segment(pairs[i].Value));
                }
                return;
            }

            var items = value.Items();
            if (style == ParameterStyle.Matrix)
            {
                _url.Append(Segment(name)).Append('=');
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0) _url.Append(explode ? ";" + Segment(name) + "=" : ",");
                    _url.Append(Segment(items[i]));
                }
                return;
            }
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0) _url.Append(explode && style == ParameterStyle.Label ? "." : ",");
                _url.Append(Segment(items[i]));
            }
        }

        /// <summary>Adds a query parameter in its style: form (exploded or not), space- or pipe-delimited, deepObject.</summary>
        public void AddQuery(string name, ParameterValue value, ParameterStyle style, bool explode, bool allowReserved)
        {
            if (style == ParameterStyle.DeepObject && value.Text is null)
            {
                AddDeep(name, value.Element, allowReserved);
                return;
            }
            if (value.IsObject)
            {
                var pairs = value.Properties();
                if (explode)
                {
                    foreach (var pair in pairs) Add(pair.Key, pair.Value, allowReserved);
                }
                else
                {
                    var joined = new global::System.Collections.Generic.List<string>();
                    foreach (var pair in pairs)
                    {
                        joined.Add(pair.Key);
                        joined.Add(pair.Value);
                    }
                    Add(name, joined, ",", allowReserved);
                }
                return;
            }
            var items = value.Items();
            if (value.Text is null && explode)
            {
                foreach (var item in items) Add(name, item, allowReserved);
                return;
            }
            // The delimiter stays literal (a comma inside a value is escaped): "a,b" and ["a", "b"] differ on the wire.
            var delimiter = style switch { ParameterStyle.SpaceDelimited => "%20", ParameterStyle.PipeDelimited => "%7C", _ => "," };
            Add(name, items, delimiter, allowReserved);
        }

        /// <summary>The URL as built: no canonicalisation, so an escaped dot-segment (%2E%2E) is sent as it is and stays a value.</summary>
        public global::System.Uri ToUri() => new(_url.ToString(), new global::System.UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

        private void AddDeep(string name, global::System.Text.Json.JsonElement element, bool allowReserved)
        {
            switch (element.ValueKind)
            {
                case global::System.Text.Json.JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject()) AddDeep(name + "[" + property.Name + "]", property.Value, allowReserved);
                    break;
                case global::System.Text.Json.JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray()) AddDeep(name + "[" + (index++).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + "]", item, allowReserved);
                    break;
                case global::System.Text.Json.JsonValueKind.Null:
                case global::System.Text.Json.JsonValueKind.Undefined:
                    break;
                default:
                    Add(name, ClientSupport.ScalarText(element), allowReserved);
                    break;
            }
        }

        private void Add(string name, string value, bool allowReserved) => Add(name, new[] { value }, "", allowReserved);

        private void Add(string name, global::System.Collections.Generic.IReadOnlyList<string> values, string delimiter, bool allowReserved)
        {
            _url.Append(_hasQuery ? '&' : '?');
            _hasQuery = true;
            _url.Append(global::System.Uri.EscapeDataString(name)).Append('=');
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0) _url.Append(delimiter);
                _url.Append(allowReserved ? ClientSupport.EscapeAllowingReserved(values[i]) : global::System.Uri.EscapeDataString(values[i]));
            }
        }

        private static string Segment(string value)
        {
            // "." and ".." would be dot-segments that URL normalisation removes: escape them too.
            var escaped = global::System.Uri.EscapeDataString(value);
            return escaped switch { "." => "%2E", ".." => "%2E%2E", _ => escaped };
        }
    }

    /// <summary>Replaces configured credentials with *** in everything an <see cref="ApiException"/> carries.</summary>
    file sealed class Redactor
    {
        private readonly string[] _secrets;
        private readonly string[] _queryNames;

        public Redactor(string?[] secrets, string[] queryNames)
        {
            var list = new global::System.Collections.Generic.List<string>();
            foreach (var secret in secrets)
            {
                if (!string.IsNullOrEmpty(secret)) list.Add(secret!);
            }
            _secrets = list.ToArray();
            _queryNames = queryNames;
        }

        public string Text(string text)
        {
            foreach (var secret in _secrets)
            {
                // As it is, URL-escaped, and JSON-escaped (System.Text.Json writes '+' as \u002B, for one).
                text = text.Replace(secret, "***");
                var escaped = global::System.Uri.EscapeDataString(secret);
                if (escaped != secret) text = text.Replace(escaped, "***");
                var json = global::System.Text.Json.JsonEncodedText.Encode(secret).ToString();
                if (json != secret) text = text.Replace(json, "***");
            }
            return text;
        }

        public global::System.Uri? Uri(global::System.Uri? uri)
        {
            if (uri is null) return null;
            var text = uri.AbsoluteUri;
            var query = text.IndexOf('?');
            if (query >= 0 && _queryNames.Length > 0)
            {
                var parts = text.Substring(query + 1).Split('&');
                for (var i = 0; i < parts.Length; i++)
                {
                    var equals = parts[i].IndexOf('=');
                    var name = global::System.Uri.UnescapeDataString(equals >= 0 ? parts[i].Substring(0, equals) : parts[i]);
                    if (global::System.Array.IndexOf(_queryNames, name) >= 0) parts[i] = parts[i].Substring(0, equals >= 0 ? equals : parts[i].Length) + "=***";
                }
                text = text.Substring(0, query + 1) + string.Join("&", parts);
            }
            return new global::System.Uri(Text(text), new global::System.UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        }
    }

    /// <summary>A response body stream that disposes its response when it is disposed (never buffered).</summary>
    file sealed class ResponseStream : global::System.IO.Stream
    {
        private readonly global::System.IO.Stream _inner;
        private readonly global::System.Net.Http.HttpResponseMessage _response;

        public ResponseStream(global::System.IO.Stream inner, global::System.Net.Http.HttpResponseMessage response)
        {
            _inner = inner;
            _response = response;
        }

        public override bool CanRead => _inner.CanRead;
        public override bool CanSeek => _inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => _inner.Length;
        public override long Position { get => _inner.Position; set => _inner.Position = value; }
        public override void Flush() => _inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override int Read(global::System.Span<byte> buffer) => _inner.Read(buffer);
        public override global::System.Threading.Tasks.Task<int> ReadAsync(byte[] buffer, int offset, int count, global::System.Threading.CancellationToken cancellationToken) =>
            _inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override global::System.Threading.Tasks.ValueTask<int> ReadAsync(global::System.Memory<byte> buffer, global::System.Threading.CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, global::System.IO.SeekOrigin origin) => _inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new global::System.NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new global::System.NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _response.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>What the generated client methods share: formatting parameters, building bodies, reading responses and errors.</summary>
    file static class ClientSupport
    {
        private const int MessageBodyLength = 512;

        // -------------------------------------------------------------- parameters

        public static string Format(bool value) => value ? "true" : "false";

        public static string Format(int value) => value.ToString(global::System.Globalization.CultureInfo.InvariantCulture);

        public static string Format(long value) => value.ToString(global::System.Globalization.CultureInfo.InvariantCulture);

        public static string Format(float value) => value.ToString("R", global::System.Globalization.CultureInfo.InvariantCulture);

        public static string Format(double value) => value.ToString("R", global::System.Globalization.CultureInfo.InvariantCulture);

        public static string Format(decimal value) => value.ToString(global::System.Globalization.CultureInfo.InvariantCulture);

        public static string Format(global::System.DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", global::System.Globalization.CultureInfo.InvariantCulture);

        public static string Format(global::System.DateOnly value) => value.ToString("yyyy-MM-dd", global::System.Globalization.CultureInfo.InvariantCulture);

        public static string Format(global::System.Guid value) => value.ToString("D");

        public static string Format(byte[] value) => global::System.Convert.ToBase64String(value);

        /// <summary>Arrays and objects become JSON elements, whose items and properties the styles lay out.</summary>
        public static ParameterValue Value<T>(T value, global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
            ParameterValue.From(global::System.Text.Json.JsonSerializer.SerializeToElement(value, typeInfo));

        public static string ScalarText(global::System.Text.Json.JsonElement element) => element.ValueKind switch
        {
            global::System.Text.Json.JsonValueKind.String => element.GetString()!,
            global::System.Text.Json.JsonValueKind.True => "true",
            global::System.Text.Json.JsonValueKind.False => "false",
            global::System.Text.Json.JsonValueKind.Null or global::System.Text.Json.JsonValueKind.Undefined => "",
            _ => element.GetRawText(),
        };

        /// <summary>Escapes a query value, keeping the characters RFC 3986 reserves (OpenAPI <c>allowReserved</c>) except '#', which would end the URL.</summary>
        public static string EscapeAllowingReserved(string value)
        {
            var builder = new global::System.Text.StringBuilder(value.Length);
            var from = 0;
            for (var i = 0; i <= value.Length; i++)
            {
                if (i < value.Length && ":/?[]@!$&'()*+,;=".IndexOf(value[i]) < 0) continue;
                builder.Append(global::System.Uri.EscapeDataString(value.Substring(from, i - from)));
                if (i < value.Length) builder.Append(value[i]);
                from = i + 1;
            }
            return builder.ToString();
        }

        /// <summary>Adds an API key sent as a query parameter to a request already built.</summary>
        public static void AddQueryCredential(global::System.Net.Http.HttpRequestMessage request, string name, string value)
        {
            var uri = request.RequestUri!.AbsoluteUri;
            request.RequestUri = new global::System.Uri(
                uri + (uri.IndexOf('?') >= 0 ? "&" : "?") + global::System.Uri.EscapeDataString(name) + "=" + global::System.Uri.EscapeDataString(value),
                new global::System.UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        }

        /// <summary>The parameter of a Basic Authorization header.</summary>
        public static string BasicCredential(string userName, string? password) =>
            global::System.Convert.ToBase64String(global::System.Text.Encoding.UTF8.GetBytes(userName + ":" + password));

        /// <summary>Adds a header parameter (style simple).</summary>
        public static void AddHeader(global::System.Net.Http.HttpRequestMessage request, string name, ParameterValue value, bool explode) =>
            request.Headers.TryAddWithoutValidation(name, Simple(value, explode));

        /// <summary>Adds a cookie parameter (style form) to the request's Cookie header.</summary>
        public static void AddCookie(global::System.Net.Http.HttpRequestMessage request, string name, ParameterValue value, bool explode)
        {
            string cookie;
            if (value.Text is null && !value.IsObject && explode)
            {
                var parts = new global::System.Collections.Generic.List<string>();
                foreach (var item in value.Items()) parts.Add(name + "=" + global::System.Uri.EscapeDataString(item));
                cookie = string.Join("; ", parts);
            }
            else
            {
                cookie = name + "=" + global::System.Uri.EscapeDataString(Simple(value, explode: false));
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
            var parts = new global::System.Collections.Generic.List<string>();
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
        public static global::System.Net.Http.HttpContent Json<T>(T value, global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string mediaType)
        {
            var content = new global::System.Net.Http.ByteArrayContent(global::System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
            content.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
            return content;
        }

        public static global::System.Net.Http.HttpContent Text(string value, string mediaType)
        {
            var content = new global::System.Net.Http.ByteArrayContent(global::System.Text.Encoding.UTF8.GetBytes(value));
            content.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
            return content;
        }

        public static global::System.Net.Http.HttpContent Binary(global::System.IO.Stream value, string mediaType)
        {
            var content = new global::System.Net.Http.StreamContent(value);
            content.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
            return content;
        }

        /// <summary>
        /// An <c>application/x-www-form-urlencoded</c> body: arrays repeat their key (<c>name[0]</c>, <c>name[1]</c> for the
        /// properties whose encoding is deepObject), objects nest as <c>key[name]</c>.
        /// </summary>
        public static global::System.Net.Http.HttpContent Form<T>(T value, global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string[]? deepObject = null)
        {
            var fields = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>>();
            var element = global::System.Text.Json.JsonSerializer.SerializeToElement(value, typeInfo);
            if (element.ValueKind == global::System.Text.Json.JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                    AddFormField(fields, property.Name, property.Value, nested: deepObject is not null && global::System.Array.IndexOf(deepObject, property.Name) >= 0);
            }
            return new global::System.Net.Http.FormUrlEncodedContent(fields);
        }

        private static void AddFormField(global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>> fields, string name, global::System.Text.Json.JsonElement value, bool nested)
        {
            switch (value.ValueKind)
            {
                case global::System.Text.Json.JsonValueKind.Object:
                    foreach (var property in value.EnumerateObject()) AddFormField(fields, name + "[" + property.Name + "]", property.Value, nested: true);
                    break;
                case global::System.Text.Json.JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        var key = nested || item.ValueKind is global::System.Text.Json.JsonValueKind.Object or global::System.Text.Json.JsonValueKind.Array
                            ? name + "[" + (index++).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + "]"
                            : name;
                        AddFormField(fields, key, item, nested);
                    }
                    break;
                case global::System.Text.Json.JsonValueKind.Null:
                case global::System.Text.Json.JsonValueKind.Undefined:
                    break;
                default:
                    fields.Add(new(name, ScalarText(value)));
                    break;
            }
        }

        /// <summary>A text part of a multipart body.</summary>
        public static void AddPart(global::System.Net.Http.MultipartFormDataContent content, string name, string value) =>
            content.Add(new global::System.Net.Http.StringContent(value), Quote(name));

        /// <summary>A file part of a multipart body (the stream is sent as it is read, not buffered).</summary>
        public static void AddPart(global::System.Net.Http.MultipartFormDataContent content, string name, FileContent file)
        {
            var part = new global::System.Net.Http.StreamContent(file.Content);
            part.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue(file.ContentType ?? "application/octet-stream");
            content.Add(part, Quote(name), Quote(file.FileName ?? name));
        }

        /// <summary>Parts for an array (one per item) or an object (one JSON part).</summary>
        public static void AddPart(global::System.Net.Http.MultipartFormDataContent content, string name, ParameterValue value)
        {
            if (value.Text is not null)
            {
                AddPart(content, name, value.Text);
                return;
            }
            if (value.Element.ValueKind == global::System.Text.Json.JsonValueKind.Array)
            {
                foreach (var item in value.Element.EnumerateArray())
                {
                    if (item.ValueKind is global::System.Text.Json.JsonValueKind.Object or global::System.Text.Json.JsonValueKind.Array) AddJsonPart(content, name, item);
                    else AddPart(content, name, ScalarText(item));
                }
                return;
            }
            AddJsonPart(content, name, value.Element);
        }

        /// <summary>One part per property of an object body whose shape is not known when generating.</summary>
        public static void AddParts(global::System.Net.Http.MultipartFormDataContent content, ParameterValue value)
        {
            if (!value.IsObject) return;
            foreach (var property in value.Element.EnumerateObject())
            {
                if (property.Value.ValueKind != global::System.Text.Json.JsonValueKind.Null) AddPart(content, property.Name, ParameterValue.From(property.Value));
            }
        }

        private static void AddJsonPart(global::System.Net.Http.MultipartFormDataContent content, string name, global::System.Text.Json.JsonElement element)
        {
            var part = new global::System.Net.Http.StringContent(element.GetRawText());
            part.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            content.Add(part, Quote(name));
        }

        private static string Quote(string name) => "\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        // -------------------------------------------------------------- responses

        /// <summary>Reads a JSON success body as it streams in.</summary>
        public static async global::System.Threading.Tasks.Task<T> ReadJsonAsync<T>(
            global::System.Net.Http.HttpResponseMessage response,
            global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
            string? operationId,
            Redactor redactor,
            global::System.Threading.CancellationToken cancellationToken)
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            global::System.Exception error;
            try
            {
                // A body of known, moderate length is read into a pooled buffer and parsed at once: the generated metadata
                // (one converter per type) would otherwise make DeserializeAsync read ahead and scan the whole value first.
                var value = response.Content.Headers.ContentLength is long length and > 0 and <= MaxBufferedBody
                    ? await ReadBufferedAsync(stream, (int)length, typeInfo, cancellationToken).ConfigureAwait(false)
                    : await global::System.Text.Json.JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false);
                if (value is not null)
                    return value;
                error = new global::System.Text.Json.JsonException($"The response body is null; {typeof(T).Name} was expected.");
            }
            catch (global::System.Text.Json.JsonException e)
            {
                error = e;
            }
            throw Error(response, operationId, redactor, null, "the body does not match its declared schema: " + error.Message, error);
        }

        /// <summary>The largest body read into one buffer before parsing; longer ones (or of unknown length) stream.</summary>
        private const int MaxBufferedBody = 32 * 1024 * 1024;

        private static async global::System.Threading.Tasks.Task<T?> ReadBufferedAsync<T>(
            global::System.IO.Stream stream,
            int length,
            global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
            global::System.Threading.CancellationToken cancellationToken)
        {
            var buffer = global::System.Buffers.ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var read = 0;
                while (read < length)
                {
                    var count = await stream.ReadAsync(new global::System.Memory<byte>(buffer, read, length - read), cancellationToken).ConfigureAwait(false);
                    if (count == 0) break;
                    read += count;
                }
                return global::System.Text.Json.JsonSerializer.Deserialize(new global::System.ReadOnlySpan<byte>(buffer, 0, read), typeInfo);
            }
            finally
            {
                global::System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        public static async global::System.Threading.Tasks.Task<string> ReadTextAsync(global::System.Net.Http.HttpResponseMessage response, global::System.Threading.CancellationToken cancellationToken) =>
            await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

        /// <summary>The body as a stream that owns the response: the caller disposes it.</summary>
        public static async global::System.Threading.Tasks.Task<global::System.IO.Stream> ReadStreamAsync(global::System.Net.Http.HttpResponseMessage response, global::System.Threading.CancellationToken cancellationToken)
        {
            try
            {
                return new ResponseStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), response);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        /// <summary>The error for a status without a declared body type.</summary>
        public static async global::System.Threading.Tasks.Task<ApiException> ErrorAsync(
            global::System.Net.Http.HttpResponseMessage response,
            string? operationId,
            Redactor redactor,
            global::System.Threading.CancellationToken cancellationToken)
        {
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            return Error(response, operationId, redactor, body, null, null);
        }

        /// <summary>The typed error for a status whose body schema the API description declares.</summary>
        public static async global::System.Threading.Tasks.Task<ApiException<TPayload>> ErrorAsync<TPayload>(
            global::System.Net.Http.HttpResponseMessage response,
            global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<TPayload> typeInfo,
            string? operationId,
            Redactor redactor,
            global::System.Threading.CancellationToken cancellationToken)
        {
            // The payload is read from the redacted text, so a credential the server echoes is not in it either.
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false) is { } raw ? redactor.Text(raw) : null;
            var payload = default(TPayload);
            global::System.Exception? payloadError = null;
            if (string.IsNullOrWhiteSpace(body))
            {
                payloadError = new global::System.Text.Json.JsonException($"The response has no body; {typeof(TPayload).Name} was expected.");
            }
            else
            {
                try
                {
                    payload = global::System.Text.Json.JsonSerializer.Deserialize(body!, typeInfo);
                }
                catch (global::System.Text.Json.JsonException e)
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

        private static ApiException Error(global::System.Net.Http.HttpResponseMessage response, string? operationId, Redactor redactor, string? body, string? note, global::System.Exception? payloadError)
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

        private static async global::System.Threading.Tasks.Task<string?> ReadBodyAsync(global::System.Net.Http.HttpResponseMessage response, global::System.Threading.CancellationToken cancellationToken)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return body.Length == 0 ? null : body;
        }

        private static (string Message, string Method, global::System.Uri? Uri, string? Body, global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Collections.Generic.IReadOnlyList<string>> Headers) Describe(
            global::System.Net.Http.HttpResponseMessage response, Redactor redactor, string? body, string? note, RetryOutcome? outcome)
        {
            var method = response.RequestMessage?.Method.Method ?? "?";
            var uri = redactor.Uri(response.RequestMessage?.RequestUri);
            var text = body is null ? null : redactor.Text(body);
            var status = (int)response.StatusCode;
            var message = new global::System.Text.StringBuilder()
                .Append(method).Append(' ').Append(uri?.AbsoluteUri ?? "?").Append(" returned ")
                .Append(status.ToString(global::System.Globalization.CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(response.ReasonPhrase)) message.Append(" (").Append(redactor.Text(response.ReasonPhrase!)).Append(')');
            message.Append('.');
            if (outcome?.Rule?.Cause is { } cause) message.Append(' ').Append(cause);
            if (outcome?.Rule?.Remedy is { } remedy) message.Append(" Remedy: ").Append(remedy);
            if (outcome?.Note is { } retryNote) message.Append(' ').Append(retryNote);
            if (note is not null) message.Append(" The response does not match the API description: ").Append(redactor.Text(note));
            if (text is not null) message.Append(" Body: ").Append(text.Length <= MessageBodyLength ? text : text.Substring(0, MessageBodyLength) + "…");

            var headers = new global::System.Collections.Generic.Dictionary<string, global::System.Collections.Generic.IReadOnlyList<string>>(global::System.StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers) headers[header.Key] = Redacted(redactor, header.Value);
            foreach (var header in response.Content.Headers) headers[header.Key] = Redacted(redactor, header.Value);
            return (message.ToString(), method, uri, text, headers);
        }

        private static string[] Redacted(Redactor redactor, global::System.Collections.Generic.IEnumerable<string> values)
        {
            var list = new global::System.Collections.Generic.List<string>();
            foreach (var value in values) list.Add(redactor.Text(value));
            return list.ToArray();
        }
    }
    // </members>
}
