namespace OpenApiClientGen.Runtime.Tests.Http;

/// <summary>Redactor.With: one more secret (a provided token) on top of the client's, in every form the others are redacted in.</summary>
public sealed class RedactorWithTests
{
    private static readonly Redactor Client = new(["static-key"], ["api_key"]);

    [Fact]
    public void The_added_secret_is_redacted_as_it_is()
    {
        var redactor = Client.With("tok-123");
        Assert.Equal("Bearer *** (was ***)", redactor.Text("Bearer tok-123 (was tok-123)"));
    }

    [Fact]
    public void The_added_secret_is_redacted_URL_escaped_and_JSON_escaped()
    {
        const string token = "a b/c+d<e>";
        var redactor = Client.With(token);

        Assert.Equal("?t=***&x=1", redactor.Text("?t=" + Uri.EscapeDataString(token) + "&x=1"));
        var json = JsonSerializer.Serialize(token, TestJson.Default.String);
        Assert.Contains("\\u002B", json);
        Assert.Equal("{\"token\":\"***\"}", redactor.Text("{\"token\":" + json + "}"));
        Assert.Equal(
            "https://api.test/keys/***?api_key=***&page=2",
            redactor.Uri(new Uri("https://api.test/keys/" + Uri.EscapeDataString(token) + "?api_key=other&page=2"))!.AbsoluteUri);
    }

    [Fact]
    public void The_earlier_secrets_and_query_names_stay()
    {
        var redactor = Client.With("tok-123");

        Assert.Equal("*** and ***", redactor.Text("static-key and tok-123"));
        Assert.Equal("https://api.test/a?api_key=***&q=***", redactor.Uri(new Uri("https://api.test/a?api_key=xyz&q=tok-123"))!.AbsoluteUri);
    }

    [Fact]
    public void A_new_redactor_is_made_and_the_old_one_left_as_it_was()
    {
        var redactor = Client.With("tok-123");

        Assert.NotSame(Client, redactor);
        Assert.Equal("tok-123 ***", Client.Text("tok-123 static-key"));
    }

    [Fact]
    public void Secrets_added_one_after_another_are_all_redacted()
    {
        var first = Client.With("tok-1");
        var second = first.With("tok-2");

        Assert.Equal("*** *** ***", second.Text("static-key tok-1 tok-2"));
        Assert.Equal("*** *** tok-2", first.Text("static-key tok-1 tok-2"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("static-key")]
    public void Null_empty_or_known_secrets_give_the_same_instance(string? secret) => Assert.Same(Client, Client.With(secret));

    [Fact]
    public void A_secret_added_twice_is_kept_once()
    {
        var once = Client.With("tok-1");
        Assert.Same(once, once.With("tok-1"));
    }

    [Fact]
    public void A_redactor_without_secrets_gets_its_first()
    {
        var redactor = new Redactor([null, ""], []).With("tok-9");
        Assert.Equal("x *** y", redactor.Text("x tok-9 y"));
        // Nothing else is touched (an empty secret would replace the gaps between characters).
        Assert.Equal("plain text", redactor.Text("plain text"));
    }
}
