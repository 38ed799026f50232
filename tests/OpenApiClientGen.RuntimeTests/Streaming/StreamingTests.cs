using System.Text;
using Microsoft.AspNetCore.Http;
using OpenApiClientGen.RuntimeTests.Http;
using Streaming;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Streaming;

/// <summary>
/// Streamed responses of specs/streaming-openapi.yaml against a real Kestrel server that writes its events in chunks,
/// flushing each: server-sent events as typed events (a discriminated union too), <c>[DONE]</c>, comments and
/// keep-alives, error statuses and error events, broken connections (resumed with Last-Event-ID where the annotations
/// allow it), cancellation, disposal, and JSON Lines.
/// </summary>
public sealed class StreamingTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private ChatClient Client(Scenario scenario) => new(server.HttpClient, new ChatClientOptions
    {
        BaseAddress = server.Address("v1"),
        BearerToken = "chat-token",
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
    });

    private static ChatRequest Hello => new() { Model = "m", Messages = [new Message { Role = MessageRole.User, Content = "Hello" }], Stream = true };

    private static string Chunk(string content) => $$$"""{"id": "c1", "choices": [{"index": 0, "delta": {"content": "{{{content}}}"}}]}""";

    /// <summary>Starts an event stream and writes each piece of text as it comes, flushed.</summary>
    private static async Task Write(HttpContext context, string text)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/event-stream";
        }
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    [Fact]
    public async Task Each_event_reaches_the_caller_as_it_is_sent_and_DONE_ends_the_stream()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scenario = server.NewScenario(async (context, _) =>
        {
            await Write(context, $"data: {Chunk("Hel")}\n\n");
            // The rest only once the caller has the first event: a client that buffered the body would wait forever.
            await release.Task.WaitAsync(Patience, context.RequestAborted);
            await Write(context, $": keep-alive\n\ndata: {Chunk("lo")}\n\ndata: [DONE]\n\ndata: {Chunk("after the end")}\n\n");
        });

        var received = new List<string>();
        await foreach (var chunk in Client(scenario).CreateChatCompletionStreamingAsync(Hello).WithCancellation(new CancellationTokenSource(Patience).Token))
        {
            received.Add(chunk.Choices[0].Delta!.Content!);
            release.TrySetResult();
        }

        Assert.Equal(["Hel", "lo"], received);
        var request = scenario.Single();
        Assert.Equal("POST", request.Method);
        Assert.Contains("text/event-stream", request.Header("Accept"));
        Assert.Equal("Bearer chat-token", request.Header("Authorization"));
        Assert.Contains("\"stream\":true", request.BodyText);
    }

    [Fact]
    public async Task A_discriminated_union_of_events_comes_typed_and_empty_events_are_skipped()
    {
        var scenario = server.NewScenario(async (context, _) =>
        {
            await Write(context, "event: response.created\ndata: {\"type\": \"response.created\", \"id\": \"r1\"}\n\n");
            await Write(context, "event: ping\ndata:\n\n");
            await Write(context, "data: {\"type\": \"response.output_text.delta\", \"delta\": \"Hi\"}\n\n");
            await Write(context, "data: {\"type\": \"response.completed\", \"usage\": {\"total_tokens\": 7}}\n\n");
        });

        var events = new List<ResponseEvent>();
        await foreach (var e in Client(scenario).StreamResponseEventsStreamingAsync("r1")) events.Add(e);

        Assert.Collection(events,
            e => Assert.Equal("r1", Assert.IsType<ResponseCreated>(e).Id),
            e => Assert.Equal("Hi", Assert.IsType<OutputTextDelta>(e).Delta),
            e => Assert.Equal(7, Assert.IsType<ResponseCompleted>(e).Usage.TotalTokens));
        Assert.Equal("/v1/responses/r1/events", scenario.Single().RawPath);
    }

    [Fact]
    public async Task An_error_status_is_the_typed_error_before_any_event()
    {
        var scenario = server.NewScenario(404, """{"error": {"message": "No response r9", "type": "not_found"}}""");

        var error = await Assert.ThrowsAsync<ApiException<ErrorBody>>(async () =>
        {
            await foreach (var _ in Client(scenario).StreamResponseEventsStreamingAsync("r9")) { }
        });

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("No response r9", error.Payload!.Error!.Message);
    }

    [Fact]
    public async Task A_retryable_status_is_retried_before_the_stream_begins()
    {
        var attempts = 0;
        var scenario = server.NewScenario(async (context, _) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await RecordingServer.Reply(context, 429, """{"error": {"message": "slow down", "type": "rate_limit"}}""", "application/json", ("Retry-After", "0"));
                return;
            }
            await Write(context, $"data: {Chunk("ok")}\n\ndata: [DONE]\n\n");
        });

        var chunks = new List<ChatCompletionChunk>();
        await foreach (var chunk in Client(scenario).CreateChatCompletionStreamingAsync(Hello, requestOptions: new RequestOptions { IdempotencyKey = "k1" })) chunks.Add(chunk);

        Assert.Equal("ok", Assert.Single(chunks).Choices[0].Delta!.Content);
        Assert.Equal(2, scenario.Requests.Count);
    }

    [Fact]
    public async Task An_error_event_mid_stream_is_an_ApiStreamException_after_the_events_before_it()
    {
        var scenario = server.NewScenario(async (context, _) =>
        {
            await Write(context, $"data: {Chunk("a")}\n\n");
            await Write(context, "event: error\ndata: {\"error\": {\"message\": \"overloaded, token chat-token\"}}\n\n");
            await Write(context, $"data: {Chunk("never")}\n\n");
        });

        var received = new List<string>();
        var error = await Assert.ThrowsAsync<ApiStreamException>(async () =>
        {
            await foreach (var chunk in Client(scenario).CreateChatCompletionStreamingAsync(Hello)) received.Add(chunk.Choices[0].Delta!.Content!);
        });

        Assert.Equal(["a"], received);
        Assert.Equal("error", error.EventType);
        Assert.Equal(1, error.EventsReceived);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("overloaded", error.EventData);
        Assert.DoesNotContain("chat-token", error.Message);
        Assert.DoesNotContain("chat-token", error.EventData);
        Assert.Equal("createChatCompletion", error.OperationId);
    }

    [Fact]
    public async Task An_event_that_does_not_match_its_schema_is_an_ApiStreamException_with_the_json_error()
    {
        var scenario = server.NewScenario((context, _) => Write(context, "data: {\"id\": 5}\n\n"));

        var error = await Assert.ThrowsAsync<ApiStreamException>(async () =>
        {
            await foreach (var _ in Client(scenario).CreateChatCompletionStreamingAsync(Hello)) { }
        });

        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
        Assert.Equal("{\"id\": 5}", error.EventData);
        Assert.Equal(0, error.EventsReceived);
    }

    [Fact]
    public async Task A_broken_connection_is_an_ApiStreamException_where_the_annotations_do_not_resume_the_stream()
    {
        var scenario = server.NewScenario(async (context, _) =>
        {
            await Write(context, $"data: {Chunk("a")}\n\n");
            await Task.Delay(300);
            context.Abort();
        });

        var received = 0;
        var error = await Assert.ThrowsAsync<ApiStreamException>(async () =>
        {
            await foreach (var _ in Client(scenario).CreateChatCompletionStreamingAsync(Hello)) received++;
        });

        Assert.Equal(1, received);
        Assert.Contains("connection broke", error.Message);
        Assert.Null(error.EventType);
        Assert.Single(scenario.Requests);
    }

    [Fact]
    public async Task A_broken_connection_is_resumed_with_Last_Event_ID_after_the_servers_retry_interval()
    {
        var scenario = server.NewScenario(async (context, request) =>
        {
            if (request.Header("Last-Event-ID") is not { } last)
            {
                await Write(context, "retry: 20\nid: e1\ndata: {\"type\": \"response.created\", \"id\": \"r1\"}\n\n");
                await Write(context, "id: e2\ndata: {\"type\": \"response.output_text.delta\", \"delta\": \"Hi\"}\n\n");
                // (A reset right after the write may overtake the data on the wire: the events are delivered first.)
                await Task.Delay(300);
                context.Abort();
                return;
            }
            Assert.Equal("e2", last);
            await Write(context, "id: e3\ndata: {\"type\": \"response.completed\", \"usage\": {\"total_tokens\": 3}}\n\n");
        });
        var retries = new List<RetryEvent>();
        var client = Client(scenario);
        client.Options.OnRetry = retries.Add;

        var events = new List<ResponseEvent>();
        await foreach (var e in client.StreamResponseEventsStreamingAsync("r1")) events.Add(e);

        Assert.Equal([typeof(ResponseCreated), typeof(OutputTextDelta), typeof(ResponseCompleted)], events.Select(e => e.GetType()));
        Assert.Equal(2, scenario.Requests.Count);
        Assert.False(scenario.Requests.First().HasHeader("Last-Event-ID"));
        Assert.Equal("e2", scenario.Requests.Last().Header("Last-Event-ID"));
        Assert.Equal(TimeSpan.FromMilliseconds(20), Assert.Single(retries).Delay);
    }

    [Fact]
    public async Task Leaving_the_loop_closes_the_connection()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scenario = server.NewScenario(async (context, _) =>
        {
            using var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
            try
            {
                for (var i = 0; i < 1000; i++)
                {
                    await Write(context, $"data: {Chunk("x" + i)}\n\n");
                    await Task.Delay(20, context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        await foreach (var _ in Client(scenario).CreateChatCompletionStreamingAsync(Hello)) break;

        await aborted.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Cancelling_ends_the_stream_with_an_OperationCanceledException()
    {
        var scenario = server.NewScenario(async (context, _) =>
        {
            await Write(context, $"data: {Chunk("a")}\n\n");
            await Task.Delay(Patience, context.RequestAborted).ContinueWith(_ => { });
        });
        using var cancel = new CancellationTokenSource();

        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Client(scenario).CreateChatCompletionStreamingAsync(Hello, cancel.Token))
            {
                received++;
                cancel.CancelAfter(50);
            }
        });
        Assert.Equal(1, received);
    }

    [Fact]
    public async Task JSON_Lines_come_one_value_per_line()
    {
        var scenario = server.NewScenario(async (context, _) =>
        {
            context.Response.ContentType = "application/x-ndjson";
            var body = Encoding.UTF8.GetBytes("{\"level\": \"info\", \"message\": \"started\"}\n\n{\"level\": \"warn\", \"message\": \"slow\"}\r\n");
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });

        var lines = new List<LogLine>();
        await foreach (var line in Client(scenario).StreamLogsStreamingAsync(level: "info")) lines.Add(line);

        Assert.Equal(["info: started", "warn: slow"], lines.Select(l => $"{l.Level}: {l.Message}"));
        Assert.Equal("/v1/logs?level=info", scenario.Single().RawTarget);
        Assert.Contains("application/x-ndjson", scenario.Single().Header("Accept"));
    }
}
