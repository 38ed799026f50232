using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpenApiClientGen.RuntimeTests.Http;
using Paging;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Paging;

/// <summary>
/// Every pagination style over three pages against a real Kestrel server (specs/paging-openapi.yaml and its annotations;
/// the last three by the document's own extensions): seven items, three per page, the server deciding each page from the
/// request exactly as the style says, and counting the requests.
/// </summary>
public sealed class PaginationTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private static readonly string[] All = ["1", "2", "3", "4", "5", "6", "7"];

    private PagingClient Client(Scenario scenario, RetryPolicy? retry = null) => new(server.HttpClient, new PagingClientOptions
    {
        BaseAddress = new Uri(server.Root, "/"),
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
        Retry = retry ?? RetryPolicy.None,
    });

    /// <summary>The items of page 0, 1 or 2 (three, three, one) as JSON.</summary>
    private static string Items(int page) => JsonSerializer.Serialize(All.Skip(page * 3).Take(3).Select(id => new { id, name = "item " + id }));

    private static Task Json(HttpContext context, string json, params (string, string)[] headers) => RecordingServer.Reply(context, 200, json, "application/json", headers);

    private static string? Query(HttpContext context, string name) => context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    private static async Task<List<string>> Ids(IAsyncEnumerable<Item> items)
    {
        var ids = new List<string>();
        await foreach (var item in items) ids.Add(item.Id);
        return ids;
    }

    [Fact]
    public async Task Next_url_in_the_body_absolute_or_relative()
    {
        var scenario = server.NewScenario((context, _) => Query(context, "after") switch
        {
            null => Json(context, $$"""{"data": {{Items(0)}}, "next": "{{server.Root}}items/next?after=3"}"""),
            "3" => Json(context, $$"""{"data": {{Items(1)}}, "next": "/items/next?after=6"}"""),
            _ => Json(context, $$"""{"data": {{Items(2)}}, "next": null}"""),
        });

        Assert.Equal(All, await Ids(Client(scenario).ListByNextUrlItemsAsync()));
        Assert.Equal(["/items/next", "/items/next?after=3", "/items/next?after=6"], scenario.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task Cursor_in_the_body_sent_back_with_the_callers_other_parameters()
    {
        var scenario = server.NewScenario((context, _) => Query(context, "cursor") switch
        {
            null => Json(context, $$"""{"data": {{Items(0)}}, "next_cursor": "c3"}"""),
            "c3" => Json(context, $$"""{"data": {{Items(1)}}, "next_cursor": "c6"}"""),
            _ => Json(context, $$"""{"data": {{Items(2)}}, "next_cursor": null}"""),
        });

        Assert.Equal(All, await Ids(Client(scenario).ListByCursorItemsAsync(limit: 3)));
        Assert.Equal(["/items/cursor?limit=3", "/items/cursor?limit=3&cursor=c3", "/items/cursor?limit=3&cursor=c6"], scenario.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task Stripe_style_the_last_items_id_until_has_more_is_false()
    {
        var scenario = server.NewScenario((context, _) => Query(context, "starting_after") switch
        {
            null => Json(context, $$"""{"data": {{Items(0)}}, "has_more": true}"""),
            "3" => Json(context, $$"""{"data": {{Items(1)}}, "has_more": true}"""),
            _ => Json(context, $$"""{"data": {{Items(2)}}, "has_more": false}"""),
        });

        Assert.Equal(All, await Ids(Client(scenario).ListStripeStyleItemsAsync(limit: 3)));
        Assert.Equal(["/items/stripe?limit=3", "/items/stripe?limit=3&starting_after=3", "/items/stripe?limit=3&starting_after=6"], scenario.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task GitHub_style_the_Link_headers_next_page_and_each_pages_raw_response()
    {
        var scenario = server.NewScenario((context, _) => Query(context, "page") switch
        {
            null => Json(context, Items(0), ("Link", $"<{server.Root}items/link?per_page=3&page=2>; rel=\"next\", <{server.Root}items/link?per_page=3&page=3>; rel=\"last\"")),
            "2" => Json(context, Items(1), ("Link", "</items/link?per_page=3&page=3>; rel=\"next\", </items/link?per_page=3&page=1>; rel=\"first\"")),
            _ => Json(context, Items(2), ("Link", "</items/link?per_page=3&page=1>; rel=\"first\"")),
        });

        var pages = new List<ApiResponse<IReadOnlyList<Item>>>();
        await foreach (var page in Client(scenario).ListByLinkPagesAsync(perPage: 3)) pages.Add(page);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Value.Count));
        Assert.All(pages, p => Assert.Equal(200, p.StatusCode));
        Assert.Equal(new Uri(server.Root, "/items/link?per_page=3&page=3"), pages[0].Links["last"]);
        Assert.Equal(["/items/link?per_page=3", "/items/link?per_page=3&page=2", "/items/link?per_page=3&page=3"], scenario.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task Offset_and_limit_stop_after_a_short_page()
    {
        var scenario = server.NewScenario((context, _) => Json(context, $$"""{"results": {{Items(int.Parse(Query(context, "offset") ?? "0") / 3)}}}"""));

        Assert.Equal(All, await Ids(Client(scenario).ListByOffsetItemsAsync(limit: 3)));
        // The third page held one item of three: no fourth request.
        Assert.Equal(["/items/offset?limit=3", "/items/offset?limit=3&offset=3", "/items/offset?limit=3&offset=6"], scenario.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task Page_numbers_from_the_callers_first_page()
    {
        var scenario = server.NewScenario((context, _) => Json(context, $$"""{"items": {{Items(int.Parse(Query(context, "page") ?? "1") - 1)}}}"""));

        Assert.Equal(All, await Ids(Client(scenario).ListByPageItemsAsync(perPage: 3)));
        Assert.Equal(["/items/page?per_page=3", "/items/page?per_page=3&page=2", "/items/page?per_page=3&page=3"], scenario.Requests.Select(r => r.RawTarget));

        // Starting at page 2, the pages go on from there.
        var fromTwo = server.NewScenario((context, _) => Json(context, $$"""{"items": {{Items(int.Parse(Query(context, "page") ?? "1") - 1)}}}"""));
        Assert.Equal(All.Skip(3), await Ids(Client(fromTwo).ListByPageItemsAsync(page: 2, perPage: 3)));
    }

    [Fact]
    public async Task Azure_x_ms_pageable_next_link_and_value()
    {
        var scenario = server.NewScenario((context, _) => Query(context, "skip") switch
        {
            null => Json(context, $$"""{"value": {{Items(0)}}, "nextLink": "{{server.Root}}azure/items?skip=3"}"""),
            "3" => Json(context, $$"""{"value": {{Items(1)}}, "nextLink": "{{server.Root}}azure/items?skip=6"}"""),
            _ => Json(context, $$"""{"value": {{Items(2)}}}"""),
        });

        Assert.Equal(All, await Ids(Client(scenario).ListAzureItemsAsync()));
        Assert.Equal(3, scenario.Requests.Count);
    }

    [Fact]
    public async Task Speakeasy_offset_limit_extension()
    {
        var scenario = server.NewScenario((context, _) => Json(context, $$"""{"data": {{Items(int.Parse(Query(context, "offset") ?? "0") / 3)}}}"""));

        Assert.Equal(All, await Ids(Client(scenario).ListSpeakeasyItemsAsync(limit: 3)));
        Assert.Equal(["/speakeasy/items?limit=3", "/speakeasy/items?limit=3&offset=3", "/speakeasy/items?limit=3&offset=6"], scenario.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task Fern_cursor_extension()
    {
        var scenario = server.NewScenario((context, _) => Query(context, "cursor") switch
        {
            null => Json(context, $$"""{"data": {{Items(0)}}, "next": "b"}"""),
            "b" => Json(context, $$"""{"data": {{Items(1)}}, "next": "c"}"""),
            _ => Json(context, $$"""{"data": {{Items(2)}}}"""),
        });

        Assert.Equal(All, await Ids(Client(scenario).ListFernItemsAsync()));
        Assert.Equal(["/fern/items", "/fern/items?cursor=b", "/fern/items?cursor=c"], scenario.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task Each_page_goes_through_the_retry_policy()
    {
        var failed = 0;
        var scenario = server.NewScenario((context, _) =>
        {
            var cursor = Query(context, "cursor");
            if (cursor == "c3" && Interlocked.Increment(ref failed) == 1) return RecordingServer.Reply(context, 503, "{}");
            return cursor switch
            {
                null => Json(context, $$"""{"data": {{Items(0)}}, "next_cursor": "c3"}"""),
                "c3" => Json(context, $$"""{"data": {{Items(1)}}, "next_cursor": "c6"}"""),
                _ => Json(context, $$"""{"data": {{Items(2)}}}"""),
            };
        });
        var fast = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(1), JitterRatio = 0 };

        Assert.Equal(All, await Ids(Client(scenario, fast).ListByCursorItemsAsync()));
        Assert.Equal(4, scenario.Requests.Count);
    }

    [Fact]
    public async Task Cancelling_between_pages_fetches_no_more()
    {
        var scenario = server.NewScenario((context, _) => Json(context, $$"""{"data": {{Items(0)}}, "next_cursor": "again"}"""));
        using var cancel = new CancellationTokenSource();

        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Client(scenario).ListByCursorItemsAsync(cancellationToken: cancel.Token))
            {
                if (++seen == 3) cancel.Cancel();
            }
        });

        Assert.Equal(3, seen);
        Assert.Single(scenario.Requests);
    }

    [Fact]
    public async Task An_error_page_throws_its_typed_error_after_the_pages_before_it()
    {
        var scenario = server.NewScenario((context, _) => Query(context, "cursor") is null
            ? Json(context, $$"""{"data": {{Items(0)}}, "next_cursor": "c3"}""")
            : RecordingServer.Reply(context, 500, """{"message": "boom"}"""));

        var ids = new List<string>();
        var error = await Assert.ThrowsAnyAsync<ApiException>(async () =>
        {
            await foreach (var item in Client(scenario).ListByCursorItemsAsync()) ids.Add(item.Id);
        });

        Assert.Equal(["1", "2", "3"], ids);
        Assert.Equal(500, error.StatusCode);
    }
}
