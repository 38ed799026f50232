using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenApiClientGen.Diagnostics;

namespace OpenApiClientGen.Reading;

/// <summary>
/// Repairs, before Microsoft.OpenApi reads the tree, the values on which its reader throws and would lose the whole
/// document: a count that is no Int32 (<c>maxLength: 1e-400</c>, <c>1e+09</c>, 99999999999), a boolean keyword holding
/// something else (<c>uniqueItems: "x"</c>, 3.1's numeric <c>exclusiveMinimum</c> in a 3.0 document), a reference to an
/// empty name (<c>#/components/schemas/</c>), a null schema, an external reference of a 3.1 document the reader cannot
/// parse as a URI, and Swagger 2's tuple <c>items</c> and <c>type</c> lists. Each repair is a warning (OAG019, or OAG004
/// for a reference) at the value itself: validation keywords do not shape the C# types, so dropping or coercing them
/// loses nothing the client needs. Example and default values are data, and are left alone.
/// </summary>
internal static class DocumentRepair
{
    private static readonly HashSet<string> DataKeywords = new(StringComparer.Ordinal) { "example", "examples", "default", "enum", "const", "x-examples" };

    private static readonly HashSet<string> Counts = new(StringComparer.Ordinal)
    {
        "maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties", "maxContains", "minContains",
    };

    /// <summary>Numeric keywords the reader holds as decimals (±7.9e28): a value beyond that throws.</summary>
    private static readonly HashSet<string> Decimals = new(StringComparer.Ordinal) { "maximum", "minimum", "multipleOf", "exclusiveMaximum", "exclusiveMinimum" };

    private static readonly HashSet<string> Booleans = new(StringComparer.Ordinal)
    {
        "uniqueItems", "readOnly", "writeOnly", "nullable", "deprecated", "allowEmptyValue", "explode", "allowReserved", "x-nullable",
    };

    /// <summary>Keywords whose values are maps of schemas by name.</summary>
    private static readonly HashSet<string> SchemaMaps = new(StringComparer.Ordinal) { "properties", "patternProperties", "definitions", "$defs", "schemas" };

    /// <summary>Keywords whose value is one schema, which JSON Schema (OpenAPI 3.1) lets be a boolean.</summary>
    private static readonly HashSet<string> SingleSchemas = new(StringComparer.Ordinal)
    {
        "items", "not", "schema", "contains", "propertyNames", "if", "then", "else", "unevaluatedItems", "additionalItems",
    };

    /// <summary>Keywords whose values are maps by name: their keys are names (a property called <c>maxLength</c>), not keywords.</summary>
    private static readonly HashSet<string> NameMaps = new(SchemaMaps.Concat(new[]
    {
        "responses", "paths", "parameters", "headers", "content", "securitySchemes", "securityDefinitions", "requestBodies",
        "links", "callbacks", "encoding", "variables", "mapping", "scopes", "webhooks", "pathItems",
    }), StringComparer.Ordinal);

    /// <summary>Every key a repair looks at (<c>type</c> only in Swagger 2): an object with none of them, most, is not examined further.</summary>
    private static readonly HashSet<string> Examined = new(Counts.Concat(Decimals).Concat(Booleans).Concat(SchemaMaps).Concat(SingleSchemas).Concat(new[]
    {
        "exclusiveMinimum", "exclusiveMaximum", "additionalProperties", "allOf", "anyOf", "oneOf", "prefixItems", "$ref", "type",
    }), StringComparer.Ordinal);

    /// <summary>
    /// The one walk over the tree before Microsoft.OpenApi reads it: marks nullable schemas (<see cref="NullableMarker"/>),
    /// repairs what the reader would throw on, and returns the deep references (<see cref="LocalReferences"/>) by the
    /// pointer of the object holding each. Pointers are built only where a problem or a deep reference needs one.
    /// </summary>
    public static Dictionary<string, string> Repair(JsonObject root, Problems problems)
    {
        var version = (root["openapi"] as JsonValue)?.ToString() ?? (root["swagger"] as JsonValue)?.ToString() ?? "";
        var isSwagger2 = root.ContainsKey("swagger") && !root.ContainsKey("openapi");
        var exclusiveIsBoolean = isSwagger2 || version.StartsWith("3.0", StringComparison.Ordinal);
        var is31 = version.StartsWith("3.1", StringComparison.Ordinal);

        BreakReferenceLoops(root, isSwagger2, problems);

        var walk = new Walk(root, problems, exclusiveIsBoolean, is31, isSwagger2);
        var pending = new Stack<(JsonNode Node, Pointer Pointer, bool IsNameMap)>();
        pending.Push((root, Pointer.Root, false));
        while (pending.Count > 0)
        {
            var (node, pointer, isNameMap) = pending.Pop();
            if (pointer.Depth > YamlToJson.MaxDepth) continue;
            switch (node)
            {
                case JsonObject obj:
                    if (!isNameMap)
                    {
                        NullableMarker.Mark(obj);
                        walk.RepairObject(obj, pointer);
                    }
                    foreach (var pair in obj)
                    {
                        if (pair.Value is not (JsonObject or JsonArray)) continue;
                        if (!isNameMap && (DataKeywords.Contains(pair.Key) || pair.Key.StartsWith("x-", StringComparison.Ordinal))) continue;
                        var childIsNameMap = !isNameMap && NameMaps.Contains(pair.Key) && pair.Value is JsonObject;
                        pending.Push((pair.Value, pointer.Child(pair.Key), childIsNameMap));
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is JsonObject or JsonArray) pending.Push((array[i]!, pointer.Child(i), false));
                    }
                    break;
            }
        }
        return walk.DeepReferences;
    }

    /// <summary>
    /// A JSON pointer built only when asked for (a problem to report, a deep reference to record): one small object per
    /// container on the walk instead of one string per key.
    /// </summary>
    private sealed class Pointer
    {
        public static readonly Pointer Root = new(null, "#", -1, 0);

        private readonly Pointer? _parent;
        private readonly string? _key;
        private readonly int _index;
        private string? _text;

        private Pointer(Pointer? parent, string? key, int index, int depth)
        {
            _parent = parent;
            _key = key;
            _index = index;
            Depth = depth;
            if (parent is null) _text = key;
        }

        public int Depth { get; }

        public Pointer Child(string key) => new(this, key, -1, Depth + 1);

        public Pointer Child(int index) => new(this, null, index, Depth + 1);

        /// <summary>The pointer of a key of this object, as text.</summary>
        public string Key(string key) => ToString() + "/" + PointerLocator.Escape(key);

        public override string ToString() =>
            _text ??= _parent + "/" + (_key is null ? _index.ToString(CultureInfo.InvariantCulture) : PointerLocator.Escape(_key));
    }

    /// <summary>
    /// Component schemas that are only references to one another in a loop (A is B, B is A) have no meaning, and the
    /// reader throws on them ("Circular reference detected"): the loop is cut at its first schema, which then admits any
    /// JSON value, and reported there.
    /// </summary>
    private static void BreakReferenceLoops(JsonObject root, bool isSwagger2, Problems problems)
    {
        var schemas = isSwagger2 ? root["definitions"] as JsonObject : (root["components"] as JsonObject)?["schemas"] as JsonObject;
        if (schemas is null) return;
        var prefix = isSwagger2 ? "#/definitions/" : "#/components/schemas/";
        string? Target(string name) =>
            schemas[name] is JsonObject schema && schema["$ref"] is JsonValue reference && reference.GetValueKind() == JsonValueKind.String
            && reference.ToString() is { } text && text.StartsWith(prefix, StringComparison.Ordinal)
                ? PointerLocator.Split(text).LastOrDefault() is { } target && text.Length > prefix.Length && schemas.ContainsKey(target) ? target : null
                : null;
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in schemas.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToList())
        {
            var chain = new List<string>();
            for (var name = start; name is not null && !done.Contains(name); name = Target(name))
            {
                var at = chain.IndexOf(name);
                if (at >= 0)
                {
                    var loop = chain.Skip(at).ToList();
                    var cut = loop.OrderBy(n => n, StringComparer.Ordinal).First();
                    var schema = (JsonObject)schemas[cut]!;
                    var reference = schema["$ref"]!.ToString();
                    schema.Remove("$ref");
                    problems.Add(DiagnosticDescriptors.RepairedValue, prefix + PointerLocator.Escape(cut) + "/$ref", "$ref", "'" + reference + "'",
                        "a reference that leads to a schema", $"ignored: {string.Join(" → ", loop.Concat(new[] { loop[0] }))} is a loop of references, so {cut} is any JSON value");
                    break;
                }
                chain.Add(name);
            }
            foreach (var name in chain) done.Add(name);
        }
    }

    /// <summary>The state of one walk: what it reports to, the document's version facts, and reused entry buffers.</summary>
    private sealed class Walk
    {
        private readonly JsonObject _root;
        private readonly Problems _problems;
        private readonly bool _exclusiveIsBoolean;
        private readonly bool _is31;
        private readonly bool _isSwagger2;
        private readonly List<KeyValuePair<string, JsonNode?>> _entries = new();
        private readonly List<KeyValuePair<string, JsonNode?>> _mapEntries = new();

        public Walk(JsonObject root, Problems problems, bool exclusiveIsBoolean, bool is31, bool isSwagger2)
        {
            _root = root;
            _problems = problems;
            _exclusiveIsBoolean = exclusiveIsBoolean;
            _is31 = is31;
            _isSwagger2 = isSwagger2;
        }

        /// <summary>The pointer-valued references met, by the pointer of the object holding each.</summary>
        public Dictionary<string, string> DeepReferences { get; } = new(StringComparer.Ordinal);

        /// <summary>A copy of an object's entries (a repair changes the object) in a buffer reused from object to object.</summary>
        private static List<KeyValuePair<string, JsonNode?>> Entries(List<KeyValuePair<string, JsonNode?>> buffer, JsonObject obj)
        {
            buffer.Clear();
            foreach (var pair in obj) buffer.Add(pair);
            return buffer;
        }

        /// <summary>The entries whose keys a repair looks at, in the buffer for them.</summary>
        private List<KeyValuePair<string, JsonNode?>> Examinable(JsonObject obj)
        {
            _entries.Clear();
            foreach (var pair in obj)
            {
                if (Examined.Contains(pair.Key) && (pair.Key != "type" || _isSwagger2)) _entries.Add(pair);
            }
            return _entries;
        }

        public void RepairObject(JsonObject obj, Pointer pointer)
        {
            foreach (var pair in Examinable(obj))
            {
                string At() => pointer.Key(pair.Key);
                var value = pair.Value;
                if (Counts.Contains(pair.Key))
                {
                    if (AsCount(value) is { } count)
                    {
                        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.ToJsonString() == count.ToString(CultureInfo.InvariantCulture)) continue;
                        obj[pair.Key] = count;
                        _problems.Add(DiagnosticDescriptors.RepairedValue, At(), pair.Key, Text(value), "a whole number", $"read as {count.ToString(CultureInfo.InvariantCulture)}");
                    }
                    else
                    {
                        obj.Remove(pair.Key);
                        _problems.Add(DiagnosticDescriptors.RepairedValue, At(), pair.Key, Text(value), "a whole number from 0 to 2147483647", "ignored (a validation keyword, which does not shape the C# types)");
                    }
                }
                else if (Booleans.Contains(pair.Key) || _exclusiveIsBoolean && pair.Key is "exclusiveMinimum" or "exclusiveMaximum")
                {
                    RepairBoolean(obj, pair.Key, value, At(), _problems, _exclusiveIsBoolean);
                }
                else if (Decimals.Contains(pair.Key) && value is JsonValue number && number.GetValueKind() == JsonValueKind.Number
                    && !decimal.TryParse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    obj.Remove(pair.Key);
                    _problems.Add(DiagnosticDescriptors.RepairedValue, At(), pair.Key, Text(value), "a number a decimal holds (±7.9e28)", "ignored (a validation keyword, which does not shape the C# types)");
                }
                else if (pair.Key == "additionalProperties" && value is not JsonObject && !IsBoolean(value))
                {
                    if (AsBoolean(value) is { } allowed) obj[pair.Key] = allowed;
                    else obj.Remove(pair.Key);
                    _problems.Add(DiagnosticDescriptors.RepairedValue, At(), pair.Key, Text(value), "a schema or a boolean", AsBoolean(value) is { } b ? $"read as {(b ? "true" : "false")}" : "ignored: any additional properties are allowed");
                }
                else if (SchemaMaps.Contains(pair.Key) && value is JsonObject map)
                {
                    foreach (var entry in Entries(_mapEntries, map))
                    {
                        if (entry.Value is JsonObject) continue;
                        var entryAt = At() + "/" + PointerLocator.Escape(entry.Key);
                        if (IsBoolean(entry.Value))
                        {
                            // JSON Schema's boolean schemas (3.1): true admits anything, false nothing, so a property that is
                            // false can never be there. The reader throws on either.
                            var admitsAll = entry.Value!.GetValue<bool>();
                            if (admitsAll) map[entry.Key] = new JsonObject();
                            else map.Remove(entry.Key);
                            ReportBooleanSchema(_problems, entryAt, entry.Key, entry.Value, _is31, admitsAll ? "read as any JSON value" : "left out: it admits no value");
                            continue;
                        }
                        map.Remove(entry.Key);
                        _problems.Add(DiagnosticDescriptors.RepairedValue, entryAt, entry.Key, Text(entry.Value), "a schema (an object)", "left out");
                    }
                }
                else if (SingleSchemas.Contains(pair.Key) && IsBoolean(value))
                {
                    // A boolean schema where one schema goes: any JSON value (a schema admitting nothing has no C# type either).
                    obj[pair.Key] = new JsonObject();
                    ReportBooleanSchema(_problems, At(), pair.Key, value, _is31, "read as any JSON value");
                }
                else if (pair.Key is "allOf" or "anyOf" or "oneOf" or "prefixItems" && value is JsonArray members && members.Any(IsBoolean))
                {
                    // true adds nothing; false is a case of oneOf / anyOf that never matches (elsewhere: no C# type, any value).
                    for (var i = members.Count - 1; i >= 0; i--)
                    {
                        if (!IsBoolean(members[i])) continue;
                        var leftOut = !members[i]!.GetValue<bool>() && pair.Key is "oneOf" or "anyOf";
                        ReportBooleanSchema(_problems, At() + "/" + i.ToString(CultureInfo.InvariantCulture), pair.Key, members[i], _is31, leftOut ? "left out: a case that never matches" : "read as any JSON value");
                        if (leftOut) members.RemoveAt(i);
                        else members[i] = new JsonObject();
                    }
                }
                else if (pair.Key == "$ref" && value is JsonValue reference && reference.GetValueKind() == JsonValueKind.String)
                {
                    var target = reference.ToString();
                    if (LocalReferences.IsDeep(target)) DeepReferences[pointer.ToString()] = target;
                    RepairReference(_root, obj, target, pointer, _problems, _is31, _isSwagger2);
                }
                else if (_isSwagger2 && pair.Key == "items" && value is JsonArray tuple)
                {
                    // The tuple form: one schema for every item when there is one, else any item.
                    var first = tuple.Count == 1 ? tuple[0]?.DeepClone() : null;
                    obj[pair.Key] = first ?? new JsonObject();
                    _problems.Add(DiagnosticDescriptors.RepairedValue, At(), pair.Key, "[…]", "one schema (Swagger 2 has no tuples)", tuple.Count == 1 ? "read as its one schema" : "read as any item (JsonElement)");
                }
                else if (_isSwagger2 && pair.Key == "type" && value is JsonArray types)
                {
                    var named = types.OfType<JsonValue>().Select(t => t.ToString()).ToList();
                    var concrete = named.Where(t => t != "null").Distinct(StringComparer.Ordinal).ToList();
                    if (concrete.Count == 1) obj[pair.Key] = concrete[0];
                    else obj.Remove(pair.Key);
                    if (named.Contains("null")) obj["x-nullable"] = true;
                    _problems.Add(DiagnosticDescriptors.RepairedValue, At(), pair.Key, Text(value), "one type name (Swagger 2)",
                        concrete.Count == 1 ? $"read as {concrete[0]}{(named.Contains("null") ? ", nullable" : "")}" : "read as any JSON value");
                }
            }
        }
    }

    /// <summary>A boolean schema is JSON Schema's, valid from OpenAPI 3.1: only before that is it the document's defect.</summary>
    private static void ReportBooleanSchema(Problems problems, string at, string key, JsonNode? value, bool is31, string action)
    {
        if (!is31) problems.Add(DiagnosticDescriptors.RepairedValue, at, key, Text(value), "a schema (an object) before OpenAPI 3.1", action);
    }

    private static void RepairBoolean(JsonObject obj, string key, JsonNode? value, string at, Problems problems, bool exclusiveIsBoolean)
    {
        if (IsBoolean(value)) return;
        if (exclusiveIsBoolean && key is "exclusiveMinimum" or "exclusiveMaximum" && value is JsonValue n && n.GetValueKind() == JsonValueKind.Number)
        {
            // 3.1's form in a 3.0 (or 2.0) document: the bound itself. As 3.0 writes it: the bound, exclusive.
            var bound = key == "exclusiveMinimum" ? "minimum" : "maximum";
            if (!obj.ContainsKey(bound)) obj[bound] = n.DeepClone();
            obj[key] = true;
            problems.Add(DiagnosticDescriptors.RepairedValue, at, key, Text(value), "a boolean in this version of OpenAPI (a number is 3.1's form)", $"read as {bound}: {Text(value)}, exclusive");
            return;
        }
        if (AsBoolean(value) is { } coerced)
        {
            obj[key] = coerced;
            problems.Add(DiagnosticDescriptors.RepairedValue, at, key, Text(value), "a boolean", $"read as {(coerced ? "true" : "false")}");
            return;
        }
        obj.Remove(key);
        problems.Add(DiagnosticDescriptors.RepairedValue, at, key, Text(value), "a boolean", "ignored");
    }

    private static void RepairReference(JsonObject root, JsonObject obj, string reference, Pointer owner, Problems problems, bool is31, bool isSwagger2)
    {
        if (reference.StartsWith("#", StringComparison.Ordinal))
        {
            // A pointer other than to a named component of this document's kind that lands on no object (#/definitions/Pet
            // in a 3.x document, #/openapi): the reader resolves it as a path inside the schema holding it and can loop
            // there ("Circular reference detected"). A named component that is missing is the binder's to report.
            if (!IsNamedComponent(reference, isSwagger2) && !LandsOnObject(root, reference))
            {
                obj.Remove("$ref");
                problems.Add(DiagnosticDescriptors.UnresolvedReference, owner.Key("$ref"), reference, "JsonElement");
                return;
            }
            // A pointer to the very object that holds it means nothing (and the reader loops on it); a pointer whose
            // last segment is empty names nothing (and makes the reader throw).
            if (owner.Depth == reference.Count(c => c == '/') && reference == owner.ToString())
            {
                obj.Remove("$ref");
                problems.Add(DiagnosticDescriptors.RepairedValue, owner.Key("$ref"), "$ref", "'" + reference + "'", "a reference to another schema", "ignored: it refers to itself, so the schema is any JSON value");
                return;
            }
            if (reference.Length > 1 && !reference.EndsWith("/", StringComparison.Ordinal)) return;
            if (reference == "#") return;
            obj.Remove("$ref");
            problems.Add(DiagnosticDescriptors.UnresolvedReference, owner.Key("$ref"), reference, "JsonElement");
            return;
        }
        // External references are not loaded; the readers also parse them as URIs and throw on a malformed one (a 3.1
        // reader on any relative one too). Left out there, and reported where they are (as the binder does for the rest).
        var malformed = reference.Any(char.IsControl) || !Uri.IsWellFormedUriString(reference, is31 ? UriKind.Absolute : UriKind.RelativeOrAbsolute);
        if (malformed || reference.Length == 0)
        {
            obj.Remove("$ref");
            problems.Add(DiagnosticDescriptors.UnresolvedReference, owner.Key("$ref"), reference, "JsonElement");
        }
    }

    private static bool IsNamedComponent(string reference, bool isSwagger2)
    {
        var segments = PointerLocator.Split(reference);
        return isSwagger2
            ? segments.Length == 2 && segments[0] is "definitions" or "parameters" or "responses" or "securityDefinitions"
            : segments.Length == 3 && segments[0] == "components";
    }

    /// <summary>Whether a local JSON pointer lands on an object (or a boolean schema) of the document; its segments are
    /// also read percent-decoded, as in a URI fragment.</summary>
    private static bool LandsOnObject(JsonNode root, string reference)
    {
        JsonNode? node = root;
        foreach (var segment in PointerLocator.Split(reference))
        {
            node = node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(segment, out var child) ? child
                    : segment.IndexOf('%') >= 0 && obj.TryGetPropertyValue(Uri.UnescapeDataString(segment), out var decoded) ? decoded : null,
                JsonArray array => int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count ? array[index] : null,
                _ => null,
            };
            if (node is null) return false;
        }
        return node is JsonObject || IsBoolean(node);
    }

    private static int? AsCount(JsonNode? value)
    {
        if (value is not JsonValue v) return null;
        double number;
        if (v.GetValueKind() == JsonValueKind.Number)
        {
            if (!double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)) return null;
        }
        else if (v.GetValueKind() != JsonValueKind.String || !double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            return null;
        }
        // 1e-400 is no count (it underflows to 0), nor is 2.5; 1e+09 is 1000000000.
        var text = v.GetValueKind() == JsonValueKind.Number ? v.ToJsonString() : v.ToString();
        var mantissa = text.Split('e', 'E')[0];
        if (number == 0 && mantissa.Any(c => c is >= '1' and <= '9')) return null;
        return number >= 0 && number <= int.MaxValue && Math.Floor(number) == number ? (int)number : null;
    }

    private static bool IsBoolean(JsonNode? value) => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    private static bool? AsBoolean(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.ToString().Trim().ToLowerInvariant() switch { "true" => true, "false" => false, _ => null }
            : null;

    private static string Text(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length <= 40 ? text : text.Substring(0, 40) + "…";
    }
}
