namespace OpenApiClientGen.Runtime;

/// <summary>How a streamed response frames its events.</summary>
public enum StreamFormat
{
    /// <summary><c>text/event-stream</c>: server-sent events, each <c>data</c> a JSON value (<c>[DONE]</c> ends the stream).</summary>
    ServerSentEvents,

    /// <summary><c>application/x-ndjson</c>, <c>application/jsonl</c>, <c>application/json-seq</c>: one JSON value per line.</summary>
    JsonLines,
}
