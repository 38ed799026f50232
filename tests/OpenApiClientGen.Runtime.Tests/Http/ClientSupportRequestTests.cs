namespace OpenApiClientGen.Runtime.Tests.Http;

/// <summary>ClientSupport on the request side: credentials, header and cookie parameters, and the bodies.</summary>
public sealed class ClientSupportRequestTests
{
    private static HttpRequestMessage Request(string url = "https://api.test/items") => new(HttpMethod.Get, url);

    // ------------------------------------------------------------------ credentials

    [Fact]
    public void AddQueryCredential_starts_or_extends_the_query_and_escapes()
    {
        var request = Request();
        ClientSupport.AddQueryCredential(request, "api key", "s+cret/=");
        Assert.Equal("https://api.test/items?api%20key=s%2Bcret%2F%3D", request.RequestUri!.AbsoluteUri);

        var withQuery = Request("https://api.test/items?page=2");
        ClientSupport.AddQueryCredential(withQuery, "key", "k");
        Assert.Equal("https://api.test/items?page=2&key=k", withQuery.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void AddQueryCredential_keeps_an_escaped_dot_segment_of_the_path()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ClientSupportUrl("/files/%2E%2E/meta"));
        ClientSupport.AddQueryCredential(request, "key", "k");
        Assert.Equal("https://api.test/files/%2E%2E/meta?key=k", request.RequestUri!.AbsoluteUri);
    }

    private static Uri ClientSupportUrl(string path)
    {
        var url = new RequestUrl(new Uri("https://api.test"));
        url.AppendPath(path);
        return url.ToUri();
    }

    [Theory]
    [InlineData("Aladdin", "open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ==")]
    [InlineData("user", null, "dXNlcjo=")]
    [InlineData("usér", "pässword:x", "dXPDqXI6cMOkc3N3b3JkOng=")]
    public void BasicCredential_is_base64_of_utf8_user_colon_password(string user, string? password, string expected) =>
        Assert.Equal(expected, ClientSupport.BasicCredential(user, password));

    // ------------------------------------------------------------------ headers and cookies

    [Theory]
    [InlineData("\"abc\"", false, "abc")]
    [InlineData("[1,2,3]", false, "1,2,3")]
    [InlineData("[1,2,3]", true, "1,2,3")]
    [InlineData("""{"role":"admin","id":5}""", false, "role,admin,id,5")]
    [InlineData("""{"role":"admin","id":5}""", true, "role=admin,id=5")]
    public void AddHeader_uses_the_simple_style(string json, bool explode, string expected)
    {
        var request = Request();
        ClientSupport.AddHeader(request, "X-Value", TestJson.Value(json), explode);
        Assert.Equal([expected], request.Headers.GetValues("X-Value"));
    }

    [Fact]
    public void AddCookie_escapes_the_value_and_joins_cookies_into_one_header()
    {
        var request = Request();
        ClientSupport.AddCookie(request, "session", "a b;c", explode: false);
        ClientSupport.AddCookie(request, "ids", TestJson.Value("[1,2]"), explode: true);
        ClientSupport.AddCookie(request, "tags", TestJson.Value("""["x","y"]"""), explode: false);
        ClientSupport.AddCookie(request, "who", TestJson.Value("""{"role":"admin","id":5}"""), explode: false);

        var cookie = Assert.Single(request.Headers.GetValues("Cookie"));
        Assert.Equal("session=a%20b%3Bc; ids=1; ids=2; tags=x%2Cy; who=role%2Cadmin%2Cid%2C5", cookie);
    }

    [Fact]
    public void AddCookie_explodes_an_object_into_a_cookie_per_property()
    {
        var request = Request();
        ClientSupport.AddCookie(request, "who", TestJson.Value("""{"role":"admin","id":5}"""), explode: true);
        Assert.Equal(["role=admin; id=5"], request.Headers.GetValues("Cookie"));
    }

    [Fact]
    public void AddCookie_keeps_a_Cookie_header_already_on_the_request()
    {
        var request = Request();
        request.Headers.TryAddWithoutValidation("Cookie", "theme=dark");
        ClientSupport.AddCookie(request, "lang", "fr", explode: false);
        Assert.Equal(["theme=dark; lang=fr"], request.Headers.GetValues("Cookie"));
    }

    // ------------------------------------------------------------------ bodies

    [Fact]
    public async Task Json_is_serialized_up_front_with_the_given_media_type()
    {
        var content = ClientSupport.Json(new Pet { Name = "Rex", Age = 3 }, TestJson.Default.Pet, "application/merge-patch+json");

        Assert.Equal("application/merge-patch+json", content.Headers.ContentType!.MediaType);
        Assert.Null(content.Headers.ContentType.CharSet);
        var bytes = await content.ReadAsByteArrayAsync();
        Assert.Equal("""{"name":"Rex","age":3}""", Encoding.UTF8.GetString(bytes));
        Assert.Equal(bytes.Length, content.Headers.ContentLength);
        // Buffered: it can be read (sent) again.
        Assert.Equal(bytes, await content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Text_is_utf8_with_its_charset()
    {
        var content = ClientSupport.Text("héllo ✓", "text/plain");

        Assert.Equal("text/plain; charset=utf-8", content.Headers.ContentType!.ToString());
        Assert.Equal(Encoding.UTF8.GetBytes("héllo ✓"), await content.ReadAsByteArrayAsync());
        Assert.Equal(10, content.Headers.ContentLength);
    }

    [Fact]
    public async Task Binary_streams_the_given_stream_with_its_media_type()
    {
        var bytes = new byte[] { 1, 2, 3, 250 };
        var content = ClientSupport.Binary(new OneWayStream(bytes), "image/png");

        Assert.Equal("image/png", content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes, await content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Form_nests_objects_repeats_array_keys_and_indexes_deepObject_arrays()
    {
        var body = TestJson.Parse("""
            {
              "name": "a b&c",
              "tags": ["x", "y"],
              "filter": { "kind": "k", "ids": [1, 2], "none": null },
              "deep": ["p", "q"],
              "rows": [{ "a": 1 }, { "a": 2 }],
              "skip": null,
              "flag": true,
              "count": 2.5
            }
            """);

        var content = ClientSupport.Form(body, TestJson.Default.JsonElement, deepObject: ["deep"]);

        Assert.Equal("application/x-www-form-urlencoded", content.Headers.ContentType!.MediaType);
        var text = await content.ReadAsStringAsync();
        Assert.Equal(
            "name=a+b%26c&tags=x&tags=y&filter%5Bkind%5D=k&filter%5Bids%5D%5B0%5D=1&filter%5Bids%5D%5B1%5D=2" +
            "&deep%5B0%5D=p&deep%5B1%5D=q&rows%5B0%5D%5Ba%5D=1&rows%5B1%5D%5Ba%5D=2&flag=true&count=2.5",
            text);
        Assert.Equal(
            [
                ("name", "a b&c"), ("tags", "x"), ("tags", "y"), ("filter[kind]", "k"), ("filter[ids][0]", "1"), ("filter[ids][1]", "2"),
                ("deep[0]", "p"), ("deep[1]", "q"), ("rows[0][a]", "1"), ("rows[1][a]", "2"), ("flag", "true"), ("count", "2.5"),
            ],
            Fields(text));
    }

    [Fact]
    public async Task Form_uses_the_type_info_for_property_names()
    {
        var content = ClientSupport.Form(new Pet { Name = "Rex", Age = 3, Tags = ["a", "b"] }, TestJson.Default.Pet);
        Assert.Equal([("name", "Rex"), ("age", "3"), ("tags", "a"), ("tags", "b")], Fields(await content.ReadAsStringAsync()));

        var deep = ClientSupport.Form(new Pet { Name = "Rex", Tags = ["a"] }, TestJson.Default.Pet, deepObject: ["tags"]);
        Assert.Equal([("name", "Rex"), ("age", "0"), ("tags[0]", "a")], Fields(await deep.ReadAsStringAsync()));
    }

    private static (string, string)[] Fields(string form) =>
        form.Split('&').Select(pair => pair.Split('=')).Select(kv => (WebUtility.UrlDecode(kv[0]), WebUtility.UrlDecode(kv[1]))).ToArray();

    // ------------------------------------------------------------------ multipart

    private sealed record Part(string? Name, string? FileName, string? MediaType, string Body);

    private static async Task<Part[]> Parts(MultipartFormDataContent content)
    {
        var parts = new List<Part>();
        foreach (var part in content)
        {
            var disposition = part.Headers.ContentDisposition!;
            Assert.Equal("form-data", disposition.DispositionType);
            parts.Add(new Part(disposition.Name, disposition.FileName, part.Headers.ContentType?.MediaType, await part.ReadAsStringAsync()));
        }
        return [.. parts];
    }

    [Fact]
    public async Task AddPart_adds_text_and_file_parts()
    {
        using var content = new MultipartFormDataContent("boundary");
        ClientSupport.AddPart(content, "title", "Hello");
        ClientSupport.AddPart(content, "file", new FileContent(Encoding.UTF8.GetBytes("PNG!"), "a.png", "image/png"));
        ClientSupport.AddPart(content, "raw", new FileContent(new OneWayStream(Encoding.UTF8.GetBytes("bytes"))));

        Assert.Equal(
            [
                new Part("title", null, "text/plain", "Hello"),
                new Part("file", "a.png", "image/png", "PNG!"),
                // No file name: the part's name; no media type: application/octet-stream.
                new Part("raw", "raw", "application/octet-stream", "bytes"),
            ],
            await Parts(content));
    }

    [Fact]
    public async Task The_multipart_body_names_each_part_and_its_file()
    {
        using var content = new MultipartFormDataContent("boundary");
        ClientSupport.AddPart(content, "title", "Hello");
        ClientSupport.AddPart(content, "file", new FileContent(Encoding.UTF8.GetBytes("PNG!"), "a.png", "image/png"));

        var text = await content.ReadAsStringAsync();

        Assert.Contains("Content-Disposition: form-data; name=\"title\"\r\n", text);
        Assert.Contains("Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"", text);
        Assert.Contains("\r\n\r\nHello\r\n--boundary", text);
        Assert.Contains("Content-Type: image/png\r\n", text);
        Assert.Contains("\r\n\r\nPNG!\r\n--boundary--", text);
    }

    [Fact]
    public async Task AddPart_with_an_array_adds_a_part_per_item_and_JSON_for_objects()
    {
        using var content = new MultipartFormDataContent("boundary");
        ClientSupport.AddPart(content, "tags", TestJson.Value("""["x",2,{"k":true}]"""));
        ClientSupport.AddPart(content, "meta", TestJson.Value("""{"a":1,"b":[1,2]}"""));
        ClientSupport.AddPart(content, "one", TestJson.Value("7"));

        Assert.Equal(
            [
                new Part("tags", null, "text/plain", "x"),
                new Part("tags", null, "text/plain", "2"),
                new Part("tags", null, "application/json", """{"k":true}"""),
                new Part("meta", null, "application/json", """{"a":1,"b":[1,2]}"""),
                new Part("one", null, "text/plain", "7"),
            ],
            await Parts(content));
    }

    [Fact]
    public async Task AddParts_adds_a_part_per_property_without_the_null_ones()
    {
        using var content = new MultipartFormDataContent("boundary");
        ClientSupport.AddParts(content, TestJson.Value("""{"name":"Rex","none":null,"tags":["a","b"],"owner":{"id":1}}"""));
        ClientSupport.AddParts(content, TestJson.Value("""["not","an","object"]"""));

        Assert.Equal(
            [
                new Part("name", null, "text/plain", "Rex"),
                new Part("tags", null, "text/plain", "a"),
                new Part("tags", null, "text/plain", "b"),
                new Part("owner", null, "application/json", """{"id":1}"""),
            ],
            await Parts(content));
    }

    [Fact]
    public async Task A_part_name_with_a_backslash_is_quoted()
    {
        using var content = new MultipartFormDataContent("boundary");
        ClientSupport.AddPart(content, "a\\b", "v");
        Assert.Contains("Content-Disposition: form-data; name=\"a\\\\b\"\r\n", await content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_part_names_its_file_without_quotes_inside_the_name()
    {
        using var content = new MultipartFormDataContent("boundary");
        ClientSupport.AddPart(content, "file", new FileContent(Encoding.UTF8.GetBytes("PNG!"), "a.png", "image/png"));

        var text = await content.ReadAsStringAsync();

        // A server that reads filename* (RFC 6266 says to prefer it; Go's mime/multipart does) must not get "a.png" with its quotes.
        Assert.DoesNotContain("%22", text);
        var disposition = Assert.Single(content).Headers.ContentDisposition!;
        Assert.True(disposition.FileNameStar is null or "a.png", disposition.FileNameStar);
    }

    [Theory]
    [InlineData("my \"best\" photo.png")]
    [InlineData("a\"b")]
    public async Task A_file_name_with_a_double_quote_is_sent(string fileName)
    {
        using var content = new MultipartFormDataContent("boundary");
        ClientSupport.AddPart(content, "file", new FileContent(Encoding.UTF8.GetBytes("x"), fileName, "image/png"));
        ClientSupport.AddPart(content, "say \"hi\"", "hello");

        var text = await content.ReadAsStringAsync();

        // As browsers send it (HTML's multipart/form-data encoding): the quote as %22.
        Assert.Contains("filename=\"" + fileName.Replace("\"", "%22") + "\"", text);
        Assert.Contains("name=\"say %22hi%22\"", text);
    }
}
