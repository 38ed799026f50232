#if HAS_CORPUS
using Microsoft.AspNetCore.Http;
using OpenAiCorpus;
using OpenApiClientGen.RuntimeTests.Http;
using OpenApiClientGen.RuntimeTests.Prism;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Streaming;

/// <summary>
/// The corpus OpenAI document's streaming operations: <c>createChatCompletion</c> and <c>createResponse</c> declare a
/// <c>text/event-stream</c> success, so the generated client has <c>…StreamingAsync</c> methods yielding their event
/// types; a local Kestrel server streams events the way the real API does.
/// </summary>
public sealed class OpenAiCorpusStreamingTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private OpenAiClient Client(Scenario scenario) => new(server.HttpClient, new OpenAiClientOptions
    {
        BaseAddress = server.Address("v1"),
        ApiKeyAuthToken = "sk-test",
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
    });

    private static async Task Events(HttpContext context, params string[] data)
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var item in data)
        {
            await context.Response.WriteAsync(item, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static string Chunk(string? content, string? finish) =>
        $$$"""data: {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1733443200, "model": "gpt-4o-mini", "choices": [{"index": 0, "delta": {"content": {{{(content is null ? "null" : "\"" + content + "\"")}}}}, "finish_reason": {{{(finish is null ? "null" : "\"" + finish + "\"")}}}}]}""" + "\n\n";

    [CorpusFact("openai-openapi.json")]
    public async Task CreateChatCompletionStreamingAsync_yields_typed_chunks_until_DONE()
    {
        var scenario = server.NewScenario((context, _) => Events(context,
            Chunk("Hello", null), ": keep-alive\n\n", Chunk(", world", null), Chunk(null, "stop"), "data: [DONE]\n\n"));
        var request = new CreateChatCompletionRequest
        {
            Model = "gpt-4o-mini",
            Messages = [new ChatCompletionRequestUserMessage { Content = new ChatCompletionRequestUserMessageContent("Say hello") }],
            Stream = true,
        };

        var text = "";
        var chunks = 0;
        string? finish = null;
        await foreach (CreateChatCompletionStreamResponse chunk in Client(scenario).CreateChatCompletionStreamingAsync(request))
        {
            chunks++;
            text += chunk.Choices[0].Delta.Content;
            finish ??= chunk.Choices[0].FinishReason?.Value;
        }

        Assert.Equal(3, chunks);
        Assert.Equal("Hello, world", text);
        Assert.Equal("stop", finish);
        var sent = scenario.Single();
        Assert.Equal("/v1/chat/completions", sent.RawPath);
        Assert.Contains("text/event-stream", sent.Header("Accept"));
        Assert.Equal("Bearer sk-test", sent.Header("Authorization"));
    }

    [CorpusFact("openai-openapi.json")]
    public async Task CreateResponseStreamingAsync_yields_each_event_as_its_own_type_and_an_unknown_one_as_it_came()
    {
        string Delta(string text, int n) => $$$"""event: response.output_text.delta{{{"\n"}}}data: {"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": "{{{text}}}", "sequence_number": {{{n}}}, "logprobs": []}""" + "\n\n";
        var scenario = server.NewScenario((context, _) => Events(context,
            Delta("Hel", 1),
            "event: response.brand_new\ndata: {\"type\": \"response.brand_new\", \"sequence_number\": 2}\n\n",
            Delta("lo", 3),
            "data: [DONE]\n\n"));

        var events = new List<ResponseStreamEvent>();
        await foreach (var e in Client(scenario).CreateResponseStreamingAsync(new CreateResponse())) events.Add(e);

        Assert.Collection(events,
            e => Assert.Equal("Hel", Assert.IsType<ResponseTextDeltaEvent>(e).Delta),
            e => Assert.Equal("response.brand_new", Assert.IsType<UnknownResponseStreamEvent>(e).Discriminator),
            e => Assert.Equal(3, Assert.IsType<ResponseTextDeltaEvent>(e).SequenceNumber));
        Assert.Equal("/v1/responses", scenario.Single().RawPath);
    }
}
#else
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Streaming;

/// <summary>Without the corpus at build time the OpenAiCorpus client is not generated: skipped locally, failed under CI.</summary>
public sealed class OpenAiCorpusStreamingTests
{
    [CorpusFact("openai-openapi.json")]
    public void CreateChatCompletionStreamingAsync_yields_typed_chunks_until_DONE() =>
        Assert.Fail($"The corpus is at {Prism.PrismTestPaths.Corpus} now, but was not when the tests were built: rebuild to generate the OpenAiCorpus client.");
}
#endif
