using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace OpenApiClientGen.Runtime;

/// <summary>How a paged operation says where the next page is.</summary>
public enum PageStyle
{
    /// <summary>The page holds the next page's URL (<see cref="PageRule.Next"/>).</summary>
    NextUrl,

    /// <summary>The page holds a cursor (<see cref="PageRule.Next"/>, or a field of its last item), sent back in <see cref="PageRule.CursorParameter"/>.</summary>
    Cursor,

    /// <summary>The response's <c>Link</c> header has <c>rel="next"</c>.</summary>
    Link,

    /// <summary><see cref="PageRule.OffsetParameter"/> moves on by the items of each page.</summary>
    Offset,

    /// <summary><see cref="PageRule.PageParameter"/> counts pages.</summary>
    Page,
}

/// <summary>How the pages of an operation follow each other (from the annotations, or the document's own extension).</summary>
public sealed class PageRule
{
    /// <summary>A rule (generated clients create these).</summary>
    /// <param name="style">Where the next page is.</param>
    /// <param name="items">The JSON pointer of the items in a page (empty: the page is the array).</param>
    /// <param name="next">The pointer of the next page's URL (<see cref="PageStyle.NextUrl"/>) or cursor (<see cref="PageStyle.Cursor"/>).</param>
    /// <param name="cursorParameter">The query parameter the cursor goes in.</param>
    /// <param name="cursorFromLastItem">For a cursor read from the last item (Stripe's <c>starting_after</c>): its pointer inside the item.</param>
    /// <param name="hasMore">The pointer of a boolean that is false on the last page.</param>
    /// <param name="limitParameter">The query parameter of the page size: a page shorter than it is the last.</param>
    /// <param name="offsetParameter">The query parameter of the offset.</param>
    /// <param name="pageParameter">The query parameter of the page number.</param>
    /// <param name="firstPage">The number of the first page (with <see cref="PageStyle.Page"/>), when the call does not say.</param>
    public PageRule(PageStyle style, string items = "", string? next = null, string? cursorParameter = null, string? cursorFromLastItem = null,
        string? hasMore = null, string? limitParameter = null, string? offsetParameter = null, string? pageParameter = null, int firstPage = 1)
    {
        Style = style;
        Items = items ?? "";
        Next = next;
        CursorParameter = cursorParameter;
        CursorFromLastItem = cursorFromLastItem;
        HasMore = hasMore;
        LimitParameter = limitParameter;
        OffsetParameter = offsetParameter;
        PageParameter = pageParameter;
        FirstPage = firstPage;
    }

    /// <summary>Where the next page is.</summary>
    public PageStyle Style { get; }

    /// <summary>The JSON pointer of the items in a page (empty: the page is the array).</summary>
    public string Items { get; }

    /// <summary>The pointer of the next page's URL or cursor.</summary>
    public string? Next { get; }

    /// <summary>The query parameter the cursor goes in.</summary>
    public string? CursorParameter { get; }

    /// <summary>For a cursor read from the last item: its pointer inside the item.</summary>
    public string? CursorFromLastItem { get; }

    /// <summary>The pointer of a boolean that is false on the last page.</summary>
    public string? HasMore { get; }

    /// <summary>The query parameter of the page size.</summary>
    public string? LimitParameter { get; }

    /// <summary>The query parameter of the offset.</summary>
    public string? OffsetParameter { get; }

    /// <summary>The query parameter of the page number.</summary>
    public string? PageParameter { get; }

    /// <summary>The number of the first page when the call does not say.</summary>
    public int FirstPage { get; }
}

/// <summary>
/// The pages of a paged operation, fetched one after the other as the caller enumerates them, and their items. Each page
/// is a call of the operation with its raw response (retries, credentials, per-call options and the typed errors as for
/// any call); the next one is the URL, cursor, offset or page number the rule says. It stops at an empty page, where
/// <see cref="PageRule.HasMore"/> is false, where there is no next URL or cursor, or after a page shorter than the limit.
/// </summary>
public static class Pagination
{
    /// <summary>Every page, each with its response.</summary>
    /// <param name="fetch">Calls the operation with the options of one page.</param>
    /// <param name="requestOptions">The caller's options (the first page's; the next ones add where to go).</param>
    /// <param name="rule">How pages follow each other.</param>
    /// <param name="typeInfo">The page's metadata (to read the rule's pointers).</param>
    /// <param name="count">How many items a page holds.</param>
    /// <param name="cancellationToken">Cancels between and within pages.</param>
    public static async IAsyncEnumerable<ApiResponse<TPage>> PagesAsync<TPage>(
        Func<RequestOptions?, CancellationToken, Task<ApiResponse<TPage>>> fetch,
        RequestOptions? requestOptions,
        PageRule rule,
        JsonTypeInfo<TPage> typeInfo,
        Func<TPage, int> count,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (fetch is null) throw new ArgumentNullException(nameof(fetch));
        if (rule is null) throw new ArgumentNullException(nameof(rule));
        var options = requestOptions;
        long? offset = null;
        int? page = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var response = await fetch(options, cancellationToken).ConfigureAwait(false);
            yield return response;

            var items = response.Value is { } value ? count(value) : 0;
            if (items == 0) yield break;
            var json = rule.Next is not null || rule.HasMore is not null || rule.CursorFromLastItem is not null
                ? JsonSerializer.SerializeToElement(response.Value, typeInfo)
                : default;
            if (rule.HasMore is { } hasMore && Find(json, hasMore) is { ValueKind: JsonValueKind.False }) yield break;
            var query = Query(response.RequestUri);
            string? next;
            switch (rule.Style)
            {
                case PageStyle.NextUrl:
                    next = Text(Find(json, rule.Next ?? "/next"));
                    if (next is null || !Uri.TryCreate(response.RequestUri ?? new Uri("http://localhost/"), next, out var url) || !seen.Add(url.AbsoluteUri)) yield break;
                    options = RequestOptions.ForNextPage(requestOptions, url, null);
                    break;
                case PageStyle.Link:
                    if (!response.Links.TryGetValue("next", out var link) || !seen.Add(link.AbsoluteUri)) yield break;
                    options = RequestOptions.ForNextPage(requestOptions, link, null);
                    break;
                case PageStyle.Cursor:
                    next = rule.CursorFromLastItem is { } inItem
                        ? Text(Find(json, rule.Items + "/" + (items - 1).ToString(CultureInfo.InvariantCulture) + inItem))
                        : Text(Find(json, rule.Next ?? "/next_cursor"));
                    if (next is null || !seen.Add(next)) yield break;
                    options = RequestOptions.ForNextPage(requestOptions, null, new KeyValuePair<string, string>(rule.CursorParameter ?? "cursor", next));
                    break;
                case PageStyle.Offset:
                    var offsetName = rule.OffsetParameter ?? "offset";
                    offset = (offset ?? Number(query, offsetName) ?? 0) + items;
                    if (rule.LimitParameter is { } limitName && Number(query, limitName) is { } limit && items < limit) yield break;
                    options = RequestOptions.ForNextPage(requestOptions, null, new KeyValuePair<string, string>(offsetName, offset.Value.ToString(CultureInfo.InvariantCulture)));
                    break;
                default:
                    var pageName = rule.PageParameter ?? "page";
                    page = (page ?? (int?)Number(query, pageName) ?? rule.FirstPage) + 1;
                    if (rule.LimitParameter is { } sizeName && Number(query, sizeName) is { } size && items < size) yield break;
                    options = RequestOptions.ForNextPage(requestOptions, null, new KeyValuePair<string, string>(pageName, page.Value.ToString(CultureInfo.InvariantCulture)));
                    break;
            }
        }
    }

    /// <summary>Every item of every page, fetching the next page when the caller has taken the items of this one.</summary>
    public static async IAsyncEnumerable<TItem> ItemsAsync<TPage, TItem>(
        IAsyncEnumerable<ApiResponse<TPage>> pages,
        Func<TPage, IReadOnlyList<TItem>?> items,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (pages is null) throw new ArgumentNullException(nameof(pages));
        if (items is null) throw new ArgumentNullException(nameof(items));
        await foreach (var page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (page.Value is not { } value || items(value) is not { } list) continue;
            foreach (var item in list) yield return item;
        }
    }

    /// <summary>The value at a JSON pointer (RFC 6901), or null where there is none.</summary>
    private static JsonElement? Find(JsonElement root, string pointer)
    {
        if (root.ValueKind == JsonValueKind.Undefined) return null;
        var current = root;
        if (pointer.Length == 0) return current;
        foreach (var raw in pointer.Substring(1).Split('/'))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var property)) current = property;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength()) current = current[index];
            else return null;
        }
        return current;
    }

    private static string? Text(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString() is { Length: > 0 } s ? s : null,
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        _ => null,
    };

    private static Dictionary<string, string> Query(Uri? uri)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (uri is null || uri.Query.Length <= 1) return query;
        foreach (var part in uri.Query.Substring(1).Split('&'))
        {
            var pair = part.Split(new[] { '=' }, 2);
            query[Uri.UnescapeDataString(pair[0])] = pair.Length == 2 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : "";
        }
        return query;
    }

    private static long? Number(Dictionary<string, string> query, string name) =>
        query.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
