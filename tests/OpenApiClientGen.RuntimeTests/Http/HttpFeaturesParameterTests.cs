using HttpFeatures;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Http;

/// <summary>
/// Parameters of the HttpFeatures document as the server receives them: path styles (simple, label, matrix), query
/// styles (form with and without explode, deepObject, spaceDelimited, pipeDelimited), optional parameters, header and
/// cookie parameters. Every assertion is on the raw request target or headers Kestrel saw.
/// </summary>
public sealed class HttpFeaturesParameterTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    internal const string ItemJson = """{"id": 42, "name": "Lamp", "price": 19.5, "color": "red", "tags": ["home"], "createdAt": "2024-05-01T12:30:00Z"}""";

    private HttpFeaturesClient Client(Scenario scenario, Action<HttpFeaturesClientOptions>? configure = null)
    {
        var options = new HttpFeaturesClientOptions
        {
            BaseAddress = server.Address("api"),
            BearerToken = "hf-bearer",
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        };
        configure?.Invoke(options);
        return new HttpFeaturesClient(server.HttpClient, options);
    }

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Query(RecordedRequest request) =>
        QueryHelpers.ParseQuery(request.RawQuery);

    // ------------------------------------------------------------------ path

    [Fact]
    public async Task Simple_path_parameter()
    {
        var scenario = server.NewScenario(200, ItemJson);

        var item = await Client(scenario).GetItemAsync("item-42");

        Assert.Equal(42, item.Id);
        Assert.Equal("Lamp", item.Name);
        Assert.Equal(19.5, item.Price);
        Assert.Equal(Color.Red, item.Color);
        Assert.Equal(["home"], item.Tags!);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 30, 0, TimeSpan.Zero), item.CreatedAt);
        var request = scenario.Single();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/items/item-42", request.RawTarget);
    }

    [Theory]
    [InlineData("../x", "..%2Fx")]
    [InlineData("a/b c", "a%2Fb%20c")]
    [InlineData("..", null)]
    [InlineData(".", null)]
    [InlineData("../../admin", null)]
    [InlineData("50% off?#top", null)]
    [InlineData("ü;x=1&y", null)]
    [InlineData("a\\b", null)]
    public async Task A_path_value_stays_one_segment(string value, string? expectedSegment)
    {
        var scenario = server.NewScenario(204);

        await Client(scenario).DeleteItemAsync(value);

        var request = scenario.Single();
        Assert.Equal("DELETE", request.Method);
        Assert.Null(request.RawQuery);
        Assert.StartsWith("/api/items/", request.RawPath);
        var segment = request.RawPath["/api/items/".Length..];
        if (expectedSegment is not null) Assert.Equal(expectedSegment, segment);
        Assert.DoesNotContain('/', segment);
        Assert.DoesNotContain('\\', segment);
        Assert.NotEqual(".", segment);
        Assert.NotEqual("..", segment);
        Assert.Equal(value, Uri.UnescapeDataString(segment));
    }

    [Fact]
    public async Task Simple_array_path_parameter_is_comma_separated()
    {
        var scenario = server.NewScenario(200, $"[{ItemJson}]");

        var items = await Client(scenario).LookupItemsAsync([1, 2, 3]);

        Assert.Equal(42, Assert.Single(items).Id);
        Assert.Equal("/api/lookup/1,2,3", scenario.Single().RawTarget);
    }

    [Fact]
    public async Task Label_array_path_parameter_starts_with_a_period()
    {
        var scenario = server.NewScenario(200, "[]");

        var items = await Client(scenario).GetItemsByLabelAsync([Color.Red, Color.Green]);

        Assert.Empty(items);
        Assert.Equal("/api/labels/.red,green", scenario.Single().RawTarget);
    }

    [Fact]
    public async Task Label_items_are_escaped_one_by_one()
    {
        var scenario = server.NewScenario(200, "[]");

        await Client(scenario).GetItemsByLabelAsync([Color.Blue, new Color("sky/blue,ish")]);

        Assert.Equal("/api/labels/.blue,sky%2Fblue%2Cish", scenario.Single().RawTarget);
    }

    [Fact]
    public async Task Matrix_path_parameters_with_and_without_explode()
    {
        var scenario = server.NewScenario(200, "[]");

        await Client(scenario).GetItemsByMatrixAsync([1, 2], ["a", "b c"]);

        // ids: matrix, explode false (;ids=1,2); tags: matrix, explode true (;tags=a;tags=b).
        Assert.Equal("/api/matrix/;ids=1,2/;tags=a;tags=b%20c", scenario.Single().RawTarget);
    }

    [Fact]
    public async Task Matrix_path_parameters_with_one_item()
    {
        var scenario = server.NewScenario(200, "[]");

        await Client(scenario).GetItemsByMatrixAsync([7], ["x;y=z"]);

        Assert.Equal("/api/matrix/;ids=7/;tags=x%3By%3Dz", scenario.Single().RawTarget);
    }

    // ------------------------------------------------------------------ query

    private const string EmptyPage = """{"items": [], "total": 0}""";

    [Fact]
    public async Task Required_query_parameter_alone_when_the_optional_ones_are_null()
    {
        var scenario = server.NewScenario(200, EmptyPage);

        var page = await Client(scenario).SearchItemsAsync("lamp");

        Assert.Equal(0, page.Total);
        Assert.Empty(page.Items);
        Assert.Equal("/api/search?q=lamp", scenario.Single().RawTarget);
    }

    [Fact]
    public async Task Query_values_are_escaped()
    {
        var scenario = server.NewScenario(200, EmptyPage);

        await Client(scenario).SearchItemsAsync("red shoes & more=50%+");

        var request = scenario.Single();
        Assert.Equal("q=red%20shoes%20%26%20more%3D50%25%2B", request.RawQuery);
        Assert.Equal("red shoes & more=50%+", Query(request)["q"]);
    }

    [Fact]
    public async Task Form_exploded_array_repeats_the_name()
    {
        var scenario = server.NewScenario(200, EmptyPage);

        await Client(scenario).SearchItemsAsync("x", tag: ["a", "b c", "d,e"]);

        var request = scenario.Single();
        Assert.Equal("q=x&tag=a&tag=b%20c&tag=d%2Ce", request.RawQuery);
        Assert.Equal(["a", "b c", "d,e"], Query(request)["tag"].Select(v => v!));
    }

    [Fact]
    public async Task Form_array_without_explode_is_decoded_as_one_comma_separated_value()
    {
        var scenario = server.NewScenario(200, EmptyPage);

        await Client(scenario).SearchItemsAsync("x", ids: [1, 2, 3]);

        var request = scenario.Single();
        Assert.Equal("1,2,3", Assert.Single(Query(request)["ids"].ToArray()));
        Assert.StartsWith("q=x&ids=", request.RawQuery);
    }

    [Fact]
    public async Task Form_array_without_explode_keeps_its_commas_literal()
    {
        // OpenAPI style table (form, explode false, array): color=blue,black,brown; RFC 6570 {?list} keeps the
        // separating commas literal (only commas inside a value are escaped). The spec documents ids=1,2,3.
        var scenario = server.NewScenario(200, EmptyPage);

        await Client(scenario).SearchItemsAsync("x", ids: [1, 2, 3]);

        Assert.Equal("q=x&ids=1,2,3", scenario.Single().RawQuery);
    }

    [Fact]
    public async Task Form_exploded_object_becomes_parameters_of_its_own()
    {
        var scenario = server.NewScenario(200, EmptyPage);

        await Client(scenario).SearchItemsAsync("x", filter: new ItemFilter { Color = Color.Red, MinPrice = 10.5 });

        var request = scenario.Single();
        Assert.Equal("q=x&color=red&minPrice=10.5", request.RawQuery);
        Assert.False(Query(request).ContainsKey("filter"));
        Assert.False(Query(request).ContainsKey("maxPrice"));
    }

    [Fact]
    public async Task DeepObject_uses_bracketed_names()
    {
        var scenario = server.NewScenario(200, EmptyPage);

        await Client(scenario).SearchItemsAsync("x", sort: new SortOrder { Field = SortOrderField.Price, Direction = SortDirection.Desc });

        var request = scenario.Single();
        Assert.Equal("q=x&sort%5Bfield%5D=price&sort%5Bdirection%5D=desc", request.RawQuery);
        var query = Query(request);
        Assert.Equal("price", query["sort[field]"]);
        Assert.Equal("desc", query["sort[direction]"]);
    }

    [Fact]
    public async Task DeepObject_leaves_out_null_properties()
    {
        var scenario = server.NewScenario(200, EmptyPage);

        await Client(scenario).SearchItemsAsync("x", sort: new SortOrder { Field = SortOrderField.CreatedAt });

        Assert.Equal("q=x&sort%5Bfield%5D=createdAt", scenario.Single().RawQuery);
    }

    [Fact]
    public async Task All_search_parameters_together_in_declaration_order()
    {
        var scenario = server.NewScenario(200, $$"""{"items": [{{ItemJson}}], "total": 1}""");

        var page = await Client(scenario).SearchItemsAsync(
            "lamp",
            tag: ["home", "desk"],
            ids: [42],
            filter: new ItemFilter { MaxPrice = 20 },
            sort: new SortOrder { Field = SortOrderField.Name, Direction = SortDirection.Asc });

        Assert.Equal(1, page.Total);
        Assert.Equal("Lamp", Assert.Single(page.Items).Name);
        var query = Query(scenario.Single());
        Assert.Equal("lamp", query["q"]);
        Assert.Equal(["home", "desk"], query["tag"].Select(v => v!));
        Assert.Equal("42", query["ids"]);
        Assert.Equal("20", query["maxPrice"]);
        Assert.Equal("name", query["sort[field]"]);
        Assert.Equal("asc", query["sort[direction]"]);
        Assert.Equal(6, query.Count);
    }

    [Fact]
    public async Task SpaceDelimited_and_pipeDelimited_arrays()
    {
        var scenario = server.NewScenario(200, "[]");

        await Client(scenario).ListReportsAsync(columns: ["name", "price"], states: [ReportState.Draft, ReportState.Final]);

        var request = scenario.Single();
        // OpenAPI 3.1.1 style table: spaceDelimited color=blue%20black%20brown, pipeDelimited color=blue%7Cblack%7Cbrown.
        Assert.Equal("columns=name%20price&states=draft%7Cfinal", request.RawQuery);
        var query = Query(request);
        Assert.Equal("name price", query["columns"]);
        Assert.Equal("draft|final", query["states"]);
    }

    [Fact]
    public async Task Typed_optional_query_parameters_are_formatted_invariantly()
    {
        var scenario = server.NewScenario(200, """[{"id": "9b2e6c1a-3f4d-4e5f-8a7b-1c2d3e4f5a6b", "state": "archived", "createdAt": "2024-05-02T08:00:00+02:00"}]""");
        var since = new DateTimeOffset(2024, 5, 1, 12, 30, 15, 250, TimeSpan.FromHours(2));

        var reports = await Client(scenario).ListReportsAsync(limit: 50, includeArchived: true, since: since, order: SortDirection.Desc);

        var report = Assert.Single(reports);
        Assert.Equal(Guid.Parse("9b2e6c1a-3f4d-4e5f-8a7b-1c2d3e4f5a6b"), report.Id);
        Assert.Equal(ReportState.Archived, report.State);
        Assert.Equal(new DateTimeOffset(2024, 5, 2, 6, 0, 0, TimeSpan.Zero), report.CreatedAt);
        var request = scenario.Single();
        var query = Query(request);
        Assert.Equal("50", query["limit"]);
        Assert.Equal("true", query["includeArchived"]);
        Assert.Equal(since, DateTimeOffset.Parse(query["since"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("%2B02%3A00", request.RawQuery); // the '+' of the offset is escaped, not read back as a space
        Assert.Equal("desc", query["order"]);
        Assert.Equal(["limit", "includeArchived", "since", "order"], request.RawQuery!.Split('&').Select(pair => pair.Split('=')[0]));
    }

    [Fact]
    public async Task No_query_string_when_every_parameter_is_null()
    {
        var scenario = server.NewScenario(200, "[]");

        await Client(scenario).ListReportsAsync();

        Assert.Equal("/api/reports", scenario.Single().RawTarget);
    }

    // ------------------------------------------------------------------ headers and cookies

    [Fact]
    public async Task Header_and_cookie_parameters()
    {
        var scenario = server.NewScenario((context, request) => RecordingServer.Reply(
            context,
            200,
            $"id={request.Header("X-Request-Id")}; size={request.Header("X-Page-Size")}; tags={request.Header("X-Tags")}; session={context.Request.Cookies["session"]}",
            "text/plain; charset=utf-8",
            ("X-RateLimit-Remaining", "99")));

        var summary = await Client(scenario).EchoHeadersAsync(xRequestId: "req-123", xPageSize: 25, xTags: ["a", "b", "c"], session: "s3ss10n value");

        Assert.Equal("id=req-123; size=25; tags=a,b,c; session=s3ss10n value", summary);
        var request = scenario.Single();
        Assert.Equal("req-123", request.Header("X-Request-Id"));
        Assert.Equal("25", request.Header("X-Page-Size"));
        Assert.Equal("a,b,c", request.Header("X-Tags"));
        Assert.Equal("session=s3ss10n%20value", request.Header("Cookie"));
        Assert.Equal("text/plain", request.Header("Accept"));
        Assert.Equal("/api/headers", request.RawTarget);
    }

    [Fact]
    public async Task Null_header_and_cookie_parameters_are_not_sent()
    {
        var scenario = server.NewScenario(200, "nothing", "text/plain");

        var summary = await Client(scenario).EchoHeadersAsync();

        Assert.Equal("nothing", summary);
        var request = scenario.Single();
        Assert.False(request.HasHeader("X-Request-Id"));
        Assert.False(request.HasHeader("X-Page-Size"));
        Assert.False(request.HasHeader("X-Tags"));
        Assert.False(request.HasHeader("Cookie"));
    }
}
