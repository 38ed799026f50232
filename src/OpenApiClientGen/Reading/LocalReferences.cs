using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.CodeAnalysis.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OpenApiClientGen.Reading;

/// <summary>
/// The local <c>$ref</c>s of a document that point somewhere other than a named component
/// (<c>#/components/parameters/Limit/schema</c>, <c>#/components/responses/X/content/application~1json/schema</c>):
/// valid JSON pointers that Microsoft.OpenApi keeps only by their last segment. Read from the text, by the JSON pointer
/// of the object holding the <c>$ref</c>, so the binder can follow them itself.
/// </summary>
internal static class LocalReferences
{
    /// <summary>The pointer-valued references of the document, by where they are; empty when it has none (checked first, cheaply).</summary>
    public static Dictionary<string, string> Collect(SourceText text, bool isYaml)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var content = text.ToString();
        if (!HasDeepReference(content)) return result;
        try
        {
            if (isYaml) WalkYaml(content, result);
            else WalkJson(content, result);
        }
        catch (Exception e) when (e is JsonException or YamlException or InvalidOperationException or ArgumentException)
        {
            // A document the reader could still read but this walk cannot: its deep references stay unresolved (OAG004).
        }
        return result;
    }

    /// <summary>Whether a reference is more than <c>#/components/schemas/Name</c> or <c>#/definitions/Name</c>.</summary>
    public static bool IsDeep(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) return false;
        var segments = PointerLocator.Split(reference);
        return !(segments.Length == 3 && segments[0] == "components" && segments[1] == "schemas"
            || segments.Length == 2 && segments[0] == "definitions");
    }

    private static bool HasDeepReference(string content)
    {
        for (var at = content.IndexOf("#/", StringComparison.Ordinal); at >= 0; at = content.IndexOf("#/", at + 2, StringComparison.Ordinal))
        {
            var end = at + 2;
            while (end < content.Length && content[end] is not ('"' or '\'' or ' ' or '\n' or '\r' or '\t' or ',' or '}' or ']')) end++;
            if (IsDeep(content.Substring(at, end - at))) return true;
        }
        return false;
    }

    private static void WalkJson(string content, Dictionary<string, string> result)
    {
        using var document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = YamlToJson.MaxDepth });
        var stack = new Stack<(JsonElement Element, string Pointer)>();
        stack.Push((document.RootElement, "#"));
        while (stack.Count > 0)
        {
            var (element, pointer) = stack.Pop();
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { } reference && IsDeep(reference))
                        result[pointer] = reference;
                    else
                        stack.Push((property.Value, pointer + "/" + PointerLocator.Escape(property.Name)));
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in element.EnumerateArray()) stack.Push((item, pointer + "/" + (index++).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }

    /// <summary>The same walk over YAML events: a path of keys and indexes, a <c>$ref</c> key's scalar recorded.</summary>
    private static void WalkYaml(string content, Dictionary<string, string> result) =>
        YamlSource.Read(content, (parser, source) =>
        {
            result.Clear();
            WalkYaml(parser, result);
            return true;
        });

    private static void WalkYaml(IParser parser, Dictionary<string, string> result)
    {
        // Per open container: its pointer, whether it is a mapping, the next index (sequence) or pending key (mapping).
        var stack = new List<(string Pointer, bool IsMapping, int Index, string? Key)>();
        string? NextPointer()
        {
            if (stack.Count == 0) return "#";
            var top = stack[stack.Count - 1];
            if (top.IsMapping) return top.Key is null ? null : top.Pointer + "/" + PointerLocator.Escape(top.Key);
            stack[stack.Count - 1] = (top.Pointer, false, top.Index + 1, null);
            return top.Pointer + "/" + top.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        void ValueDone()
        {
            if (stack.Count > 0 && stack[stack.Count - 1].IsMapping)
            {
                var top = stack[stack.Count - 1];
                stack[stack.Count - 1] = (top.Pointer, true, 0, null);
            }
        }
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart:
                case SequenceStart:
                    var pointer = NextPointer() ?? "#";
                    stack.Add((pointer, parser.Current is MappingStart, 0, null));
                    if (stack.Count > YamlToJson.MaxDepth) return;
                    break;
                case MappingEnd:
                case SequenceEnd:
                    stack.RemoveAt(stack.Count - 1);
                    ValueDone();
                    break;
                case Scalar scalar:
                    if (stack.Count > 0 && stack[stack.Count - 1] is { IsMapping: true, Key: null } mapping)
                    {
                        stack[stack.Count - 1] = (mapping.Pointer, true, 0, scalar.Value);
                        break;
                    }
                    if (stack.Count > 0 && stack[stack.Count - 1] is { IsMapping: true, Key: "$ref" } owner && IsDeep(scalar.Value))
                        result[owner.Pointer] = scalar.Value;
                    if (stack.Count > 0 && !stack[stack.Count - 1].IsMapping) NextPointer();
                    ValueDone();
                    break;
                case AnchorAlias:
                    if (stack.Count > 0 && !stack[stack.Count - 1].IsMapping) NextPointer();
                    ValueDone();
                    break;
            }
        }
    }
}
