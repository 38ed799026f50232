using System.Net.Http.Headers;

namespace OpenApiClientGen.Runtime.Tests.Http;

/// <summary>ApiResponse over a real HttpResponseMessage: status, the redacted request URL and headers, the typed headers, and RateLimit.</summary>
public sealed class ApiResponseTests
{
    private const string Secret = "sk-live+42/x";
    private static readonly Redactor Redactor = new([Secret], ["api_key"]);

    private static HttpResponseMessage Message(
        HttpStatusCode status = HttpStatusCode.OK,
        string url = "https://api.test/v1/items?page=1",
        HttpMethod? method = null,
        string? reason = null,
        HttpContent? content = null,
        params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status)
        {
            RequestMessage = new HttpRequestMessage(method ?? HttpMethod.Get, url),
            Content = content ?? new ByteArrayContent([]),
        };
        if (reason is not null) response.ReasonPhrase = reason;
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value)) Assert.True(response.Content.Headers.TryAddWithoutValidation(name, value), name);
        }
        return response;
    }

    private static ApiResponse Of(HttpResponseMessage message, TimeSpan? elapsed = null) => new(message, Redactor, elapsed ?? TimeSpan.FromMilliseconds(12));

    private static ApiResponse WithHeaders(params (string Name, string Value)[] headers) => Of(Message(headers: headers));

    // ------------------------------------------------------------------ status, method, URL

    [Fact]
    public void Status_reason_method_and_elapsed_come_from_the_response()
    {
        using var message = Message(HttpStatusCode.NotFound, method: HttpMethod.Delete, reason: "No Such Item");
        var response = Of(message, TimeSpan.FromMilliseconds(1234.4));

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("No Such Item", response.ReasonPhrase);
        Assert.Equal("DELETE", response.Method);
        Assert.Equal(TimeSpan.FromMilliseconds(1234.4), response.Elapsed);
        Assert.Equal(1, response.Attempts);
    }

    [Fact]
    public void A_response_without_its_request_says_so()
    {
        using var message = new HttpResponseMessage(HttpStatusCode.Accepted);
        var response = Of(message);
        Assert.Equal(202, response.StatusCode);
        Assert.Equal("?", response.Method);
        Assert.Null(response.RequestUri);
        Assert.Empty(response.Links);
        Assert.Equal("202 Accepted from ? ? (1 attempt, 12 ms)", response.ToString());
    }

    [Fact]
    public void The_constructor_refuses_nulls()
    {
        using var message = Message();
        Assert.Throws<ArgumentNullException>(() => new ApiResponse(null!, Redactor, TimeSpan.Zero));
        Assert.Throws<ArgumentNullException>(() => new ApiResponse(message, null!, TimeSpan.Zero));
    }

    [Fact]
    public void RequestUri_redacts_a_secret_in_the_query_and_a_secret_query_parameter()
    {
        using var message = Message(url: $"https://api.test/v1/items?api_key=abc123&q={Uri.EscapeDataString(Secret)}&page=2");
        var response = Of(message);

        Assert.Equal("https://api.test/v1/items?api_key=***&q=***&page=2", response.RequestUri!.AbsoluteUri);
        // The request itself is left as it was sent.
        Assert.Contains("abc123", message.RequestMessage!.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void The_reason_phrase_is_redacted()
    {
        using var message = Message(HttpStatusCode.Unauthorized, reason: "Key " + Secret + " revoked");
        Assert.Equal("Key *** revoked", Of(message).ReasonPhrase);
    }

    // ------------------------------------------------------------------ headers

    [Fact]
    public void Headers_hold_response_and_content_headers_by_case_insensitive_name()
    {
        var content = new StringContent("{}", Encoding.UTF8, "application/json");
        content.Headers.ContentLanguage.Add("de");
        using var message = Message(content: content, headers: [("X-Custom", "one"), ("X-Custom", "two"), ("Cache-Control", "no-cache")]);
        var response = Of(message);

        Assert.Equal(["one", "two"], response.Headers["x-custom"]);
        Assert.Equal(["one", "two"], response.Headers["X-CUSTOM"]);
        Assert.Equal("application/json; charset=utf-8", Assert.Single(response.Headers["content-type"]));
        Assert.Equal("de", response.Header("CONTENT-LANGUAGE"));
        Assert.Equal("no-cache", response.Header("cache-control"));
        Assert.Equal("one", response.Header("x-custom"));
        Assert.Null(response.Header("x-missing"));
        Assert.False(response.Headers.ContainsKey("x-missing"));
    }

    [Fact]
    public void Header_values_are_redacted()
    {
        using var message = Message(headers: [("X-Echo", "Bearer " + Secret), ("X-Echo-Url", "key=" + Uri.EscapeDataString(Secret)), ("X-Plain", "nothing")]);
        var response = Of(message);

        Assert.Equal("Bearer ***", response.Header("x-echo"));
        Assert.Equal("key=***", response.Header("x-echo-url"));
        Assert.Equal("nothing", response.Header("x-plain"));
        Assert.DoesNotContain(response.Headers.Values.SelectMany(v => v), v => v.Contains("sk-live"));
    }

    [Fact]
    public void RequestId_is_the_first_of_the_known_headers_present()
    {
        Assert.Equal("req-1", WithHeaders(("X-Amz-Request-Id", "amz-1"), ("x-request-id", "req-1"), ("Request-Id", "plain-1")).RequestId);
        Assert.Equal("plain-1", WithHeaders(("X-Amz-Request-Id", "amz-1"), ("Request-Id", "plain-1")).RequestId);
        Assert.Equal("amz-1", WithHeaders(("X-Amz-Request-Id", "amz-1"), ("x-correlation-id", "corr-1")).RequestId);
        Assert.Equal("gh-1", WithHeaders(("X-GitHub-Request-Id", "gh-1")).RequestId);
        Assert.Equal("corr-1", WithHeaders(("X-Correlation-Id", "corr-1")).RequestId);
        Assert.Null(WithHeaders(("X-Trace", "t-1")).RequestId);
    }

    [Fact]
    public void ETag_is_sent_as_it_is_quotes_included()
    {
        using var strong = Message();
        strong.Headers.ETag = new EntityTagHeaderValue("\"v42\"");
        Assert.Equal("\"v42\"", Of(strong).ETag);

        using var weak = Message();
        weak.Headers.ETag = new EntityTagHeaderValue("\"v43\"", isWeak: true);
        Assert.Equal("W/\"v43\"", Of(weak).ETag);

        Assert.Null(WithHeaders().ETag);
    }

    [Fact]
    public void Links_are_resolved_against_the_request_URL()
    {
        using var message = Message(
            url: "https://api.test/v1/items?page=2",
            headers: ("Link", "<?page=3>; rel=\"next\", </v1/items?page=1>; rel=\"first\", <https://api.test/v1/items?page=9>; rel=\"last\""));
        var links = Of(message).Links;

        Assert.Equal("https://api.test/v1/items?page=3", links["next"].AbsoluteUri);
        Assert.Equal("https://api.test/v1/items?page=1", links["first"].AbsoluteUri);
        Assert.Equal("https://api.test/v1/items?page=9", links["LAST"].AbsoluteUri);
        Assert.False(links.ContainsKey("prev"));
    }

    [Fact]
    public void Links_show_no_secret_the_server_put_in_a_target()
    {
        using var message = Message(headers: ("Link", $"<https://api.test/v1/items?page=3&token={Uri.EscapeDataString(Secret)}>; rel=\"next\""));
        var next = Of(message).Links["next"];
        Assert.DoesNotContain("sk-live", next.OriginalString);
        Assert.StartsWith("https://api.test/v1/items?page=3&token=", next.AbsoluteUri);
    }

    [Fact]
    public void No_Link_header_gives_no_links() => Assert.Empty(WithHeaders(("X-Other", "1")).Links);

    [Fact]
    public void RetryAfter_reads_seconds_and_retry_after_ms()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), WithHeaders(("Retry-After", "30")).RetryAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), WithHeaders(("retry-after-ms", "1500")).RetryAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(250), WithHeaders(("Retry-After", "30"), ("retry-after-ms", "250")).RetryAfter);
        Assert.Null(WithHeaders(("X-Other", "30")).RetryAfter);
    }

    // ------------------------------------------------------------------ ToString

    [Fact]
    public void ToString_gives_status_method_redacted_URL_attempts_time_and_request_id()
    {
        using var message = Message(
            HttpStatusCode.TooManyRequests,
            url: $"https://api.test/v1/items?api_key=abc123&q={Uri.EscapeDataString(Secret)}",
            method: HttpMethod.Post,
            reason: "Slow down " + Secret,
            headers: ("x-request-id", "req-77"));
        var text = Of(message, TimeSpan.FromMilliseconds(1234.4)).ToString();

        Assert.Equal("429 Slow down *** from POST https://api.test/v1/items?api_key=***&q=*** (1 attempt, 1234 ms), request id req-77", text);
        Assert.DoesNotContain("abc123", text);
        Assert.DoesNotContain("sk-live", text);
    }

    [Fact]
    public void ToString_without_a_request_id_ends_with_the_time()
    {
        using var message = Message(HttpStatusCode.OK);
        Assert.Equal("200 OK from GET https://api.test/v1/items?page=1 (1 attempt, 12 ms)", Of(message).ToString());
    }

    [Fact]
    public async Task Attempts_count_the_retries_the_loop_made()
    {
        var handler = new ScriptedHandler().Respond(503).Respond(502).Respond(200, "{}", ("x-request-id", "req-3"));
        using var client = new HttpClient(handler);
        var metadata = new RetryMetadata(null, RetryPolicy.Default with { InitialDelay = TimeSpan.Zero, JitterRatio = 0 }, null, ErrorCodeMatch.Exact, RetryMetadata.DefaultErrors, []);

        using var message = await RetryLoop.SendAsync(client, () => new HttpRequestMessage(HttpMethod.Get, "https://api.test/v1/items"), metadata, "listItems", null, true, TimeProvider.System, null, default).Within();
        var response = Of(message, TimeSpan.FromMilliseconds(5));

        Assert.Equal(3, response.Attempts);
        Assert.Equal("200 OK from GET https://api.test/v1/items (3 attempts, 5 ms), request id req-3", response.ToString());
    }

    // ------------------------------------------------------------------ ApiResponse<T>

    [Fact]
    public void The_typed_response_carries_the_value_and_the_response()
    {
        using var message = Message(HttpStatusCode.Created, method: HttpMethod.Post, headers: [("x-request-id", "req-9"), ("X-Echo", Secret)]);
        var response = Of(message, TimeSpan.FromMilliseconds(40));
        var pet = new Pet { Name = "Rex" };

        var typed = new ApiResponse<Pet>(response, pet);

        Assert.Same(pet, typed.Value);
        Assert.Equal(201, typed.StatusCode);
        Assert.Equal("POST", typed.Method);
        Assert.Equal("req-9", typed.RequestId);
        Assert.Equal("***", typed.Header("x-echo"));
        Assert.Equal(TimeSpan.FromMilliseconds(40), typed.Elapsed);
        Assert.Equal(response.ToString(), typed.ToString());
        Assert.Null(new ApiResponse<string?>(response, null).Value);
        Assert.Throws<ArgumentNullException>(() => new ApiResponse<Pet>(null!, pet));
    }

    // ------------------------------------------------------------------ RateLimit

    [Fact]
    public void RateLimit_reads_x_ratelimit_headers_with_an_epoch_reset()
    {
        var limit = WithHeaders(("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "4999"), ("X-RateLimit-Reset", "1735689600")).RateLimit;
        Assert.Equal(new RateLimit(5000, 4999, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)), limit);
    }

    [Fact]
    public void RateLimit_reads_the_IETF_headers_with_a_delta_reset()
    {
        var before = DateTimeOffset.UtcNow;
        var limit = WithHeaders(("RateLimit-Limit", "100"), ("RateLimit-Remaining", "5"), ("RateLimit-Reset", "30")).RateLimit;
        var after = DateTimeOffset.UtcNow;

        Assert.NotNull(limit);
        Assert.Equal((100L, 5L), (limit!.Limit, limit.Remaining));
        Assert.InRange(limit.Reset!.Value, before.AddSeconds(30), after.AddSeconds(30));
    }

    [Fact]
    public void RateLimit_reads_the_combined_header()
    {
        var before = DateTimeOffset.UtcNow;
        var limit = RateLimit.Read(WithHeaders(("RateLimit", "limit=100, remaining=5, reset=30")));
        var after = DateTimeOffset.UtcNow;

        Assert.NotNull(limit);
        Assert.Equal((100L, 5L), (limit!.Limit, limit.Remaining));
        Assert.InRange(limit.Reset!.Value, before.AddSeconds(30), after.AddSeconds(30));
    }

    [Fact]
    public void The_combined_header_wins_and_separate_headers_fill_what_it_lacks()
    {
        var limit = WithHeaders(("RateLimit", "limit=100;remaining=5"), ("X-RateLimit-Remaining", "99"), ("X-RateLimit-Reset", "2000000000")).RateLimit;
        Assert.Equal(new RateLimit(100, 5, DateTimeOffset.FromUnixTimeSeconds(2_000_000_000)), limit);
    }

    [Fact]
    public void The_x_ratelimit_headers_win_over_the_IETF_ones()
    {
        var limit = WithHeaders(("RateLimit-Limit", "10"), ("X-RateLimit-Limit", "20"), ("RateLimit-Remaining", "3")).RateLimit;
        Assert.Equal(new RateLimit(20, 3, null), limit);
    }

    [Theory]
    [InlineData("999999999", false)]
    [InlineData("1000000000", true)]
    [InlineData("0", false)]
    public void A_reset_from_2001_on_is_an_instant_and_a_smaller_one_a_delay(string reset, bool epoch)
    {
        var before = DateTimeOffset.UtcNow;
        var limit = WithHeaders(("X-RateLimit-Reset", reset)).RateLimit;
        var after = DateTimeOffset.UtcNow;

        var seconds = long.Parse(reset);
        if (epoch) Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(seconds), limit!.Reset);
        else Assert.InRange(limit!.Reset!.Value, before.AddSeconds(seconds), after.AddSeconds(seconds));
        Assert.Null(limit.Limit);
        Assert.Null(limit.Remaining);
    }

    [Fact]
    public void A_reset_beyond_the_year_9999_is_the_latest_instant()
    {
        var limit = WithHeaders(("X-RateLimit-Reset", "99999999999999")).RateLimit;
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(253_402_300_799), limit!.Reset);
    }

    [Theory]
    [InlineData("lots", "-1", "soon")]
    [InlineData("1.5", "+3", "")]
    [InlineData("1e3", "0x10", "99999999999999999999999")]
    public void Garbage_values_give_null_fields(string limitText, string remainingText, string resetText)
    {
        var limit = WithHeaders(("X-RateLimit-Limit", limitText), ("X-RateLimit-Remaining", remainingText), ("X-RateLimit-Reset", resetText)).RateLimit;
        Assert.Equal(new RateLimit(null, null, null), limit);
    }

    [Fact]
    public void Garbage_in_the_combined_header_gives_null_fields()
    {
        Assert.Equal(new RateLimit(null, 7, null), WithHeaders(("RateLimit", "limit=many, remaining=7, reset")).RateLimit);
    }

    [Fact]
    public void Values_are_trimmed()
    {
        Assert.Equal(new RateLimit(60, 59, null), WithHeaders(("RateLimit", " limit = 60 ,  remaining = 59 ")).RateLimit);
    }

    [Fact]
    public void No_rate_limit_headers_give_null()
    {
        Assert.Null(WithHeaders(("X-Other", "1"), ("Retry-After", "5")).RateLimit);
        Assert.Null(RateLimit.Read(WithHeaders()));
        Assert.Throws<ArgumentNullException>(() => RateLimit.Read(null!));
    }
}
