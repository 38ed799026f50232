using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StreamingSample;

/// <summary>
/// An OpenAI-style chat server on 127.0.0.1 for the offline tour: <c>POST /v1/chat/completions</c> with
/// <c>"stream": true</c> answers server-sent events, one token per chunk, 40 ms apart, a keep-alive comment on the way,
/// then <c>data: [DONE]</c>; <c>GET /v1/responses/{id}/events</c> streams typed response events and drops the connection
/// once, resuming from <c>Last-Event-ID</c>.
/// </summary>
internal sealed class ChatEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ChatEmulator(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<ChatEmulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var emulator = new ChatEmulator(app);
        app.Run(emulator.HandleAsync);
        await app.StartAsync();
        emulator.BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/v1");
        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Method == "POST" && path == "/v1/chat/completions")
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var question = body.RootElement.GetProperty("messages")[0].GetProperty("content").GetString() ?? "";
            await StreamAsync(context, async send =>
            {
                await send($"data: {Chunk(role: "assistant", content: null)}\n\n");
                var first = true;
                foreach (var word in $"You asked: {question} Here is a streamed answer.".Split(' '))
                {
                    await send($"data: {Chunk(null, (first ? "" : " ") + word)}\n\n");
                    if (word == "Here") await send(": keep-alive\n\n");
                    first = false;
                    await Task.Delay(40, context.RequestAborted);
                }
                await send("data: [DONE]\n\n");
            });
            return;
        }
        if (context.Request.Method == "GET" && path.StartsWith("/v1/responses/", StringComparison.Ordinal) && path.EndsWith("/events", StringComparison.Ordinal))
        {
            var resumed = context.Request.Headers["Last-Event-ID"].ToString();
            await StreamAsync(context, async send =>
            {
                if (resumed.Length == 0)
                {
                    await send("retry: 100\nid: 1\nevent: response.created\ndata: {\"type\": \"response.created\", \"id\": \"resp_1\"}\n\n");
                    await send("id: 2\ndata: {\"type\": \"response.output_text.delta\", \"delta\": \"Streams \"}\n\n");
                    await Task.Delay(200);
                    context.Abort();   // the connection drops; the client resumes from event 2
                    return;
                }
                await send("id: 3\ndata: {\"type\": \"response.output_text.delta\", \"delta\": \"resume.\"}\n\n");
                await send("id: 4\ndata: {\"type\": \"response.completed\", \"usage\": {\"total_tokens\": 12}}\n\n");
            });
            return;
        }
        context.Response.StatusCode = 404;
        await context.Response.WriteAsync("""{"error": {"message": "Not Found", "type": "not_found"}}""");
    }

    private static async Task StreamAsync(HttpContext context, Func<Func<string, Task>, Task> write)
    {
        context.Response.ContentType = "text/event-stream";
        await write(async text =>
        {
            await context.Response.WriteAsync(text, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        });
    }

    private static string Chunk(string? role, string? content)
    {
        var delta = role is not null ? $"\"role\": \"{JsonEncodedText.Encode(role)}\"" : $"\"content\": \"{JsonEncodedText.Encode(content ?? "")}\"";
        return "{\"id\": \"chatcmpl-1\", \"choices\": [{\"index\": 0, \"delta\": {" + delta + "}}]}";
    }
}
