using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenApiClientGen.Reading;

/// <summary>
/// Keeps <c>nullable: true</c> where Microsoft.OpenApi loses it: in 3.0 schemas without a <c>type</c> (the common
/// <c>allOf</c>/<c>anyOf</c> + <c>nullable</c> wrapper) and in 3.1 documents, which many real specs write in 3.0 style.
/// Every object with <c>nullable: true</c> (or Swagger's <c>x-nullable: true</c>) gets the extension
/// <see cref="Extension"/>, which the reader preserves and the binder reads.
/// </summary>
internal static class NullableMarker
{
    public const string Extension = "x-openapiclientgen-nullable";

    /// <summary>Marks one schema object (the tree walk is <see cref="DocumentRepair.Repair"/>'s, which skips example and default values).</summary>
    public static void Mark(JsonObject obj)
    {
        if (IsTrue(obj, "nullable") || IsTrue(obj, "x-nullable")) obj[Extension] = true;
    }

    private static bool IsTrue(JsonObject obj, string key) =>
        obj.TryGetPropertyValue(key, out var value) && value is JsonValue v && v.GetValueKind() == JsonValueKind.True;
}
