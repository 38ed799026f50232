using System.Collections.Concurrent;

namespace OpenApiClientGen.Runtime.Tests.Retry;

/// <summary>
/// RetryLoop.SendAsync over a scripted handler, on a fake clock: the waits it starts are checked and released by hand
/// (no wall-clock time), and what it decided is read back through ClientSupport.ErrorAsync on the response it ends with.
/// </summary>
public sealed class RetryLoopTests : IDisposable
{
    private const string Url = "https://api.test/things";

    /// <summary>Default policy without jitter, so the backoff is exactly 500 ms, then 1 s.</summary>
    private static readonly RetryPolicy Exact = RetryPolicy.Default with { JitterRatio = 0 };

    private static readonly ErrorRule Busy = new("409", "busy", Retryability.Yes, "The thing is being edited.", "Retry after the edit.");
    private static readonly ErrorRule Flaky = new("422", null, Retryability.Sometimes, "Sometimes transient.");

    private readonly ScriptedHandler _handler = new();
    private readonly HttpClient _client;
    private readonly TestClock _clock = new();
    private readonly ConcurrentQueue<RetryEvent> _events = new();
    private readonly RetryMetadata _metadata;
    private int _created;

    public RetryLoopTests()
    {
        _client = new HttpClient(_handler);
        _metadata = new RetryMetadata(
            "things.annotations.yaml",
            Exact,
            "/error/code",
            ErrorCodeMatch.Exact,
            [.. RetryMetadata.DefaultErrors, Busy, Flaky],
            [
                new OperationRetry("createThing", RetryMode.Default),
                new OperationRetry("upsertThing", RetryMode.Always),
                new OperationRetry("submitThing", RetryMode.IdempotencyKey),
                new OperationRetry("keyedThing", RetryMode.IdempotencyKey, "X-Request-Key"),
                new OperationRetry("deleteThing", RetryMode.Never),
                new OperationRetry("pollThing", policy: Exact with { MaxAttempts = 4, InitialDelay = TimeSpan.FromSeconds(1) }),
            ]);
    }

    public void Dispose() => _client.Dispose();

    private Func<HttpRequestMessage> Request(HttpMethod method, Action<HttpRequestMessage>? configure = null) => () =>
    {
        Interlocked.Increment(ref _created);
        var request = new HttpRequestMessage(method, Url);
        if (method != HttpMethod.Get) request.Content = ClientSupport.Json(new Pet { Name = "Rex" }, TestJson.Default.Pet, "application/json");
        configure?.Invoke(request);
        return request;
    };

    private Task<HttpResponseMessage> Send(string operation, HttpMethod? method = null, RetryPolicy? policy = null, bool replayable = true, CancellationToken cancellationToken = default, Action<HttpRequestMessage>? configure = null) =>
        RetryLoop.SendAsync(_client, Request(method ?? HttpMethod.Get, configure), _metadata, operation, policy, replayable, _clock, _events.Enqueue, cancellationToken);

    private static Task<ApiException> Error(HttpResponseMessage response) => ClientSupport.ErrorAsync(response, "op", new Redactor([], []), default);

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    /// <summary>Waits for the loop to start its next wait, checks its length, and lets it pass.</summary>
    private async Task Elapse(TimeSpan expected, Task pending)
    {
        Assert.Equal(expected, await _clock.NextWaitAsync());
        // Still waiting just before the wait is over: it is the clock that holds it.
        _clock.Advance(expected - TimeSpan.FromMilliseconds(1));
        Assert.False(pending.IsCompleted, "The loop went on before its wait was over.");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
    }

    // ------------------------------------------------------------------ retrying

    [Fact]
    public async Task A_503_is_retried_after_the_backoff_and_the_200_returned()
    {
        _handler.Respond(503, """{"error":{"code":"unavailable"}}""").Respond(200, """{"name":"Rex"}""");

        var call = Send("getThing");
        await Elapse(Ms(500), call);
        using var response = await call.Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"name":"Rex"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, _handler.Requests.Count);
        Assert.Equal(2, _created); // a fresh request for each attempt
        var retry = Assert.Single(_events);
        Assert.Equal(("getThing", 1, Ms(500), (int?)503, "unavailable", (TimeSpan?)null, (Exception?)null), (retry.Operation, retry.Attempt, retry.Delay, retry.StatusCode, retry.ErrorCode, retry.RetryAfter, retry.Exception));
    }

    [Fact]
    public async Task A_success_at_once_starts_no_wait()
    {
        _handler.Respond(204);
        using var response = await Send("getThing").Within();
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, _clock.TimersCreated);
        Assert.Empty(_events);
    }

    [Fact]
    public async Task The_backoff_grows_and_the_call_gives_up_after_MaxAttempts()
    {
        _handler.Respond(503).Respond(502).Respond(504, "upstream timeout");

        var call = Send("getThing");
        await Elapse(Ms(500), call);
        await Elapse(Ms(1000), call);
        using var response = await call.Within();

        Assert.Equal((HttpStatusCode)504, response.StatusCode);
        Assert.Equal(3, _handler.Requests.Count);
        Assert.Equal([1, 2], _events.Select(e => e.Attempt));
        Assert.Equal([503, 502], _events.Select(e => e.StatusCode!.Value));
        Assert.Equal(2, _clock.TimersCreated);

        var error = await Error(response);
        Assert.Equal(3, error.Attempts);
        Assert.True(error.IsRetryable);
        Assert.Equal(Retryability.Yes, error.Retryable);
        Assert.Equal("GET https://api.test/things returned 504 (Gateway Timeout). Gave up after 3 attempts. Body: upstream timeout", error.Message);
    }

    [Fact]
    public async Task The_operation_policy_applies_unless_the_caller_overrides_it()
    {
        _handler.Respond(503).Respond(503).Respond(503).Respond(503);
        var call = Send("pollThing");
        await Elapse(Ms(1000), call);
        await Elapse(Ms(2000), call);
        await Elapse(Ms(4000), call);
        using var response = await call.Within();
        Assert.Equal(4, _handler.Requests.Count);
        Assert.Equal(4, (await Error(response)).Attempts);
    }

    [Fact]
    public async Task A_policy_override_replaces_the_annotated_one()
    {
        _handler.Respond(503).Respond(503);
        var call = Send("pollThing", policy: Exact with { MaxAttempts = 2, InitialDelay = Ms(50) });
        await Elapse(Ms(50), call);
        using var response = await call.Within();
        Assert.Equal(2, _handler.Requests.Count);
        Assert.Equal(2, (await Error(response)).Attempts);
    }

    [Fact]
    public async Task RetryPolicy_None_makes_one_attempt_and_leaves_the_error_retryable()
    {
        _handler.Respond(503);
        using var response = await Send("getThing", policy: RetryPolicy.None).Within();

        Assert.Single(_handler.Requests);
        Assert.Equal(0, _clock.TimersCreated);
        var error = await Error(response);
        Assert.Equal(1, error.Attempts);
        Assert.True(error.IsRetryable);
        Assert.Equal("GET https://api.test/things returned 503 (Service Unavailable).", error.Message);
    }

    // ------------------------------------------------------------------ Retry-After

    [Fact]
    public async Task Retry_After_sets_the_wait()
    {
        _handler.Respond(429, null, ("Retry-After", "7")).Respond(200);

        var call = Send("getThing");
        await Elapse(TimeSpan.FromSeconds(7), call);
        using var response = await call.Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var retry = Assert.Single(_events);
        Assert.Equal(TimeSpan.FromSeconds(7), retry.Delay);
        Assert.Equal(TimeSpan.FromSeconds(7), retry.RetryAfter);
    }

    [Fact]
    public async Task Retry_After_as_a_date_and_retry_after_ms_set_the_wait_too()
    {
        _handler
            .Respond(503, null, ("Retry-After", TestClock.Start.AddSeconds(3).ToString("R")))
            .Respond(503, null, ("retry-after-ms", "1250"))
            .Respond(200);

        var call = Send("getThing");
        await Elapse(TimeSpan.FromSeconds(3), call);
        await Elapse(Ms(1250), call);
        using var response = await call.Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(3), Ms(1250)], _events.Select(e => e.Delay));
    }

    [Fact]
    public async Task A_Retry_After_of_zero_retries_at_once()
    {
        _handler.Respond(503, null, ("Retry-After", "0")).Respond(200);
        using var response = await Send("getThing").Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.Zero, Assert.Single(_events).Delay);
    }

    [Fact]
    public async Task Retry_After_is_ignored_when_the_policy_does_not_honor_it()
    {
        _handler.Respond(503, null, ("Retry-After", "120")).Respond(200);
        var call = Send("getThing", policy: Exact with { HonorRetryAfter = false });
        await Elapse(Ms(500), call);
        using var response = await call.Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), Assert.Single(_events).RetryAfter);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_cap_ends_the_call_at_once()
    {
        _handler.Respond(503, "down for maintenance", ("Retry-After", "120"));

        using var response = await Send("getThing").Within();

        Assert.Single(_handler.Requests);
        Assert.Equal(0, _clock.TimersCreated);
        Assert.Empty(_events);
        var error = await Error(response);
        Assert.Equal(1, error.Attempts);
        Assert.False(error.IsRetryable);
        Assert.Equal(Retryability.Yes, error.Retryable);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Equal("GET https://api.test/things returned 503 (Service Unavailable). Not retried: the server asked to wait 120 s, beyond the 60 s cap. Body: down for maintenance", error.Message);
    }

    [Fact]
    public async Task A_huge_Retry_After_ends_the_call_at_once()
    {
        _handler.Respond(429, null, ("Retry-After", "99999999999999999999"));
        using var response = await Send("getThing").Within();
        var error = await Error(response);
        Assert.Equal(TimeSpan.MaxValue, error.RetryAfter);
        Assert.False(error.IsRetryable);
        Assert.Equal(0, _clock.TimersCreated);
    }

    // ------------------------------------------------------------------ what is not retried

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(501)]
    public async Task An_error_no_rule_calls_retryable_is_returned_at_once(int status)
    {
        _handler.Respond(status, """{"error":{"code":"nope"}}""");

        using var response = await Send("getThing").Within();

        Assert.Single(_handler.Requests);
        var error = await Error(response);
        Assert.Equal(1, error.Attempts);
        Assert.False(error.IsRetryable);
        Assert.Equal(Retryability.No, error.Retryable);
        Assert.Equal("nope", error.ErrorCode);
        Assert.DoesNotContain("Not retried", error.Message);
    }

    [Fact]
    public async Task POST_is_not_retried_by_default()
    {
        _handler.Respond(503);

        using var response = await Send("createThing", HttpMethod.Post).Within();

        Assert.Single(_handler.Requests);
        Assert.Equal(0, _clock.TimersCreated);
        var error = await Error(response);
        Assert.False(error.IsRetryable);
        Assert.Equal(Retryability.Yes, error.Retryable);
        Assert.Equal("POST https://api.test/things returned 503 (Service Unavailable). Not retried: POST is not idempotent and the annotations do not allow retrying createThing.", error.Message);
    }

    [Fact]
    public async Task PATCH_of_an_unannotated_operation_is_not_retried()
    {
        _handler.Respond(500);
        using var response = await Send("patchThing", HttpMethod.Patch).Within();
        Assert.Single(_handler.Requests);
        Assert.Contains("Not retried: PATCH is not idempotent and the annotations do not allow retrying patchThing.", (await Error(response)).Message);
    }

    [Fact]
    public async Task POST_is_retried_when_the_annotations_say_Always()
    {
        _handler.Respond(503).Respond(201);

        var call = Send("upsertThing", HttpMethod.Post);
        await Elapse(Ms(500), call);
        using var response = await call.Within();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, _handler.Requests.Count);
        Assert.All(_handler.Requests, r => Assert.Equal("""{"name":"Rex","age":0}""", r.Body));
        Assert.All(_handler.Requests, r => Assert.Null(r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task An_operation_annotated_Never_is_not_retried_even_with_GET()
    {
        _handler.Respond(503);
        using var response = await Send("deleteThing", HttpMethod.Delete).Within();
        Assert.Single(_handler.Requests);
        var error = await Error(response);
        Assert.False(error.IsRetryable);
        Assert.Contains("Not retried: the annotations never retry deleteThing.", error.Message);
    }

    [Fact]
    public async Task A_body_that_cannot_be_sent_again_is_not_retried()
    {
        _handler.Respond(503);

        using var response = await Send("upsertThing", HttpMethod.Put, replayable: false,
            configure: r => r.Content = ClientSupport.Binary(new OneWayStream([1, 2, 3]), "application/octet-stream")).Within();

        Assert.Single(_handler.Requests);
        Assert.Equal(0, _clock.TimersCreated);
        var error = await Error(response);
        Assert.False(error.IsRetryable);
        Assert.Contains("Not retried: the request body is a stream that cannot be sent again.", error.Message);
    }

    [Fact]
    public async Task Sometimes_is_retried_only_when_the_policy_says_so()
    {
        _handler.Respond(422);
        using (var response = await Send("getThing").Within())
        {
            Assert.Single(_handler.Requests);
            var error = await Error(response);
            Assert.Equal(Retryability.Sometimes, error.Retryable);
            Assert.False(error.IsRetryable);
            Assert.Equal("Sometimes transient.", error.Cause);
        }

        _handler.Respond(422).Respond(200);
        var call = Send("getThing", policy: Exact with { RetrySometimes = true });
        await Elapse(Ms(500), call);
        using var retried = await call.Within();
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(3, _handler.Requests.Count);
    }

    // ------------------------------------------------------------------ idempotency keys

    [Fact]
    public async Task The_generated_idempotency_key_is_the_same_on_every_attempt_and_new_for_each_call()
    {
        _handler.Respond(503).Respond(503).Respond(201);

        var call = Send("submitThing", HttpMethod.Post);
        await Elapse(Ms(500), call);
        await Elapse(Ms(1000), call);
        using var response = await call.Within();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var keys = _handler.Requests.Select(r => r.Header("Idempotency-Key")).ToArray();
        Assert.Equal(3, keys.Length);
        Assert.True(Guid.TryParse(keys[0], out _), keys[0]);
        Assert.All(keys, key => Assert.Equal(keys[0], key));

        _handler.Respond(201);
        using var next = await Send("submitThing", HttpMethod.Post).Within();
        Assert.NotEqual(keys[0], _handler.Requests[^1].Header("Idempotency-Key"));
    }

    [Fact]
    public async Task The_callers_idempotency_key_is_kept()
    {
        _handler.Respond(503).Respond(201);

        var call = Send("submitThing", HttpMethod.Post, configure: r => r.Headers.Add("Idempotency-Key", "mine-123"));
        await Elapse(Ms(500), call);
        using var response = await call.Within();

        Assert.Equal(["mine-123", "mine-123"], _handler.Requests.Select(r => r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task The_idempotency_key_goes_in_the_annotated_header()
    {
        _handler.Respond(500).Respond(200);
        var call = Send("keyedThing", HttpMethod.Post);
        await Elapse(Ms(500), call);
        using var response = await call.Within();

        var keys = _handler.Requests.Select(r => r.Header("X-Request-Key")).ToArray();
        Assert.NotNull(keys[0]);
        Assert.Equal(keys[0], keys[1]);
        Assert.All(_handler.Requests, r => Assert.Null(r.Header("Idempotency-Key")));
    }

    // ------------------------------------------------------------------ transport failures

    [Fact]
    public async Task A_connection_failure_is_retried()
    {
        var refused = new HttpRequestException("Connection refused");
        _handler.Throw(refused).Respond(200);

        var call = Send("getThing");
        await Elapse(Ms(500), call);
        using var response = await call.Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var retry = Assert.Single(_events);
        Assert.Same(refused, retry.Exception);
        Assert.Null(retry.StatusCode);
        Assert.Equal(Ms(500), retry.Delay);
    }

    [Fact]
    public async Task An_IOException_and_a_timeout_are_retried()
    {
        _handler.Throw(new IOException("reset")).Throw(new TaskCanceledException("timed out", new TimeoutException())).Respond(200);

        var call = Send("getThing");
        await Elapse(Ms(500), call);
        await Elapse(Ms(1000), call);
        using var response = await call.Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([typeof(IOException), typeof(TaskCanceledException)], _events.Select(e => e.Exception!.GetType()));
    }

    [Fact]
    public async Task The_last_attempts_connection_failure_is_thrown()
    {
        _handler.Throw(new HttpRequestException("one")).Throw(new HttpRequestException("two")).Throw(new HttpRequestException("three"));

        var call = Send("getThing");
        await Elapse(Ms(500), call);
        await Elapse(Ms(1000), call);

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => call.Within());
        Assert.Equal("three", thrown.Message);
        Assert.Equal(3, _handler.Requests.Count);
    }

    [Fact]
    public async Task Transport_failures_are_not_retried_when_the_policy_says_not()
    {
        _handler.Throw(new HttpRequestException("refused"));
        await Assert.ThrowsAsync<HttpRequestException>(() => Send("getThing", policy: Exact with { RetryTransportErrors = false }).Within());

        _handler.Throw(new TaskCanceledException("timed out", new TimeoutException()));
        await Assert.ThrowsAsync<TaskCanceledException>(() => Send("getThing", policy: Exact with { RetryTimeouts = false }).Within());

        Assert.Equal(2, _handler.Requests.Count);
        Assert.Equal(0, _clock.TimersCreated);
    }

    [Fact]
    public async Task Transport_failures_of_a_POST_and_other_exceptions_are_not_retried()
    {
        _handler.Throw(new HttpRequestException("refused"));
        await Assert.ThrowsAsync<HttpRequestException>(() => Send("createThing", HttpMethod.Post).Within());

        _handler.Throw(new InvalidOperationException("a bug"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Send("getThing").Within());

        Assert.Equal(2, _handler.Requests.Count);
        Assert.Empty(_events);
    }

    // ------------------------------------------------------------------ cancellation

    [Fact]
    public async Task Cancelling_during_a_wait_ends_the_call_at_once()
    {
        _handler.Respond(503).Respond(200);
        using var cancellation = new CancellationTokenSource();

        var call = Send("getThing", cancellationToken: cancellation.Token);
        Assert.Equal(Ms(500), await _clock.NextWaitAsync());
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within());
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task A_call_cancelled_while_sending_is_not_retried()
    {
        using var cancellation = new CancellationTokenSource();
        _handler.Respond(_ =>
        {
            cancellation.Cancel();
            throw new TaskCanceledException("cancelled", null, cancellation.Token);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Send("getThing", cancellationToken: cancellation.Token).Within());
        Assert.Single(_handler.Requests);
        Assert.Empty(_events);
    }

    // ------------------------------------------------------------------ what the error reports

    [Fact]
    public async Task The_error_reports_the_rule_code_cause_and_remedy_of_the_final_response()
    {
        // A body that can be read once: the loop reads the error code from it, and the error reads it again.
        HttpResponseMessage Busy(HttpRequestMessage _) => new(HttpStatusCode.Conflict)
        {
            Content = new StreamContent(new OneWayStream(Encoding.UTF8.GetBytes("""{"error":{"code":"busy"}}"""))),
        };
        _handler.Respond(Busy).Respond(Busy);

        var call = Send("getThing", policy: Exact with { MaxAttempts = 2 });
        await Elapse(Ms(500), call);
        using var response = await call.Within();

        Assert.Equal("busy", Assert.Single(_events).ErrorCode);
        var error = await ClientSupport.ErrorAsync(response, TestJson.Default.Problem, "getThing", new Redactor([], []), default);
        Assert.Equal(2, error.Attempts);
        Assert.True(error.IsRetryable);
        Assert.Equal(Retryability.Yes, error.Retryable);
        Assert.Equal("busy", error.ErrorCode);
        Assert.Equal("The thing is being edited.", error.Cause);
        Assert.Equal("Retry after the edit.", error.Remedy);
        Assert.Equal("""{"error":{"code":"busy"}}""", error.ResponseBody);
        Assert.Null(error.Payload!.Code); // the payload type has no "error" property
        Assert.Equal("""GET https://api.test/things returned 409 (Conflict). The thing is being edited. Remedy: Retry after the edit. Gave up after 2 attempts. Body: {"error":{"code":"busy"}}""", error.Message);
    }

    [Fact]
    public async Task A_code_that_matches_no_rule_leaves_the_status_unretried()
    {
        _handler.Respond(409, """{"error":{"code":"locked"}}""");
        using var response = await Send("getThing").Within();
        var error = await Error(response);
        Assert.Single(_handler.Requests);
        Assert.Equal("locked", error.ErrorCode);
        Assert.Equal(Retryability.No, error.Retryable);
        Assert.Null(error.Cause);
    }

    [Fact]
    public async Task The_error_code_is_redacted_in_the_error()
    {
        _handler.Respond(404, """{"error":{"code":"key sk-999 unknown"}}""");
        using var response = await Send("getThing").Within();
        var error = await ClientSupport.ErrorAsync(response, "getThing", new Redactor(["sk-999"], []), default);
        Assert.Equal("key *** unknown", error.ErrorCode);
    }

    [Fact]
    public async Task A_response_that_names_no_request_still_carries_the_outcome()
    {
        _handler.SetsRequestMessage = false;
        _handler.Respond(503).Respond(503);

        var call = Send("getThing", policy: Exact with { MaxAttempts = 2 });
        await Elapse(Ms(500), call);
        using var response = await call.Within();

        Assert.NotNull(response.RequestMessage);
        var error = await Error(response);
        Assert.Equal(2, error.Attempts);
        Assert.Equal("GET", error.Method);
        Assert.Equal(Url, error.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task A_success_after_retries_reports_its_attempts_to_an_error_made_of_it()
    {
        // A status below 400 the generated code does not expect (say 304) still becomes an ApiException.
        _handler.Respond(503).Respond(304);
        var call = Send("getThing");
        await Elapse(Ms(500), call);
        using var response = await call.Within();
        var error = await Error(response);
        Assert.Equal(304, error.StatusCode);
        Assert.Equal(2, error.Attempts);
        Assert.False(error.IsRetryable);
    }

    // ------------------------------------------------------------------ ApiClientOptions

    private sealed class Options : ApiClientOptions;

    [Fact]
    public void ApiClientOptions_defaults()
    {
        var options = new Options();
        Assert.Null(options.BaseAddress);
        Assert.Null(options.UserAgent);
        Assert.Null(options.Retry);
        Assert.Null(options.OnRetry);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        options.DefaultHeaders["x-a"] = "1";
        Assert.Equal("1", options.DefaultHeaders["X-A"]);
    }

    [Fact]
    public async Task The_options_overload_takes_the_clock_callback_and_annotated_policy()
    {
        var events = new List<RetryEvent>();
        var options = new Options { TimeProvider = _clock, OnRetry = events.Add };
        _handler.Respond(503).Respond(200);

        var call = RetryLoop.SendAsync(_client, Request(HttpMethod.Get), _metadata, "pollThing", options, replayable: true, default);
        await Elapse(TimeSpan.FromSeconds(1), call); // pollThing's own policy
        using var response = await call.Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Assert.Single(events).Attempt);
    }

    [Fact]
    public async Task The_options_retry_policy_overrides_the_annotations()
    {
        var options = new Options { TimeProvider = _clock, Retry = RetryPolicy.None };
        _handler.Respond(503);

        using var response = await RetryLoop.SendAsync(_client, Request(HttpMethod.Get), _metadata, "pollThing", options, replayable: true, default).Within();

        Assert.Single(_handler.Requests);
        Assert.Equal(1, (await Error(response)).Attempts);
    }

    [Fact]
    public async Task The_options_overload_passes_replayable_and_cancellation_on()
    {
        var options = new Options { TimeProvider = _clock };
        _handler.Respond(503);
        using (var response = await RetryLoop.SendAsync(_client, Request(HttpMethod.Get), _metadata, "getThing", options, replayable: false, default).Within())
            Assert.Contains("cannot be sent again", (await Error(response)).Message);

        _handler.Respond(503);
        using var cancellation = new CancellationTokenSource();
        var call = RetryLoop.SendAsync(_client, Request(HttpMethod.Get), _metadata, "getThing", options, replayable: true, cancellation.Token);
        await _clock.NextWaitAsync();
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within());
    }
}
