namespace OpenApiClientGen.Runtime.Tests.Http;

/// <summary>LinkHeader.Parse: RFC 8288 Link headers as paginated APIs send them, and what it makes of malformed ones.</summary>
public sealed class LinkHeaderTests
{
    private static readonly Uri Base = new("https://api.test/v1/items?page=1&per_page=30");

    private static IReadOnlyDictionary<string, Uri> Parse(params string[] values) => LinkHeader.Parse(values, Base);

    private static Dictionary<string, string> Targets(IReadOnlyDictionary<string, Uri> links) =>
        links.ToDictionary(pair => pair.Key, pair => pair.Value.AbsoluteUri);

    [Fact]
    public void A_GitHub_style_header_gives_every_relation()
    {
        var links = Parse(
            "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\", "
            + "<https://api.github.com/repositories/1/issues?page=1>; rel=\"first\", <https://api.github.com/repositories/1/issues?page=1>; rel=\"prev\"");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["next"] = "https://api.github.com/repositories/1/issues?page=2",
                ["last"] = "https://api.github.com/repositories/1/issues?page=5",
                ["first"] = "https://api.github.com/repositories/1/issues?page=1",
                ["prev"] = "https://api.github.com/repositories/1/issues?page=1",
            },
            Targets(links));
    }

    [Theory]
    [InlineData("</v2/items?page=2>", "https://api.test/v2/items?page=2")]
    [InlineData("<?page=2>", "https://api.test/v1/items?page=2")]
    [InlineData("<items?page=2>", "https://api.test/v1/items?page=2")]
    [InlineData("<../other?page=2>", "https://api.test/other?page=2")]
    [InlineData("<//cdn.test/items?page=2>", "https://cdn.test/items?page=2")]
    public void A_relative_target_is_resolved_against_the_base(string target, string expected)
    {
        var links = Parse(target + "; rel=next");
        Assert.Equal(expected, links["next"].AbsoluteUri);
    }

    [Fact]
    public void A_relative_target_without_a_base_is_left_out()
    {
        var links = LinkHeader.Parse(["</items?page=2>; rel=\"next\", <https://api.test/items?page=9>; rel=\"last\""], null);
        Assert.False(links.ContainsKey("next"));
        Assert.Equal("https://api.test/items?page=9", links["last"].AbsoluteUri);
    }

    [Fact]
    public void A_quoted_rel_with_several_relations_gives_each_of_them()
    {
        var links = Parse("<https://api.test/items?page=3>; rel=\"next last\"");
        Assert.Equal(["last", "next"], links.Keys.Order());
        Assert.Equal("https://api.test/items?page=3", links["next"].AbsoluteUri);
        Assert.Equal("https://api.test/items?page=3", links["last"].AbsoluteUri);
    }

    [Fact]
    public void A_comma_inside_a_quoted_parameter_does_not_split_the_link()
    {
        var links = Parse("<https://api.test/items?page=2>; title=\"Page 2, of 5\"; rel=\"next\", <https://api.test/items?page=5>; rel=\"last\"");
        Assert.Equal("https://api.test/items?page=2", links["next"].AbsoluteUri);
        Assert.Equal("https://api.test/items?page=5", links["last"].AbsoluteUri);
        Assert.Equal(2, links.Count);
    }

    [Fact]
    public void A_target_with_a_comma_in_its_query_is_kept_whole()
    {
        var links = Parse("<https://api.test/items?ids=1,2,3&page=2>; rel=\"next\", <https://api.test/items?ids=1,2,3&page=4>; rel=\"last\"");
        Assert.Equal("https://api.test/items?ids=1,2,3&page=2", links["next"].AbsoluteUri);
        Assert.Equal("https://api.test/items?ids=1,2,3&page=4", links["last"].AbsoluteUri);
    }

    [Fact]
    public void Relations_are_matched_case_insensitively()
    {
        var links = Parse("<https://api.test/items?page=2>; REL=\"Next\"");
        Assert.Equal("https://api.test/items?page=2", links["next"].AbsoluteUri);
        Assert.Equal("https://api.test/items?page=2", links["NEXT"].AbsoluteUri);
    }

    [Fact]
    public void The_first_link_of_a_relation_wins()
    {
        var links = Parse(
            "<https://api.test/items?page=2>; rel=\"next\", <https://api.test/items?page=3>; rel=\"NEXT\"",
            "<https://api.test/items?page=4>; rel=\"next\"");
        Assert.Equal("https://api.test/items?page=2", Assert.Single(links).Value.AbsoluteUri);
    }

    [Fact]
    public void Several_header_values_are_read_in_order()
    {
        var links = Parse("<https://api.test/items?page=2>; rel=\"next\"", "<https://api.test/items?page=7>; rel=\"last\"");
        Assert.Equal("https://api.test/items?page=2", links["next"].AbsoluteUri);
        Assert.Equal("https://api.test/items?page=7", links["last"].AbsoluteUri);
    }

    [Theory]
    [InlineData("<ftp://files.test/items?page=2>; rel=\"next\"")]
    [InlineData("<mailto:admin@api.test>; rel=\"next\"")]
    [InlineData("<javascript:alert(1)>; rel=\"next\"")]
    [InlineData("<file:///etc/passwd>; rel=\"next\"")]
    public void A_target_of_another_scheme_is_ignored_without_a_base(string value)
    {
        Assert.Empty(LinkHeader.Parse([value], null));
    }

    /// <summary>
    /// With a base URI (as ApiResponse.Links always has one), an absolute target of another scheme must be ignored too:
    /// Uri.TryCreate(base, "ftp://…") returns the absolute ftp URI, which a caller following "next" would then fetch.
    /// </summary>
    [Theory]
    [InlineData("<ftp://files.test/items?page=2>; rel=\"next\"")]
    [InlineData("<mailto:admin@api.test>; rel=\"next\"")]
    [InlineData("<javascript:alert(1)>; rel=\"next\"")]
    [InlineData("<file:///etc/passwd>; rel=\"next\"")]
    public void A_target_of_another_scheme_is_ignored_with_a_base(string value)
    {
        var links = Parse(value + ", <https://api.test/items?page=9>; rel=\"last\"");
        Assert.False(links.ContainsKey("next"), links.TryGetValue("next", out var next) ? "next = " + next : "");
        Assert.Equal("https://api.test/items?page=9", links["last"].AbsoluteUri);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(",,,")]
    [InlineData("garbage")]
    [InlineData("<https://api.test/items?page=2; rel=\"next\"")]
    [InlineData("https://api.test/items?page=2; rel=\"next\"")]
    [InlineData("<https://api.test/items?page=2>")]
    [InlineData("<https://api.test/items?page=2>; rel")]
    [InlineData("<https://api.test/items?page=2>; rel=")]
    [InlineData("<https://api.test/items?page=2>; rel=\"\"")]
    [InlineData("<https://api.test/items?page=2>; rel=\"next")]
    [InlineData("<https://api.test/items?page=2>; title=\"unterminated, rel=\"next\"")]
    [InlineData("<http://[::1>; rel=\"next\"")]
    [InlineData(">; rel=\"next\" <")]
    public void Malformed_input_never_throws_and_gives_no_wrong_link(string value)
    {
        var links = Parse(value);
        // Whatever is found must be a link the header really names, never one made up.
        foreach (var target in links.Values) Assert.Equal("https://api.test/items?page=2", target.AbsoluteUri);
    }

    [Fact]
    public void A_malformed_link_does_not_hide_the_ones_before_it()
    {
        var links = Parse("<https://api.test/items?page=2>; rel=\"next\", <https://api.test/items?page=5; rel=\"last\"");
        Assert.Equal("https://api.test/items?page=2", Assert.Single(links).Value.AbsoluteUri);
        Assert.Equal("next", links.Keys.Single());
    }

    [Fact]
    public void No_values_give_no_links() => Assert.Empty(LinkHeader.Parse([], Base));

    [Fact]
    public void Other_parameters_are_not_relations()
    {
        var links = Parse("<https://api.test/items?page=2>; type=\"next\"; title=\"last\"; rel=\"prev\"");
        Assert.Equal("prev", Assert.Single(links).Key);
    }

    /// <summary>A ';' inside a quoted parameter belongs to its value (RFC 8288 quoted-string), so "rel=last" in a title is no relation.</summary>
    [Fact]
    public void A_semicolon_inside_a_quoted_parameter_does_not_start_a_parameter()
    {
        var links = Parse("<https://api.test/items?page=2>; title=\"see; rel=last\"; rel=\"next\"");
        Assert.Equal("next", Assert.Single(links).Key);
    }
}
