using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenApiClientGen.PackageTests;

/// <summary>What <see cref="ItemServer"/> saw of one request.</summary>
internal sealed record ItemRequest(string Method, string Path, string? Authorization, string? IdempotencyKey, string Body, int Status);

/// <summary>
/// The server tests/consumers/AotConsumer's native binary calls: real Kestrel on 127.0.0.1 with a dynamic port, playing
/// the part of specs/http-features-openapi.yaml's /items API that the program exercises. It records every request and
/// what it answered, so the test can check the wire as well as what the binary printed:
/// <list type="bullet">
/// <item>POST /api/items: 201 with the item it was sent (id 1); for the item named "retry-me", a 429 with Retry-After: 0 first.</item>
/// <item>GET /api/items/missing: the declared 404 with a NotFoundError body.</item>
/// <item>GET /api/items/flaky: a 503 first, then 200.</item>
/// </list>
/// Any other request, or one without the bearer token, gets a status the program does not expect (418, 401).
/// </summary>
internal sealed class ItemServer : IAsyncDisposable
{
    public const string BearerToken = "aot-token";
    public const string CreatedAt = "2026-01-02T03:04:05.0000000+00:00";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    private ItemServer(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
    }

    /// <summary>e.g. http://127.0.0.1:41234/</summary>
    public Uri Root { get; }

    /// <summary>The base address of the API (the spec's server is http://localhost/api).</summary>
    public Uri BaseAddress => new(Root, "api");

    public ConcurrentQueue<ItemRequest> Requests { get; } = new();

    public static async Task<ItemServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        ItemServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new ItemServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = context.Request;
        var (status, json, retryAfter) = Answer(request.Method, request.Path.Value ?? "", request.Headers.Authorization.ToString(), body);
        Requests.Enqueue(new ItemRequest(request.Method, request.Path.Value ?? "", request.Headers.Authorization.FirstOrDefault(),
            request.Headers["Idempotency-Key"].FirstOrDefault(), body, status));

        context.Response.StatusCode = status;
        if (retryAfter is not null) context.Response.Headers.RetryAfter = retryAfter;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    private (int Status, string Json, string? RetryAfter) Answer(string method, string path, string authorization, string body)
    {
        if (authorization != "Bearer " + BearerToken) return (401, """{"message":"no or wrong bearer token"}""", null);
        switch (method, path)
        {
            case ("POST", "/api/items"):
            {
                using var sent = JsonDocument.Parse(body);
                var name = sent.RootElement.GetProperty("name").GetString()!;
                if (name == "retry-me" && Attempt("POST retry-me") == 1)
                    return (429, """{"message":"slow down"}""", "0");
                var id = name == "retry-me" ? 2 : 1;
                // The item it was sent, with the server's fields added.
                var item = new Dictionary<string, object?> { ["id"] = id, ["createdAt"] = CreatedAt };
                foreach (var property in sent.RootElement.EnumerateObject()) item[property.Name] = property.Value;
                return (201, JsonSerializer.Serialize(item), null);
            }
            case ("GET", "/api/items/missing"):
                return (404, """{"code":"item_not_found","message":"No item has the identifier 'missing'."}""", null);
            case ("GET", "/api/items/flaky"):
                return Attempt("GET flaky") == 1
                    ? (503, """{"message":"warming up","traceId":"trace-1"}""", null)
                    : (200, $$"""{"id":3,"name":"flaky","price":2.25,"createdAt":"{{CreatedAt}}"}""", null);
            default:
                return (418, """{"message":"unexpected request"}""", null);
        }
    }

    private int Attempt(string key) => _attempts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
