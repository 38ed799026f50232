using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OpenApiClientGen.Reading;

/// <summary>
/// Converts a YAML document to a <see cref="JsonNode"/> with YamlDotNet's event parser (through <see cref="YamlSource"/>),
/// resolving plain scalars by the YAML 1.2 core schema (null, booleans, JSON-compatible numbers), anchors, aliases and
/// merge keys; within bounds: the depth, and the number of nodes aliases may expand to (an alias bomb, "billion laughs").
/// </summary>
internal static class YamlToJson
{
    /// <summary>Deeper documents are rejected (as JSON ones are): no real spec nests this far, and recursion must stay bounded.</summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// The fewest nodes a document may expand to (its own and those its aliases copy); a larger text may expand to as many
    /// nodes as it has characters. A text without aliases has fewer nodes than characters, so only aliases reach it: a
    /// dozen lines of nested aliases expand to billions of nodes, and this stops them within a fraction of a second.
    /// </summary>
    public const int MinNodeBudget = 1_000_000;

    private static readonly Regex JsonNumber = new(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant);

    /// <summary>The nodes <paramref name="yaml"/> may expand to.</summary>
    public static long NodeBudget(string yaml) => Math.Max(MinNodeBudget, yaml.Length);

    /// <exception cref="YamlException">The text is not well-formed YAML, nests too deep or expands too far, with its position.</exception>
    public static JsonNode? Convert(string yaml) => Convert(yaml, NodeBudget(yaml));

    /// <inheritdoc cref="Convert(string)"/>
    public static JsonNode? Convert(string yaml, long nodeBudget) =>
        YamlSource.Read(yaml, (parser, source) =>
        {
            // A stream may open with empty documents ("---" twice, a directive's "---"): the first that holds a node is read.
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                if (AtEmptyDocument(parser))
                {
                    parser.SkipThisAndNestedEvents();
                    parser.Consume<DocumentEnd>();
                    continue;
                }
                var root = new Converter(parser, nodeBudget).ReadNode(0, out _);
                parser.Consume<DocumentEnd>();
                return root;
            }
            return null;
        });

    private sealed class Converter(IParser parser, long budget)
    {
        /// <summary>Each anchored node, with its size in nodes and its height (a scalar's is 1), for what an alias costs.</summary>
        private readonly Dictionary<string, (JsonNode? Node, long Size, int Height)> _anchors = new();

        /// <summary>The nodes produced so far, aliases' copies included.</summary>
        private long _nodes;

        /// <summary>Reads the node at <paramref name="depth"/>; <paramref name="height"/>: the levels it spans (a scalar: 1).</summary>
        public JsonNode? ReadNode(int depth, out int height)
        {
            if (depth > MaxDepth && parser.Current is { } deep)
                throw new YamlException(deep.Start, deep.End, $"The document nests deeper than {MaxDepth} levels.");
            var before = _nodes;
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    throw new YamlException(alias.Start, alias.End, $"Unknown alias '*{alias.Value.Value}'.");
                // Charged before the copy is made: a copy past the budget is never allocated.
                if (depth + target.Height - 1 > MaxDepth)
                    throw new YamlException(alias.Start, alias.End, $"The alias '*{alias.Value.Value}' expands the document deeper than {MaxDepth} levels.");
                Charge(target.Size, alias);
                height = target.Height;
                return target.Node?.DeepClone();
            }

            if (parser.TryConsume<Scalar>(out var scalar))
            {
                Charge(1, scalar);
                var value = ConvertScalar(scalar);
                height = 1;
                Remember(scalar.Anchor, value, before, height);
                return value;
            }

            if (parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                Charge(1, sequenceStart);
                var array = new JsonArray();
                var tallest = 0;
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    array.Add(ReadNode(depth + 1, out var itemHeight));
                    tallest = Math.Max(tallest, itemHeight);
                }
                height = tallest + 1;
                Remember(sequenceStart.Anchor, array, before, height);
                return array;
            }

            var mappingStart = parser.Consume<MappingStart>();
            Charge(1, mappingStart);
            var obj = new JsonObject();
            var highest = 0;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyNode = ReadNode(depth + 1, out _);
                var valueEvent = parser.Current;
                var valueStart = _nodes;
                var value = ReadNode(depth + 1, out var valueHeight);
                var key = keyNode is JsonValue k ? k.ToString() : keyNode?.ToJsonString() ?? "";
                if (key == "<<" && value is JsonObject merged)
                {
                    // The merged entries are copied once more.
                    if (valueEvent is not null) Charge(_nodes - valueStart, valueEvent);
                    foreach (var pair in merged)
                    {
                        if (!obj.ContainsKey(pair.Key)) obj[pair.Key] = pair.Value?.DeepClone();
                    }
                    highest = Math.Max(highest, valueHeight - 1);
                    continue;
                }
                obj[key] = value;
                highest = Math.Max(highest, valueHeight);
            }
            height = highest + 1;
            Remember(mappingStart.Anchor, obj, before, height);
            return obj;
        }

        private void Charge(long nodes, ParsingEvent at)
        {
            if (nodes > budget - _nodes)
            {
                throw new YamlException(at.Start, at.End, at is AnchorAlias alias
                    ? $"The aliases expand the document to more than {budget:N0} nodes (an alias bomb?); '*{alias.Value.Value}' would add {nodes:N0} more."
                    : $"The document expands to more than {budget:N0} nodes (through aliases).");
            }
            _nodes += nodes;
        }

        private void Remember(AnchorName anchor, JsonNode? node, long before, int height)
        {
            if (!anchor.IsEmpty) _anchors[anchor.Value] = (node, _nodes - before, height);
        }
    }

    /// <summary>Whether the parser is at a document that holds no node (a lone null scalar), which a stream may open with.</summary>
    public static bool AtEmptyDocument(IParser parser) => parser.Accept<Scalar>(out var scalar) && ConvertScalar(scalar) is null;

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
