using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenApiClientGen.Reading;

/// <summary>
/// Keeps <c>nullable: true</c> where Microsoft.OpenApi loses it: in 3.0 schemas without a <c>type</c> (the common
/// <c>allOf</c>/<c>anyOf</c> + <c>nullable</c> wrapper) and in 3.1 documents, which many real specs write in 3.0 style.
/// Every object with <c>nullable: true</c> (or Swagger's <c>x-nullable: true</c>) gets the extension
/// <see cref="Extension"/>, which the reader preserves and the binder reads. Example and default values are data,
/// not schemas, and are left alone.
/// </summary>
internal static class NullableMarker
{
    public const string Extension = "x-openapiclientgen-nullable";

    private static readonly HashSet<string> DataKeywords = new() { "example", "examples", "default", "enum", "const", "x-examples" };

    public static void Mark(JsonNode root)
    {
        var pending = new Stack<JsonNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObject obj:
                    if (IsTrue(obj, "nullable") || IsTrue(obj, "x-nullable")) obj[Extension] = true;
                    foreach (var pair in obj)
                    {
                        if (pair.Value is not null && !DataKeywords.Contains(pair.Key)) pending.Push(pair.Value);
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        if (item is not null) pending.Push(item);
                    }
                    break;
            }
        }
    }

    private static bool IsTrue(JsonObject obj, string key) =>
        obj.TryGetPropertyValue(key, out var value) && value is JsonValue v && v.GetValueKind() == JsonValueKind.True;
}
