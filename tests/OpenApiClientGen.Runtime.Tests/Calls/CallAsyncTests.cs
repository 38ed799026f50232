using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace OpenApiClientGen.Runtime.Tests.Calls;

/// <summary>
/// ClientSupport.CallAsync end to end over a scripted handler, as a generated client calls it: credentials per attempt,
/// the one renewal after a 401 to a provided token, the operation on the request, per-call options, and the call's timeout.
/// </summary>
public sealed class CallAsyncTests : IDisposable
{
    private const string Url = "https://api.test/pets";

    private static readonly Redactor Client = new(["static-key"], ["api_key"]);

    /// <summary>The default policy without waits, so retries happen at once.</summary>
    private static readonly RetryMetadata Metadata = new(
        null,
        RetryPolicy.Default with { InitialDelay = TimeSpan.Zero, JitterRatio = 0 },
        null,
        ErrorCodeMatch.Exact,
        RetryMetadata.DefaultErrors,
        [new OperationRetry("createPet")]);

    private readonly ScriptedHandler _handler = new();
    private readonly HttpClient _client;
    private readonly TestOptions _options = new();
    private readonly ConcurrentQueue<TokenContext> _contexts = new();
    private readonly ITokenProvider _provider;
    private int _authentications;

    public CallAsyncTests()
    {
        _client = new HttpClient(_handler);
        var issued = 0;
        _provider = TokenProvider.FromCallback((context, _) =>
        {
            _contexts.Enqueue(context);
            return Task.FromResult("tok-" + Interlocked.Increment(ref issued));
        });
    }

    public void Dispose() => _client.Dispose();

    private sealed class TestOptions : ApiClientOptions;

    /// <summary>An operation's outcome: the response, and its error when the status is not a success.</summary>
    private sealed class TestOutcome(ApiResponse response, ApiException? error) : ApiOutcome(response, error);

    private static async Task<TestOutcome> Decode(HttpResponseMessage response, CallScope call) =>
        new(call.Response(response), response.IsSuccessStatusCode ? null : await ClientSupport.ErrorAsync(response, call));

    /// <summary>Bearer credentials from the provider (scheme "oauth", scope "pets:read").</summary>
    private async Task Provided(HttpRequestMessage request, CallScope call)
    {
        Interlocked.Increment(ref _authentications);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await call.CredentialAsync(new SchemeUse("oauth", "pets:read"), null, _provider));
    }

    /// <summary>A static bearer credential (no provider).</summary>
    private async Task Static(HttpRequestMessage request, CallScope call)
    {
        Interlocked.Increment(ref _authentications);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await call.CredentialAsync(new SchemeUse("bearer"), "static-key", null));
    }

    private Task<TestOutcome> Call(
        Func<HttpRequestMessage, CallScope, Task>? authenticate,
        RequestOptions? requestOptions = null,
        bool replayable = true,
        string operation = "listPets",
        HttpMethod? method = null,
        HttpClient? client = null,
        CancellationToken cancellationToken = default) =>
        ClientSupport.CallAsync(
            client ?? _client,
            () => new HttpRequestMessage(method ?? HttpMethod.Get, Url),
            authenticate,
            Metadata,
            _options,
            operation,
            operation,
            requestOptions,
            Client,
            replayable,
            streams: false,
            Decode,
            cancellationToken);

    /// <summary>A header of each request sent, "-" where it had none.</summary>
    private string[] Sent(string header) => _handler.Requests.Select(r => r.Header(header) ?? "-").ToArray();

    /// <summary>The token each request for a token named as rejected, "-" where none.</summary>
    private string[] Rejected() => _contexts.Select(c => c.RejectedToken ?? "-").ToArray();

    // ------------------------------------------------------------------ credentials

    [Fact]
    public async Task Authenticate_is_called_for_every_attempt()
    {
        _handler.Respond(503).Respond(502).Respond(200, "{}");

        var outcome = await Call(Static).Within();

        Assert.True(outcome.IsSuccess);
        Assert.Equal(3, outcome.Response.Attempts);
        Assert.Equal(3, _authentications);
        Assert.Equal(["Bearer static-key", "Bearer static-key", "Bearer static-key"], Sent("Authorization"));
    }

    [Fact]
    public async Task The_provider_is_asked_for_every_attempt()
    {
        _handler.Respond(503).Respond(200, "{}");

        var outcome = await Call(Provided).Within();

        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], Sent("Authorization"));
        Assert.All(_contexts, c => Assert.Equal(("oauth", "listPets", (string?)null), (c.Scheme, c.Operation, c.RejectedToken)));
        Assert.All(_contexts, c => Assert.Equal(["pets:read"], c.Scopes));
    }

    [Fact]
    public async Task A_call_without_security_sends_no_credentials()
    {
        _handler.Respond(200, "{}");
        var outcome = await Call(null).Within();
        Assert.True(outcome.IsSuccess);
        Assert.Null(Assert.Single(_handler.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task A_401_to_a_provided_token_is_sent_again_once_with_a_fresh_token()
    {
        _handler.Respond(401, """{"error":"expired"}""").Respond(200, """{"name":"Rex"}""");

        var outcome = await Call(Provided).Within();

        Assert.True(outcome.IsSuccess);
        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], Sent("Authorization"));
        Assert.Equal(["-", "tok-1"], Rejected());
    }

    [Fact]
    public async Task A_second_401_ends_the_call_with_both_tokens_redacted()
    {
        _handler
            .Respond(401, """{"error":"token tok-1 expired"}""")
            .Respond(401, """{"error":"token tok-2 revoked"}""", ("X-Echo", "tok-2"), ("WWW-Authenticate", "Bearer error=\"invalid_token\""));

        var outcome = await Call(Provided).Within();

        Assert.Equal(2, _handler.Requests.Count);
        Assert.Equal(401, outcome.StatusCode);
        Assert.False(outcome.IsSuccess);
        var error = outcome.Error!;
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("token *** revoked", error.Message);
        Assert.DoesNotContain("tok-", error.Message);
        Assert.Equal("***", outcome.Response.Header("x-echo"));
        Assert.DoesNotContain("tok-", outcome.ToString());
        Assert.Equal(["-", "tok-1"], Rejected());
    }

    [Fact]
    public async Task A_401_to_a_static_credential_is_not_sent_again()
    {
        _handler.Respond(401, """{"error":"bad key"}""");

        var outcome = await Call(Static).Within();

        Assert.Single(_handler.Requests);
        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal(1, _authentications);
        Assert.DoesNotContain("static-key", outcome.Error!.Message);
    }

    [Fact]
    public async Task A_401_to_a_body_that_cannot_be_sent_again_is_not_sent_again()
    {
        _handler.Respond(401);

        var outcome = await Call(Provided, replayable: false).Within();

        Assert.Single(_handler.Requests);
        Assert.Equal(401, outcome.StatusCode);
        Assert.Single(_contexts);
    }

    [Fact]
    public async Task A_403_to_a_provided_token_is_not_sent_again()
    {
        _handler.Respond(403);
        var outcome = await Call(Provided).Within();
        Assert.Single(_handler.Requests);
        Assert.Equal(403, outcome.StatusCode);
    }

    // ------------------------------------------------------------------ the request

    [Fact]
    public async Task Every_attempts_request_carries_the_operation()
    {
        var operations = new ConcurrentQueue<string>();
        HttpResponseMessage Record(HttpRequestMessage request, HttpStatusCode status)
        {
            operations.Enqueue(ClientSupport.OperationOf(request) ?? "-");
            return new HttpResponseMessage(status);
        }
        _handler.Respond(r => Record(r, HttpStatusCode.ServiceUnavailable)).Respond(r => Record(r, HttpStatusCode.OK));

        var outcome = await Call(null, operation: "listPets").Within();

        Assert.True(outcome.IsSuccess);
        Assert.Equal(["listPets", "listPets"], operations);
    }

    [Fact]
    public void OperationOf_a_request_no_client_sent_is_null()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        Assert.Null(ClientSupport.OperationOf(request));
        Assert.Throws<ArgumentNullException>(() => ClientSupport.OperationOf(null!));
    }

    [Fact]
    public async Task Per_call_headers_are_applied_after_authentication_so_they_win()
    {
        _handler.Respond(503).Respond(200, "{}");
        var requestOptions = new RequestOptions().WithHeader("Authorization", "Bearer per-call").WithHeader("X-Trace", "t-1").WithQuery("debug", "1");

        var outcome = await Call(Provided, requestOptions).Within();

        Assert.True(outcome.IsSuccess);
        Assert.Equal(2, _authentications);
        Assert.Equal(["Bearer per-call", "Bearer per-call"], Sent("Authorization"));
        Assert.Equal(["t-1", "t-1"], Sent("X-Trace"));
        // Each attempt's request is built fresh: the query parameter once, not once more per attempt.
        Assert.All(_handler.Requests, r => Assert.Equal(Url + "?debug=1", r.Uri!.AbsoluteUri));
    }

    [Fact]
    public async Task A_per_call_retry_policy_replaces_the_annotated_one()
    {
        _handler.Respond(503);
        var outcome = await Call(null, new RequestOptions { Retry = RetryPolicy.None }).Within();
        Assert.Single(_handler.Requests);
        Assert.Equal(503, outcome.StatusCode);
        Assert.Equal(1, outcome.Error!.Attempts);
    }

    [Fact]
    public async Task A_per_call_idempotency_key_lets_a_POST_be_retried_with_the_same_key()
    {
        _handler.Respond(503).Respond(201, "{}");

        var outcome = await Call(null, new RequestOptions { IdempotencyKey = "key-7" }, operation: "createPet", method: HttpMethod.Post).Within();

        Assert.Equal(201, outcome.StatusCode);
        Assert.Equal(["key-7", "key-7"], Sent("Idempotency-Key"));
    }

    [Fact]
    public async Task A_POST_without_a_key_is_not_retried()
    {
        _handler.Respond(503);
        var outcome = await Call(null, operation: "createPet", method: HttpMethod.Post).Within();
        Assert.Single(_handler.Requests);
        Assert.Equal(503, outcome.StatusCode);
    }

    // ------------------------------------------------------------------ timeout and cancellation

    /// <summary>Never answers: waits for the request's cancellation.</summary>
    private sealed class HangingHandler : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("Not reached.");
        }
    }

    [Fact]
    public async Task A_RequestOptions_Timeout_that_expires_ends_the_call_with_a_TimeoutException()
    {
        var hanging = new HangingHandler();
        using var client = new HttpClient(hanging);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Call(null, new RequestOptions { Timeout = TimeSpan.FromMilliseconds(100) }, client: client)).Within();

        Assert.Equal("listPets did not finish within its RequestOptions.Timeout of 0.1 s.", error.Message);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        // The call's own timeout is not a transient failure to retry.
        Assert.Equal(1, hanging.Requests);
    }

    [Fact]
    public async Task The_timeout_covers_the_waits_between_attempts()
    {
        _handler.Respond(503, null, ("Retry-After", "30"));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Call(null, new RequestOptions { Timeout = TimeSpan.FromMilliseconds(200) })).Within();

        Assert.Single(_handler.Requests);
        Assert.Contains("0.2 s", error.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_gives_OperationCanceledException_not_a_timeout()
    {
        var hanging = new HangingHandler();
        using var client = new HttpClient(hanging);
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Call(null, new RequestOptions { Timeout = TimeSpan.FromHours(1) }, client: client, cancellationToken: caller.Token)).Within();

        Assert.True(caller.IsCancellationRequested);
        Assert.Equal(1, hanging.Requests);
        Assert.IsNotType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public async Task The_callers_cancellation_without_a_timeout_gives_OperationCanceledException()
    {
        var hanging = new HangingHandler();
        using var client = new HttpClient(hanging);
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Call(Static, client: client, cancellationToken: caller.Token)).Within();

        Assert.Equal(1, hanging.Requests);
    }
}
