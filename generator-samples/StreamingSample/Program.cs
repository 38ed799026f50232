using System.Diagnostics;
using Chat;
using OpenApiClientGen;
using StreamingSample;

// Streaming with a generated client: specs/streaming-openapi.yaml declares createChatCompletion's 200 as JSON or as
// text/event-stream, so ChatClient has CreateChatCompletionStreamingAsync, an IAsyncEnumerable of typed chunks; and
// streamResponseEvents, whose events are a discriminated union, resumes a dropped stream (reconnect: true in
// streaming-openapi.annotations.yaml). Offline against ChatEmulator, or --base-url for an OpenAI-compatible server.

string? baseUrl = null, apiKey = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--base-url" when i + 1 < args.Length: baseUrl = args[++i]; break;
        case "--api-key" when i + 1 < args.Length: apiKey = args[++i]; break;
        default:
            Console.Error.WriteLine("Usage: dotnet run --project generator-samples/StreamingSample [-- --base-url https://host/v1 --api-key KEY]");
            return 2;
    }
}

using var http = new HttpClient();
await using var emulator = baseUrl is null ? await ChatEmulator.StartAsync() : null;
var client = new ChatClient(http, new ChatClientOptions
{
    BaseAddress = emulator?.BaseAddress ?? new Uri(baseUrl!),
    BearerToken = apiKey ?? "offline-token",
    OnRetry = e => Console.WriteLine($"   (connection {e.Attempt} broke; resuming in {e.Delay.TotalMilliseconds:0} ms with Last-Event-ID)"),
});
Console.WriteLine($"ChatClient, generated from specs/streaming-openapi.yaml, against {(emulator is null ? baseUrl : "an emulated chat server at " + emulator.BaseAddress)}");

// 1. Tokens as they arrive: each chunk is a typed ChatCompletionChunk, [DONE] ends the loop.
Console.WriteLine();
Console.WriteLine("1. A chat completion, streamed (server-sent events, one chunk per token)");
var clock = Stopwatch.StartNew();
var arrivals = new List<TimeSpan>();
Console.Write("   ");
await foreach (ChatCompletionChunk chunk in client.CreateChatCompletionStreamingAsync(new ChatRequest
{
    Model = "small",
    Messages = [new Message { Role = MessageRole.User, Content = "What does streaming give me?" }],
    Stream = true,
}))
{
    if (chunk.Choices is [{ Delta.Content: { } token }, ..])
    {
        Console.Write(token);
        arrivals.Add(clock.Elapsed);
    }
}
Console.WriteLine();
Console.WriteLine($"   {arrivals.Count} tokens; the first after {arrivals[0].TotalMilliseconds:0} ms, the last after {arrivals[^1].TotalMilliseconds:0} ms");
if (emulator is not null && !(arrivals.Count > 5 && arrivals[^1] - arrivals[0] > TimeSpan.FromMilliseconds(150)))
{
    Console.Error.WriteLine("FAILED: the tokens did not arrive one by one.");
    return 1;
}
if (emulator is null) return 0;

// 2. A discriminated union of events, and a dropped connection resumed where it stopped.
Console.WriteLine();
Console.WriteLine("2. Typed response events; the connection drops after event 2 and is resumed from it");
var text = "";
var kinds = new List<string>();
await foreach (ResponseEvent e in client.StreamResponseEventsStreamingAsync("resp_1"))
{
    var line = e switch
    {
        ResponseCreated created => $"created {created.Id}",
        OutputTextDelta delta => $"delta \"{delta.Delta}\"",
        ResponseCompleted completed => $"completed ({completed.Usage.TotalTokens} tokens)",
        _ => e.GetType().Name,
    };
    if (e is OutputTextDelta d) text += d.Delta;
    kinds.Add(e.GetType().Name);
    Console.WriteLine($"   {line}");
}
Console.WriteLine($"   text: {text}");
if (text != "Streams resume." || kinds.Count != 4)
{
    Console.Error.WriteLine("FAILED: expected the 4 events, resumed after the drop.");
    return 1;
}

Console.WriteLine();
Console.WriteLine("Tour complete: 2 steps behaved as expected.");
return 0;
