using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.RuntimeTests.Prism;

/// <summary>
/// Prism itself, with a raw HttpClient (no generated code), on Firecrawl's v2 document. Its server URL is
/// <c>https://api.firecrawl.dev/v2</c>; Prism serves its paths without the <c>/v2</c>.
/// </summary>
public sealed class PrismSmokeTests(PrismSmokeTests.FirecrawlPrism prism, ITestOutputHelper output) : IClassFixture<PrismSmokeTests.FirecrawlPrism>
{
    private const string Spec = "firecrawl-v2-openapi.json";
    private const string BatchErrors = "batch/scrape/3fa85f64-5717-4562-b3fc-2c963f66afa6/errors";

    [PrismFact(Spec)]
    public async Task Get_answers_200_with_a_json_body()
    {
        var (server, client) = await prism.GetAsync(output);
        using var response = await client.SendAsync(Request(HttpMethod.Get, BatchErrors));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}{Environment.NewLine}{server.Output}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("errors").ValueKind);
        Assert.Null(await PrismServer.ViolationsAsync(response));
    }

    [PrismFact(Spec)]
    public async Task Prefer_code_picks_the_response()
    {
        var (_, client) = await prism.GetAsync(output);
        var request = Request(HttpMethod.Get, BatchErrors);
        request.Headers.Add("Prefer", "code=429");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("error").ValueKind);
        Assert.Null(await PrismServer.ViolationsAsync(response));
    }

    [PrismFact(Spec)]
    public async Task A_missing_required_property_is_a_violation_in_prisms_own_422()
    {
        // POST /scrape declares no 400 or 422 response: Prism answers with its problem+json 422.
        var (_, client) = await prism.GetAsync(output);
        using var response = await client.SendAsync(Request(HttpMethod.Post, "scrape", "{}"));

        var violations = await PrismServer.ViolationsAsync(response);
        output.WriteLine($"{(int)response.StatusCode}: {violations}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull(violations);
        Assert.Contains("request.body", violations);
        Assert.Contains("'url'", violations);
    }

    [PrismFact(Spec)]
    public async Task A_violation_answered_with_the_declared_400_is_in_the_sl_violations_header()
    {
        // POST /extract declares a 400: Prism mocks it and lists the findings in the sl-violations header.
        var (_, client) = await prism.GetAsync(output);
        using var response = await client.SendAsync(Request(HttpMethod.Post, "extract", "{}"));

        var violations = await PrismServer.ViolationsAsync(response);
        output.WriteLine($"{(int)response.StatusCode}: {violations}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(response.Headers.Contains("sl-violations"));
        Assert.NotNull(violations);
        Assert.Contains("'urls'", violations);
    }

    [PrismFact(Spec)]
    public async Task Missing_credentials_and_the_server_path_are_violations()
    {
        var (_, client) = await prism.GetAsync(output);

        using (var anonymous = await client.GetAsync(BatchErrors))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains("UNAUTHORIZED", await PrismServer.ViolationsAsync(anonymous));
        }

        // The /v2 of the server URL is not part of Prism's routes.
        using var prefixed = await client.SendAsync(Request(HttpMethod.Get, "v2/" + BatchErrors));
        Assert.Equal(HttpStatusCode.NotFound, prefixed.StatusCode);
        Assert.Contains("NO_PATH_MATCHED_ERROR", await PrismServer.ViolationsAsync(prefixed));
    }

    [PrismFact]
    public async Task Dispose_stops_the_server()
    {
        using var spec = new TemporarySpec("""
            {"openapi":"3.0.0","info":{"title":"t","version":"1"},
             "paths":{"/ping":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"string","example":"pong"}}}}}}}}}
            """);
        var server = await PrismServer.StartAsync(spec.Path);
        output.WriteLine($"Prism started in {server.StartupTime.TotalMilliseconds:0} ms.");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal("\"pong\"", await client.GetStringAsync("ping"));

        await server.DisposeAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("ping"));
    }

    [PrismFact]
    public async Task A_document_prism_cannot_read_fails_the_start_with_its_output()
    {
        using var spec = new TemporarySpec("""
            {"openapi":"3.0.0","info":{"title":"t","version":"1"},
             "paths":{"/ping":{"get":{"responses":{"200":{"$ref":"missing-file.json"}}}}}}
            """);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => PrismServer.StartAsync(spec.Path));
        output.WriteLine(failure.Message);
        Assert.Contains("Prism exited", failure.Message);
        Assert.Contains("missing-file.json", failure.Message);
    }

    private sealed class TemporarySpec : IDisposable
    {
        public TemporarySpec(string json)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"prism-{Guid.NewGuid():N}.json");
            File.WriteAllText(Path, json);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "x");
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    /// <summary>One Prism for the class, started by the first test that runs (none when all are skipped).</summary>
    public sealed class FirecrawlPrism : IAsyncLifetime
    {
        // A failed start is kept, not retried by every test.
        private readonly Lazy<Task<PrismServer>> _server = new(() => PrismServer.StartAsync(PrismPrerequisites.CorpusFile(Spec)));
        private readonly Lazy<Task<HttpClient>> _client;

        public FirecrawlPrism() => _client = new(async () => (await _server.Value).CreateClient());

        public async Task<(PrismServer Server, HttpClient Client)> GetAsync(ITestOutputHelper output)
        {
            var server = await _server.Value;
            output.WriteLine($"Prism on {server.BaseAddress} started in {server.StartupTime.TotalMilliseconds:0} ms.");
            return (server, await _client.Value);
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (_client.IsValueCreated && _client.Value.IsCompletedSuccessfully) _client.Value.Result.Dispose();
            if (_server.IsValueCreated && _server.Value.IsCompletedSuccessfully) await _server.Value.Result.DisposeAsync();
        }
    }
}
