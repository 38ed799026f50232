using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Http;

/// <summary>What the server saw of one request: everything as it came off the wire.</summary>
public sealed class RecordedRequest
{
    /// <summary>The request method.</summary>
    public required string Method { get; init; }

    /// <summary>The request target exactly as sent (path and query, still escaped), from <see cref="IHttpRequestFeature.RawTarget"/>.</summary>
    public required string RawTarget { get; init; }

    /// <summary>The headers, by case-insensitive name.</summary>
    public required IReadOnlyDictionary<string, string[]> Headers { get; init; }

    /// <summary>The body bytes (empty when there was none).</summary>
    public required byte[] Body { get; init; }

    /// <summary>The raw path (before the '?').</summary>
    public string RawPath => RawTarget.Split('?', 2)[0];

    /// <summary>The raw query (after the '?', without it), or null when there is none.</summary>
    public string? RawQuery => RawTarget.Split('?', 2) is { Length: 2 } parts ? parts[1] : null;

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>A header's values joined with ", ", or null when absent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(", ", values) : null;

    /// <summary>Whether the header was sent at all.</summary>
    public bool HasHeader(string name) => Headers.ContainsKey(name);
}

/// <summary>One test's view of the server: the responder it installed and the requests routed to it.</summary>
public sealed class Scenario
{
    internal Scenario(string id, Func<HttpContext, RecordedRequest, Task> respond)
    {
        Id = id;
        Respond = respond;
    }

    /// <summary>The value of <see cref="RecordingServer.ScenarioHeader"/> that routes a request here.</summary>
    public string Id { get; }

    internal Func<HttpContext, RecordedRequest, Task> Respond { get; }

    /// <summary>The requests received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Completes when the first request has been received (and recorded).</summary>
    public TaskCompletionSource<RecordedRequest> FirstRequest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The only request received.</summary>
    public RecordedRequest Single() => Assert.Single(Requests);
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a dynamic port, and a real <see cref="HttpClient"/> (SocketsHttpHandler) to call it.
/// Every request is recorded (method, raw target, headers, body bytes) and answered by the <see cref="Scenario"/> named by
/// its <see cref="ScenarioHeader"/> header, so the tests of a class share one server without seeing each other's requests.
/// </summary>
public sealed class RecordingServer : IAsyncLifetime
{
    /// <summary>The request header that picks the scenario (the clients send it through their DefaultHeaders option).</summary>
    public const string ScenarioHeader = "X-Test-Scenario";

    private readonly ConcurrentDictionary<string, Scenario> _scenarios = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>The client the generated clients send through: a plain SocketsHttpHandler, nothing mocked.</summary>
    public HttpClient HttpClient { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Cancelled when the server stops: responders that wait should also wait on this.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>A base address on this server, e.g. <c>Address("v2")</c> is <c>http://127.0.0.1:41234/v2</c>.</summary>
    public Uri Address(string path) => new(Root, path);

    /// <summary>Registers a scenario: requests carrying its id are recorded and answered by <paramref name="respond"/>.</summary>
    public Scenario NewScenario(Func<HttpContext, RecordedRequest, Task> respond)
    {
        var scenario = new Scenario(Guid.NewGuid().ToString("N"), respond);
        _scenarios[scenario.Id] = scenario;
        return scenario;
    }

    /// <summary>Registers a scenario that answers every request with one status, body and set of headers.</summary>
    public Scenario NewScenario(int status, string? body = null, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        NewScenario((context, _) => Reply(context, status, body, contentType, headers));

    /// <summary>Writes a response.</summary>
    public static async Task Reply(HttpContext context, int status, string? body, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers) context.Response.Headers.Append(name, value);
        if (body is null) return;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = Assert.Single(addresses);
        Root = new Uri(address.TrimEnd('/') + "/");
        Assert.NotEqual(0, Root.Port);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        _stopping.Cancel();
        HttpClient.Dispose();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Request.Headers) headers[header.Key] = header.Value.Select(v => v ?? "").ToArray();
        var recorded = new RecordedRequest
        {
            Method = context.Request.Method,
            RawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            Headers = headers,
            Body = body.ToArray(),
        };

        if (!context.Request.Headers.TryGetValue(ScenarioHeader, out var id) || !_scenarios.TryGetValue(id.ToString(), out var scenario))
        {
            await Reply(context, 599, "no scenario for this request", "text/plain");
            return;
        }

        scenario.Requests.Enqueue(recorded);
        scenario.FirstRequest.TrySetResult(recorded);

        // The responder may read the body again (e.g. ReadFormAsync for multipart and URL-encoded forms).
        body.Position = 0;
        context.Request.Body = body;
        await scenario.Respond(context, recorded);
    }
}
