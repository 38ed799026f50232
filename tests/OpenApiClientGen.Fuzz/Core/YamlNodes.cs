using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OpenApiClientGen.Fuzz;

/// <summary>
/// The fuzzer's own YAML ⇄ JsonNode conversion (independent of the generator's reader, which it tests): YAML is read
/// into a tree to edit it structurally, and a tree is written back as block YAML. Also the JSON options used throughout.
/// </summary>
internal static partial class YamlNodes
{
    public static readonly JsonDocumentOptions ReadOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 4096 };

    /// <summary>Indented JSON keeping non-ASCII text as is (as the corpus files have it).</summary>
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 4096 };

    public static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 4096 };

    /// <summary>For YAML double-quoted scalars: everything outside printable ASCII escaped (\uXXXX is valid YAML too).</summary>
    private static readonly JsonSerializerOptions Ascii = new() { Encoder = JavaScriptEncoder.Default, MaxDepth = 4096 };

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();

    /// <summary>A YAML document as a tree (anchors expanded, merge keys applied); throws YamlException when it is not well-formed.</summary>
    public static JsonNode? FromYaml(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out _)) return null;
        parser.Consume<DocumentStart>();
        var anchors = new Dictionary<string, JsonNode?>();
        var root = Read(parser, anchors, 0);
        parser.Consume<DocumentEnd>();
        return root;
    }

    private static JsonNode? Read(IParser parser, Dictionary<string, JsonNode?> anchors, int depth)
    {
        if (depth > 512) throw new YamlException("too deep for the fuzzer's reader");
        if (parser.TryConsume<AnchorAlias>(out var alias))
            return anchors.TryGetValue(alias.Value.Value, out var target) ? target?.DeepClone() : throw new YamlException(alias.Start, alias.End, "unknown alias");
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var value = Scalar(scalar);
            if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = value;
            return value;
        }
        if (parser.TryConsume<SequenceStart>(out var sequence))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _)) array.Add(Read(parser, anchors, depth + 1));
            if (!sequence.Anchor.IsEmpty) anchors[sequence.Anchor.Value] = array;
            return array;
        }
        var mapping = parser.Consume<MappingStart>();
        var obj = new JsonObject();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = Read(parser, anchors, depth + 1);
            var value = Read(parser, anchors, depth + 1);
            var name = key is JsonValue k ? k.ToString() : key?.ToJsonString() ?? "";
            if (name == "<<" && value is JsonObject merged)
            {
                foreach (var pair in merged)
                {
                    if (!obj.ContainsKey(pair.Key)) obj[pair.Key] = pair.Value?.DeepClone();
                }
                continue;
            }
            obj[name] = value;
        }
        if (!mapping.Anchor.IsEmpty) anchors[mapping.Anchor.Value] = obj;
        return obj;
    }

    private static JsonNode? Scalar(Scalar scalar)
    {
        var text = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain) return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        return JsonNumber().IsMatch(text) ? JsonNode.Parse(text) : JsonValue.Create(text);
    }

    /// <summary>A tree as block YAML: every key and string double-quoted (so no scalar changes type), numbers as their JSON text.</summary>
    public static string ToYaml(JsonNode? node)
    {
        var text = new StringBuilder();
        if (node is JsonObject { Count: > 0 } or JsonArray { Count: > 0 }) Write(text, node, 0);
        else text.Append(Inline(node)).Append('\n');
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonNode node, int indent)
    {
        if (node is JsonObject obj)
        {
            foreach (var pair in obj)
            {
                text.Append(' ', indent).Append(Quote(pair.Key)).Append(':');
                Value(text, pair.Value, indent);
            }
        }
        else
        {
            foreach (var item in node.AsArray())
            {
                text.Append(' ', indent).Append('-');
                Value(text, item, indent);
            }
        }
    }

    private static void Value(StringBuilder text, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            text.Append('\n');
            Write(text, value, indent + 2);
        }
        else
        {
            text.Append(' ').Append(Inline(value)).Append('\n');
        }
    }

    private static string Inline(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        _ => value.ToJsonString(Compact),
    };

    public static string Quote(string text) => JsonSerializer.Serialize(text, Ascii);

    /// <summary>A JSON string literal as the relaxed writer spells it (what a marker looks like in written JSON).</summary>
    public static string JsonLiteral(string text) => JsonSerializer.Serialize(text, Compact);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
