using System.Net.Http.Headers;

namespace OpenApiClientGen.Runtime.Tests.Http;

/// <summary>ClientSupport on the response side: JSON success bodies, text and streams, and the errors.</summary>
public sealed class ClientSupportResponseTests
{
    private const string Secret = "s3cr+t/key";
    private static readonly Redactor Redactor = new([Secret, null, ""], ["api_key"]);
    private static readonly Redactor Nothing = new([], []);

    private static HttpResponseMessage Response(HttpStatusCode status, HttpContent? content, string url = "https://api.test/pets/1", HttpMethod? method = null) =>
        new(status)
        {
            Content = content ?? new ByteArrayContent([]),
            RequestMessage = new HttpRequestMessage(method ?? HttpMethod.Get, url),
        };

    private static HttpContent Bytes(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static HttpContent Streamed(string text, int chunk = int.MaxValue) => new StreamContent(new OneWayStream(Encoding.UTF8.GetBytes(text), chunk));

    // ------------------------------------------------------------------ ReadJsonAsync

    [Fact]
    public async Task ReadJsonAsync_reads_a_body_of_known_length()
    {
        using var response = Response(HttpStatusCode.OK, Bytes("""{"name":"Rex","age":3,"tags":["good"]}"""));
        Assert.NotNull(response.Content.Headers.ContentLength);

        var pet = await ClientSupport.ReadJsonAsync(response, TestJson.Default.Pet, "getPet", Redactor, default);

        Assert.Equal("Rex", pet.Name);
        Assert.Equal(3, pet.Age);
        Assert.Equal(["good"], pet.Tags!);
    }

    [Fact]
    public async Task ReadJsonAsync_reads_a_body_of_unknown_length_as_it_streams()
    {
        using var response = Response(HttpStatusCode.OK, Streamed("""{"name":"Rex","age":3}""", chunk: 5));
        Assert.Null(response.Content.Headers.ContentLength);

        var pet = await ClientSupport.ReadJsonAsync(response, TestJson.Default.Pet, "getPet", Redactor, default);

        Assert.Equal("Rex", pet.Name);
        Assert.Equal(3, pet.Age);
    }

    [Fact]
    public async Task ReadJsonAsync_reads_all_of_a_known_length_that_arrives_in_pieces()
    {
        var tags = Enumerable.Range(0, 2000).Select(i => "tag" + i).ToArray();
        var json = JsonSerializer.Serialize(new Pet { Name = "Big", Tags = tags }, TestJson.Default.Pet);
        var stream = new OneWayStream(Encoding.UTF8.GetBytes(json), chunk: 1000);
        var content = new StreamContent(stream);
        content.Headers.ContentLength = Encoding.UTF8.GetByteCount(json);
        using var response = Response(HttpStatusCode.OK, content);

        var pet = await ClientSupport.ReadJsonAsync(response, TestJson.Default.Pet, "getPet", Redactor, default);

        Assert.Equal(tags, pet.Tags!);
        Assert.True(stream.Reads > 10, $"{stream.Reads} reads");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_null_body_is_an_ApiException_naming_the_expected_type(bool knownLength)
    {
        using var response = Response(HttpStatusCode.OK, knownLength ? Bytes("null") : Streamed("null"));

        var error = await Assert.ThrowsAsync<ApiException>(() => ClientSupport.ReadJsonAsync(response, TestJson.Default.Pet, "getPet", Redactor, default));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal("getPet", error.OperationId);
        Assert.IsType<JsonException>(error.PayloadError);
        Assert.Contains("The response body is null; Pet was expected.", error.Message);
        Assert.Contains("the body does not match its declared schema", error.Message);
    }

    [Theory]
    [InlineData(true, """{"name":5}""")]
    [InlineData(false, """{"name":5}""")]
    [InlineData(true, """{"name":"Rex",""")]
    [InlineData(false, "")]
    public async Task A_body_that_does_not_match_is_an_ApiException_with_the_JSON_error(bool knownLength, string body)
    {
        using var response = Response(HttpStatusCode.Created, knownLength ? Bytes(body) : Streamed(body), "https://api.test/pets?api_key=abc");

        var error = await Assert.ThrowsAsync<ApiException>(() => ClientSupport.ReadJsonAsync(response, TestJson.Default.Pet, "createPet", Redactor, default));

        Assert.Equal(201, error.StatusCode);
        Assert.Equal("GET", error.Method);
        Assert.Equal("https://api.test/pets?api_key=***", error.RequestUri!.AbsoluteUri);
        var json = Assert.IsType<JsonException>(error.PayloadError, exactMatch: false);
        Assert.StartsWith("GET https://api.test/pets?api_key=*** returned 201 (Created). The response does not match the API description: the body does not match its declared schema: ", error.Message);
        Assert.Contains(json.Message, error.Message);
        Assert.DoesNotContain("abc", error.Message);
    }

    [Fact]
    public async Task ReadTextAsync_and_ReadStreamAsync_hand_over_the_body()
    {
        using var text = Response(HttpStatusCode.OK, new StringContent("héllo"));
        Assert.Equal("héllo", await ClientSupport.ReadTextAsync(text, CancellationToken.None));

        var response = Response(HttpStatusCode.OK, Streamed("streamed body"));
        var stream = await ClientSupport.ReadStreamAsync(response, CancellationToken.None);
        Assert.False(stream.CanWrite);
        using (var reader = new StreamReader(stream)) Assert.Equal("streamed body", await reader.ReadToEndAsync());
        // Disposing the stream (with the reader) disposed its response.
        await Assert.ThrowsAsync<ObjectDisposedException>(() => response.Content.ReadAsStringAsync());
    }

    // ------------------------------------------------------------------ ErrorAsync

    [Fact]
    public async Task ErrorAsync_describes_the_response()
    {
        using var response = Response(HttpStatusCode.NotFound, Bytes("""{"message":"no such pet"}"""), "https://api.test/pets/9?q=1", HttpMethod.Delete);
        response.ReasonPhrase = "Gone Fishing";
        response.Headers.TryAddWithoutValidation("X-Request-Id", "r-1");

        var error = await ClientSupport.ErrorAsync(response, "deletePet", Nothing, default);

        Assert.IsType<ApiException>(error);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("DELETE", error.Method);
        Assert.Equal("https://api.test/pets/9?q=1", error.RequestUri!.AbsoluteUri);
        Assert.Equal("deletePet", error.OperationId);
        Assert.Equal("Gone Fishing", error.ReasonPhrase);
        Assert.Equal("""{"message":"no such pet"}""", error.ResponseBody);
        Assert.Equal(["r-1"], error.ResponseHeaders["x-request-id"]);
        Assert.Equal(["application/json"], error.ResponseHeaders["Content-Type"]);
        Assert.Null(error.PayloadError);
        Assert.Equal("""DELETE https://api.test/pets/9?q=1 returned 404 (Gone Fishing). Body: {"message":"no such pet"}""", error.Message);
        // Not through the retry loop: one attempt, and nothing known of retrying.
        Assert.Equal(1, error.Attempts);
        Assert.False(error.IsRetryable);
        Assert.Equal(Retryability.No, error.Retryable);
        Assert.Null(error.RetryAfter);
        Assert.Null(error.ErrorCode);
        Assert.Null(error.Cause);
        Assert.Null(error.Remedy);
    }

    [Fact]
    public async Task ErrorAsync_without_a_body_or_reason_says_so_briefly()
    {
        // A status with no standard reason phrase, and none sent.
        using var response = Response((HttpStatusCode)599, null);
        Assert.Null(response.ReasonPhrase);

        var error = await ClientSupport.ErrorAsync(response, null, Nothing, default);

        Assert.Null(error.ResponseBody);
        Assert.Null(error.OperationId);
        Assert.Null(error.ReasonPhrase);
        Assert.Equal("GET https://api.test/pets/1 returned 599.", error.Message);
    }

    [Fact]
    public async Task ErrorAsync_cuts_a_long_body_in_the_message_but_keeps_it_whole()
    {
        var body = new string('x', 600);
        using var response = Response(HttpStatusCode.BadRequest, new StringContent(body));

        var error = await ClientSupport.ErrorAsync(response, null, Nothing, default);

        Assert.Equal(body, error.ResponseBody);
        Assert.EndsWith(" Body: " + new string('x', 512) + "…", error.Message);
    }

    [Fact]
    public async Task ErrorAsync_reads_a_streamed_body()
    {
        using var response = Response(HttpStatusCode.BadGateway, Streamed("upstream down", chunk: 3));
        var error = await ClientSupport.ErrorAsync(response, null, Nothing, default);
        Assert.Equal("upstream down", error.ResponseBody);
    }

    [Fact]
    public async Task ErrorAsync_of_T_carries_the_typed_payload()
    {
        using var response = Response((HttpStatusCode)429, Bytes("""{"code":"rate_limited","message":"slow down"}"""));

        var error = await ClientSupport.ErrorAsync(response, TestJson.Default.Problem, "getPet", Nothing, default);

        Assert.IsType<ApiException<Problem>>(error);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal("rate_limited", error.Payload!.Code);
        Assert.Equal("slow down", error.Payload.Message);
        Assert.Null(error.PayloadError);
        Assert.Equal("""{"code":"rate_limited","message":"slow down"}""", error.ResponseBody);
        Assert.Equal("""GET https://api.test/pets/1 returned 429 (Too Many Requests). Body: {"code":"rate_limited","message":"slow down"}""", error.Message);
        // Catchable as the untyped exception.
        Assert.IsAssignableFrom<ApiException>(error);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"code":12}""")]
    [InlineData("[]")]
    public async Task ErrorAsync_of_T_with_a_body_that_does_not_match_keeps_the_text_and_the_JSON_error(string body)
    {
        using var response = Response(HttpStatusCode.Conflict, new StringContent(body));

        var error = await ClientSupport.ErrorAsync(response, TestJson.Default.Problem, "getPet", Nothing, default);

        Assert.Null(error.Payload);
        var json = Assert.IsType<JsonException>(error.PayloadError, exactMatch: false);
        Assert.Equal(body, error.ResponseBody);
        Assert.StartsWith("GET https://api.test/pets/1 returned 409 (Conflict). The response does not match the API description: the body does not match its declared schema: ", error.Message);
        Assert.Contains(json.Message, error.Message);
        Assert.EndsWith(" Body: " + body, error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public async Task ErrorAsync_of_T_without_a_body_names_the_type_it_expected(string body)
    {
        using var response = Response(HttpStatusCode.BadRequest, new StringContent(body));

        var error = await ClientSupport.ErrorAsync(response, TestJson.Default.Problem, null, Nothing, default);

        Assert.Null(error.Payload);
        Assert.Equal("The response has no body; Problem was expected.", error.PayloadError!.Message);
        Assert.Contains("The response has no body; Problem was expected.", error.Message);
    }

    [Fact]
    public async Task ErrorAsync_of_T_of_a_JSON_null_says_why_there_is_no_payload()
    {
        using var response = Response(HttpStatusCode.BadRequest, Bytes("null"));

        var error = await ClientSupport.ErrorAsync(response, TestJson.Default.Problem, null, Nothing, default);

        Assert.Null(error.Payload);
        Assert.IsType<JsonException>(error.PayloadError, exactMatch: false);
        Assert.Contains("Problem was expected", error.Message);
    }

    [Fact]
    public async Task ErrorAsync_of_a_response_without_its_request_says_what_it_knows()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("busy") };

        var error = await ClientSupport.ErrorAsync(response, "op", Nothing, default);

        Assert.Equal("?", error.Method);
        Assert.Null(error.RequestUri);
        Assert.Equal("? ? returned 503 (Service Unavailable). Body: busy", error.Message);
    }

    // ------------------------------------------------------------------ redaction

    [Fact]
    public async Task ErrorAsync_redacts_the_secret_in_the_url_body_headers_reason_and_message()
    {
        var escaped = Uri.EscapeDataString(Secret);
        using var response = Response(
            HttpStatusCode.Unauthorized,
            Bytes($$"""{"message":"bad key {{Secret}}","echo":"{{JsonEncodedText.Encode(Secret)}}"}"""),
            $"https://api.test/keys/{escaped}?api_key=other-value&q=1");
        response.ReasonPhrase = "Unauthorized " + Secret;
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", $"Bearer realm=\"{Secret}\"");
        response.Content.Headers.TryAddWithoutValidation("X-Echo", escaped);

        var error = await ClientSupport.ErrorAsync(response, "getKey", Redactor, default);

        Assert.Equal("https://api.test/keys/***?api_key=***&q=1", error.RequestUri!.AbsoluteUri);
        Assert.Equal("""{"message":"bad key ***","echo":"***"}""", error.ResponseBody);
        Assert.Equal(["Bearer realm=\"***\""], error.ResponseHeaders["WWW-Authenticate"]);
        Assert.Equal(["***"], error.ResponseHeaders["X-Echo"]);
        Assert.Equal("Unauthorized ***", error.ReasonPhrase);
        Assert.Equal("""GET https://api.test/keys/***?api_key=***&q=1 returned 401 (Unauthorized ***). Body: {"message":"bad key ***","echo":"***"}""", error.Message);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task ErrorAsync_of_T_reads_the_payload_from_the_redacted_body()
    {
        using var response = Response(HttpStatusCode.Forbidden, Bytes($$"""{"code":"forbidden","message":"key {{JsonEncodedText.Encode(Secret)}} is revoked"}"""));
        response.Headers.TryAddWithoutValidation("X-Key", Secret);

        var error = await ClientSupport.ErrorAsync(response, TestJson.Default.Problem, "getKey", Redactor, default);

        Assert.Equal("key *** is revoked", error.Payload!.Message);
        Assert.Equal(["***"], error.ResponseHeaders["X-Key"]);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task A_body_that_does_not_match_leaks_no_secret_in_the_JSON_error()
    {
        using var response = Response(HttpStatusCode.OK, Bytes($$"""{"name":"{{Secret}}","age":"{{Secret}}"}"""), $"https://api.test/x?api_key={Uri.EscapeDataString(Secret)}");

        var error = await Assert.ThrowsAsync<ApiException>(() => ClientSupport.ReadJsonAsync(response, TestJson.Default.Pet, "getPet", Redactor, default));

        Assert.Equal("https://api.test/x?api_key=***", error.RequestUri!.AbsoluteUri);
        AssertNoSecret(error);
    }

    private static void AssertNoSecret(ApiException error)
    {
        foreach (var form in new[] { Secret, Uri.EscapeDataString(Secret), JsonEncodedText.Encode(Secret).ToString() })
        {
            Assert.DoesNotContain(form, error.Message);
            Assert.DoesNotContain(form, error.RequestUri?.AbsoluteUri ?? "");
            Assert.DoesNotContain(form, error.ResponseBody ?? "");
            Assert.DoesNotContain(form, error.ReasonPhrase ?? "");
            Assert.DoesNotContain(form, error.ErrorCode ?? "");
            Assert.All(error.ResponseHeaders.Values.SelectMany(v => v), value => Assert.DoesNotContain(form, value));
        }
    }
}
