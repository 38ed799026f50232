namespace OpenApiClientGen.Runtime.Tests.Http;

/// <summary>Redactor: every form a credential can take in a response, replaced by ***.</summary>
public sealed class RedactorTests
{
    [Fact]
    public void Text_replaces_the_secret_as_it_is()
    {
        var redactor = new Redactor(["sk-123"], []);
        Assert.Equal("key *** and *** again", redactor.Text("key sk-123 and sk-123 again"));
    }

    [Fact]
    public void Text_replaces_the_URL_escaped_secret()
    {
        var redactor = new Redactor(["a b/c+d"], []);
        Assert.Equal("?k=***&x=1", redactor.Text("?k=a%20b%2Fc%2Bd&x=1"));
        Assert.Equal("*** plain", redactor.Text("a b/c+d plain"));
    }

    [Fact]
    public void Text_replaces_the_JSON_escaped_secret()
    {
        var redactor = new Redactor(["p+ss<\"word\">"], []);
        var json = JsonSerializer.Serialize("p+ss<\"word\">", TestJson.Default.String);
        Assert.Contains("\\u002B", json);
        Assert.Equal("\"***\"", redactor.Text(json));
        Assert.Equal("{\"key\":\"***\"}", redactor.Text("{\"key\":\"p\\u002Bss\\u003C\\u0022word\\u0022\\u003E\"}"));
    }

    [Fact]
    public void Text_replaces_every_secret()
    {
        var redactor = new Redactor(["one", "two"], []);
        Assert.Equal("*** and ***", redactor.Text("one and two"));
    }

    [Fact]
    public void Null_and_empty_secrets_are_ignored()
    {
        var redactor = new Redactor([null, "", "real"], []);
        Assert.Equal("nothing here ***", redactor.Text("nothing here real"));
        Assert.Equal("abc", new Redactor([null, ""], []).Text("abc"));
    }

    [Fact]
    public void Uri_replaces_the_values_of_the_named_query_parameters()
    {
        var redactor = new Redactor([], ["api_key", "token"]);
        var uri = redactor.Uri(new Uri("https://api.test/a?api_key=xyz&other=1&api_key=abc&token&page=api_key"));
        Assert.Equal("https://api.test/a?api_key=***&other=1&api_key=***&token=***&page=api_key", uri!.AbsoluteUri);
    }

    [Fact]
    public void Uri_matches_query_names_unescaped()
    {
        var redactor = new Redactor([], ["api key"]);
        Assert.Equal("https://api.test/a?api%20key=***&b=2", redactor.Uri(new Uri("https://api.test/a?api%20key=xyz&b=2"))!.AbsoluteUri);
    }

    [Fact]
    public void Uri_replaces_a_secret_anywhere_in_the_url()
    {
        var redactor = new Redactor(["s+c/t"], ["key"]);
        var uri = redactor.Uri(new Uri($"https://api.test/keys/{Uri.EscapeDataString("s+c/t")}/x?key=1&q={Uri.EscapeDataString("s+c/t")}"));
        Assert.Equal("https://api.test/keys/***/x?key=***&q=***", uri!.AbsoluteUri);
    }

    [Fact]
    public void Uri_keeps_an_escaped_dot_segment()
    {
        var url = new RequestUrl(new Uri("https://api.test"));
        url.AppendPath("/files/");
        url.AppendPathParameter("name", "..", ParameterStyle.Simple, false);
        url.AddQuery("key", "secret", ParameterStyle.Form, true, false);

        var redacted = new Redactor([], ["key"]).Uri(url.ToUri());

        Assert.Equal("https://api.test/files/%2E%2E?key=***", redacted!.AbsoluteUri);
    }

    [Fact]
    public void Uri_of_null_is_null() => Assert.Null(new Redactor(["x"], ["k"]).Uri(null));

    [Fact]
    public void Uri_without_query_names_leaves_the_query()
    {
        var redactor = new Redactor([], []);
        Assert.Equal("https://api.test/a?api_key=xyz", redactor.Uri(new Uri("https://api.test/a?api_key=xyz"))!.AbsoluteUri);
    }
}
