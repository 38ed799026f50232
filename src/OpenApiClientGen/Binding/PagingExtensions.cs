using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OpenApiClientGen.Model;
using OpenApiClientGen.Runtime;

namespace OpenApiClientGen.Binding;

/// <summary>
/// The pagination vendors write into their documents, read as a <see cref="PaginationModel"/>: <c>x-ms-pageable</c>
/// (Azure: a next link and the items' name), <c>x-speakeasy-pagination</c> (cursor, offset/limit or URL, with JSONPath
/// outputs) and <c>x-fern-pagination</c> (<c>$request.</c>/<c>$response.</c> references). What none of them says exactly
/// enough is left to the annotations.
/// </summary>
internal static class PagingExtensions
{
    public static PaginationModel? Read(IDictionary<string, IOpenApiExtension>? extensions)
    {
        if (extensions is null) return null;
        try
        {
            if (Node(extensions, "x-ms-pageable") is JsonObject azure) return Azure(azure);
            if (Node(extensions, "x-speakeasy-pagination") is JsonObject speakeasy) return Speakeasy(speakeasy);
            if (Node(extensions, "x-fern-pagination") is JsonObject fern) return Fern(fern);
        }
        catch (InvalidOperationException)
        {
            // A value of another JSON type than the extension's format says: no pagination, as for an absent one.
        }
        return null;
    }

    private static JsonNode? Node(IDictionary<string, IOpenApiExtension> extensions, string name) =>
        extensions.TryGetValue(name, out var extension) && extension is JsonNodeExtension json ? json.Node : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static PaginationModel? Azure(JsonObject azure) =>
        Text(azure["nextLinkName"]) is { } next
            ? new PaginationModel(PageStyle.NextUrl, "/" + Escape(Text(azure["itemName"]) ?? "value"), "/" + Escape(next))
            : null;

    private static PaginationModel? Speakeasy(JsonObject speakeasy)
    {
        var inputs = (speakeasy["inputs"] as JsonArray ?? new JsonArray())
            .OfType<JsonObject>()
            .Select(i => (Name: Text(i["name"]), Type: Text(i["type"])))
            .Where(i => i.Name is not null)
            .ToList();
        string? Input(string type) => inputs.FirstOrDefault(i => i.Type == type).Name;
        var outputs = speakeasy["outputs"] as JsonObject;
        var items = Pointer(Text(outputs?["results"])) ?? "";
        return Text(speakeasy["type"]) switch
        {
            "cursor" when Input("cursor") is { } cursor && Pointer(Text(outputs?["nextCursor"])) is { } next =>
                new PaginationModel(PageStyle.Cursor, items, next, cursor, LimitParameter: Input("limit")),
            "url" when Pointer(Text(outputs?["nextUrl"])) is { } next => new PaginationModel(PageStyle.NextUrl, items, next),
            "offsetLimit" when Input("offset") is { } offset => new PaginationModel(PageStyle.Offset, items, LimitParameter: Input("limit"), OffsetParameter: offset),
            "offsetLimit" when Input("page") is { } page => new PaginationModel(PageStyle.Page, items, LimitParameter: Input("limit"), PageParameter: page),
            _ => null,
        };
    }

    private static PaginationModel? Fern(JsonObject fern)
    {
        var items = Pointer(Text(fern["results"])) ?? "";
        if (Parameter(Text(fern["cursor"])) is { } cursor && Pointer(Text(fern["next_cursor"])) is { } next)
            return new PaginationModel(PageStyle.Cursor, items, next, cursor);
        if (Parameter(Text(fern["offset"])) is { } offset)
        {
            return offset.IndexOf("page", StringComparison.OrdinalIgnoreCase) >= 0
                ? new PaginationModel(PageStyle.Page, items, PageParameter: offset)
                : new PaginationModel(PageStyle.Offset, items, OffsetParameter: offset);
        }
        return null;
    }

    /// <summary><c>$request.cursor</c> (or <c>$request.query.cursor</c>) → <c>cursor</c>.</summary>
    private static string? Parameter(string? reference) =>
        reference is not null && reference.StartsWith("$request.", StringComparison.Ordinal) ? reference.Substring(reference.LastIndexOf('.') + 1) : null;

    /// <summary>A simple JSONPath or response reference (<c>$.data.items</c>, <c>$response.next</c>) as a JSON pointer (<c>/data/items</c>).</summary>
    private static string? Pointer(string? path)
    {
        if (path is null) return null;
        var rest = path.StartsWith("$response.", StringComparison.Ordinal) ? path.Substring("$response.".Length)
            : path.StartsWith("$.", StringComparison.Ordinal) ? path.Substring(2)
            : path == "$" ? ""
            : null;
        if (rest is null || rest.IndexOfAny(new[] { '[', '*', '?' }) >= 0) return null;
        return rest.Length == 0 ? "" : "/" + string.Join("/", rest.Split('.').Select(Escape));
    }

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
