using System;

namespace OpenApiClientGen.Reading;

/// <summary>
/// The local <c>$ref</c>s of a document that point somewhere other than a named component
/// (<c>#/components/parameters/Limit/schema</c>, <c>#/components/responses/X/content/application~1json/schema</c>):
/// valid JSON pointers that Microsoft.OpenApi keeps only by their last segment. Collected by <see cref="DocumentRepair.Repair"/>'s
/// walk of the tree, by the JSON pointer of the object holding the <c>$ref</c>, so the binder can follow them itself.
/// </summary>
internal static class LocalReferences
{
    /// <summary>Whether a reference is more than <c>#/components/schemas/Name</c> or <c>#/definitions/Name</c>.</summary>
    public static bool IsDeep(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) return false;
        var segments = PointerLocator.Split(reference);
        return !(segments.Length == 3 && segments[0] == "components" && segments[1] == "schemas"
            || segments.Length == 2 && segments[0] == "definitions");
    }
}
