using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OpenApiClientGen.Reading;

/// <summary>
/// Converts a YAML document to a <see cref="JsonNode"/> with YamlDotNet's event parser, resolving plain scalars
/// by the YAML 1.2 core schema (null, booleans, JSON-compatible numbers), anchors, aliases and merge keys.
/// </summary>
internal static class YamlToJson
{
    /// <summary>Deeper documents are rejected (as JSON ones are): no real spec nests this far, and recursion must stay bounded.</summary>
    public const int MaxDepth = 256;

    private static readonly Regex JsonNumber = new(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant);

    /// <exception cref="YamlException">The text is not well-formed YAML.</exception>
    public static JsonNode? Convert(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out _)) return null;
        parser.Consume<DocumentStart>();
        var anchors = new Dictionary<string, JsonNode?>();
        var root = ReadNode(parser, anchors, 0);
        parser.Consume<DocumentEnd>();
        return root;
    }

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors, int depth)
    {
        if (depth > MaxDepth && parser.Current is { } deep)
            throw new YamlException(deep.Start, deep.End, $"The document nests deeper than {MaxDepth} levels.");
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
                throw new YamlException(alias.Start, alias.End, $"Unknown alias '*{alias.Value.Value}'.");
            return target?.DeepClone();
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var value = ConvertScalar(scalar);
            Remember(anchors, scalar.Anchor, value);
            return value;
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _)) array.Add(ReadNode(parser, anchors, depth + 1));
            Remember(anchors, sequenceStart.Anchor, array);
            return array;
        }

        var mappingStart = parser.Consume<MappingStart>();
        var obj = new JsonObject();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser, anchors, depth + 1);
            var value = ReadNode(parser, anchors, depth + 1);
            var key = keyNode is JsonValue k ? k.ToString() : keyNode?.ToJsonString() ?? "";
            if (key == "<<" && value is JsonObject merged)
            {
                foreach (var pair in merged)
                {
                    if (!obj.ContainsKey(pair.Key)) obj[pair.Key] = pair.Value?.DeepClone();
                }
                continue;
            }
            obj[key] = value;
        }
        Remember(anchors, mappingStart.Anchor, obj);
        return obj;
    }

    private static void Remember(Dictionary<string, JsonNode?> anchors, AnchorName anchor, JsonNode? node)
    {
        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
    }

    private static JsonNode? ConvertScalar(Scalar scalar)
    {
        var text = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str"))
            return JsonValue.Create(text);

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        // Keep the number's own text (JsonNode.Parse preserves it), so "1.0" stays "1.0" wherever a string is expected.
        if (JsonNumber.IsMatch(text)) return JsonNode.Parse(text);
        if (text.StartsWith("+", System.StringComparison.Ordinal) && JsonNumber.IsMatch(text.Substring(1)))
            return JsonNode.Parse(text.Substring(1));
        if (text.StartsWith("0x", System.StringComparison.Ordinal)
            && long.TryParse(text.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
            return JsonValue.Create(hex);
        return JsonValue.Create(text);
    }
}
