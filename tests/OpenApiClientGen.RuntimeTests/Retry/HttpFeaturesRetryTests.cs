using System.Collections.Concurrent;
using HttpFeatures;
using OpenApiClientGen.RuntimeTests.Http;
using Xunit;
using OpenApiClientGen;

namespace OpenApiClientGen.RuntimeTests.Retry;

/// <summary>
/// The http-features client under http-features-openapi.annotations.yaml: no error table and no policy (so 408, 429, 500,
/// 502, 503, 504 are retried, 3 attempts, 500 ms ± 20 %), createItem retried with an Idempotency-Key, deleteItem never,
/// getHealth at most twice; a streamed upload is never retried; connection failures and timeouts are.
/// </summary>
public sealed class HttpFeaturesRetryTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private const string ItemJson = """{"id": 42, "name": "Lamp", "price": 19.5, "color": "red", "tags": ["home"], "createdAt": "2024-05-01T12:30:00Z"}""";

    private readonly RecordingTimeProvider _time = new();
    private readonly ConcurrentQueue<RetryEvent> _events = new();

    private HttpFeaturesClient Client(Scenario scenario, Action<HttpFeaturesClientOptions>? configure = null, HttpClient? httpClient = null)
    {
        var options = new HttpFeaturesClientOptions
        {
            BaseAddress = server.Address("api"),
            BearerToken = "hf-retry-test",
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
            TimeProvider = _time,
            OnRetry = _events.Enqueue,
        };
        configure?.Invoke(options);
        return new HttpFeaturesClient(httpClient ?? server.HttpClient, options);
    }

    private static Reply Unavailable => new(503, """{"message": "Database unavailable"}""");

    private static NewItem Lamp => new() { Name = "Lamp", Price = 19.5 };

    // ------------------------------------------------------------------ retry: idempotencyKey

    [Fact]
    public async Task CreateItem_is_retried_with_the_same_generated_Idempotency_Key_on_every_attempt()
    {
        var scenario = server.Sequence(Unavailable, Unavailable, new Reply(201, ItemJson), new Reply(201, ItemJson));
        var client = Client(scenario);

        var item = await client.CreateItemAsync(Lamp);

        Assert.Equal(42, item!.Id);
        var attempts = scenario.Requests.ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.All(attempts, r => Assert.Equal("POST", r.Method));
        var key = attempts[0].Header("Idempotency-Key");
        Assert.True(Guid.TryParse(key, out _), $"Idempotency-Key: {key}");
        Assert.All(attempts, r => Assert.Equal(key, r.Header("Idempotency-Key")));
        Assert.Single(attempts.Select(r => r.BodyText).Distinct());

        // A new call is a new operation: a new key.
        await client.CreateItemAsync(Lamp);
        var next = scenario.Requests.Last().Header("Idempotency-Key");
        Assert.True(Guid.TryParse(next, out _));
        Assert.NotEqual(key, next);
    }

    [Fact]
    public async Task CreateItem_keeps_the_callers_Idempotency_Key()
    {
        var scenario = server.Sequence(Unavailable, new Reply(201, ItemJson));

        await Client(scenario, o => o.DefaultHeaders["Idempotency-Key"] = "order-7f3a-create").CreateItemAsync(Lamp);

        Assert.Equal(2, scenario.Requests.Count);
        Assert.All(scenario.Requests, r => Assert.Equal(["order-7f3a-create"], r.Headers["Idempotency-Key"]));
    }

    [Fact]
    public async Task A_POST_without_annotations_sends_no_Idempotency_Key()
    {
        // createNote is a POST the annotations leave alone: not retried, no key.
        var scenario = server.Sequence(Unavailable, new Reply(201, """{"id": 7, "text": "x"}"""));

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).CreateNoteAsync("x"));

        Assert.Equal(503, error.StatusCode);
        Assert.False(Assert.Single(scenario.Requests).HasHeader("Idempotency-Key"));
        Assert.False(error.IsRetryable);
    }

    // ------------------------------------------------------------------ retry: never, streams, per-operation policy

    [Fact]
    public async Task DeleteItem_is_never_retried()
    {
        var scenario = server.Sequence(Unavailable, new Reply(204));

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).DeleteItemAsync("item-1"));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("DELETE", Assert.Single(scenario.Requests).Method);
        Assert.Equal(1, error.Attempts);
        Assert.False(error.IsRetryable);
        Assert.Equal(Retryability.Yes, error.Retryable);
        Assert.Contains("never retry deleteItem", error.Message);
        Assert.Empty(_events);
    }

    [Fact]
    public async Task A_streamed_upload_is_not_retried_even_though_PUT_is_idempotent()
    {
        var scenario = server.Sequence(Unavailable, new Reply(204));
        var bytes = "%PDF-1.7 stream body"u8.ToArray();

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).UploadFileContentAsync("report.pdf", new MemoryStream(bytes)));

        Assert.Equal(503, error.StatusCode);
        var request = Assert.Single(scenario.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal(bytes, request.Body);
        Assert.False(error.IsRetryable);
        Assert.Contains("cannot be sent again", error.Message);
        Assert.Empty(_events);
    }

    [Fact]
    public async Task GetHealth_makes_at_most_two_attempts()
    {
        var scenario = server.Sequence(Unavailable);

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).GetHealthAsync());

        Assert.Equal(2, scenario.Requests.Count);
        Assert.Equal(2, error.Attempts);
        // The rest of its policy is the default one: 500 ms ± 20 %.
        Assert.InRange(Assert.Single(_events).Delay, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(600));
    }

    // ------------------------------------------------------------------ the default error table

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Without_an_error_table_the_transient_statuses_are_retried_three_times(int status)
    {
        var scenario = server.Sequence(new Reply(status, """{"message": "try again"}"""));

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).GetItemAsync("item-1"));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(3, scenario.Requests.Count);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(Retryability.Yes, error.Retryable);
        Assert.Null(error.Cause); // no annotations to quote
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(501)]
    public async Task Without_an_error_table_other_statuses_are_not_retried(int status)
    {
        var scenario = server.Sequence(new Reply(status, """{"code": "nope", "message": "no"}"""), new Reply(200, ItemJson));

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(scenario).GetItemAsync("item-1"));

        Assert.Equal(status, error.StatusCode);
        Assert.Single(scenario.Requests);
        Assert.Equal(Retryability.No, error.Retryable);
        Assert.False(error.IsRetryable);
    }

    // ------------------------------------------------------------------ transport failures and timeouts

    /// <summary>
    /// A client with its own connection pool, so that the first request goes out on a new connection: SocketsHttpHandler
    /// itself resends a request whose reused connection closes before any response, which would hide the failure.
    /// </summary>
    private static HttpClient FreshHttpClient(TimeSpan timeout) => new(new SocketsHttpHandler()) { Timeout = timeout };

    [Fact]
    public async Task A_connection_reset_is_retried()
    {
        using var http = FreshHttpClient(TimeSpan.FromSeconds(30));
        var scenario = server.ResetThen(new Reply(200, ItemJson));

        var item = await Client(scenario, httpClient: http).GetItemAsync("item-1");

        Assert.Equal(42, item.Id);
        Assert.Equal(2, scenario.Requests.Count);
        var retry = Assert.Single(_events);
        Assert.Null(retry.StatusCode);
        Assert.IsType<HttpRequestException>(retry.Exception);
        Assert.Equal(1, retry.Attempt);
    }

    [Fact]
    public async Task A_connection_reset_is_not_retried_when_the_policy_says_so()
    {
        using var http = FreshHttpClient(TimeSpan.FromSeconds(30));
        var scenario = server.ResetThen(new Reply(200, ItemJson));

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Client(scenario, o => o.Retry = HttpFeaturesClient.RetryMetadata.Policy with { RetryTransportErrors = false }, http).GetItemAsync("item-1"));

        Assert.Single(scenario.Requests);
        Assert.Empty(_events);
    }

    private Func<Microsoft.AspNetCore.Http.HttpContext, Task> NeverAnswers => async context =>
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server.Stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    };

    [Fact]
    public async Task An_attempt_that_HttpClient_Timeout_ends_is_retried()
    {
        using var http = FreshHttpClient(TimeSpan.FromSeconds(2));
        var scenario = server.FirstThen(NeverAnswers, new Reply(200, ItemJson));

        var item = await Client(scenario, httpClient: http).GetItemAsync("item-1");

        Assert.Equal(42, item.Id);
        Assert.Equal(2, scenario.Requests.Count);
        var retry = Assert.Single(_events);
        Assert.Null(retry.StatusCode);
        Assert.IsAssignableFrom<OperationCanceledException>(retry.Exception);
    }

    [Fact]
    public async Task An_attempt_that_HttpClient_Timeout_ends_is_not_retried_when_the_policy_says_so()
    {
        using var http = FreshHttpClient(TimeSpan.FromSeconds(2));
        var scenario = server.FirstThen(NeverAnswers, new Reply(200, ItemJson));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Client(scenario, o => o.Retry = HttpFeaturesClient.RetryMetadata.Policy with { RetryTimeouts = false }, http).GetItemAsync("item-1"));

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Single(scenario.Requests);
        Assert.Empty(_events);
    }
}
