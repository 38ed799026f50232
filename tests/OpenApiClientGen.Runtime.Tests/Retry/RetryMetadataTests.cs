using System.Net.Http;

namespace OpenApiClientGen.Runtime.Tests.Retry;

/// <summary>ErrorRule, OperationRetry and RetryMetadata: which rule an error falls under, error codes, and what may be retried.</summary>
public sealed class RetryMetadataTests
{
    private static RetryMetadata Metadata(IReadOnlyList<ErrorRule> errors, IReadOnlyList<OperationRetry>? operations = null, string? pointer = null, ErrorCodeMatch match = ErrorCodeMatch.Exact, RetryPolicy? policy = null) =>
        new("test.annotations.yaml", policy ?? RetryPolicy.Default, pointer, match, errors, operations ?? []);

    // ------------------------------------------------------------------ ErrorRule.Covers

    [Theory]
    [InlineData("429", 429, true)]
    [InlineData("429", 428, false)]
    [InlineData("429", 4290, false)]
    [InlineData("4XX", 400, true)]
    [InlineData("4XX", 404, true)]
    [InlineData("4XX", 499, true)]
    [InlineData("4XX", 399, false)]
    [InlineData("4XX", 500, false)]
    [InlineData("5xx", 503, true)]
    [InlineData("5XX", 600, false)]
    [InlineData("default", 200, true)]
    [InlineData("default", 503, true)]
    [InlineData("teapot", 418, false)]
    [InlineData("+429", 429, false)]
    public void Covers_an_exact_status_a_range_or_any(string status, int code, bool covered) =>
        Assert.Equal(covered, new ErrorRule(status, null, Retryability.Yes).Covers(code));

    [Fact]
    public void A_rule_keeps_what_it_was_given()
    {
        var rule = new ErrorRule("529", "overloaded_error", Retryability.Sometimes, "The API is overloaded.", "Wait and retry.");
        Assert.Equal(("529", "overloaded_error", Retryability.Sometimes, "The API is overloaded.", "Wait and retry."), (rule.Status, rule.Code, rule.Retryable, rule.Cause, rule.Remedy));
        Assert.Throws<ArgumentNullException>(() => new ErrorRule(null!, null, Retryability.No));
    }

    // ------------------------------------------------------------------ Classify

    private static readonly ErrorRule ApiDefault = new("default", null, Retryability.No, "api default");
    private static readonly ErrorRule Api5XX = new("5XX", null, Retryability.Yes, "api 5XX");
    private static readonly ErrorRule Api503 = new("503", null, Retryability.Yes, "api 503");
    private static readonly ErrorRule Api429 = new("429", null, Retryability.Yes, "api 429");
    private static readonly ErrorRule Api429Quota = new("429", "quota_exceeded", Retryability.No, "api 429 quota");
    private static readonly ErrorRule Api4XXOverloaded = new("4XX", "overloaded", Retryability.Sometimes, "api 4XX overloaded");
    private static readonly ErrorRule Op5XX = new("5XX", null, Retryability.No, "op 5XX");
    private static readonly ErrorRule Op409 = new("409", "busy", Retryability.Yes, "op 409 busy");

    private static readonly RetryMetadata Table = Metadata(
        [ApiDefault, Api5XX, Api503, Api429, Api429Quota, Api4XXOverloaded],
        [new OperationRetry("createThing", errors: [Op5XX, Op409])]);

    public static TheoryData<string, int, string?, string> Classifications => new()
    {
        // The most specific status wins: exact, then range, then default.
        { "other", 503, null, "api 503" },
        { "other", 502, null, "api 5XX" },
        { "other", 404, null, "api default" },
        { "other", 200, null, "api default" },
        // At the same status, a rule whose code matches beats one without a code; a rule whose code does not match is skipped.
        { "other", 429, "quota_exceeded", "api 429 quota" },
        { "other", 429, "QUOTA_EXCEEDED", "api 429 quota" },
        { "other", 429, "other_code", "api 429" },
        { "other", 429, null, "api 429" },
        // An exact status without a code beats a range with one.
        { "other", 429, "overloaded", "api 429" },
        { "other", 418, "overloaded", "api 4XX overloaded" },
        { "other", 418, "Overloaded", "api 4XX overloaded" },
        { "other", 418, "overloaded!", "api default" },
        // The operation's rules first, even when the API's are more specific.
        { "createThing", 503, null, "op 5XX" },
        { "createThing", 409, "busy", "op 409 busy" },
        // Then the API's, when none of the operation's covers the error.
        { "createThing", 409, "idle", "api default" },
        { "createThing", 429, "quota_exceeded", "api 429 quota" },
    };

    [Theory]
    [MemberData(nameof(Classifications))]
    public void Classify_picks_the_most_specific_rule(string operation, int status, string? code, string expected) =>
        Assert.Equal(expected, Table.Classify(operation, status, code)?.Cause);

    [Fact]
    public void Classify_is_null_when_no_rule_covers_the_error()
    {
        var metadata = Metadata([new ErrorRule("503", null, Retryability.Yes), new ErrorRule("4XX", "x", Retryability.Yes)]);
        Assert.Null(metadata.Classify("any", 404, null));
        Assert.Null(metadata.Classify("any", 404, "y"));
        Assert.Null(metadata.Classify("any", 500, null));
        Assert.NotNull(metadata.Classify("any", 404, "x"));
    }

    [Fact]
    public void The_first_of_equally_specific_rules_wins()
    {
        var first = new ErrorRule("503", null, Retryability.Yes, "first");
        var second = new ErrorRule("503", null, Retryability.No, "second");
        Assert.Same(first, Metadata([first, second]).Classify("any", 503, null));
        Assert.Same(second, Metadata([second, first]).Classify("any", 503, null));
    }

    [Theory]
    [InlineData(ErrorCodeMatch.Exact, "rate limit", "Rate Limit", true)]
    [InlineData(ErrorCodeMatch.Exact, "rate limit", "rate limit exceeded", false)]
    [InlineData(ErrorCodeMatch.Prefix, "rate limit", "Rate limit exceeded: retry in 5 s", true)]
    [InlineData(ErrorCodeMatch.Prefix, "rate limit", "the rate limit was exceeded", false)]
    [InlineData(ErrorCodeMatch.Contains, "rate limit", "The RATE LIMIT was exceeded", true)]
    [InlineData(ErrorCodeMatch.Contains, "rate limit", "the rate was limited", false)]
    public void Codes_are_compared_as_the_metadata_says_ignoring_case(ErrorCodeMatch match, string ruleCode, string errorCode, bool matches)
    {
        var rule = new ErrorRule("429", ruleCode, Retryability.Yes);
        var metadata = Metadata([rule], match: match);
        Assert.Equal(matches, metadata.Classify("any", 429, errorCode) == rule);
    }

    [Fact]
    public void DefaultErrors_are_the_usual_transient_statuses()
    {
        Assert.Equal(["408", "429", "500", "502", "503", "504"], RetryMetadata.DefaultErrors.Select(r => r.Status));
        Assert.All(RetryMetadata.DefaultErrors, r => Assert.Equal((null, Retryability.Yes), (r.Code, r.Retryable)));

        var metadata = Metadata(RetryMetadata.DefaultErrors);
        Assert.Equal("503", metadata.Classify("any", 503, "whatever")?.Status);
        Assert.Null(metadata.Classify("any", 501, null));
        Assert.Null(metadata.Classify("any", 400, null));
    }

    // ------------------------------------------------------------------ ReadErrorCode

    [Theory]
    [InlineData("/error/type", """{"error":{"type":"overloaded_error","message":"x"}}""", "overloaded_error")]
    [InlineData("/error/type", """{"error":{"message":"x"}}""", null)]
    [InlineData("/error/type", """{"error":"flat"}""", null)]
    [InlineData("/a~1b/c~0d", """{"a/b":{"c~d":"escaped"}}""", "escaped")]
    [InlineData("/~01", """{"~1":"tilde one","/":"slash"}""", "tilde one")]
    [InlineData("/errors/1/code", """{"errors":[{"code":"first"},{"code":"second"}]}""", "second")]
    [InlineData("/errors/2/code", """{"errors":[{"code":"first"},{"code":"second"}]}""", null)]
    [InlineData("/errors/-1/code", """{"errors":[{"code":"first"}]}""", null)]
    [InlineData("/errors/x", """{"errors":["a"]}""", null)]
    [InlineData("/0", """["root array"]""", "root array")]
    [InlineData("/code", """{"code":42}""", "42")]
    [InlineData("/code", """{"code":-1.5e3}""", "-1.5e3")]
    [InlineData("/code", """{"code":true}""", "true")]
    [InlineData("/code", """{"code":null}""", null)]
    [InlineData("/code", """{"code":{"nested":1}}""", null)]
    [InlineData("/code", """{"code":[1]}""", null)]
    [InlineData("", "\"the whole body\"", "the whole body")]
    [InlineData("/message", "Bad Gateway", null)]
    [InlineData("/message", "<html>503</html>", null)]
    [InlineData("/message", """{"message":"truncated""", null)]
    [InlineData("/message", "", null)]
    [InlineData("/message", "   ", null)]
    [InlineData("/message", null, null)]
    public void ReadErrorCode_follows_the_JSON_pointer(string pointer, string? body, string? expected) =>
        Assert.Equal(expected, Metadata([], pointer: pointer).ReadErrorCode(body));

    [Fact]
    public void ReadErrorCode_without_a_pointer_is_null() =>
        Assert.Null(Metadata([]).ReadErrorCode("""{"code":"x"}"""));

    // ------------------------------------------------------------------ For, PolicyFor

    [Fact]
    public void For_finds_an_operation_by_name_or_gives_the_defaults()
    {
        var own = RetryPolicy.Default with { MaxAttempts = 7 };
        var api = RetryPolicy.Default with { MaxAttempts = 2 };
        var create = new OperationRetry("createThing", RetryMode.IdempotencyKey, policy: own);
        var delete = new OperationRetry("DELETE /things/{id}", RetryMode.Never);
        var metadata = Metadata([], [create, delete], policy: api);

        Assert.Same(create, metadata.For("createThing"));
        Assert.Same(delete, metadata.For("DELETE /things/{id}"));
        Assert.Equal([create, delete], metadata.Operations);
        Assert.Equal("test.annotations.yaml", metadata.Source);

        var unknown = metadata.For("CreateThing");
        Assert.Equal(RetryMode.Default, unknown.Mode);
        Assert.Null(unknown.Policy);
        Assert.Empty(unknown.Errors);
        Assert.Null(unknown.IdempotencyKeyHeader);

        Assert.Same(own, metadata.PolicyFor("createThing"));
        Assert.Same(api, metadata.PolicyFor("DELETE /things/{id}"));
        Assert.Same(api, metadata.PolicyFor("unknown"));
    }

    [Fact]
    public void The_constructor_rejects_missing_parts()
    {
        Assert.Throws<ArgumentNullException>(() => new RetryMetadata(null, null!, null, ErrorCodeMatch.Exact, [], []));
        Assert.Throws<ArgumentNullException>(() => new RetryMetadata(null, RetryPolicy.Default, null, ErrorCodeMatch.Exact, null!, []));
        Assert.Throws<ArgumentNullException>(() => new RetryMetadata(null, RetryPolicy.Default, null, ErrorCodeMatch.Exact, [], null!));
        Assert.Throws<ArgumentNullException>(() => new OperationRetry(null!));
    }

    // ------------------------------------------------------------------ OperationRetry

    public static TheoryData<RetryMode, string, bool> Allowed => new()
    {
        { RetryMode.Default, "GET", true },
        { RetryMode.Default, "HEAD", true },
        { RetryMode.Default, "OPTIONS", true },
        { RetryMode.Default, "PUT", true },
        { RetryMode.Default, "DELETE", true },
        { RetryMode.Default, "TRACE", true },
        { RetryMode.Default, "POST", false },
        { RetryMode.Default, "PATCH", false },
        { RetryMode.Default, "QUERY", false },
        { RetryMode.Never, "GET", false },
        { RetryMode.Never, "PUT", false },
        { RetryMode.Never, "POST", false },
        { RetryMode.Always, "GET", true },
        { RetryMode.Always, "POST", true },
        { RetryMode.Always, "PATCH", true },
        { RetryMode.IdempotencyKey, "POST", true },
        { RetryMode.IdempotencyKey, "PATCH", true },
        { RetryMode.IdempotencyKey, "DELETE", true },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allows_idempotent_methods_by_default_and_as_the_mode_says_otherwise(RetryMode mode, string method, bool allowed) =>
        Assert.Equal(allowed, new OperationRetry("op", mode).Allows(new HttpMethod(method)));

    [Fact]
    public void The_idempotency_key_header_defaults_only_in_its_mode()
    {
        Assert.Equal("Idempotency-Key", new OperationRetry("op", RetryMode.IdempotencyKey).IdempotencyKeyHeader);
        Assert.Equal("X-Request-Key", new OperationRetry("op", RetryMode.IdempotencyKey, "X-Request-Key").IdempotencyKeyHeader);
        Assert.Null(new OperationRetry("op", RetryMode.Always).IdempotencyKeyHeader);
        Assert.Equal("X-Other", new OperationRetry("op", RetryMode.Default, "X-Other").IdempotencyKeyHeader);
    }

    // ------------------------------------------------------------------ ShouldRetry

    private static ApiException Error(bool retryable) => new("failed", 503, "GET", null, null) { IsRetryable = retryable };

    [Fact]
    public void ShouldRetry_an_exception_is_whether_it_is_a_retryable_ApiException()
    {
        var metadata = Metadata(RetryMetadata.DefaultErrors);
        Assert.True(metadata.ShouldRetry(Error(true)));
        Assert.False(metadata.ShouldRetry(Error(false)));
        Assert.False(metadata.ShouldRetry(new HttpRequestException("connection refused")));
        Assert.False(metadata.ShouldRetry(new InvalidOperationException()));
    }

    [Fact]
    public void ShouldRetry_a_call_also_retries_transport_failures_and_timeouts_of_repeatable_operations()
    {
        var noTransport = RetryPolicy.Default with { RetryTransportErrors = false, RetryTimeouts = false };
        var metadata = Metadata(
            RetryMetadata.DefaultErrors,
            [new OperationRetry("create", RetryMode.Always), new OperationRetry("never", RetryMode.Never), new OperationRetry("strict", policy: noTransport)]);
        var timeout = new TaskCanceledException("timed out", new TimeoutException());

        Assert.True(metadata.ShouldRetry(new HttpRequestException("refused"), "get", HttpMethod.Get));
        Assert.True(metadata.ShouldRetry(new IOException("reset"), "get", HttpMethod.Get));
        Assert.True(metadata.ShouldRetry(timeout, "get", HttpMethod.Get));
        Assert.False(metadata.ShouldRetry(new HttpRequestException("refused"), "post", HttpMethod.Post));
        Assert.False(metadata.ShouldRetry(timeout, "post", HttpMethod.Post));
        Assert.True(metadata.ShouldRetry(new HttpRequestException("refused"), "create", HttpMethod.Post));
        Assert.False(metadata.ShouldRetry(new HttpRequestException("refused"), "never", HttpMethod.Get));
        Assert.False(metadata.ShouldRetry(new HttpRequestException("refused"), "strict", HttpMethod.Get));
        Assert.False(metadata.ShouldRetry(timeout, "strict", HttpMethod.Get));
        // A cancellation that is not a timeout is the caller's.
        Assert.False(metadata.ShouldRetry(new OperationCanceledException(), "get", HttpMethod.Get));
        Assert.False(metadata.ShouldRetry(new InvalidOperationException(), "get", HttpMethod.Get));
        // An ApiException says itself, whatever the operation.
        Assert.True(metadata.ShouldRetry(Error(true), "never", HttpMethod.Post));
        Assert.False(metadata.ShouldRetry(Error(false), "get", HttpMethod.Get));
    }

    [Fact]
    public void ShouldRetry_timeouts_follow_the_API_policy_for_an_unannotated_operation()
    {
        var metadata = Metadata([], policy: RetryPolicy.Default with { RetryTimeouts = false });
        Assert.False(metadata.ShouldRetry(new TaskCanceledException("timed out", new TimeoutException()), "get", HttpMethod.Get));
        Assert.True(metadata.ShouldRetry(new HttpRequestException("refused"), "get", HttpMethod.Get));
    }
}
