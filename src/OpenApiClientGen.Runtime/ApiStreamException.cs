using System;
using System.Collections.Generic;

namespace OpenApiClientGen;

/// <summary>
/// A streamed response (server-sent events, JSON Lines) that failed after it began: the server sent an <c>error</c>
/// event, an event did not match its schema, or the connection broke (and could not be resumed). The status is the
/// stream's own (a success); the events before the failure have been delivered.
/// </summary>
public sealed class ApiStreamException : ApiException
{
    /// <summary>Creates the exception (the runtime does, as the stream fails).</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The status the stream began with.</param>
    /// <param name="method">The request method.</param>
    /// <param name="requestUri">The request URL, credentials redacted.</param>
    /// <param name="eventType">The event type of the failing event (<c>error</c> for an error event), or null.</param>
    /// <param name="eventData">The failing event's data, credentials redacted, or null.</param>
    /// <param name="lastEventId">The id of the last event received, if the server sent ids.</param>
    /// <param name="eventsReceived">How many events were delivered before the failure.</param>
    /// <param name="responseHeaders">The stream's response headers.</param>
    /// <param name="inner">The failure behind it (an IOException, a JsonException), if any.</param>
    public ApiStreamException(
        string message,
        int statusCode,
        string method,
        Uri? requestUri,
        string? eventType,
        string? eventData,
        string? lastEventId,
        long eventsReceived,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? responseHeaders = null,
        Exception? inner = null)
        : base(message, statusCode, method, requestUri, eventData, responseHeaders, inner)
    {
        EventType = eventType;
        LastEventId = lastEventId;
        EventsReceived = eventsReceived;
    }

    /// <summary>The event type of the failing event (<c>error</c> for an error event), or null for a broken connection.</summary>
    public string? EventType { get; }

    /// <summary>The failing event's data (as <see cref="ApiException.ResponseBody"/>), credentials redacted.</summary>
    public string? EventData => ResponseBody;

    /// <summary>The id of the last event received (what a reconnection sends as <c>Last-Event-ID</c>), if the server sent ids.</summary>
    public string? LastEventId { get; }

    /// <summary>How many events were delivered before the failure.</summary>
    public long EventsReceived { get; }
}
