using Microsoft.Extensions.Time.Testing;

namespace OpenApiClientGen.Runtime.Tests.Auth;

/// <summary>
/// ClientCredentialsTokenProvider over a scripted token endpoint, on a fake clock: what it sends, what it caches and for
/// how long, what a rejected token does, and what its errors show (never the secret or a token).
/// </summary>
public sealed class ClientCredentialsTokenProviderTests : IDisposable
{
    private const string TokenUrl = "https://auth.test/oauth2/token";
    private const string ClientId = "my client:1";

    /// <summary>A secret whose URL-, form- and JSON-escaped forms all differ from it.</summary>
    private const string Secret = "s3cr3t pass+/é";

    /// <summary>base64("my+client%3A1:s3cr3t+pass%2B%2F%C3%A9"): id and secret form-urlencoded, then joined (RFC 6749 §2.3.1).</summary>
    private const string BasicCredentials = "bXkrY2xpZW50JTNBMTpzM2NyM3QrcGFzcyUyQiUyRiVDMyVBOQ==";

    private readonly ScriptedHandler _handler = new();
    private readonly HttpClient _http;
    private readonly FakeTimeProvider _clock = new(TestClock.Start);

    public ClientCredentialsTokenProviderTests() => _http = new HttpClient(_handler);

    public void Dispose() => _http.Dispose();

    private ClientCredentialsTokenProvider Provider(Action<ClientCredentialsOptions>? configure = null)
    {
        var options = new ClientCredentialsOptions { TimeProvider = _clock };
        configure?.Invoke(options);
        return new ClientCredentialsTokenProvider(_http, new Uri(TokenUrl), ClientId, Secret, options);
    }

    private static TokenContext Context(params string[] scopes) => new("oauth", scopes, "listPets", null);

    private static TokenContext Rejecting(string token, params string[] scopes) => new("oauth", scopes, "listPets", token);

    private static Task<string> Get(ClientCredentialsTokenProvider provider, TokenContext context) =>
        provider.GetTokenAsync(context, default).Within();

    // ------------------------------------------------------------------ the request

    [Fact]
    public async Task The_request_is_a_form_POST_of_the_grant_and_scopes_with_a_Basic_header_of_the_form_encoded_id_and_secret()
    {
        _handler.Respond(200, Form.Token("tok-1", 3600));
        using var provider = Provider();

        Assert.Equal("tok-1", await Get(provider, Context("read:pets", "write:pets")));

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(TokenUrl, request.Uri!.AbsoluteUri);
        Assert.Equal("application/x-www-form-urlencoded", request.Header("Content-Type"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Equal("Basic " + BasicCredentials, request.Header("Authorization"));
        var form = Form.Parse(request.Body);
        Assert.Equal(2, form.Count);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("read:pets write:pets", form["scope"]);
        Assert.DoesNotContain(Secret, request.Body);
    }

    [Fact]
    public async Task The_Basic_credentials_decode_to_the_id_and_secret_with_form_decoding()
    {
        _handler.Respond(200, Form.Token("tok-1"));
        using var provider = Provider();
        await Get(provider, Context());

        var encoded = _handler.Requests[0].Header("Authorization")!["Basic ".Length..];
        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        var colon = pair.IndexOf(':');
        // The colon of the id is escaped, so the first colon is the separator.
        Assert.Equal(ClientId, WebUtility.UrlDecode(pair[..colon]));
        Assert.Equal(Secret, WebUtility.UrlDecode(pair[(colon + 1)..]));
    }

    [Fact]
    public async Task RequestBody_authentication_sends_the_id_and_secret_in_the_form_and_no_Authorization_header()
    {
        _handler.Respond(200, Form.Token("tok-1"));
        using var provider = Provider(o =>
        {
            o.Authentication = ClientAuthentication.RequestBody;
            o.AdditionalParameters["audience"] = "https://api.test/";
            o.AdditionalParameters["resource"] = "urn:pets & more";
        });

        await Get(provider, Context("read"));

        var request = Assert.Single(_handler.Requests);
        Assert.Null(request.Header("Authorization"));
        var form = Form.Parse(request.Body);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("read", form["scope"]);
        Assert.Equal(ClientId, form["client_id"]);
        Assert.Equal(Secret, form["client_secret"]);
        Assert.Equal("https://api.test/", form["audience"]);
        Assert.Equal("urn:pets & more", form["resource"]);
        Assert.Equal(6, form.Count);
    }

    [Fact]
    public async Task Additional_parameters_go_with_Basic_authentication_too()
    {
        _handler.Respond(200, Form.Token("tok-1"));
        using var provider = Provider(o => o.AdditionalParameters["audience"] = "pets");
        await Get(provider, Context());

        var form = Form.Parse(_handler.Requests[0].Body);
        Assert.Equal(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["audience"] = "pets" }, form);
        Assert.NotNull(_handler.Requests[0].Header("Authorization"));
    }

    [Fact]
    public async Task No_scopes_send_no_scope_parameter()
    {
        _handler.Respond(200, Form.Token("tok-1"));
        using var provider = Provider();
        await Get(provider, Context());

        Assert.False(Form.Parse(_handler.Requests[0].Body).ContainsKey("scope"));
    }

    [Fact]
    public async Task The_default_scopes_are_asked_for_when_the_context_has_none_and_the_context_scopes_otherwise()
    {
        _handler.Respond(200, Form.Token("tok-default")).Respond(200, Form.Token("tok-admin"));
        using var provider = Provider(o => { o.DefaultScopes.Add("api.read"); o.DefaultScopes.Add("api.write"); });

        Assert.Equal("tok-default", await Get(provider, Context()));
        Assert.Equal("tok-admin", await Get(provider, Context("admin")));

        Assert.Equal("api.read api.write", Form.Parse(_handler.Requests[0].Body)["scope"]);
        Assert.Equal("admin", Form.Parse(_handler.Requests[1].Body)["scope"]);
    }

    [Fact]
    public async Task Repeated_and_empty_scopes_are_sent_once()
    {
        _handler.Respond(200, Form.Token("tok-1"));
        using var provider = Provider();
        await Get(provider, Context("b", "", "a", "b"));

        Assert.Equal("b a", Form.Parse(_handler.Requests[0].Body)["scope"]);
    }

    // ------------------------------------------------------------------ caching and renewal

    [Fact]
    public async Task A_token_is_reused_until_it_expires()
    {
        _handler.Respond(200, Form.Token("tok-1", 3600));
        using var provider = Provider();

        Assert.Equal("tok-1", await Get(provider, Context("read")));
        Assert.Equal("tok-1", await Get(provider, Context("read")));
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task A_token_is_renewed_the_skew_before_it_expires()
    {
        _handler.Respond(200, Form.Token("tok-1", 3600)).Respond(200, Form.Token("tok-2", 3600));
        using var provider = Provider();

        Assert.Equal("tok-1", await Get(provider, Context()));
        _clock.Advance(TimeSpan.FromSeconds(3570) - TimeSpan.FromMilliseconds(1));
        Assert.Equal("tok-1", await Get(provider, Context()));
        Assert.Single(_handler.Requests);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("tok-2", await Get(provider, Context()));
        Assert.Equal(2, _handler.Requests.Count);

        // The new token's lifetime counts from its own request.
        _clock.Advance(TimeSpan.FromSeconds(3569));
        Assert.Equal("tok-2", await Get(provider, Context()));
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Theory]
    [InlineData("\"120\"", 90)]
    [InlineData("120", 90)]
    [InlineData("120.5", 90.5)]
    [InlineData("\" 600 \"", 570)]
    public async Task Expires_in_is_read_as_a_number_or_a_numeric_string(string expiresIn, double renewAfterSeconds)
    {
        _handler.Respond(200, Form.Token("tok-1", expiresIn)).Respond(200, Form.Token("tok-2", 3600));
        using var provider = Provider();

        await Get(provider, Context());
        _clock.Advance(TimeSpan.FromSeconds(renewAfterSeconds) - TimeSpan.FromMilliseconds(1));
        Assert.Equal("tok-1", await Get(provider, Context()));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("tok-2", await Get(provider, Context()));
    }

    [Fact]
    public async Task The_skew_is_configurable()
    {
        _handler.Respond(200, Form.Token("tok-1", 100)).Respond(200, Form.Token("tok-2", 100));
        using var provider = Provider(o => o.ExpirySkew = TimeSpan.Zero);

        await Get(provider, Context());
        _clock.Advance(TimeSpan.FromSeconds(99.999));
        Assert.Equal("tok-1", await Get(provider, Context()));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("tok-2", await Get(provider, Context()));
    }

    [Fact]
    public async Task A_token_shorter_lived_than_twice_the_skew_is_renewed_halfway()
    {
        _handler.Respond(200, Form.Token("tok-1", 40)).Respond(200, Form.Token("tok-2", 40));
        using var provider = Provider();

        await Get(provider, Context());
        _clock.Advance(TimeSpan.FromSeconds(19.999));
        Assert.Equal("tok-1", await Get(provider, Context()));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("tok-2", await Get(provider, Context()));
    }

    [Fact]
    public async Task A_token_without_expires_in_is_kept_until_it_is_rejected()
    {
        _handler.Respond(200, Form.Token("tok-1")).Respond(200, Form.Token("tok-2"));
        using var provider = Provider();

        Assert.Equal("tok-1", await Get(provider, Context()));
        _clock.Advance(TimeSpan.FromDays(3650));
        Assert.Equal("tok-1", await Get(provider, Context()));
        Assert.Single(_handler.Requests);

        Assert.Equal("tok-2", await Get(provider, Rejecting("tok-1")));
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task A_null_expires_in_is_no_expiry()
    {
        _handler.Respond(200, """{"access_token":"tok-1","token_type":"Bearer","expires_in":null}""");
        using var provider = Provider();

        await Get(provider, Context());
        _clock.Advance(TimeSpan.FromDays(400));
        Assert.Equal("tok-1", await Get(provider, Context()));
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task An_expires_in_of_zero_gives_the_token_once_and_renews_on_the_next_call()
    {
        _handler.Respond(200, Form.Token("tok-1", 0)).Respond(200, Form.Token("tok-2", 3600));
        using var provider = Provider();

        Assert.Equal("tok-1", await Get(provider, Context()));
        Assert.Equal("tok-2", await Get(provider, Context()));
    }

    [Fact]
    public async Task Each_set_of_scopes_has_its_own_token_whatever_the_order()
    {
        _handler.Respond(200, Form.Token("tok-rw", 3600)).Respond(200, Form.Token("tok-r", 3600)).Respond(200, Form.Token("tok-none", 3600));
        using var provider = Provider();

        Assert.Equal("tok-rw", await Get(provider, Context("read", "write")));
        Assert.Equal("tok-r", await Get(provider, Context("read")));
        Assert.Equal("tok-rw", await Get(provider, Context("write", "read")));
        Assert.Equal("tok-rw", await Get(provider, Context("write", "read", "write")));
        Assert.Equal("tok-none", await Get(provider, Context()));
        Assert.Equal("tok-r", await Get(provider, Context("read")));

        Assert.Equal(new string?[] { "read write", "read", null }, _handler.Requests.Select(r => Form.Parse(r.Body).GetValueOrDefault("scope")));
    }

    [Fact]
    public async Task Scope_sets_expire_apart()
    {
        _handler.Respond(200, Form.Token("tok-a1", 100)).Respond(200, Form.Token("tok-b1", 1000)).Respond(200, Form.Token("tok-a2", 100));
        using var provider = Provider();

        await Get(provider, Context("a"));
        await Get(provider, Context("b"));
        _clock.Advance(TimeSpan.FromSeconds(80));
        Assert.Equal("tok-a2", await Get(provider, Context("a")));
        Assert.Equal("tok-b1", await Get(provider, Context("b")));
        Assert.Equal(3, _handler.Requests.Count);
    }

    // ------------------------------------------------------------------ rejected tokens

    [Fact]
    public async Task A_rejected_token_that_is_cached_is_dropped_and_a_new_one_fetched_once()
    {
        _handler.Respond(200, Form.Token("tok-1", 3600)).Respond(200, Form.Token("tok-2", 3600));
        using var provider = Provider();

        Assert.Equal("tok-1", await Get(provider, Context("read")));
        Assert.Equal("tok-2", await Get(provider, Rejecting("tok-1", "read")));
        Assert.Equal("tok-2", await Get(provider, Context("read")));
        Assert.Equal(2, _handler.Requests.Count);
        Assert.Equal("read", Form.Parse(_handler.Requests[1].Body)["scope"]);
    }

    [Fact]
    public async Task A_rejected_token_the_cache_already_replaced_gives_the_newer_one_without_a_request()
    {
        _handler.Respond(200, Form.Token("tok-1", 3600)).Respond(200, Form.Token("tok-2", 3600));
        using var provider = Provider();

        await Get(provider, Context());
        Assert.Equal("tok-2", await Get(provider, Rejecting("tok-1")));
        // A second request that was refused tok-1 too (sent before the renewal) gets tok-2 as it is.
        Assert.Equal("tok-2", await Get(provider, Rejecting("tok-1")));
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task A_rejected_token_with_nothing_cached_fetches_one()
    {
        _handler.Respond(200, Form.Token("tok-9", 3600));
        using var provider = Provider();

        Assert.Equal("tok-9", await Get(provider, Rejecting("tok-from-elsewhere")));
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task A_rejection_drops_only_the_token_of_its_scopes()
    {
        _handler.Respond(200, Form.Token("tok-a1", 3600)).Respond(200, Form.Token("tok-b1", 3600)).Respond(200, Form.Token("tok-a2", 3600));
        using var provider = Provider();

        await Get(provider, Context("a"));
        await Get(provider, Context("b"));
        Assert.Equal("tok-a2", await Get(provider, Rejecting("tok-a1", "a")));
        Assert.Equal("tok-b1", await Get(provider, Context("b")));
        Assert.Equal(3, _handler.Requests.Count);
    }

    // ------------------------------------------------------------------ errors

    /// <summary>Every form the secret (and the Basic credentials) could come back in.</summary>
    private static readonly string[] SecretForms =
    [
        Secret,
        Uri.EscapeDataString(Secret),
        "s3cr3t+pass%2B%2F%C3%A9",
        JsonEncodedText.Encode(Secret).ToString(),
        BasicCredentials,
        "s3cr3t",
    ];

    private static void AssertNoneIn(ApiException error, params string[] secrets)
    {
        var exposed = new List<string?> { error.Message, error.ToString(), error.ResponseBody, error.ReasonPhrase, error.ErrorCode, error.RequestUri?.ToString(), error.PayloadError?.ToString() };
        foreach (var header in error.ResponseHeaders) exposed.AddRange(header.Value);
        foreach (var text in exposed)
        {
            if (text is null) continue;
            foreach (var secret in secrets) Assert.DoesNotContain(secret, text);
        }
    }

    [Fact]
    public async Task An_OAuth_error_is_an_ApiException_naming_the_URL_status_and_error_without_the_secret_it_echoes()
    {
        var echo = $"client_secret={"s3cr3t+pass%2B%2F%C3%A9"} and Basic {BasicCredentials} and {Secret} are wrong";
        var body = $$"""{"error":"invalid_client","error_description":{{JsonSerializer.Serialize(echo, TestJson.Default.String)}}}""";
        Assert.Contains("\\u002B", body);
        _handler.Respond(401, body, ("WWW-Authenticate", $"Basic realm=\"{Secret}\""));
        using var provider = Provider();

        var error = await Assert.ThrowsAsync<ApiException>(() => Get(provider, Context("read")));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("POST", error.Method);
        Assert.Equal(TokenUrl, error.RequestUri!.AbsoluteUri);
        Assert.Equal("oauth2 token", error.OperationId);
        Assert.Equal(ClientCredentialsTokenProvider.TokenOperationId, error.OperationId);
        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Contains(TokenUrl, error.Message);
        Assert.Contains("401", error.Message);
        Assert.Contains("invalid_client", error.Message);
        Assert.Contains("client_secret=*** and Basic *** and *** are wrong", error.Message);
        Assert.Contains(ClientId, error.Message);
        Assert.NotNull(error.ResponseBody);
        Assert.Contains("invalid_client", error.ResponseBody);
        Assert.Contains("***", error.ResponseBody);
        Assert.Contains("***", string.Join(" ", error.ResponseHeaders["WWW-Authenticate"]));
        AssertNoneIn(error, SecretForms);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task A_secret_sent_in_the_body_and_echoed_is_redacted_too()
    {
        _handler.Respond(400, $$"""{"error":"invalid_request","error_description":"bad body: grant_type=client_credentials&client_id=my+client%3A1&client_secret=s3cr3t+pass%2B%2F%C3%A9"}""");
        using var provider = Provider(o => o.Authentication = ClientAuthentication.RequestBody);

        var error = await Assert.ThrowsAsync<ApiException>(() => Get(provider, Context()));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("invalid_request", error.Message);
        Assert.Contains("client_secret=***", error.Message);
        AssertNoneIn(error, SecretForms);
    }

    [Fact]
    public async Task An_error_never_shows_the_rejected_or_a_cached_token()
    {
        _handler.Respond(200, Form.Token("tok-cached-other", 3600))
            .Respond(200, Form.Token("tok-rejected", 3600))
            .Respond(503, """{"error":"temporarily_unavailable","error_description":"tok-rejected and tok-cached-other"}""");
        using var provider = Provider();
        await Get(provider, Context("other"));
        await Get(provider, Context("mine"));

        var error = await Assert.ThrowsAsync<ApiException>(() => Get(provider, Rejecting("tok-rejected", "mine")));

        Assert.Equal(503, error.StatusCode);
        Assert.Contains("temporarily_unavailable", error.Message);
        AssertNoneIn(error, "tok-rejected", "tok-cached-other");
    }

    [Fact]
    public async Task An_error_body_that_is_not_JSON_is_shown_in_the_message()
    {
        _handler.Respond(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent($"<html>upstream down for {Secret}</html>", Encoding.UTF8, "text/html"),
        });
        using var provider = Provider();

        var error = await Assert.ThrowsAsync<ApiException>(() => Get(provider, Context()));

        Assert.Equal(502, error.StatusCode);
        Assert.Null(error.ErrorCode);
        Assert.Contains("502", error.Message);
        Assert.Contains("<html>upstream down for ***</html>", error.Message);
        Assert.Equal("<html>upstream down for ***</html>", error.ResponseBody);
        AssertNoneIn(error, SecretForms);
    }

    [Fact]
    public async Task An_error_without_a_body_is_an_ApiException_too()
    {
        _handler.Respond(500);
        using var provider = Provider();

        var error = await Assert.ThrowsAsync<ApiException>(() => Get(provider, Context()));

        Assert.Equal(500, error.StatusCode);
        Assert.Null(error.ResponseBody);
        Assert.Contains("500", error.Message);
    }

    [Fact]
    public async Task A_failed_request_caches_nothing_and_the_next_call_asks_again()
    {
        _handler.Respond(500, """{"error":"server_error"}""").Respond(200, Form.Token("tok-1", 3600));
        using var provider = Provider();

        await Assert.ThrowsAsync<ApiException>(() => Get(provider, Context()));
        Assert.Equal("tok-1", await Get(provider, Context()));
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task A_connection_failure_is_the_HttpClient_s_exception_and_the_next_call_asks_again()
    {
        _handler.Throw(new HttpRequestException("connection refused")).Respond(200, Form.Token("tok-1", 3600));
        using var provider = Provider();

        await Assert.ThrowsAsync<HttpRequestException>(() => Get(provider, Context()));
        Assert.Equal("tok-1", await Get(provider, Context()));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("not json", true)]
    [InlineData("{\"access_token\":", true)]
    [InlineData("[]", false)]
    [InlineData("null", false)]
    [InlineData("\"tok\"", false)]
    [InlineData("{}", false)]
    [InlineData("{\"token_type\":\"Bearer\",\"expires_in\":3600}", false)]
    [InlineData("{\"access_token\":null}", false)]
    [InlineData("{\"access_token\":\"\"}", false)]
    [InlineData("{\"access_token\":42}", false)]
    [InlineData("{\"access_token\":{\"value\":\"x\"}}", false)]
    public async Task A_success_without_an_access_token_is_an_ApiException(string body, bool notJson)
    {
        _handler.Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        using var provider = Provider();

        var error = await Assert.ThrowsAsync<ApiException>(() => Get(provider, Context()));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal("oauth2 token", error.OperationId);
        Assert.Contains(TokenUrl, error.Message);
        Assert.Contains("200", error.Message);
        Assert.Equal(body.Length == 0 ? null : body, error.ResponseBody);
        if (notJson)
        {
            Assert.Contains("not JSON", error.Message);
            Assert.IsType<JsonException>(error.PayloadError);
        }
        else
        {
            Assert.Null(error.PayloadError);
        }
    }

    [Theory]
    [InlineData("\"soon\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("-5")]
    [InlineData("\"NaN\"")]
    [InlineData("{\"s\":3600}")]
    public async Task A_token_with_an_unreadable_expires_in_is_an_ApiException_that_hides_the_token(string expiresIn)
    {
        _handler.Respond(200, $$"""{"access_token":"tok-very-secret","refresh_token":"rt-very-secret","expires_in":{{expiresIn}}}""");
        using var provider = Provider();

        var error = await Assert.ThrowsAsync<ApiException>(() => Get(provider, Context()));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("expires_in", error.Message);
        Assert.Contains("\"access_token\":\"***\"", error.ResponseBody);
        AssertNoneIn(error, "tok-very-secret", "rt-very-secret");
    }

    [Fact]
    public async Task A_form_encoded_token_response_is_refused_without_showing_the_token()
    {
        _handler.Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("access_token=gho_form%2Btoken&scope=&token_type=bearer", Encoding.UTF8, "application/x-www-form-urlencoded"),
        });
        using var provider = Provider();

        var error = await Assert.ThrowsAsync<ApiException>(() => Get(provider, Context()));

        Assert.Contains("not JSON", error.Message);
        Assert.Contains("token_type=bearer", error.Message);
        AssertNoneIn(error, "gho_form", "gho_form+token");
    }

    // ------------------------------------------------------------------ cancellation, disposal, arguments

    [Fact]
    public async Task A_cancelled_call_sends_nothing()
    {
        using var provider = Provider();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.GetTokenAsync(Context(), cancelled.Token));
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task A_disposed_provider_refuses_and_leaves_the_HttpClient_open()
    {
        _handler.Respond(200, Form.Token("tok-1", 3600)).Respond(204);
        var provider = Provider();
        await Get(provider, Context());

        provider.Dispose();
        provider.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => provider.GetTokenAsync(Context(), default));
        using var response = await _http.GetAsync("https://api.test/still-open");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public void ToString_shows_the_URL_and_client_id_but_not_the_secret()
    {
        using var provider = Provider();
        var text = provider.ToString();

        Assert.Contains(TokenUrl, text);
        Assert.Contains(ClientId, text);
        Assert.DoesNotContain("s3cr3t", text);
        Assert.Equal(new Uri(TokenUrl), provider.TokenUrl);
        Assert.Equal(ClientId, provider.ClientId);
    }

    [Fact]
    public async Task The_arguments_are_checked()
    {
        var url = new Uri(TokenUrl);
        Assert.Throws<ArgumentNullException>(() => new ClientCredentialsTokenProvider(null!, url, ClientId, Secret));
        Assert.Throws<ArgumentNullException>(() => new ClientCredentialsTokenProvider(_http, null!, ClientId, Secret));
        Assert.Throws<ArgumentNullException>(() => new ClientCredentialsTokenProvider(_http, url, null!, Secret));
        Assert.Throws<ArgumentNullException>(() => new ClientCredentialsTokenProvider(_http, url, ClientId, null!));
        Assert.Throws<ArgumentException>(() => new ClientCredentialsTokenProvider(_http, url, "", Secret));
        Assert.Throws<ArgumentException>(() => new ClientCredentialsTokenProvider(_http, new Uri("/token", UriKind.Relative), ClientId, Secret));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClientCredentialsTokenProvider(_http, url, ClientId, Secret, new ClientCredentialsOptions { ExpirySkew = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClientCredentialsTokenProvider(_http, url, ClientId, Secret, new ClientCredentialsOptions { Authentication = (ClientAuthentication)7 }));
        foreach (var reserved in new[] { "grant_type", "scope", "client_id", "client_secret" })
        {
            var options = new ClientCredentialsOptions { AdditionalParameters = { [reserved] = "x" } };
            var error = Assert.Throws<ArgumentException>(() => new ClientCredentialsTokenProvider(_http, url, ClientId, Secret, options));
            Assert.Contains(reserved, error.Message);
        }
        using var provider = Provider();
        await Assert.ThrowsAsync<ArgumentNullException>(() => provider.GetTokenAsync(null!, default));
    }

    [Fact]
    public async Task The_options_are_read_once()
    {
        _handler.Respond(200, Form.Token("tok-1"));
        var options = new ClientCredentialsOptions { TimeProvider = _clock, DefaultScopes = { "first" } };
        using var provider = new ClientCredentialsTokenProvider(_http, new Uri(TokenUrl), ClientId, Secret, options);
        options.DefaultScopes.Add("later");
        options.AdditionalParameters["audience"] = "later";

        await Get(provider, Context());

        Assert.Equal(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "first" }, Form.Parse(_handler.Requests[0].Body));
    }

    [Fact]
    public void The_defaults_are_Basic_authentication_and_a_30_second_skew()
    {
        var options = new ClientCredentialsOptions();
        Assert.Equal(ClientAuthentication.BasicHeader, options.Authentication);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ExpirySkew);
        Assert.Null(options.TimeProvider);
        Assert.Empty(options.DefaultScopes);
        Assert.Empty(options.AdditionalParameters);
    }
}
