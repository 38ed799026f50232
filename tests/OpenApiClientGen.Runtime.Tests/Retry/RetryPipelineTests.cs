using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace OpenApiClientGen.Runtime.Tests.Retry;

/// <summary>
/// RetryMetadata's predicates for an HTTP pipeline's retry strategy (ShouldRetryAsync, RetryAfterWithinCap, MaxAttempts):
/// the same decisions as the client's own loop, made from the request's operation.
/// </summary>
public sealed class RetryPipelineTests
{
    private const string Url = "https://api.test/things";

    private static readonly RetryMetadata Metadata = new(
        "things.annotations.yaml",
        RetryPolicy.Default,
        "/error/code",
        ErrorCodeMatch.Exact,
        [
            .. RetryMetadata.DefaultErrors,
            new ErrorRule("409", "busy", Retryability.Yes),
            new ErrorRule("429", "quota_exceeded", Retryability.No),
            new ErrorRule("422", null, Retryability.Sometimes),
        ],
        [
            new OperationRetry("createThing"),
            new OperationRetry("submitThing", RetryMode.IdempotencyKey),
            new OperationRetry("keyedThing", idempotencyKeyHeader: "X-Request-Key"),
            new OperationRetry("deleteThing", RetryMode.Never),
            new OperationRetry("pollThing", policy: RetryPolicy.Default with { MaxAttempts = 5, MaxRetryAfter = TimeSpan.FromMinutes(5) }),
            new OperationRetry("strictThing", policy: RetryPolicy.Default with { RetryTransportErrors = false, RetryTimeouts = false, HonorRetryAfter = false }),
            new OperationRetry("eagerThing", policy: RetryPolicy.Default with { RetrySometimes = true, MaxAttempts = 2 }),
        ]);

    /// <summary>Marks a request as a generated client's call of <paramref name="operation"/>, as CallAsync does (the public key, so both legs run it).</summary>
    private static HttpRequestMessage Request(string? operation, HttpMethod? method = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, Url);
        if (operation is not null) request.Options.Set(new HttpRequestOptionsKey<string>(ClientSupport.OperationProperty), operation);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private static HttpResponseMessage Response(int status, HttpRequestMessage? request, string? body = null, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { RequestMessage = request };
        if (body is not null) response.Content = new StringContent(body, Encoding.UTF8, "application/json");
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    private static Task<bool> ShouldRetry(int status, string? operation = "getThing", HttpMethod? method = null, int attempt = 1, string? body = null, (string, string)[]? requestHeaders = null, (string, string)[]? responseHeaders = null)
    {
        var response = Response(status, Request(operation, method, requestHeaders ?? []), body, responseHeaders ?? []);
        return Metadata.ShouldRetryAsync(response, null, attempt);
    }

    // ------------------------------------------------------------------ the request and its operation

    [Fact]
    public void The_operation_set_by_a_client_is_the_one_OperationOf_reads()
    {
        using var request = Request("getThing");
        Assert.Equal("getThing", ClientSupport.OperationOf(request));
    }

    [Fact]
    public async Task A_request_without_an_operation_is_not_retried()
    {
        Assert.True(await ShouldRetry(503, "getThing"));
        Assert.False(await ShouldRetry(503, operation: null));
    }

    [Fact]
    public async Task A_response_without_a_request_outside_a_send_is_not_retried()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        Assert.False(await Metadata.ShouldRetryAsync(response, null, 1));
        Assert.False(await Metadata.ShouldRetryAsync(null, new HttpRequestException("refused"), 1));
    }

    [Fact]
    public async Task A_cancelled_call_is_not_retried()
    {
        using var response = Response(503, Request("getThing"));
        Assert.False(await Metadata.ShouldRetryAsync(response, null, 1, new CancellationToken(canceled: true)));
    }

    // ------------------------------------------------------------------ attempts

    [Theory]
    [InlineData("getThing", 1, true)]
    [InlineData("getThing", 2, true)]
    [InlineData("getThing", 3, false)]
    [InlineData("getThing", 7, false)]
    [InlineData("pollThing", 4, true)]
    [InlineData("pollThing", 5, false)]
    [InlineData("eagerThing", 1, true)]
    [InlineData("eagerThing", 2, false)]
    public async Task Attempts_at_the_policys_max_are_not_retried(string operation, int attempt, bool retried) =>
        Assert.Equal(retried, await ShouldRetry(503, operation, attempt: attempt));

    // ------------------------------------------------------------------ methods and idempotency keys

    [Fact]
    public async Task A_POST_without_an_idempotency_annotation_is_not_retried()
    {
        Assert.False(await ShouldRetry(503, "createThing", HttpMethod.Post));
        Assert.True(await ShouldRetry(503, "createThing", HttpMethod.Put));
        Assert.True(await ShouldRetry(503, "createThing", HttpMethod.Delete));
        Assert.False(await ShouldRetry(503, "createThing", HttpMethod.Patch));
    }

    [Fact]
    public async Task A_POST_with_an_Idempotency_Key_header_may_be_retried()
    {
        Assert.True(await ShouldRetry(503, "createThing", HttpMethod.Post, requestHeaders: [("Idempotency-Key", "k-1")]));
        Assert.False(await ShouldRetry(400, "createThing", HttpMethod.Post, requestHeaders: [("Idempotency-Key", "k-1")]));
    }

    [Fact]
    public async Task The_key_counts_in_the_operations_annotated_header()
    {
        Assert.True(await ShouldRetry(503, "keyedThing", HttpMethod.Post, requestHeaders: [("X-Request-Key", "k-1")]));
        Assert.False(await ShouldRetry(503, "keyedThing", HttpMethod.Post, requestHeaders: [("Idempotency-Key", "k-1")]));
    }

    [Fact]
    public async Task The_annotations_modes_decide_whether_a_method_may_be_repeated()
    {
        Assert.True(await ShouldRetry(503, "submitThing", HttpMethod.Post));
        Assert.False(await ShouldRetry(503, "deleteThing", HttpMethod.Delete));
        Assert.True(await ShouldRetry(503, "deleteThing", HttpMethod.Delete, requestHeaders: [("Idempotency-Key", "k-1")]));
    }

    // ------------------------------------------------------------------ statuses and error codes

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(501, false)]
    [InlineData(200, false)]
    [InlineData(304, false)]
    public async Task The_error_table_decides_by_status(int status, bool retried) =>
        Assert.Equal(retried, await ShouldRetry(status));

    [Theory]
    [InlineData(409, """{"error":{"code":"busy"}}""", true)]
    [InlineData(409, """{"error":{"code":"BUSY"}}""", true)]
    [InlineData(409, """{"error":{"code":"idle"}}""", false)]
    [InlineData(409, """{"error":"busy"}""", false)]
    [InlineData(409, "busy", false)]
    [InlineData(409, null, false)]
    [InlineData(429, """{"error":{"code":"quota_exceeded"}}""", false)]
    [InlineData(429, """{"error":{"code":"slow_down"}}""", true)]
    public async Task An_error_code_read_from_the_body_decides(int status, string? body, bool retried) =>
        Assert.Equal(retried, await ShouldRetry(status, body: body));

    [Fact]
    public async Task Sometimes_is_retried_only_where_the_policy_opts_in()
    {
        Assert.False(await ShouldRetry(422, "getThing"));
        Assert.True(await ShouldRetry(422, "eagerThing"));
    }

    [Fact]
    public async Task The_body_stays_readable_after_the_decision()
    {
        const string body = """{"error":{"code":"busy","message":"being edited"}}""";
        using var response = Response(409, Request("getThing"));
        // A network body: read once, no seeking.
        response.Content = new StreamContent(new OneWayStream(Encoding.UTF8.GetBytes(body), chunk: 7));

        Assert.True(await Metadata.ShouldRetryAsync(response, null, 1));

        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    // ------------------------------------------------------------------ Retry-After

    [Fact]
    public async Task A_Retry_After_beyond_the_cap_is_not_retried()
    {
        using var response = Response(503, Request("getThing"), null, ("Retry-After", "120"));
        Assert.False(await Metadata.ShouldRetryAsync(response, null, 1));
        Assert.Null(Metadata.RetryAfterWithinCap(response));
    }

    [Fact]
    public async Task A_Retry_After_within_the_cap_is_the_wait()
    {
        using var seconds = Response(429, Request("getThing"), null, ("Retry-After", "7"));
        Assert.True(await Metadata.ShouldRetryAsync(seconds, null, 1));
        Assert.Equal(TimeSpan.FromSeconds(7), Metadata.RetryAfterWithinCap(seconds));

        using var milliseconds = Response(503, Request("getThing"), null, ("retry-after-ms", "1500"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Metadata.RetryAfterWithinCap(milliseconds));

        using var atTheCap = Response(503, Request("getThing"), null, ("Retry-After", "60"));
        Assert.True(await Metadata.ShouldRetryAsync(atTheCap, null, 1));
        Assert.Equal(TimeSpan.FromSeconds(60), Metadata.RetryAfterWithinCap(atTheCap));
    }

    [Fact]
    public async Task The_cap_is_the_operations()
    {
        using var response = Response(503, Request("pollThing"), null, ("Retry-After", "120"));
        Assert.True(await Metadata.ShouldRetryAsync(response, null, 1));
        Assert.Equal(TimeSpan.FromSeconds(120), Metadata.RetryAfterWithinCap(response));
    }

    [Fact]
    public async Task A_policy_that_ignores_Retry_After_retries_and_gives_no_wait()
    {
        using var response = Response(503, Request("strictThing"), null, ("Retry-After", "120"));
        Assert.True(await Metadata.ShouldRetryAsync(response, null, 1));
        Assert.Null(Metadata.RetryAfterWithinCap(response));
    }

    [Fact]
    public void RetryAfterWithinCap_without_a_response_or_a_header_is_null()
    {
        Assert.Null(Metadata.RetryAfterWithinCap(null));
        using var response = Response(503, Request("getThing"));
        Assert.Null(Metadata.RetryAfterWithinCap(response));
    }

    [Fact]
    public void RetryAfterWithinCap_of_a_response_without_a_request_follows_the_APIs_policy()
    {
        using var within = Response(503, null, null, ("Retry-After", "30"));
        using var beyond = Response(503, null, null, ("Retry-After", "120"));
        Assert.Equal(TimeSpan.FromSeconds(30), Metadata.RetryAfterWithinCap(within));
        Assert.Null(Metadata.RetryAfterWithinCap(beyond));
    }

    // ------------------------------------------------------------------ exceptions, through RetryLoop.Sending

    /// <summary>
    /// A pipeline handler inside the client's HttpClient: before passing the request on, it asks ShouldRetryAsync about
    /// each exception with no response, as a resilience strategy would after a failed attempt.
    /// </summary>
    private sealed class PredicateHandler(RetryMetadata metadata, int attempt, params Exception[] exceptions) : DelegatingHandler(new ScriptedHandler().Respond(200))
    {
        public ConcurrentQueue<(string Exception, bool Retried)> Answers { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var exception in exceptions) Answers.Enqueue((exception.GetType().Name, await metadata.ShouldRetryAsync(null, exception, attempt, cancellationToken)));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private static readonly Exception[] Failures =
    [
        new HttpRequestException("refused"),
        new TimeoutException("attempt timeout"),
        new IOException("reset"),
        new TaskCanceledException("cancelled"),
        new InvalidOperationException("bug"),
    ];

    private static async Task<Dictionary<string, bool>> AskWhileSending(string operation, HttpMethod? method = null, int attempt = 1, Action<HttpRequestMessage>? configure = null, bool marked = true)
    {
        var handler = new PredicateHandler(Metadata, attempt, Failures);
        using var client = new HttpClient(handler);
        using var response = await RetryLoop.SendAsync(
            client,
            () =>
            {
                var request = Request(marked ? operation : null, method);
                configure?.Invoke(request);
                return request;
            },
            Metadata,
            operation,
            RetryPolicy.None,
            true,
            TimeProvider.System,
            null,
            default).Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return handler.Answers.ToDictionary(a => a.Exception, a => a.Retried);
    }

    [Fact]
    public async Task Transport_errors_and_timeouts_are_retried_per_the_policy_while_the_loop_sends()
    {
        Assert.Equal(
            new Dictionary<string, bool>
            {
                ["HttpRequestException"] = true,
                ["TimeoutException"] = true,
                ["IOException"] = true,
                ["TaskCanceledException"] = true,
                ["InvalidOperationException"] = false,
            },
            await AskWhileSending("getThing"));
    }

    [Fact]
    public async Task A_policy_that_retries_neither_says_no_to_both()
    {
        Assert.All(await AskWhileSending("strictThing"), answer => Assert.False(answer.Value, answer.Key));
    }

    [Fact]
    public async Task A_POST_that_may_not_be_repeated_is_not_retried_after_an_exception()
    {
        Assert.All(await AskWhileSending("createThing", HttpMethod.Post), answer => Assert.False(answer.Value, answer.Key));
        var keyed = await AskWhileSending("createThing", HttpMethod.Post, configure: r => r.Headers.TryAddWithoutValidation("Idempotency-Key", "k-1"));
        Assert.True(keyed["HttpRequestException"]);
    }

    [Fact]
    public async Task The_last_attempt_is_not_retried_after_an_exception()
    {
        Assert.All(await AskWhileSending("getThing", attempt: 3), answer => Assert.False(answer.Value, answer.Key));
        Assert.True((await AskWhileSending("pollThing", attempt: 4))["HttpRequestException"]);
    }

    [Fact]
    public async Task A_request_the_loop_sends_without_an_operation_is_not_retried()
    {
        // RetryLoop.SendAsync knows the operation but leaves the request as createRequest built it.
        Assert.All(await AskWhileSending("getThing", marked: false), answer => Assert.False(answer.Value, answer.Key));
    }

    [Fact]
    public async Task The_request_being_sent_is_not_seen_once_the_loop_returned()
    {
        Assert.True((await AskWhileSending("getThing"))["HttpRequestException"]);
        // The loop's request lives in its own flow: after it, an exception names no request.
        Assert.False(await Metadata.ShouldRetryAsync(null, new HttpRequestException("refused"), 1));
    }

    [Theory]
    [InlineData("getThing", true)]
    [InlineData("strictThing", false)]
    public async Task Through_CallAsync_the_request_carries_its_operation_for_the_pipeline(string operation, bool retried)
    {
        var handler = new PredicateHandler(Metadata, 1, new HttpRequestException("refused"));
        using var client = new HttpClient(handler);

        // The request is built without an operation: CallAsync puts it on.
        var outcome = await ClientSupport.CallAsync(
            client,
            () => new HttpRequestMessage(HttpMethod.Get, Url),
            null,
            Metadata,
            new PipelineOptions(),
            operation,
            operation,
            null,
            new Redactor([], []),
            replayable: true,
            streams: false,
            (response, call) => Task.FromResult(new PipelineOutcome(call.Response(response))),
            default).Within();

        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal([("HttpRequestException", retried)], handler.Answers);
    }

    [Fact]
    public async Task A_response_without_its_request_is_matched_to_the_request_being_sent()
    {
        var answers = new ConcurrentQueue<bool>();
        var inner = new ScriptedHandler { SetsRequestMessage = false }.Respond(503);
        var handler = new ResponseHandler(inner, async (response, cancellationToken) => answers.Enqueue(await Metadata.ShouldRetryAsync(response, null, 1, cancellationToken)));
        using var client = new HttpClient(handler);

        using var response = await RetryLoop.SendAsync(client, () => Request("getThing"), Metadata, "getThing", RetryPolicy.None, true, TimeProvider.System, null, default).Within();

        Assert.Equal([true], answers);
    }

    private sealed class ResponseHandler(HttpMessageHandler inner, Func<HttpResponseMessage, CancellationToken, Task> inspect) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Assert.Null(response.RequestMessage);
            await inspect(response, cancellationToken);
            return response;
        }
    }

    private sealed class PipelineOptions : ApiClientOptions;

    private sealed class PipelineOutcome(ApiResponse response) : ApiOutcome(response, null);

    // ------------------------------------------------------------------ MaxAttempts

    [Fact]
    public void MaxAttempts_is_the_largest_of_the_APIs_and_the_operations_policies()
    {
        Assert.Equal(5, Metadata.MaxAttempts);
        var apiMost = new RetryMetadata(null, RetryPolicy.Default with { MaxAttempts = 6 }, null, ErrorCodeMatch.Exact, [], [new OperationRetry("a", policy: RetryPolicy.Default with { MaxAttempts = 4 })]);
        Assert.Equal(6, apiMost.MaxAttempts);
        var none = new RetryMetadata(null, RetryPolicy.None, null, ErrorCodeMatch.Exact, [], [new OperationRetry("a"), new OperationRetry("b", policy: RetryPolicy.Default with { MaxAttempts = 2 })]);
        Assert.Equal(2, none.MaxAttempts);
        Assert.Equal(1, new RetryMetadata(null, RetryPolicy.None, null, ErrorCodeMatch.Exact, [], []).MaxAttempts);
    }
}
