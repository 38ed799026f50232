using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace OpenApiClientGen.Runtime;

/// <summary>Streams: a streamed response (server-sent events, JSON Lines) as the typed events it carries.</summary>
public static partial class ClientSupport
{
    /// <summary>
    /// Makes one call of an operation whose response is a stream of events and yields them as they arrive, each
    /// deserialized with the generated metadata: the request goes through the retry loop (and the 401 renewal) as any
    /// call; an error status throws the operation's typed error; then events are read one by one — SSE comments and
    /// keep-alives skipped, <c>[DONE]</c> ending the stream, an <c>error</c> event or an event that does not match its
    /// schema thrown as <see cref="ApiStreamException"/>. Where the annotations let the operation reconnect, a broken
    /// connection is requested again with <c>Last-Event-ID</c> after the server's <c>retry:</c> interval (else the
    /// policy's initial delay), up to the policy's attempts. Disposing the enumerator (leaving an <c>await foreach</c>)
    /// closes the connection; cancellation and <see cref="RequestOptions.Timeout"/> apply to the whole stream.
    /// </summary>
    /// <param name="httpClient">Sends the requests.</param>
    /// <param name="createRequest">Builds a fresh request for each attempt.</param>
    /// <param name="authenticate">Gives a request its credentials (null for an API without security schemes).</param>
    /// <param name="metadata">The API's retry annotations.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="operation">The operation's operationId, or "METHOD /path".</param>
    /// <param name="operationId">The operation's operationId, if it has one.</param>
    /// <param name="requestOptions">The call's options, or null.</param>
    /// <param name="redactor">Removes the client's credentials from errors.</param>
    /// <param name="replayable">Whether the request body can be sent again.</param>
    /// <param name="format">How the response frames its events.</param>
    /// <param name="typeInfo">The events' metadata.</param>
    /// <param name="error">The operation's typed error for a status that is not a success.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    public static async IAsyncEnumerable<T> StreamAsync<T>(
        HttpClient httpClient,
        Func<HttpRequestMessage> createRequest,
        Func<HttpRequestMessage, CallScope, Task>? authenticate,
        RetryMetadata metadata,
        ApiClientOptions options,
        string operation,
        string? operationId,
        RequestOptions? requestOptions,
        Redactor redactor,
        bool replayable,
        StreamFormat format,
        JsonTypeInfo<T> typeInfo,
        Func<HttpResponseMessage, CallScope, Task<ApiException>> error,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = new CallScope(operation, operationId, requestOptions, redactor, cancellationToken);
        var annotations = metadata.For(operation);
        var policy = requestOptions?.Retry ?? options.Retry ?? metadata.PolicyFor(operation);
        var time = options.TimeProvider ?? TimeProvider.System;
        var reader = new EventReader<T>(format, typeInfo);
        var received = 0L;
        for (var connection = 1; ; connection++)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendAsync(httpClient, createRequest, authenticate, metadata, options, call, replayable, reader.LastEventId).ConfigureAwait(false);
            }
            catch (Exception e) when (call.TimedOut(e))
            {
                throw call.TimeoutError(e);
            }

            Exception? broken = null;
            using (response)
            {
                if ((int)response.StatusCode is < 200 or > 299)
                    throw await error(response, call).ConfigureAwait(false);
                var events = reader.ReadAsync(response, call.Token).GetAsyncEnumerator(call.Token);
                try
                {
                    while (true)
                    {
                        EventReader<T>.Item item;
                        try
                        {
                            if (!await events.MoveNextAsync().ConfigureAwait(false)) yield break;
                            item = events.Current;
                        }
                        catch (Exception e) when (call.TimedOut(e))
                        {
                            throw call.TimeoutError(e);
                        }
                        catch (Exception e) when (e is IOException or HttpRequestException && !call.Token.IsCancellationRequested)
                        {
                            broken = e;
                            break;
                        }

                        if (item.Failure is { } invalid)
                            throw StreamError(response, call, $"an event does not match its declared schema: {invalid.Message}", item, reader, received, invalid);
                        if (item.IsDone) yield break;
                        if (item.IsError) throw StreamError(response, call, "the server sent an error event", item, reader, received, null);
                        received++;
                        yield return item.Value!;
                    }
                }
                finally
                {
                    await events.DisposeAsync().ConfigureAwait(false);
                }

                // The connection broke mid-stream: resumed where the annotations allow it, else the typed failure.
                if (!(annotations.Reconnect && replayable && connection < policy.MaxAttempts))
                {
                    var why = annotations.Reconnect ? $"the connection broke after {connection} connection(s)" : "the connection broke (the annotations do not resume this stream)";
                    throw StreamError(response, call, why + ": " + broken!.Message, item: null, reader, received, broken);
                }
            }
            var wait = reader.ReconnectionInterval ?? policy.InitialDelay;
            options.OnRetry?.Invoke(new RetryEvent(operation, connection, wait, null, null, null, broken));
            await Platform.Delay(wait, time, call.Token).ConfigureAwait(false);
        }
    }

    private static ApiStreamException StreamError<T>(HttpResponseMessage response, CallScope call, string why, EventReader<T>.Item? item, EventReader<T> reader, long received, Exception? inner)
    {
        var redactor = call.Redactor;
        var method = response.RequestMessage?.Method.Method ?? "?";
        var uri = redactor.Uri(response.RequestMessage?.RequestUri);
        var data = item?.Data is { } raw ? redactor.Text(raw) : null;
        var message = new StringBuilder()
            .Append(method).Append(' ').Append(uri?.AbsoluteUri ?? "?").Append(": the stream failed after ")
            .Append(received).Append(received == 1 ? " event: " : " events: ").Append(redactor.Text(why)).Append('.');
        if (data is not null) message.Append(" Data: ").Append(data.Length <= MessageBodyLength ? data : data.Substring(0, MessageBodyLength) + "…");
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers) headers[header.Key] = Redacted(redactor, header.Value);
        foreach (var header in response.Content.Headers) headers[header.Key] = Redacted(redactor, header.Value);
        return new ApiStreamException(message.ToString(), (int)response.StatusCode, method, uri, item?.EventType, data, reader.LastEventId, received, headers, inner)
        {
            OperationId = call.OperationId,
            ReasonPhrase = response.ReasonPhrase is { } reason ? redactor.Text(reason) : null,
        };
    }

    /// <summary>Reads the events of one connection, remembering the last event id and the server's reconnection interval.</summary>
    private sealed class EventReader<T>
    {
        private readonly StreamFormat _format;
        private readonly JsonTypeInfo<T> _typeInfo;

        public EventReader(StreamFormat format, JsonTypeInfo<T> typeInfo)
        {
            _format = format;
            _typeInfo = typeInfo;
        }

        public string? LastEventId { get; private set; }

        public TimeSpan? ReconnectionInterval { get; private set; }

        /// <summary>One event: its value, or the end (<c>[DONE]</c>), or an error event, or data that is not a valid event; with its type and raw data.</summary>
        public readonly struct Item
        {
            public Item(T? value, string? eventType, string? data, bool isDone, bool isError, Exception? failure = null)
            {
                Value = value;
                EventType = eventType;
                Data = data;
                IsDone = isDone;
                IsError = isError;
                Failure = failure;
            }

            public Exception? Failure { get; }

            public T? Value { get; }

            public string? EventType { get; }

            public string? Data { get; }

            public bool IsDone { get; }

            public bool IsError { get; }
        }

        public async IAsyncEnumerable<Item> ReadAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var stream = await Platform.ReadAsStreamAsync(response.Content, cancellationToken).ConfigureAwait(false);
            if (_format == StreamFormat.JsonLines)
            {
                using var lines = new StreamReader(stream, Encoding.UTF8);
                using var registration = cancellationToken.Register(static state => ((StreamReader)state!).Dispose(), lines);
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string? line;
                    try
                    {
                        line = await lines.ReadLineAsync().ConfigureAwait(false);
                    }
                    catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                    if (line is null) yield break;
                    // json-seq records start with RS (0x1E); blank lines separate nothing.
                    line = line.Trim('\u001e', ' ', '\t', '\r');
                    if (line.Length == 0) continue;
                    yield return Value(null, Encoding.UTF8.GetBytes(line));
                }
            }

            // Each event is parsed from the parser's bytes as it comes: its text is kept only for an error or a failure.
            var parser = SseParser.Create(stream, ParseEvent);
            await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!string.IsNullOrEmpty(parser.LastEventId)) LastEventId = parser.LastEventId;
                if (parser.ReconnectionInterval != Timeout.InfiniteTimeSpan) ReconnectionInterval = parser.ReconnectionInterval;
                if (item.Data is not { } parsed) continue;                  // a keep-alive event with no data
                yield return parsed;
                if (parsed.IsDone || parsed.IsError) yield break;
            }
        }

        private static readonly byte[] Done = Encoding.UTF8.GetBytes("[DONE]");

        /// <summary>One server-sent event: null for an empty one, else its value, the end, an error event, or its failure.</summary>
        private Item? ParseEvent(string eventType, ReadOnlySpan<byte> data)
        {
            if (string.Equals(eventType, "error", StringComparison.Ordinal)) return new Item(default, eventType, Text(data), false, true);
            var trimmed = Trim(data);
            if (trimmed.IsEmpty) return null;
            if (trimmed.SequenceEqual(Done)) return new Item(default, eventType, null, true, false);
            return Value(eventType, trimmed);
        }

        /// <summary>An event's JSON as its value, or as the failure to read it (with its text, for the error).</summary>
        private Item Value(string? eventType, ReadOnlySpan<byte> json)
        {
            try
            {
                return JsonSerializer.Deserialize(json, _typeInfo) is { } value
                    ? new Item(value, eventType, null, false, false)
                    : new Item(default, eventType, Text(json), false, false, new JsonException($"The event is null; {typeof(T).Name} was expected."));
            }
            catch (JsonException e)
            {
                return new Item(default, eventType, Text(json), false, false, e);
            }
        }

        private static string Text(ReadOnlySpan<byte> data) => Encoding.UTF8.GetString(data.ToArray());

        private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> data)
        {
            var start = 0;
            var end = data.Length;
            while (start < end && data[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
            while (end > start && data[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') end--;
            return data.Slice(start, end - start);
        }
    }
}
