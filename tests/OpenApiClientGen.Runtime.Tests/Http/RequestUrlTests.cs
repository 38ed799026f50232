namespace OpenApiClientGen.Runtime.Tests.Http;

/// <summary>
/// RequestUrl: path parameters in the simple, label and matrix styles, query parameters in the form, spaceDelimited,
/// pipeDelimited and deepObject styles, escaping, allowReserved and the base address. The expected strings are the
/// OpenAPI style examples (RFC 6570 for label), with the value names of the specification: color = "blue",
/// ["blue", "black", "brown"] or { "R": 100, "G": 200, "B": 150 }.
/// </summary>
public sealed class RequestUrlTests
{
    private const string Blue = "\"blue\"";
    private const string Colors = """["blue","black","brown"]""";
    private const string Rgb = """{"R":100,"G":200,"B":150}""";

    private static string Path(string json, ParameterStyle style, bool explode)
    {
        var url = new RequestUrl(new Uri("https://api.test/v1"));
        url.AppendPath("/paint/");
        url.AppendPathParameter("color", TestJson.Value(json), style, explode);
        var uri = url.ToUri().AbsoluteUri;
        Assert.StartsWith("https://api.test/v1/paint/", uri);
        return uri.Substring("https://api.test/v1/paint/".Length);
    }

    private static string Query(string json, ParameterStyle style, bool explode, bool allowReserved = false) =>
        Query(TestJson.Value(json), style, explode, allowReserved);

    private static string Query(ParameterValue value, ParameterStyle style, bool explode, bool allowReserved = false)
    {
        var url = new RequestUrl(new Uri("https://api.test/v1"));
        url.AppendPath("/paint");
        url.AddQuery("color", value, style, explode, allowReserved);
        var uri = url.ToUri().AbsoluteUri;
        Assert.StartsWith("https://api.test/v1/paint?", uri);
        return uri.Substring("https://api.test/v1/paint?".Length);
    }

    // ------------------------------------------------------------------ path styles

    [Theory]
    [InlineData(ParameterStyle.Simple, false, Blue, "blue")]
    [InlineData(ParameterStyle.Simple, true, Blue, "blue")]
    [InlineData(ParameterStyle.Simple, false, Colors, "blue,black,brown")]
    [InlineData(ParameterStyle.Simple, true, Colors, "blue,black,brown")]
    [InlineData(ParameterStyle.Simple, false, Rgb, "R,100,G,200,B,150")]
    [InlineData(ParameterStyle.Simple, true, Rgb, "R=100,G=200,B=150")]
    [InlineData(ParameterStyle.Label, false, Blue, ".blue")]
    [InlineData(ParameterStyle.Label, true, Blue, ".blue")]
    [InlineData(ParameterStyle.Label, false, Colors, ".blue,black,brown")]
    [InlineData(ParameterStyle.Label, true, Colors, ".blue.black.brown")]
    [InlineData(ParameterStyle.Label, false, Rgb, ".R,100,G,200,B,150")]
    [InlineData(ParameterStyle.Label, true, Rgb, ".R=100.G=200.B=150")]
    [InlineData(ParameterStyle.Matrix, false, Blue, ";color=blue")]
    [InlineData(ParameterStyle.Matrix, true, Blue, ";color=blue")]
    [InlineData(ParameterStyle.Matrix, false, Colors, ";color=blue,black,brown")]
    [InlineData(ParameterStyle.Matrix, true, Colors, ";color=blue;color=black;color=brown")]
    [InlineData(ParameterStyle.Matrix, false, Rgb, ";color=R,100,G,200,B,150")]
    [InlineData(ParameterStyle.Matrix, true, Rgb, ";R=100;G=200;B=150")]
    public void Path_parameters_follow_their_style(ParameterStyle style, bool explode, string json, string expected) =>
        Assert.Equal(expected, Path(json, style, explode));

    [Theory]
    [InlineData("5", "5")]
    [InlineData("2.5", "2.5")]
    [InlineData("true", "true")]
    [InlineData("\"a b\"", "a%20b")]
    [InlineData("\"a,b\"", "a%2Cb")]
    [InlineData("\"ü\"", "%C3%BC")]
    public void Path_scalars_are_their_text_escaped(string json, string expected) =>
        Assert.Equal(expected, Path(json, ParameterStyle.Simple, false));

    [Fact]
    public void A_comma_inside_an_item_is_escaped_so_it_differs_from_the_delimiter() =>
        Assert.Equal("a%2Cb,c", Path("""["a,b","c"]""", ParameterStyle.Simple, false));

    [Fact]
    public void Null_properties_of_an_object_are_left_out() =>
        Assert.Equal("R=100,B=150", Path("""{"R":100,"G":null,"B":150}""", ParameterStyle.Simple, true));

    [Theory]
    [InlineData("../x", "..%2Fx")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("...", "...")]
    [InlineData("a?b#c", "a%3Fb%23c")]
    public void Path_values_stay_inside_their_segment(string value, string expected) => AssertSegment(value, expected);

    [Theory]
    [InlineData(".", "%2E")]
    [InlineData("..", "%2E%2E")]
    public void Dot_segment_values_stay_a_segment(string value, string expected) => AssertSegment(value, expected);

    private static void AssertSegment(string value, string expected)
    {
        var url = new RequestUrl(new Uri("https://api.test/v1/"));
        url.AppendPath("/files/");
        url.AppendPathParameter("name", value, ParameterStyle.Simple, explode: false);
        url.AppendPath("/meta");

        var uri = url.ToUri();

        // The whole URL, as sent: a dot-segment would have been removed, taking /files with it.
        Assert.Equal($"https://api.test/v1/files/{expected}/meta", uri.AbsoluteUri);
        Assert.Equal($"/v1/files/{expected}/meta", uri.AbsolutePath);
    }

    [Theory]
    [InlineData("""["..","a/b"]""", ParameterStyle.Simple, true, "..,a/b")]
    [InlineData("""["..","."]""", ParameterStyle.Label, true, ".....")]
    [InlineData("\"..\"", ParameterStyle.Matrix, false, ";color=..")]
    [InlineData("\"..\"", ParameterStyle.Label, false, "...")]
    public void Dots_inside_a_longer_segment_stay_in_it(string json, ParameterStyle style, bool explode, string decoded)
    {
        var url = new RequestUrl(new Uri("https://api.test/v1"));
        url.AppendPath("/paint/");
        url.AppendPathParameter("color", TestJson.Value(json), style, explode);

        var segments = url.ToUri().Segments;

        Assert.Equal(["/", "v1/", "paint/"], segments[..3]);
        Assert.Equal(decoded, Uri.UnescapeDataString(Assert.Single(segments[3..])));
    }

    [Fact]
    public void Parameters_and_literals_combine_in_template_order()
    {
        var url = new RequestUrl(new Uri("https://api.test"));
        url.AppendPath("/users/");
        url.AppendPathParameter("id", "7", ParameterStyle.Simple, false);
        url.AppendPath("/posts/");
        url.AppendPathParameter("post", "a b", ParameterStyle.Simple, false);
        url.AddQuery("page", "2", ParameterStyle.Form, true, false);
        url.AddQuery("sort", "-date", ParameterStyle.Form, true, false);

        Assert.Equal("https://api.test/users/7/posts/a%20b?page=2&sort=-date", url.ToUri().AbsoluteUri);
    }

    // ------------------------------------------------------------------ base address

    [Theory]
    [InlineData("https://api.test", "https://api.test/items")]
    [InlineData("https://api.test/", "https://api.test/items")]
    [InlineData("https://api.test/v1", "https://api.test/v1/items")]
    [InlineData("https://api.test/v1/", "https://api.test/v1/items")]
    [InlineData("https://api.test/v1?tenant=a", "https://api.test/v1/items")]
    [InlineData("https://api.test/v1/?tenant=a&x=1", "https://api.test/v1/items")]
    [InlineData("http://localhost:8080/api/v2/", "http://localhost:8080/api/v2/items")]
    public void The_base_address_keeps_its_path_and_drops_its_trailing_slash_and_query(string baseAddress, string expected)
    {
        var url = new RequestUrl(new Uri(baseAddress));
        url.AppendPath("/items");
        Assert.Equal(expected, url.ToUri().AbsoluteUri);
    }

    [Fact]
    public void A_query_added_after_a_base_address_with_a_query_starts_the_query_anew()
    {
        var url = new RequestUrl(new Uri("https://api.test/v1/?tenant=a"));
        url.AppendPath("/items");
        url.AddQuery("q", "x", ParameterStyle.Form, true, false);
        Assert.Equal("https://api.test/v1/items?q=x", url.ToUri().AbsoluteUri);
    }

    // ------------------------------------------------------------------ query styles

    [Theory]
    [InlineData(ParameterStyle.Form, false, Blue, "color=blue")]
    [InlineData(ParameterStyle.Form, true, Blue, "color=blue")]
    [InlineData(ParameterStyle.Form, false, Colors, "color=blue,black,brown")]
    [InlineData(ParameterStyle.Form, true, Colors, "color=blue&color=black&color=brown")]
    [InlineData(ParameterStyle.Form, false, Rgb, "color=R,100,G,200,B,150")]
    [InlineData(ParameterStyle.Form, true, Rgb, "R=100&G=200&B=150")]
    [InlineData(ParameterStyle.SpaceDelimited, false, Colors, "color=blue%20black%20brown")]
    [InlineData(ParameterStyle.PipeDelimited, false, Colors, "color=blue%7Cblack%7Cbrown")]
    [InlineData(ParameterStyle.SpaceDelimited, true, Colors, "color=blue&color=black&color=brown")]
    [InlineData(ParameterStyle.PipeDelimited, true, Colors, "color=blue&color=black&color=brown")]
    [InlineData(ParameterStyle.DeepObject, true, Rgb, "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150")]
    [InlineData(ParameterStyle.DeepObject, true, Blue, "color=blue")]
    public void Query_parameters_follow_their_style(ParameterStyle style, bool explode, string json, string expected) =>
        Assert.Equal(expected, Query(json, style, explode));

    [Fact]
    public void DeepObject_nests_objects_and_indexes_arrays_and_leaves_nulls_out() =>
        Assert.Equal(
            "color%5Bmix%5D%5Bred%5D=1&color%5Bnames%5D%5B0%5D=a&color%5Bnames%5D%5B1%5D=b&color%5Bon%5D=true",
            Query("""{"mix":{"red":1,"blue":null},"names":["a","b"],"off":null,"on":true}""", ParameterStyle.DeepObject, true));

    [Fact]
    public void A_delimiter_inside_a_value_is_escaped_so_a_scalar_differs_from_an_array()
    {
        Assert.Equal("color=a%2Cb", Query("\"a,b\"", ParameterStyle.Form, false));
        Assert.Equal("color=a,b", Query("""["a","b"]""", ParameterStyle.Form, false));
        Assert.Equal("color=a%7Cb%7Cc", Query("""["a","b","c"]""", ParameterStyle.PipeDelimited, false));
        Assert.Equal("color=a%7Cb", Query("\"a|b\"", ParameterStyle.PipeDelimited, false));
    }

    [Theory]
    [InlineData(false, "color=a%2Fb%3Fc%3Dd%26e%23f%20g%5B0%5D")]
    [InlineData(true, "color=a/b?c=d&e%23f%20g[0]")]
    public void AllowReserved_keeps_reserved_characters_except_the_fragment_mark(bool allowReserved, string expected) =>
        Assert.Equal(expected, Query((ParameterValue)"a/b?c=d&e#f g[0]", ParameterStyle.Form, true, allowReserved));

    [Fact]
    public void AllowReserved_applies_to_each_item_of_an_array_but_not_to_the_delimiter() =>
        Assert.Equal("color=a/b,c:d", Query("""["a/b","c:d"]""", ParameterStyle.Form, false, allowReserved: true));

    [Fact]
    public void Query_names_are_escaped_and_parameters_joined_with_ampersands()
    {
        var url = new RequestUrl(new Uri("https://api.test"));
        url.AppendPath("/search");
        url.AddQuery("q x", "a&b", ParameterStyle.Form, true, false);
        url.AddQuery("ids", TestJson.Value("[1,2]"), ParameterStyle.Form, true, false);
        Assert.Equal("https://api.test/search?q%20x=a%26b&ids=1&ids=2", url.ToUri().AbsoluteUri);
    }

    [Fact]
    public void An_empty_array_in_an_exploded_form_adds_nothing()
    {
        var url = new RequestUrl(new Uri("https://api.test"));
        url.AppendPath("/search");
        url.AddQuery("ids", TestJson.Value("[]"), ParameterStyle.Form, true, false);
        url.AddQuery("q", "x", ParameterStyle.Form, true, false);
        Assert.Equal("https://api.test/search?q=x", url.ToUri().AbsoluteUri);
    }

    // ------------------------------------------------------------------ ParameterValue

    [Fact]
    public void ParameterValue_keeps_arrays_and_objects_as_JSON_and_scalars_as_text()
    {
        var scalar = TestJson.Value("12.50");
        Assert.Equal("12.50", scalar.Text);
        Assert.False(scalar.IsObject);
        Assert.Equal(["12.50"], scalar.Items());

        var text = TestJson.Value("\"x\"");
        Assert.Equal("x", text.Text);

        var nothing = TestJson.Value("null");
        Assert.Equal("", nothing.Text);

        var array = TestJson.Value("""[1,"two",true,null]""");
        Assert.Null(array.Text);
        Assert.False(array.IsObject);
        Assert.Equal(["1", "two", "true", ""], array.Items());
        Assert.Empty(array.Properties());

        var obj = TestJson.Value("""{"a":1,"b":null,"c":"x"}""");
        Assert.Null(obj.Text);
        Assert.True(obj.IsObject);
        Assert.Empty(obj.Items());
        Assert.Equal([new("a", "1"), new("c", "x")], obj.Properties());
    }

    [Fact]
    public void ClientSupport_Value_serializes_with_the_type_info()
    {
        var value = ClientSupport.Value(new[] { 3, 1, 2 }, TestJson.Default.Int32Array);
        Assert.Equal(["3", "1", "2"], value.Items());

        var pet = ClientSupport.Value(new Pet { Name = "Rex", Age = 3 }, TestJson.Default.Pet);
        Assert.True(pet.IsObject);
        Assert.Equal([new("name", "Rex"), new("age", "3")], pet.Properties());
    }
}
