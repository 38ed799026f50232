using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenApiClientGen.Fuzz;

/// <summary>
/// Structural edits of a document parsed to a <see cref="JsonNode"/> tree: values of another JSON type, deleted and
/// duplicated keys, swapped / odd / self / cyclic <c>$ref</c>s, extreme numbers, huge strings, deep nesting, odd names,
/// status keys, null schemas, versions, enums, types, required lists, discriminators, paths. What a tree cannot hold
/// (a duplicate key, nesting deeper than the writer allows) is written as a marker and replaced in the text afterwards.
/// </summary>
internal static class StructuralMutator
{
    /// <summary>One place in the tree: a property of an object or an item of an array.</summary>
    private sealed class Slot(JsonNode container, string? key, int index, string pointer, string? containerKey)
    {
        public JsonNode Container { get; } = container;
        public string? Key { get; } = key;
        public int Index { get; } = index;
        public string Pointer { get; } = pointer;
        /// <summary>The key under which the container sits (for an array item: the array's key).</summary>
        public string? ContainerKey { get; } = containerKey;
        public JsonNode? Value => Container is JsonObject o ? o[Key!] : Container.AsArray()[Index];
        public string Name => Key ?? "[" + Index + "]";

        public void Set(JsonNode? value)
        {
            if (value?.Parent is not null) value = value.DeepClone();
            if (Container is JsonObject o) o[Key!] = value;
            else Container.AsArray()[Index] = value;
        }
    }

    private sealed class Context(JsonNode root, FuzzRandom random)
    {
        public JsonNode Root { get; } = root;
        public FuzzRandom Random { get; } = random;
        public bool Heavy { get; set; }
        public List<(string Marker, string Raw)> Raw { get; } = new();
        public List<Slot> Slots { get; private set; } = new();

        /// <summary>A string that the written text replaces (with its quotes) by <paramref name="raw"/>.</summary>
        public string Marker(string raw)
        {
            var marker = "FUZZRAW" + Raw.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + "Z";
            Raw.Add((marker, raw));
            return marker;
        }

        /// <summary>A key written as <paramref name="key"/> whatever the object already holds: a duplicate key in the text.</summary>
        public string DuplicateKey(string key) => Marker(YamlNodes.Quote(key));

        public void Walk() => Slots = WalkTree(Root);
    }

    private static readonly string[] SchemaMaps = { "schemas", "definitions", "properties", "patternProperties", "$defs", "dependentSchemas" };
    private static readonly string[] SchemaKeys = { "schema", "items", "additionalProperties", "not", "additionalItems", "contains", "propertyNames", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems" };
    private static readonly string[] SchemaLists = { "allOf", "oneOf", "anyOf", "prefixItems" };
    private static readonly string[] Methods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    private static readonly string[] OddNames =
    {
        "", " ", "ToString", "Equals", "GetHashCode", "GetType", "Finalize", "MemberwiseClone", "ReferenceEquals", "EqualityContract", "Deconstruct",
        "PrintMembers", "<Clone>$", "class", "@class", "namespace", "object", "string", "int", "System", "global", "global::System", "Value", "Match",
        "IsKnown", "Options", "Default", "JsonContext", "Client", "Serialize", "Deserialize", "__proto__", "constructor", "2XX", "2xx", "default",
        "null", "true", "123", "1abc", "a-b", "a_b", "aB", "AB", "a.b", "a/b", "{id}", "a b", "A", "a", "_", "__", "$", "$ref", "#", "~", "~1", "%20",
        "ünïcödé", "日本語", "😀", "\u0000", "\t", "a\nb", "</summary>", "<!--", "&amp;", "\"quoted\"", "x-", "x-fuzz", "Item", "Items", "Properties",
        "Type", "Kind", "Response", "Request", "Exception", "ApiException", "CancellationToken", "cancellationToken", "HttpClient", "Task", "Nullable",
        "JsonElement", "value", "this", "base", "operator", "var", "dynamic", "async", "await", "nameof", "record", "init", "required", "file", "scoped",
    };

    private static readonly string[] StatusKeys =
    {
        "2XX", "2xx", "4XX", "4xx", "5XX", "5xx", "1XX", "3XX", "XXX", "2X0", "default", "Default", "DEFAULT", "200 ", " 200", "200.0", "2000", "20", "099",
        "600", "999", "0", "-200", "", "abc", "x-200", "204", "304", "101", "1e2", "0x1F4", "２００",
    };

    private static readonly string[] ExtremeNumbers =
    {
        "1e-400", "1e+309", "-1e+309", "1e400", "-0", "-0.0", "0e0", "0.0", "9223372036854775808", "-9223372036854775809", "9223372036854775807",
        "18446744073709551616", "4294967296", "2147483648", "-2147483649", "1.7976931348623157e308", "5e-324", "123456789012345678901234567890.123456789",
        "0.1", "1E2", "1e-7", "100000000000000000000000000000000000000000000000000000000000000000000", "-1", "0", "1.5", "1e2147483648",
    };

    private static readonly string[] OddRefs =
    {
        "#/components/schemas/", "#/components/schemas", "#", "#/", "", " ", "#/components/schemas/DoesNotExist", "#/definitions/Pet", "#/components/schemas/Pet",
        "Pet.yaml", "./Pet.json", "../common.yaml#/components/schemas/Pet", "Pet", "http://example.com/schemas.json#/Pet", "https://example.com/openapi.json",
        "#/components/schemas/A~1B", "#/components/schemas/A~2B", "#/components/schemas/%7Bid%7D", "#/paths", "#/info", "#/info/title", "#/components",
        "#/components/responses/NotFound", "#/components/parameters/id", "file:///etc/passwd", "urn:uuid:1", "#/$defs/x", "#components/schemas/Pet",
        "#/components/schemas//", "#/components//schemas", "#/components/schemas/ToString", "//example.com/x", "#/paths/~1/get", "\u0000", "#/0", "#/openapi",
    };

    public static string Mutate(JsonNode root, FuzzRandom random, bool yamlOutput, bool indented, List<string> operations, out bool heavy)
    {
        var context = new Context(root, random);
        var count = random.Chance(0.55) ? 1 : random.Chance(0.6) ? 2 : 3;
        for (var i = 0; i < count; i++)
        {
            context.Walk();
            if (context.Slots.Count == 0)
            {
                operations.Add("(the document is empty: nothing to edit)");
                break;
            }
            var applied = false;
            for (var attempt = 0; attempt < 12 && !applied; attempt++) applied = Apply(context, operations);
            if (!applied) operations.Add("(no applicable edit found)");
        }
        heavy = context.Heavy;

        var text = yamlOutput ? YamlNodes.ToYaml(context.Root) : context.Root.ToJsonString(indented ? YamlNodes.Indented : YamlNodes.Compact);
        if (context.Raw.Count == 0) return text;
        var builder = new StringBuilder(text);
        foreach (var (marker, raw) in context.Raw) builder.Replace("\"" + marker + "\"", raw);
        return builder.ToString();
    }

    private static readonly (string Name, double Weight, Func<Context, List<string>, bool> Edit)[] Edits =
    {
        ("replace-type", 10, ReplaceType), ("delete-key", 8, DeleteKey), ("duplicate-key", 6, DuplicateKeyEdit), ("copy-subtree", 6, CopySubtree),
        ("swap-ref", 7, SwapRef), ("odd-ref", 7, OddRef), ("self-ref", 7, SelfRef), ("extreme-number", 7, ExtremeNumber), ("huge-string", 4, HugeString),
        ("deep-nesting", 5, DeepNesting), ("odd-name", 9, OddName), ("status-key", 6, StatusKey), ("null-schema", 6, NullSchema), ("empty-key", 3, EmptyKey),
        ("version", 3, Version), ("enum-edit", 4, EnumEdit), ("type-edit", 5, TypeEdit), ("required-edit", 3, RequiredEdit),
        ("discriminator-edit", 4, DiscriminatorEdit), ("path-edit", 4, PathEdit),
    };

    private static readonly double[] EditWeights = Edits.Select(e => e.Weight).ToArray();

    private static bool Apply(Context c, List<string> operations)
    {
        var edit = Edits[c.Random.PickWeighted(EditWeights)];
        var before = operations.Count;
        if (!edit.Edit(c, operations)) return false;
        for (var i = before; i < operations.Count; i++) operations[i] = edit.Name + ": " + operations[i];
        return true;
    }

    // ------------------------------------------------------------------ the edits

    private static bool ReplaceType(Context c, List<string> ops)
    {
        var slot = PickSlot(c, preferSchemas: 0.5);
        if (slot is null) return false;
        var kind = Kind(slot.Value);
        JsonNode? value;
        do
        {
            value = c.Random.Next(12) switch
            {
                0 => null,
                1 => JsonValue.Create(true),
                2 => JsonValue.Create(false),
                3 => JsonValue.Create(0),
                4 => JsonValue.Create(-1),
                5 => JsonValue.Create(""),
                6 => JsonValue.Create("x"),
                7 => new JsonArray(),
                8 => new JsonObject(),
                9 => new JsonArray((JsonNode?)null),
                10 => new JsonObject { [""] = null },
                _ => JsonValue.Create(1.5),
            };
        } while (Kind(value) == kind && kind != "object" && kind != "array");
        ops.Add($"{slot.Pointer}: {kind} -> {Show(value)}");
        slot.Set(value);
        return true;
    }

    private static readonly string[] ImportantKeys =
    {
        "type", "$ref", "properties", "items", "schema", "responses", "paths", "components", "info", "openapi", "swagger", "title", "version", "name", "in",
        "required", "content", "schemas", "allOf", "oneOf", "anyOf", "discriminator", "enum", "format", "nullable", "parameters", "requestBody", "operationId",
        "additionalProperties", "servers", "securitySchemes", "security", "definitions", "mapping", "propertyName", "style", "explode", "default",
    };

    private static bool DeleteKey(Context c, List<string> ops)
    {
        var keys = c.Slots.Where(s => s.Key is not null).ToList();
        if (keys.Count == 0) return false;
        var important = keys.Where(s => ImportantKeys.Contains(s.Key)).ToList();
        var slot = important.Count > 0 && c.Random.Chance(0.6) ? c.Random.Pick(important) : c.Random.Pick(keys);
        ops.Add($"remove {slot.Pointer}");
        ((JsonObject)slot.Container).Remove(slot.Key!);
        return true;
    }

    private static bool DuplicateKeyEdit(Context c, List<string> ops)
    {
        var keys = c.Slots.Where(s => s.Key is not null).ToList();
        if (keys.Count == 0) return false;
        var slot = c.Random.Pick(keys);
        var obj = (JsonObject)slot.Container;
        var value = c.Random.Chance(0.5) ? slot.Value?.DeepClone() : c.Random.Chance(0.5) ? JsonValue.Create("duplicate") : null;
        obj[c.DuplicateKey(slot.Key!)] = value;
        ops.Add($"{slot.Pointer} appears twice (the second: {Show(value)})");
        return true;
    }

    private static bool CopySubtree(Context c, List<string> ops)
    {
        var containers = c.Slots.Where(s => s.Value is JsonObject or JsonArray).ToList();
        if (containers.Count == 0) return false;
        var source = c.Random.Chance(0.6) ? PickSchema(c) ?? c.Random.Pick(containers) : c.Random.Pick(containers);
        var target = c.Random.Chance(0.6) ? PickSchema(c) ?? PickSlot(c, 0)! : PickSlot(c, 0)!;
        if (target is null || ReferenceEquals(source, target)) return false;
        if (IsAncestor(target.Value, source.Container)) return false; // would copy a node into its own subtree ad infinitum: fine once, but keep the tree finite
        ops.Add($"copy {source.Pointer} over {target.Pointer}");
        target.Set(source.Value?.DeepClone());
        return true;
    }

    private static bool SwapRef(Context c, List<string> ops)
    {
        var refs = Refs(c);
        if (refs.Count == 0) return SelfRef(c, ops);
        var slot = c.Random.Pick(refs);
        string target;
        if (c.Random.Chance(0.5))
        {
            target = ((JsonValue)c.Random.Pick(refs).Value!).ToString();
        }
        else
        {
            // Any place of the document, schema or not.
            var place = c.Random.Chance(0.5) ? PickSchema(c) ?? c.Random.Pick(c.Slots) : c.Random.Pick(c.Slots);
            target = place.Pointer;
        }
        ops.Add($"{slot.Pointer}: {Show(slot.Value)} -> \"{target}\"");
        slot.Set(JsonValue.Create(target));
        return true;
    }

    private static bool OddRef(Context c, List<string> ops)
    {
        var refs = Refs(c);
        var components = ComponentSchemas(c);
        var name = components.Count > 0 ? c.Random.Pick(components).Key! : "Pet";
        JsonNode? target = c.Random.Next(10) switch
        {
            0 => JsonValue.Create("#/components/schemas/" + name + "/"),
            1 => JsonValue.Create("#/components/schemas/" + name.ToUpperInvariant()),
            2 => JsonValue.Create("#/components/schemas/" + name + " "),
            3 => JsonValue.Create("#/definitions/" + name),
            4 => JsonValue.Create(name),
            5 => c.Random.Pick(new JsonNode?[] { null, JsonValue.Create(5), new JsonObject(), new JsonArray(JsonValue.Create("#/components/schemas/" + name)), JsonValue.Create(true) }),
            _ => JsonValue.Create(c.Random.Pick(OddRefs)),
        };
        if (refs.Count > 0 && c.Random.Chance(0.6))
        {
            var slot = c.Random.Pick(refs);
            ops.Add($"{slot.Pointer}: {Show(slot.Value)} -> {Show(target)}");
            slot.Set(target);
            if (c.Random.Chance(0.3))
            {
                // A $ref with siblings (ignored in 3.0, merged in 3.1).
                var obj = (JsonObject)slot.Container;
                obj["description"] = "sibling of $ref";
                obj["nullable"] = true;
                obj["type"] = "integer";
                ops.Add($"{slot.Pointer}: with siblings description, nullable, type");
            }
            return true;
        }
        var schema = PickSchema(c);
        if (schema is null) return false;
        ops.Add($"{schema.Pointer} -> {{\"$ref\": {Show(target)}}}");
        schema.Set(new JsonObject { ["$ref"] = target });
        return true;
    }

    private static bool SelfRef(Context c, List<string> ops)
    {
        var components = ComponentSchemas(c);
        var schema = PickSchema(c);
        if (schema is null) return false;
        var self = JsonValue.Create(schema.Pointer);
        switch (c.Random.Next(8))
        {
            case 0:
                ops.Add($"{schema.Pointer} -> {{\"$ref\": itself}}");
                schema.Set(new JsonObject { ["$ref"] = self });
                return true;
            case 1 when components.Count >= 2:
            {
                var a = c.Random.Pick(components);
                var b = c.Random.Pick(components);
                if (ReferenceEquals(a, b)) return false;
                ops.Add($"{a.Pointer} -> $ref {b.Pointer} -> $ref {a.Pointer} (a cycle of aliases)");
                a.Set(new JsonObject { ["$ref"] = b.Pointer });
                b.Set(new JsonObject { ["$ref"] = a.Pointer });
                return true;
            }
            case 2 when components.Count >= 3:
            {
                var picked = Enumerable.Range(0, 3).Select(_ => c.Random.Pick(components)).ToList();
                if (picked.Distinct().Count() < 3) return false;
                ops.Add($"{picked[0].Pointer} -> {picked[1].Pointer} -> {picked[2].Pointer} -> back (a 3-cycle through allOf)");
                for (var i = 0; i < 3; i++)
                    picked[i].Set(new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = picked[(i + 1) % 3].Pointer }) });
                return true;
            }
            default:
            {
                if (schema.Value is not JsonObject obj) return false;
                var where = c.Random.Pick(new[] { "allOf", "oneOf", "anyOf", "items", "additionalProperties", "property", "not", "discriminator" });
                switch (where)
                {
                    case "allOf" or "oneOf" or "anyOf":
                        obj[where] = new JsonArray(new JsonObject { ["$ref"] = schema.Pointer }, new JsonObject { ["type"] = "string" });
                        break;
                    case "items":
                        obj["type"] = "array";
                        obj["items"] = new JsonObject { ["$ref"] = schema.Pointer };
                        break;
                    case "additionalProperties" or "not":
                        obj[where] = new JsonObject { ["$ref"] = schema.Pointer };
                        break;
                    case "property":
                        obj["properties"] ??= new JsonObject();
                        if (obj["properties"] is not JsonObject properties) return false;
                        properties["self"] = new JsonObject { ["$ref"] = schema.Pointer };
                        break;
                    default:
                        obj["oneOf"] = new JsonArray(new JsonObject { ["$ref"] = schema.Pointer });
                        obj["discriminator"] = new JsonObject { ["propertyName"] = "kind", ["mapping"] = new JsonObject { ["self"] = schema.Pointer } };
                        break;
                }
                ops.Add($"{schema.Pointer}: refers to itself through {where}");
                return true;
            }
        }
    }

    private static bool ExtremeNumber(Context c, List<string> ops)
    {
        var number = JsonNode.Parse(c.Random.Pick(ExtremeNumbers));
        var numbers = c.Slots.Where(s => s.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number).ToList();
        if (numbers.Count > 0 && c.Random.Chance(0.4))
        {
            var slot = c.Random.Pick(numbers);
            ops.Add($"{slot.Pointer}: {Show(slot.Value)} -> {Show(number)}");
            slot.Set(number);
            return true;
        }
        var schema = PickSchema(c);
        if (schema?.Value is not JsonObject obj) return false;
        var keyword = c.Random.Pick(new[]
        {
            "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "minProperties",
            "maxProperties", "default", "example", "const", "enum",
        });
        if (keyword == "enum")
        {
            obj["type"] = c.Random.Pick(new[] { "integer", "number", "string" });
            obj["enum"] = new JsonArray(number, JsonNode.Parse(c.Random.Pick(ExtremeNumbers)), JsonValue.Create(1));
        }
        else
        {
            if (c.Random.Chance(0.5)) obj["type"] = c.Random.Pick(new[] { "integer", "number" });
            if (c.Random.Chance(0.3)) obj["format"] = c.Random.Pick(new[] { "int32", "int64", "float", "double", "decimal", "uint8", "int16" });
            obj[keyword] = number;
        }
        ops.Add($"{schema.Pointer}/{keyword} = {Show(number)} (type {Show(obj["type"])}, format {Show(obj["format"])})");
        return true;
    }

    private static bool HugeString(Context c, List<string> ops)
    {
        var size = c.Random.Pick(new[] { 4096, 65536, 1 << 20, 4 << 20 });
        if (size >= 1 << 20) c.Heavy = true;
        var unit = c.Random.Pick(new[] { "a", "ab\"\\\n\u0000{}<>&", "日本語😀", "A1_", " ", "*/ /* // <!-- ]]>" });
        var text = new StringBuilder(size + unit.Length);
        while (text.Length < size) text.Append(unit);
        var huge = text.ToString(0, size);
        var strings = c.Slots.Where(s => s.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String && s.Key != "$ref").ToList();
        switch (c.Random.Next(4))
        {
            case 0 when c.Root is JsonObject root && root["info"] is JsonObject info:
                info["title"] = huge; // becomes the client's name
                ops.Add($"#/info/title = a {size}-character string of \"{Printable(unit)}\"");
                return true;
            case 1:
            {
                var keys = c.Slots.Where(s => s.Key is not null && (s.ContainerKey is "properties" or "schemas" or "paths" or "definitions")).ToList();
                if (keys.Count == 0) return false;
                var slot = c.Random.Pick(keys);
                var name = slot.ContainerKey == "paths" ? "/" + huge : huge;
                Rename(c, (JsonObject)slot.Container, slot.Key!, name);
                ops.Add($"{slot.Pointer}: the key renamed to a {size}-character string of \"{Printable(unit)}\"");
                return true;
            }
            default:
            {
                if (strings.Count == 0) return false;
                var slot = c.Random.Pick(strings);
                ops.Add($"{slot.Pointer} = a {size}-character string of \"{Printable(unit)}\"");
                slot.Set(JsonValue.Create(huge));
                return true;
            }
        }
    }

    private static bool DeepNesting(Context c, List<string> ops)
    {
        var slot = c.Random.Chance(0.8) ? PickSchema(c) : PickSlot(c, 0);
        if (slot is null) return false;
        var depth = c.Random.Pick(new[] { 64, 100, 125, 126, 127, 128, 129, 200, 255, 256, 257, 300, 1000, 10000 });
        var shape = c.Random.Pick(new[] { "properties", "items", "allOf", "oneOf", "additionalProperties", "not", "arrays", "objects" });
        var (open, leaf, close) = shape switch
        {
            "properties" => ("{\"type\": \"object\", \"properties\": {\"a\": ", "{\"type\": \"string\"}", "}}"),
            "items" => ("{\"type\": \"array\", \"items\": ", "{\"type\": \"integer\"}", "}"),
            "allOf" => ("{\"allOf\": [", "{\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"string\"}}}", "]}"),
            "oneOf" => ("{\"oneOf\": [{\"type\": \"string\"}, ", "{\"type\": \"integer\"}", "]}"),
            "additionalProperties" => ("{\"type\": \"object\", \"additionalProperties\": ", "{\"type\": \"boolean\"}", "}"),
            "not" => ("{\"not\": ", "{}", "}"),
            "arrays" => ("[", "0", "]"),
            _ => ("{\"a\": ", "null", "}"),
        };
        var text = new StringBuilder(depth * (open.Length + close.Length) + leaf.Length);
        for (var i = 0; i < depth; i++) text.Append(open);
        text.Append(leaf);
        for (var i = 0; i < depth; i++) text.Append(close);
        slot.Set(JsonValue.Create(c.Marker(text.ToString())));
        ops.Add($"{slot.Pointer} = {depth} levels of {shape}");
        return true;
    }

    private static bool OddName(Context c, List<string> ops)
    {
        var name = c.Random.Pick(OddNames);
        var keys = c.Slots.Where(s => s.Key is not null && s.ContainerKey is "properties" or "schemas" or "definitions" or "paths" or "content" or "securitySchemes" or "responses" or "parameters" or "headers").ToList();
        var values = c.Slots.Where(s => s.Value is JsonValue && (s.Key is "operationId" or "name" or "title" or "propertyName" || s.ContainerKey is "enum" or "required" or "tags")).ToList();
        switch (c.Random.Next(4))
        {
            case 0 or 1 when keys.Count > 0:
            {
                var slot = c.Random.Pick(keys);
                if (slot.ContainerKey == "paths" && c.Random.Chance(0.7)) name = "/" + name;
                // A property named like its record (CS0542 if kept), or like a sibling in another spelling.
                if (slot.ContainerKey == "properties" && c.Random.Chance(0.25))
                    name = c.Random.Chance(0.5) ? OwnerName(slot) ?? name : Respell(slot.Key!);
                Rename(c, (JsonObject)slot.Container, slot.Key!, name);
                ops.Add($"{slot.Pointer}: key renamed to {YamlNodes.Quote(name)}");
                return true;
            }
            case 2 when keys.Count > 0:
            {
                // A sibling whose name differs only in spelling: both map to the same C# name.
                var slot = c.Random.Pick(keys);
                var respelled = Respell(slot.Key!);
                var obj = (JsonObject)slot.Container;
                obj[obj.ContainsKey(respelled) ? c.DuplicateKey(respelled) : respelled] = slot.Value?.DeepClone();
                ops.Add($"{slot.Pointer}: a sibling {YamlNodes.Quote(respelled)} added");
                return true;
            }
            default:
            {
                if (values.Count == 0) return false;
                var slot = c.Random.Pick(values);
                ops.Add($"{slot.Pointer}: {Show(slot.Value)} -> {YamlNodes.Quote(name)}");
                slot.Set(JsonValue.Create(name));
                return true;
            }
        }
    }

    private static bool StatusKey(Context c, List<string> ops)
    {
        var maps = c.Slots.Where(s => s.Key == "responses" && s.Value is JsonObject { Count: > 0 } && s.ContainerKey is not null && Methods.Contains(s.ContainerKey)).ToList();
        if (maps.Count == 0) return false;
        var slot = c.Random.Pick(maps);
        var responses = (JsonObject)slot.Value!;
        var key = c.Random.Pick(responses.Select(p => p.Key).ToList());
        switch (c.Random.Next(3))
        {
            case 0:
            {
                var status = c.Random.Pick(StatusKeys);
                Rename(c, responses, key, status);
                ops.Add($"{slot.Pointer}/{Escape(key)}: key renamed to {YamlNodes.Quote(status)}");
                return true;
            }
            case 1:
            {
                // Both spellings of a range, or a status and its range, or the same status twice.
                var pair = c.Random.Pick(new[] { ("2XX", "2xx"), ("200", "2XX"), ("4XX", "4xx"), ("default", "Default"), ("200", "200"), ("5XX", "default") });
                foreach (var status in new[] { pair.Item1, pair.Item2 })
                    responses[responses.ContainsKey(status) ? c.DuplicateKey(status) : status] = responses[key]?.DeepClone();
                ops.Add($"{slot.Pointer}: responses {YamlNodes.Quote(pair.Item1)} and {YamlNodes.Quote(pair.Item2)} added (copies of {YamlNodes.Quote(key)})");
                return true;
            }
            default:
            {
                var value = c.Random.Pick(new JsonNode?[] { null, JsonValue.Create("OK"), new JsonObject(), new JsonObject { ["content"] = null }, new JsonObject { ["description"] = "x", ["content"] = new JsonObject { ["application/json"] = null } }, new JsonObject { ["$ref"] = "#/components/responses/Nope" } });
                ops.Add($"{slot.Pointer}/{Escape(key)} -> {Show(value)}");
                responses[key] = value;
                return true;
            }
        }
    }

    private static bool NullSchema(Context c, List<string> ops)
    {
        Slot? slot;
        if (c.Random.Chance(0.7))
        {
            slot = PickSchema(c);
        }
        else
        {
            var places = c.Slots.Where(s => s.Value is JsonObject && (s.Key is "content" or "info" or "paths" or "components" or "responses" or "requestBody" or "parameters" or "schemas" or "servers" or "securitySchemes" || s.ContainerKey is "content" or "paths" or "responses" || s.ContainerKey is not null && Methods.Contains(s.ContainerKey) || Methods.Contains(s.Key))).ToList();
            slot = places.Count > 0 ? c.Random.Pick(places) : null;
        }
        if (slot is null) return false;
        ops.Add($"{slot.Pointer} = null");
        slot.Set(null);
        return true;
    }

    private static bool EmptyKey(Context c, List<string> ops)
    {
        var objects = c.Slots.Where(s => s.Value is JsonObject).ToList();
        if (objects.Count == 0) return false;
        var slot = c.Random.Chance(0.5) ? PickSchemaMapEntry(c) ?? c.Random.Pick(objects) : c.Random.Pick(objects);
        if (c.Random.Chance(0.5) && slot.Key is not null)
        {
            Rename(c, (JsonObject)slot.Container, slot.Key, "");
            ops.Add($"{slot.Pointer}: key renamed to \"\"");
        }
        else
        {
            var obj = (JsonObject)slot.Value!;
            var value = obj.Count > 0 && c.Random.Chance(0.6) ? obj.First().Value?.DeepClone() : new JsonObject { ["type"] = "string" };
            obj[obj.ContainsKey("") ? c.DuplicateKey("") : ""] = value;
            ops.Add($"{slot.Pointer}: a key \"\" added = {Show(value)}");
        }
        return true;
    }

    private static bool Version(Context c, List<string> ops)
    {
        if (c.Root is not JsonObject root) return false;
        var key = root.ContainsKey("openapi") ? "openapi" : "swagger";
        var value = c.Random.Pick(new JsonNode?[]
        {
            "3.1.0", "3.0.0", "3.0.3", "2.0", "3.2.0", "4.0.0", "3", "3.1", "", "1.2", "3.0.0-rc0", JsonValue.Create(3.1), JsonValue.Create(2), null, "swagger", new JsonArray("3.0.0"),
        });
        switch (c.Random.Next(3))
        {
            case 0:
                root[key == "openapi" ? "swagger" : "openapi"] = key == "openapi" ? "2.0" : "3.0.0";
                ops.Add($"both 'openapi' and 'swagger' present (added {(key == "openapi" ? "swagger: 2.0" : "openapi: 3.0.0")})");
                return true;
            case 1:
                Rename(c, root, key, key == "openapi" ? "swagger" : "openapi");
                ops.Add($"'{key}' renamed to '{(key == "openapi" ? "swagger" : "openapi")}'");
                return true;
            default:
                ops.Add($"{key}: {Show(root[key])} -> {Show(value)}");
                root[key] = value?.DeepClone();
                return true;
        }
    }

    private static bool EnumEdit(Context c, List<string> ops)
    {
        var enums = c.Slots.Where(s => s.Key == "enum").ToList();
        var slot = enums.Count > 0 && c.Random.Chance(0.7) ? c.Random.Pick(enums) : null;
        JsonObject? owner;
        if (slot is null)
        {
            var schema = PickSchema(c);
            if (schema?.Value is not JsonObject o) return false;
            owner = o;
            owner["type"] = c.Random.Pick(new[] { "string", "integer", "number", "boolean" });
            ops.Add($"{schema.Pointer}: type {owner["type"]} with an enum");
        }
        else
        {
            owner = (JsonObject)slot.Container;
        }
        const int count = 20000;
        JsonArray values = c.Random.Next(9) switch
        {
            0 => new JsonArray("a", "a", "b"),
            1 => new JsonArray(1, "1", true, null, 1.5, new JsonObject(), new JsonArray()),
            2 => new JsonArray("a-b", "a_b", "A B", "aB", "AB", "a b", "a.b"),
            3 => new JsonArray(),
            4 => new JsonArray((JsonNode?)null),
            5 => new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode?)JsonValue.Create("v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray()),
            6 => new JsonArray("class", "default", "Value", "IsKnown", "ToString", "Equals", "", " ", "1", "2XX", "\u0000", "😀"),
            7 => new JsonArray(JsonNode.Parse("1e400"), JsonNode.Parse("-0"), JsonNode.Parse("9223372036854775808"), JsonNode.Parse("0.1"), 1),
            _ => new JsonArray("x"),
        };
        ops.Add($"enum = {Show(values)}");
        owner["enum"] = values;
        return true;
    }

    private static bool TypeEdit(Context c, List<string> ops)
    {
        var schema = PickSchema(c);
        if (schema?.Value is not JsonObject obj) return false;
        (JsonNode? Type, string? Format) pick = c.Random.Next(14) switch
        {
            0 => (new JsonArray("string", "null"), null),
            1 => (new JsonArray("null"), null),
            2 => ("null", null),
            3 => (new JsonArray(), null),
            4 => ("foo", null),
            5 => ("Object", null),
            6 => ("integer", "uuid"),
            7 => (new JsonArray("integer", "string"), null),
            8 => (JsonValue.Create(5), null),
            9 => (new JsonObject { ["type"] = "string" }, null),
            10 => ("file", null),
            11 => ("string", c.Random.Pick(new[] { "binary", "byte", "date", "date-time", "int64", "uri", "", "unknown-format", "DATE-TIME" })),
            12 => ("array", null),
            _ => ("object", null),
        };
        var (type, format) = pick;
        ops.Add($"{schema.Pointer}: type {Show(obj["type"])} -> {Show(type)}{(format is null ? "" : $", format {YamlNodes.Quote(format)}")}");
        obj["type"] = type;
        if (format is not null) obj["format"] = format;
        return true;
    }

    private static bool RequiredEdit(Context c, List<string> ops)
    {
        var schema = PickSchema(c);
        if (schema?.Value is not JsonObject obj) return false;
        var properties = obj["properties"] is JsonObject p ? p.Select(x => x.Key).ToList() : new List<string>();
        var first = properties.Count > 0 ? properties[0] : "id";
        JsonNode? required = c.Random.Next(7) switch
        {
            0 => new JsonArray("nonexistent"),
            1 => new JsonArray(first, first),
            2 => new JsonArray(1, null, "x"),
            3 => JsonValue.Create(true),
            4 => JsonValue.Create(first),
            5 => new JsonArray(""),
            _ => new JsonArray(properties.Append("extra").Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
        };
        ops.Add($"{schema.Pointer}/required = {Show(required)}");
        obj["required"] = required;
        return true;
    }

    private static bool DiscriminatorEdit(Context c, List<string> ops)
    {
        var unions = c.Slots.Where(s => s.Value is JsonObject o && (o.ContainsKey("oneOf") || o.ContainsKey("anyOf") || o.ContainsKey("discriminator"))).ToList();
        var slot = unions.Count > 0 && c.Random.Chance(0.7) ? c.Random.Pick(unions) : PickSchema(c);
        if (slot?.Value is not JsonObject obj) return false;
        var components = ComponentSchemas(c);
        var other = components.Count > 0 ? c.Random.Pick(components).Pointer : "#/components/schemas/Nope";
        JsonNode? discriminator = c.Random.Next(6) switch
        {
            0 => new JsonObject { ["propertyName"] = "" },
            1 => new JsonObject { ["propertyName"] = "nonexistent", ["mapping"] = new JsonObject { ["a"] = slot.Pointer, ["b"] = "Nope", [""] = other } },
            2 => new JsonObject { ["propertyName"] = "type", ["mapping"] = new JsonObject { ["x"] = 5, ["y"] = null, ["z"] = new JsonObject() } },
            3 => new JsonObject { ["mapping"] = new JsonObject { ["a"] = other } },
            4 => JsonValue.Create("type"),
            _ => new JsonObject { ["propertyName"] = "kind", ["mapping"] = new JsonObject { ["same"] = other, ["Same"] = other, ["SAME"] = other } },
        };
        if (!obj.ContainsKey("oneOf") && !obj.ContainsKey("anyOf") && c.Random.Chance(0.5))
            obj["oneOf"] = new JsonArray(new JsonObject { ["$ref"] = other }, new JsonObject { ["$ref"] = slot.Pointer });
        ops.Add($"{slot.Pointer}/discriminator = {Show(discriminator)}");
        obj["discriminator"] = discriminator;
        return true;
    }

    private static bool PathEdit(Context c, List<string> ops)
    {
        var paths = c.Slots.Where(s => s.ContainerKey == "paths" && s.Key is not null && s.Pointer.StartsWith("#/paths/", StringComparison.Ordinal)).ToList();
        if (paths.Count == 0) return false;
        var slot = c.Random.Pick(paths);
        var path = slot.Key!;
        if (c.Random.Chance(0.3) && slot.Value is JsonObject item && item.Count > 0)
        {
            // An HTTP method key in another spelling, or an operation that is not an object.
            var method = c.Random.Pick(item.Select(x => x.Key).ToList());
            var spelled = c.Random.Pick(new[] { method.ToUpperInvariant(), method + " ", "query", "connect", "x-" + method, "parameters", "$ref" });
            Rename(c, item, method, spelled);
            ops.Add($"{slot.Pointer}: method {YamlNodes.Quote(method)} renamed to {YamlNodes.Quote(spelled)}");
            return true;
        }
        var renamed = c.Random.Next(10) switch
        {
            0 => path + "/{id}/{id}",
            1 => "/{}",
            2 => path + "/{",
            3 => path.TrimStart('/'),
            4 => "",
            5 => path + "/{b}{c}",
            6 => path + "/{ToString}",
            7 => path + "?query=1",
            8 => path + "#fragment",
            _ => path.Replace("{", "{{", StringComparison.Ordinal),
        };
        Rename(c, (JsonObject)slot.Container, path, renamed);
        ops.Add($"path {YamlNodes.Quote(path)} renamed to {YamlNodes.Quote(renamed)}");
        return true;
    }

    // ------------------------------------------------------------------ helpers

    private static List<Slot> WalkTree(JsonNode root)
    {
        var slots = new List<Slot>();
        var stack = new Stack<(JsonNode Node, string Pointer, string? Key)>();
        stack.Push((root, "#", null));
        while (stack.Count > 0)
        {
            var (node, pointer, key) = stack.Pop();
            if (node is JsonObject obj)
            {
                foreach (var pair in obj)
                {
                    var slot = new Slot(obj, pair.Key, -1, pointer + "/" + Escape(pair.Key), key);
                    slots.Add(slot);
                    if (pair.Value is JsonObject or JsonArray) stack.Push((pair.Value, slot.Pointer, pair.Key));
                }
            }
            else if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    var slot = new Slot(array, null, i, pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), key);
                    slots.Add(slot);
                    if (array[i] is JsonObject or JsonArray) stack.Push((array[i]!, slot.Pointer, key));
                }
            }
        }
        return slots;
    }

    private static bool IsSchema(Slot slot) =>
        slot.Value is JsonObject
        && (slot.Container is JsonObject && slot.ContainerKey is not null && SchemaMaps.Contains(slot.ContainerKey)
            || slot.Key is not null && SchemaKeys.Contains(slot.Key)
            || slot.Container is JsonArray && slot.ContainerKey is not null && SchemaLists.Contains(slot.ContainerKey));

    private static Slot? PickSchema(Context c)
    {
        var schemas = c.Slots.Where(IsSchema).ToList();
        return schemas.Count == 0 ? null : c.Random.Pick(schemas);
    }

    private static Slot? PickSchemaMapEntry(Context c)
    {
        var entries = c.Slots.Where(s => s.Value is JsonObject && s.ContainerKey is "schemas" or "properties" or "definitions").ToList();
        return entries.Count == 0 ? null : c.Random.Pick(entries);
    }

    private static Slot? PickSlot(Context c, double preferSchemas)
    {
        if (c.Slots.Count == 0) return null;
        return c.Random.Chance(preferSchemas) ? PickSchema(c) ?? c.Random.Pick(c.Slots) : c.Random.Pick(c.Slots);
    }

    private static List<Slot> ComponentSchemas(Context c) =>
        c.Slots.Where(s => s.Key is not null && s.ContainerKey is "schemas" or "definitions"
            && (s.Pointer.StartsWith("#/components/schemas/", StringComparison.Ordinal) || s.Pointer.StartsWith("#/definitions/", StringComparison.Ordinal))
            && s.Pointer.Count(ch => ch == '/') == (s.Pointer.StartsWith("#/definitions/", StringComparison.Ordinal) ? 2 : 3)).ToList();

    private static List<Slot> Refs(Context c) =>
        c.Slots.Where(s => s.Key == "$ref" && s.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList();

    private static bool IsAncestor(JsonNode? candidate, JsonNode? node)
    {
        for (var n = node; n is not null; n = n.Parent)
        {
            if (ReferenceEquals(n, candidate)) return true;
        }
        return false;
    }

    /// <summary>The name of the component schema a property belongs to (for a property named like its record).</summary>
    private static string? OwnerName(Slot property)
    {
        var parts = property.Pointer.Split('/');
        return parts.Length >= 4 && parts[1] == "components" && parts[2] == "schemas" ? Unescape(parts[3]) : parts.Length >= 3 && parts[1] == "definitions" ? Unescape(parts[2]) : null;
    }

    private static string Respell(string name)
    {
        if (name.Contains('_', StringComparison.Ordinal)) return name.Replace("_", "", StringComparison.Ordinal);
        if (name.Length > 0 && char.IsLower(name[0])) return char.ToUpperInvariant(name[0]) + name.Substring(1);
        if (name.Length > 0 && char.IsUpper(name[0])) return char.ToLowerInvariant(name[0]) + name.Substring(1);
        return name + "_";
    }

    /// <summary>Renames a key keeping the order of the object; a name the object already has becomes a duplicate key in the text.</summary>
    private static void Rename(Context c, JsonObject obj, string oldKey, string newKey)
    {
        var pairs = obj.ToList();
        obj.Clear();
        foreach (var pair in pairs)
        {
            var key = pair.Key == oldKey ? newKey : pair.Key;
            if (obj.ContainsKey(key)) key = c.DuplicateKey(key);
            obj[key] = pair.Value;
        }
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "?",
    };

    private static string Show(JsonNode? node)
    {
        var text = node is null ? "null" : node.ToJsonString(YamlNodes.Compact);
        return text.Length > 80 ? text.Substring(0, 77) + "..." : text;
    }

    public static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static string Printable(string text) => YamlNodes.Quote(text).Trim('"');
}
