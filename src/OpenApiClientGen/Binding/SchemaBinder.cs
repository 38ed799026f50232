using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.OpenApi;
using OpenApiClientGen.Diagnostics;
using OpenApiClientGen.Model;
using OpenApiClientGen.Reading;

namespace OpenApiClientGen.Binding;

/// <summary>
/// Binds the schemas of an <see cref="OpenApiDocument"/> to C# types: which schemas declare a type and under what
/// name, every property's C# type and nullability, enums, unions and discriminated hierarchies. Pure: the same
/// document gives an equal list of types.
/// </summary>
internal sealed class SchemaBinder
{
    private const string JsonFallback = "JsonElement";

    /// <summary>
    /// How deep schemas may nest through inline schemas and <c>$ref</c> chains (which the document's own depth does not
    /// bound). Real specs stay far below; the bound keeps every recursion of the binder and emitters off the stack limit,
    /// where an overflow would kill the compiler.
    /// </summary>
    private const int MaxDepth = 128;

    private readonly TargetModel _target;
    private readonly bool _keepUnknownProperties;
    private OpenApiDocument? _document;
    private Dictionary<string, string> _deepReferences = new(StringComparer.Ordinal);
    private readonly HashSet<string> _followingDeep = new(StringComparer.Ordinal);
    private readonly Problems _problems;
    private readonly string _namespace;
    private readonly string _schemasPointer;
    private readonly HashSet<string> _typeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IOpenApiSchema> _componentSchemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Name, Shape Shape)> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeRef> _aliases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolvingAliases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cyclicAliases = new(StringComparer.Ordinal);
    private readonly Dictionary<IOpenApiSchema, TypeRef> _inline = new(ReferenceComparer<IOpenApiSchema>.Instance);
    private readonly Dictionary<string, (string BaseName, DiscriminatorValue Value)> _derived = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HierarchyModel> _hierarchies = new(StringComparer.Ordinal);
    private readonly List<TypeModel> _types = new();
    private readonly Dictionary<string, EnumModel> _enums = new(StringComparer.Ordinal);
    private readonly Dictionary<TypeModel, string> _shapes = new();
    private int _depth;

    private enum Shape
    {
        Alias,
        Record,
        Enum,
        Union,
        Hierarchy,
    }

    public SchemaBinder(Problems problems, string ns, TargetModel target, bool keepUnknownProperties, bool isSwagger2, IEnumerable<string> reservedTypeNames)
    {
        _keepUnknownProperties = keepUnknownProperties;
        _problems = problems;
        _target = target;
        _namespace = ns;
        _schemasPointer = isSwagger2 ? "#/definitions/" : "#/components/schemas/";
        foreach (var name in reservedTypeNames) _typeNames.Add(name);
    }

    public IReadOnlyList<TypeModel> Types => _types;

    /// <summary>
    /// The document and its references that point deeper than a named component (by where they are): Microsoft.OpenApi
    /// keeps only their last segment, so the binder follows the pointer itself.
    /// </summary>
    public void FollowDeepReferences(OpenApiDocument document, Dictionary<string, string> deepReferences)
    {
        _document = document;
        _deepReferences = deepReferences;
    }

    /// <summary>The schema a deep reference at <paramref name="pointer"/> lands on, and its pointer; null when it is not one.</summary>
    private (IOpenApiSchema Schema, string Pointer)? DeepTarget(string pointer)
    {
        if (_document is null || !_deepReferences.TryGetValue(pointer, out var reference)) return null;
        return SchemaPointer.Resolve(_document, reference) is { } target ? (target, reference) : null;
    }

    /// <summary>Declares a type for every component schema that needs one; aliases (primitives, arrays, refs) are inlined where used.</summary>
    public void BindComponents(IDictionary<string, IOpenApiSchema>? schemas)
    {
        if (schemas is null) return;
        foreach (var pair in schemas.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (pair.Value is null)
            {
                _problems.Add(DiagnosticDescriptors.ReaderError, ComponentPointer(pair.Key), $"The schema '{pair.Key}' is empty or not an object; it is left out.");
                continue;
            }
            _componentSchemas[pair.Key] = pair.Value;
        }

        FindCyclicAliases();

        // Names first, so references in any order resolve to the final names.
        foreach (var pair in _componentSchemas)
        {
            var shape = Classify(pair.Value);
            if (shape == Shape.Alias) continue;
            var name = DeclareName(pair.Key, ComponentPointer(pair.Key));
            _declared[pair.Key] = (name, shape);
        }

        DetectHierarchies();

        // Enums first: defaults of enum-typed properties name their members.
        foreach (var pair in _componentSchemas.OrderBy(p => _declared.TryGetValue(p.Key, out var d) && d.Shape == Shape.Enum ? 0 : 1))
        {
            if (!_declared.TryGetValue(pair.Key, out var declared)) continue;
            BindDeclared(pair.Value, declared.Name, declared.Shape, ComponentPointer(pair.Key), pair.Key);
            SameShapeAs(_types[_types.Count - 1]);
        }
    }

    /// <summary>
    /// Components that are a bare <c>$ref</c> whose chain of references loops (<c>A: {$ref: B}, B: {$ref: A}</c>).
    /// Microsoft.OpenApi throws when any of their keywords is read, so they are never read: uses become JsonElement.
    /// </summary>
    private void FindCyclicAliases()
    {
        foreach (var start in _componentSchemas.Keys)
        {
            var chain = new HashSet<string>(StringComparer.Ordinal);
            var id = start;
            while (id is not null && _componentSchemas.TryGetValue(id, out var schema) && schema is OpenApiSchemaReference next)
            {
                if (!chain.Add(id) || _cyclicAliases.Contains(id))
                {
                    _cyclicAliases.UnionWith(chain);
                    _problems.Add(DiagnosticDescriptors.FallbackType, ComponentPointer(start), $"The schema '{start}' is a chain of references that loops", JsonFallback);
                    break;
                }
                id = next.Reference.Id;
            }
        }
    }

    private bool IsCyclicAlias(IOpenApiSchema s) => s is OpenApiSchemaReference r && r.Reference.Id is { } id && _cyclicAliases.Contains(id);

    /// <summary>The C# type of a schema met outside the components (a parameter, body or response), declaring it if needed.</summary>
    public TypeRef Resolve(IOpenApiSchema? schema, string contextName, string pointer) =>
        schema is null ? TypeRef.Of(TypeKind.Json) : ResolveSchema(schema, contextName, pointer);

    private string ComponentPointer(string id) => _schemasPointer + PointerLocator.Escape(id);

    private string DeclareName(string jsonName, string pointer)
    {
        var name = Identifiers.ToPascalCase(jsonName);
        string? why = Naming.IsPlainRename(jsonName) ? null : "the name has characters C# does not allow";
        if (Naming.ShadowsCommonType(name))
        {
            name += "Model";
            why = "the name would shadow a common .NET type";
        }
        else if (OutputNames.TypeMemberNames.Contains(name))
        {
            name += "Model";
            why = "a generated type declares a member of that name, and a type cannot have a member named like itself";
        }
        var unique = Identifiers.Unique(name, _typeNames);
        if (unique != name) why = "another type already has that name";
        if (why is not null) _problems.Add(DiagnosticDescriptors.RenamedIdentifier, pointer, jsonName, unique, why);
        return unique;
    }

    private string DeclareInlineName(string contextName) =>
        Identifiers.Unique(Naming.ShadowsCommonType(contextName) || OutputNames.TypeMemberNames.Contains(contextName) ? contextName + "Model" : contextName, _typeNames);

    /// <summary>Takes a type name for a type declared outside the schemas (an operation's result class).</summary>
    public string ReserveTypeName(string name) => Identifiers.Unique(name, _typeNames);

    // ---------------------------------------------------------------- classification

    private static bool HasType(IOpenApiSchema s, JsonSchemaType type) => s.Type is { } t && (t & type) == type;

    private static bool IsNullable(IOpenApiSchema s) =>
        HasType(s, JsonSchemaType.Null)
        || (s is IOpenApiExtensible { Extensions: { } extensions } && extensions.ContainsKey(NullableMarker.Extension))
        || (s.Enum?.Any(v => v is null) ?? false)
        || Variants(s).Any(IsNullSchema);

    private static bool IsNullSchema(IOpenApiSchema s) => s is not OpenApiSchemaReference && s.Type == JsonSchemaType.Null;

    private static IEnumerable<IOpenApiSchema> Variants(IOpenApiSchema s) =>
        (s.OneOf ?? (IEnumerable<IOpenApiSchema>)Array.Empty<IOpenApiSchema>()).Concat(s.AnyOf ?? Enumerable.Empty<IOpenApiSchema>());

    /// <summary>
    /// Variants that describe a value. Variants that only constrain the parent (<c>{required: [a]}</c>, <c>{}</c>,
    /// <c>{not: ...}</c>) and <c>{type: null}</c> are left out: they do not make a union case.
    /// </summary>
    private static List<IOpenApiSchema> ValueVariants(IOpenApiSchema s) =>
        Variants(s).Where(v => !IsNullSchema(v) && !IsConstraintOnly(v)).ToList();

    private static bool IsConstraintOnly(IOpenApiSchema s) =>
        s is not OpenApiSchemaReference
        && (s.Type is null || s.Type == JsonSchemaType.Null) && s.Const is null
        && (s.Properties is null || s.Properties.Count == 0) && s.Items is null && s.AdditionalProperties is null
        && (s.Enum is null || s.Enum.Count == 0)
        && (s.AllOf is null || s.AllOf.Count == 0) && (s.OneOf is null || s.OneOf.Count == 0) && (s.AnyOf is null || s.AnyOf.Count == 0);

    private static List<JsonNode> EnumValues(IOpenApiSchema s) =>
        s.Enum is null ? new List<JsonNode>() : s.Enum.Where(v => v is not null).Select(v => v!).ToList();

    private static bool IsStringOrIntegerEnum(List<JsonNode> values) =>
        values.All(v => v is JsonValue j && j.GetValueKind() == JsonValueKind.String)
        || values.All(v => v is JsonValue j && j.GetValueKind() == JsonValueKind.Number && long.TryParse(j.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _));

    private static Shape Classify(IOpenApiSchema s)
    {
        if (s is OpenApiSchemaReference) return Shape.Alias;
        var values = EnumValues(s);
        if (values.Count >= 2 && IsStringOrIntegerEnum(values)) return Shape.Enum;
        if (ValueVariants(s).Count >= 2) return Shape.Union;
        var allOf = s.AllOf?.Count ?? 0;
        var properties = s.Properties?.Count ?? 0;
        if (allOf >= 2 || (allOf == 1 && properties > 0)) return Shape.Record;
        if (properties > 0) return Shape.Record;
        return Shape.Alias;
    }

    // ---------------------------------------------------------------- hierarchies

    /// <summary>
    /// A <c>oneOf</c>/<c>anyOf</c> with a discriminator whose variants are all object components becomes an abstract
    /// record with one derived record per variant, as long as no variant is claimed by two hierarchies (C# has single
    /// inheritance); otherwise it stays a union that still picks its case by the discriminator value.
    /// </summary>
    private void DetectHierarchies()
    {
        var candidates = new List<(string Id, IOpenApiSchema Schema, List<(string Value, string VariantId)> Cases)>();
        var claims = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in _declared.Where(d => d.Value.Shape == Shape.Union))
        {
            var schema = _componentSchemas[pair.Key];
            if (schema.Discriminator?.PropertyName is not { Length: > 0 } property) continue;
            var variants = ValueVariants(schema);
            if (!variants.All(v => v is OpenApiSchemaReference r && r.Reference.Id is { } id && _declared.TryGetValue(id, out var d) && d.Shape == Shape.Record))
                continue;
            var cases = new List<(string Value, string VariantId)>();
            var mapped = new HashSet<string>(StringComparer.Ordinal);
            if (schema.Discriminator.Mapping is { } mapping)
            {
                foreach (var m in mapping.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    if (m.Value.Reference.Id is { } target && variants.Any(v => ((OpenApiSchemaReference)v).Reference.Id == target))
                    {
                        cases.Add((m.Key, target));
                        mapped.Add(target);
                    }
                }
            }
            foreach (var variant in variants.Cast<OpenApiSchemaReference>())
            {
                var id = variant.Reference.Id!;
                if (mapped.Contains(id)) continue;
                cases.Add((ConstantOf(_componentSchemas[id], property) ?? id, id));
            }
            if (cases.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count() != cases.Count) continue;
            candidates.Add((pair.Key, schema, cases));
            foreach (var id in cases.Select(c => c.VariantId).Distinct(StringComparer.Ordinal))
                claims[id] = claims.TryGetValue(id, out var n) ? n + 1 : 1;
        }

        // A base object with a discriminator that its subtypes include by allOf (Discord's and Kubernetes' pattern): the
        // same hierarchy, its cases the components that extend it directly (by mapping, else by their name).
        foreach (var pair in _declared.Where(d => d.Value.Shape == Shape.Record).ToList())
        {
            var schema = _componentSchemas[pair.Key];
            if (schema.Discriminator?.PropertyName is not { Length: > 0 } property || ValueVariants(schema).Count > 0) continue;
            var derived = _componentSchemas
                .Where(c => c.Key != pair.Key && _declared.TryGetValue(c.Key, out var d) && d.Shape == Shape.Record
                    && c.Value.AllOf is { } parts && parts.Any(p => p is OpenApiSchemaReference r && r.Reference.Id == pair.Key))
                .Select(c => c.Key)
                .OrderBy(id => id, StringComparer.Ordinal)
                .ToList();
            if (derived.Count == 0) continue;
            var cases = new List<(string Value, string VariantId)>();
            var mapped = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in (schema.Discriminator.Mapping ?? new Dictionary<string, OpenApiSchemaReference>()).OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                if (m.Value.Reference.Id is { } target && derived.Contains(target))
                {
                    cases.Add((m.Key, target));
                    mapped.Add(target);
                }
            }
            foreach (var id in derived.Where(id => !mapped.Contains(id)))
                cases.Add((ConstantOf(_componentSchemas[id], property) ?? id, id));
            if (cases.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count() != cases.Count) continue;
            candidates.Add((pair.Key, schema, cases));
            foreach (var id in cases.Select(c => c.VariantId).Distinct(StringComparer.Ordinal))
                claims[id] = claims.TryGetValue(id, out var n) ? n + 1 : 1;
        }

        foreach (var (id, schema, cases) in candidates)
        {
            var variantIds = cases.Select(c => c.VariantId).Distinct(StringComparer.Ordinal).ToList();
            if (variantIds.Any(v => claims[v] > 1 || _declared[v].Shape != Shape.Record)) continue;
            var baseName = _declared[id].Name;
            var property = schema.Discriminator!.PropertyName!;
            _declared[id] = (baseName, Shape.Hierarchy);
            foreach (var variantId in variantIds)
            {
                var first = cases.First(c => c.VariantId == variantId);
                var declaresProperty = CollectProperties(_componentSchemas[variantId]).Properties.Any(p => p.JsonName == property);
                _derived[variantId] = (baseName, new DiscriminatorValue(property, first.Value, declaresProperty));
            }
            _hierarchies[id] = new HierarchyModel(
                baseName, TypeSummary(schema, ComponentPointer(id)), schema.Deprecated, property,
                cases.Select(c => new HierarchyCase(c.Value, _declared[c.VariantId].Name)).ToEquatableArray(),
                Identifiers.Unique("Unknown" + baseName, _typeNames));
        }
    }

    /// <summary>The fixed value of a property (const, or an enum of one value), looking through allOf parts.</summary>
    private string? ConstantOf(IOpenApiSchema schema, string property)
    {
        var found = CollectProperties(schema).Properties.FirstOrDefault(p => p.JsonName == property);
        return found.Schema is null ? null : ConstantValue(found.Schema);
    }

    /// <summary>
    /// Where to read a property schema's own attributes (readOnly, writeOnly, deprecated, default, const, enum, description,
    /// title): a reference with none of them beside its <c>$ref</c> has its target's, so the target is resolved once here.
    /// Microsoft.OpenApi's reference getters (the sibling's value, else the target's) resolve the target anew on every read,
    /// which made reading these a third of binding GitHub's document.
    /// </summary>
    private static IOpenApiSchema Attributes(IOpenApiSchema s) =>
        s is OpenApiSchemaReference { Reference: { } r } reference
        && string.IsNullOrEmpty(r.DynamicRef) && r.ReadOnly is null && r.WriteOnly is null && r.Deprecated is null && r.Default is null
        && r.Const is null && r.Enum is null && string.IsNullOrEmpty(r.Description) && string.IsNullOrEmpty(r.Title)
        && reference.Target is { } target
            ? target
            : s;

    private static string? ConstantValue(IOpenApiSchema s)
    {
        if (s.Const is { } c) return c;
        var values = EnumValues(s);
        return values.Count == 1 && values[0] is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString())
            : null;
    }

    // ---------------------------------------------------------------- declaring types

    /// <summary>
    /// The name of an earlier type of the same shape as <paramref name="model"/> (the last one declared), ignoring names
    /// and documentation; otherwise records the shape and returns null.
    /// </summary>
    private string? SameShapeAs(TypeModel model)
    {
        TypeModel? shape = model switch
        {
            RecordModel r => r with { Name = "", Summary = null, Properties = r.Properties.Select(p => p with { Summary = null }).ToEquatableArray() },
            EnumModel e => e with { Name = "", Summary = null },
            UnionModel u => u with { Name = "", Summary = null },
            _ => null,
        };
        if (shape is null) return null;
        if (_shapes.TryGetValue(shape, out var existing)) return existing;
        _shapes[shape] = model.Name;
        return null;
    }

    private void BindDeclared(IOpenApiSchema schema, string name, Shape shape, string pointer, string? componentId)
    {
        switch (shape)
        {
            case Shape.Enum:
                var enumModel = BindEnum(schema, name, pointer);
                _enums[name] = enumModel;
                _types.Add(enumModel);
                break;
            case Shape.Union:
                _types.Add(BindUnion(schema, name, pointer));
                break;
            case Shape.Hierarchy:
                _types.Add(_hierarchies[componentId!]);
                break;
            default:
                _types.Add(BindRecord(schema, name, pointer, componentId));
                break;
        }
    }

    private EnumModel BindEnum(IOpenApiSchema schema, string name, string pointer)
    {
        var values = EnumValues(schema);
        var isInteger = values.All(v => v is JsonValue j && j.GetValueKind() == JsonValueKind.Number);
        var taken = new HashSet<string>(OutputNames.EnumMemberNames, StringComparer.Ordinal) { name };
        var members = new List<EnumMember>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var raw = isInteger ? value.ToJsonString() : value.GetValue<string>();
            if (!seen.Add(raw)) continue;
            var memberName = isInteger ? "Value" + raw.Replace("-", "Minus") : Naming.ToMemberName(raw);
            members.Add(new EnumMember(Identifiers.Unique(memberName, taken), raw));
        }
        return new EnumModel(name, TypeSummary(schema, pointer), schema.Deprecated, isInteger, members.ToEquatableArray());
    }

    private UnionModel BindUnion(IOpenApiSchema schema, string name, string pointer)
    {
        var taken = new HashSet<string>(OutputNames.UnionMemberNames, StringComparer.Ordinal) { name };
        var cases = new List<UnionCase>();
        var seenTypes = new HashSet<TypeRef>(); // by C# type: two cases of one C# type would clash as constructors
        var index = 0;
        foreach (var variant in Variants(schema))
        {
            var variantPointer = pointer + "/" + ((schema.OneOf?.Contains(variant) ?? false) ? "oneOf/" + schema.OneOf!.IndexOf(variant) : "anyOf/" + (schema.AnyOf?.IndexOf(variant) ?? 0));
            if (IsNullSchema(variant) || IsConstraintOnly(variant)) continue;
            if (variant is OpenApiSchemaReference self && self.Reference.Id is { } selfId && _declared.TryGetValue(selfId, out var d) && d.Name == name)
            {
                _problems.Add(DiagnosticDescriptors.FallbackType, variantPointer, $"The union '{name}' lists itself as a case", "no case");
                continue;
            }
            index++;
            var inlineName = variant.Title is { Length: > 0 } title ? Identifiers.ToPascalCase(title) : "Option" + index.ToString(CultureInfo.InvariantCulture);
            var type = ResolveSchema(variant, name + inlineName, variantPointer).WithNullable(false);
            if (type.Kind == TypeKind.Union && type.Name == name)
            {
                // Through a pointer to its own place (or an alias of it): a union cannot be a case of itself.
                _problems.Add(DiagnosticDescriptors.FallbackType, variantPointer, $"The union '{name}' lists itself as a case", "no case");
                continue;
            }
            if (!seenTypes.Add(type.WithoutNullability())) continue;
            var (required, known, constants) = ObjectShape(variant);
            // A case is named after its type when the variant is a $ref, after its title (or position) when it is inline.
            var caseName = variant is OpenApiSchemaReference || !IsDeclaredKind(type.Kind) ? CaseName(type) : inlineName;
            cases.Add(new UnionCase(Identifiers.Unique(caseName, taken), type, required, known, constants));
        }
        // Every case left out (each was the union itself): it holds whatever JSON comes, as a JsonElement.
        if (cases.Count == 0)
            cases.Add(new UnionCase(Identifiers.Unique(CaseName(TypeRef.Of(TypeKind.Json)), taken), TypeRef.Of(TypeKind.Json),
                EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<ConstantProperty>.Empty));
        return new UnionModel(name, TypeSummary(schema, pointer), schema.Deprecated, cases.ToEquatableArray());
    }

    private (EquatableArray<string> Required, EquatableArray<string> Known, EquatableArray<ConstantProperty> Constants) ObjectShape(IOpenApiSchema variant)
    {
        var collected = CollectProperties(variant);
        if (collected.Properties.Count == 0)
            return (EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<ConstantProperty>.Empty);
        var known = collected.Properties.Select(p => p.JsonName).ToList();
        var required = known.Where(collected.Required.Contains).ToList();
        var constants = collected.Properties
            .Select(p => (p.JsonName, Value: ConstantValue(p.Schema)))
            .Where(p => p.Value is not null)
            .Select(p => new ConstantProperty(p.JsonName, p.Value!))
            .ToList();
        return (required.ToEquatableArray(), known.ToEquatableArray(), constants.ToEquatableArray());
    }

    private static bool IsDeclaredKind(TypeKind kind) => kind is TypeKind.Record or TypeKind.Enum or TypeKind.Union or TypeKind.Hierarchy;

    private static string CaseName(TypeRef type) => type.Kind switch
    {
        TypeKind.Record or TypeKind.Enum or TypeKind.Union or TypeKind.Hierarchy => type.Name!,
        TypeKind.String => "String",
        TypeKind.Boolean => "Boolean",
        TypeKind.Int32 or TypeKind.Int64 => "Integer",
        TypeKind.Single or TypeKind.Double or TypeKind.Decimal => "Number",
        TypeKind.DateTimeOffset => "DateTime",
        TypeKind.DateOnly or TypeKind.Date => "Date",
        TypeKind.Guid => "Guid",
        TypeKind.Bytes => "Bytes",
        TypeKind.Json => "Json",
        TypeKind.Array => CaseName(type.Element!) + "List",
        TypeKind.Map => CaseName(type.Element!) + "Map",
        _ => "Case",
    };

    private RecordModel BindRecord(IOpenApiSchema schema, string name, string pointer, string? componentId)
    {
        var collected = CollectProperties(schema, pointer);
        var taken = new HashSet<string>(StringComparer.Ordinal) { name };
        foreach (var reserved in OutputNames.ReservedMemberNames) taken.Add(reserved);

        TypeRef? additional = null;
        if (schema.AdditionalProperties is { } extra)
        {
            taken.Add("AdditionalProperties");
            additional = ResolveSchema(extra, name + "AdditionalProperty", pointer + "/additionalProperties");
        }
        else if (_keepUnknownProperties && schema.AdditionalPropertiesAllowed)
        {
            // Opted in: what the document does not declare is kept as it came and written back (a newer server's fields).
            taken.Add("AdditionalProperties");
            additional = TypeRef.Of(TypeKind.Json);
        }

        var properties = new List<PropertyModel>();
        foreach (var (jsonName, propertySchema, propertyPointer) in collected.Properties)
        {
            var pascal = Identifiers.ToPascalCase(jsonName);
            var memberName = Identifiers.Unique(pascal, taken);
            if (memberName != pascal || !Naming.IsPlainRename(jsonName))
            {
                var why = memberName == pascal ? "the name has characters C# does not allow"
                    : pascal == name ? "a member cannot have the name of its type"
                    : OutputNames.ReservedMemberNames.Contains(pascal) ? "every record already has a member of that name"
                    : "another member already has that name";
                _problems.Add(DiagnosticDescriptors.RenamedIdentifier, propertyPointer, jsonName, memberName, why);
            }

            var required = collected.Required.Contains(jsonName);
            var type = ResolveSchema(propertySchema, name + pascal, propertyPointer);
            if (IsCyclicAlias(propertySchema))
            {
                properties.Add(new PropertyModel(memberName, jsonName, type.WithNullable(true), IsRequired: false, DefaultValue: null, IsConstant: false, Summary: $"The {jsonName} property.", Deprecated: false));
                continue;
            }
            var attributes = Attributes(propertySchema);
            var readOrWriteOnly = attributes.ReadOnly || attributes.WriteOnly;

            // A required constant (const, or an enum of one value) is initialised to its value: never null, never required of
            // the caller. An optional one stays an ordinary optional property: sending it is the caller's choice.
            var constant = required && ConstantValue(attributes) is { } c ? DefaultExpression(type, c) : null;
            ConstantValue? defaultValue;
            if (constant is not null)
            {
                type = type.WithNullable(false);
                defaultValue = constant;
            }
            else
            {
                type = type.WithNullable(type.Nullable || !required || readOrWriteOnly);
                defaultValue = !required && attributes.Default is JsonValue d
                    ? DefaultExpression(type, d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : d.ToJsonString())
                    : null;
            }
            properties.Add(new PropertyModel(
                memberName, jsonName, type, IsRequired: required && !readOrWriteOnly && constant is null,
                defaultValue, IsConstant: constant is not null, Summary(attributes) ?? $"The {jsonName} property.", attributes.Deprecated));
        }

        string? baseName = null;
        DiscriminatorValue? discriminator = null;
        if (componentId is not null && _derived.TryGetValue(componentId, out var derived))
        {
            baseName = derived.BaseName;
            discriminator = derived.Value;
        }

        return new RecordModel(name, TypeSummary(schema, pointer), schema.Deprecated, properties.ToEquatableArray(), additional, baseName, discriminator);
    }

    /// <summary>The properties of a schema with those of its <c>allOf</c> parts merged in (later parts override earlier ones).</summary>
    private (List<(string JsonName, IOpenApiSchema Schema, string Pointer)> Properties, HashSet<string> Required) CollectProperties(IOpenApiSchema schema, string pointer = "#")
    {
        var properties = new List<(string JsonName, IOpenApiSchema Schema, string Pointer)>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        Collect(schema, pointer, new HashSet<string>(StringComparer.Ordinal));
        return (properties, required);

        void Collect(IOpenApiSchema s, string pointer, HashSet<string> visiting)
        {
            if (visiting.Count > MaxDepth)
            {
                _problems.Add(DiagnosticDescriptors.FallbackType, pointer, $"The allOf composition nests more than {MaxDepth} levels deep", "the properties found so far");
                return;
            }
            if (s is OpenApiSchemaReference r)
            {
                if (DeepTarget(pointer) is { } deep)
                {
                    if (!visiting.Add(deep.Pointer)) return;
                    Collect(deep.Schema, deep.Pointer, visiting);
                    visiting.Remove(deep.Pointer);
                    return;
                }
                if (r.Reference.Id is not { } id || !_componentSchemas.TryGetValue(id, out var target)) return;
                if (!visiting.Add(id))
                {
                    // A allOf B, B allOf A: each is merged once, and the document is told where the cycle closes.
                    _problems.Add(DiagnosticDescriptors.CyclicComposition, pointer + "/$ref", id);
                    return;
                }
                Collect(target, ComponentPointer(id), visiting);
                visiting.Remove(id);
                return;
            }
            if (s.AllOf is { } parts)
            {
                for (var i = 0; i < parts.Count; i++) Collect(parts[i], pointer + "/allOf/" + i.ToString(CultureInfo.InvariantCulture), visiting);
            }
            if (s.Properties is { } own)
            {
                foreach (var p in own)
                {
                    var entry = (p.Key, p.Value, pointer + "/properties/" + PointerLocator.Escape(p.Key));
                    if (positions.TryGetValue(p.Key, out var existing)) properties[existing] = entry;
                    else
                    {
                        positions[p.Key] = properties.Count;
                        properties.Add(entry);
                    }
                }
            }
            if (s.Required is { } names)
            {
                foreach (var n in names) required.Add(n);
            }
        }
    }

    // ---------------------------------------------------------------- resolving uses

    private TypeRef ResolveSchema(IOpenApiSchema schema, string contextName, string pointer)
    {
        if (_depth >= MaxDepth)
        {
            _problems.Add(DiagnosticDescriptors.FallbackType, pointer, $"The schema nests more than {MaxDepth} levels deep through inline schemas and references", JsonFallback);
            return TypeRef.Of(TypeKind.Json, nullable: true);
        }
        _depth++;
        try
        {
            return ResolveSchemaCore(schema, contextName, pointer);
        }
        finally
        {
            _depth--;
        }
    }

    private TypeRef ResolveSchemaCore(IOpenApiSchema schema, string contextName, string pointer)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            if (DeepTarget(pointer) is { } deep)
            {
                // A reference into a parameter, response, body or property: that schema, bound where it is.
                if (!_followingDeep.Add(deep.Pointer))
                {
                    _problems.Add(DiagnosticDescriptors.FallbackType, pointer + "/$ref", $"The reference '{deep.Pointer}' leads back to itself", JsonFallback);
                    return TypeRef.Of(TypeKind.Json, nullable: true);
                }
                try
                {
                    return ResolveSchema(deep.Schema, SchemaPointer.ContextName(deep.Pointer) ?? contextName, deep.Pointer);
                }
                finally
                {
                    _followingDeep.Remove(deep.Pointer);
                }
            }
            return ResolveReference(reference, pointer);
        }
        if (_inline.TryGetValue(schema, out var known)) return known;

        var nullable = IsNullable(schema);
        var shape = Classify(schema);
        if (shape != Shape.Alias)
        {
            var name = DeclareInlineName(contextName);
            var kind = shape switch { Shape.Enum => TypeKind.Enum, Shape.Union => TypeKind.Union, _ => TypeKind.Record };
            var declared = TypeRef.Named(kind, name);
            _inline[schema] = declared;
            BindDeclared(schema, name, shape, pointer, componentId: null);
            if (SameShapeAs(_types[_types.Count - 1]) is { } existing)
            {
                // An inline schema identical to one already declared (the same error body on every operation, say) shares its type.
                _types.RemoveAt(_types.Count - 1);
                _enums.Remove(name);
                _typeNames.Remove(name);
                declared = TypeRef.Named(kind, existing);
                _inline[schema] = declared;
            }
            return declared.WithNullable(nullable);
        }

        var resolved = ResolveAlias(schema, contextName, pointer);
        return resolved.WithNullable(resolved.Nullable || nullable);
    }

    private TypeRef ResolveReference(OpenApiSchemaReference reference, string pointer)
    {
        var id = reference.Reference.Id;
        if (id is not null && _cyclicAliases.Contains(id)) return TypeRef.Of(TypeKind.Json, nullable: true);
        if (id is null || !_componentSchemas.TryGetValue(id, out var target) || reference.Reference.IsExternal)
        {
            _problems.Add(DiagnosticDescriptors.UnresolvedReference, pointer + "/$ref", reference.Reference.ReferenceV3 ?? id ?? "?", JsonFallback);
            return TypeRef.Of(TypeKind.Json, nullable: true);
        }
        var nullable = IsNullable(target);
        if (_declared.TryGetValue(id, out var declared))
        {
            var kind = declared.Shape switch
            {
                Shape.Enum => TypeKind.Enum,
                Shape.Union => TypeKind.Union,
                Shape.Hierarchy => TypeKind.Hierarchy,
                _ => TypeKind.Record,
            };
            return TypeRef.Named(kind, declared.Name, nullable);
        }
        if (_aliases.TryGetValue(id, out var alias)) return alias;
        if (!_resolvingAliases.Add(id))
        {
            _problems.Add(DiagnosticDescriptors.FallbackType, ComponentPointer(id), $"The schema '{id}' refers to itself without declaring an object", JsonFallback);
            return TypeRef.Of(TypeKind.Json, nullable: true);
        }
        var resolved = ResolveSchema(target, Identifiers.ToPascalCase(id), ComponentPointer(id));
        _resolvingAliases.Remove(id);
        _aliases[id] = resolved;
        return resolved;
    }

    /// <summary>A schema that declares no type of its own: a primitive, an array, a map, or a wrapper around one schema.</summary>
    private TypeRef ResolveAlias(IOpenApiSchema s, string contextName, string pointer)
    {
        var allOf = s.AllOf?.Where(p => !IsConstraintOnly(p)).ToList();
        if (allOf is { Count: 1 }) return ResolveSchema(allOf[0], contextName, pointer + "/allOf/0");

        var variants = ValueVariants(s);
        if (variants.Count == 1)
        {
            var index = s.OneOf?.IndexOf(variants[0]) ?? -1;
            return ResolveSchema(variants[0], contextName, pointer + (index >= 0 ? "/oneOf/" + index : "/anyOf/" + (s.AnyOf?.IndexOf(variants[0]) ?? 0)));
        }

        var type = s.Type is { } t ? t & ~JsonSchemaType.Null : (JsonSchemaType)0;
        if (type == 0)
        {
            if (s.Items is not null) type = JsonSchemaType.Array;
            else if (s.AdditionalProperties is not null) type = JsonSchemaType.Object;
            else if (s.Const is not null) type = JsonSchemaType.String;
            else if (EnumValues(s) is { Count: > 0 } values) type = values.All(v => v.GetValueKind() == JsonValueKind.String) ? JsonSchemaType.String : 0;
        }

        switch (type)
        {
            case 0:
                return TypeRef.Of(TypeKind.Json);
            case JsonSchemaType.Array:
                return TypeRef.ArrayOf(s.Items is null ? TypeRef.Of(TypeKind.Json) : ResolveSchema(s.Items, contextName + "Item", pointer + "/items"));
            case JsonSchemaType.Object:
                return s.AdditionalProperties is { } values2
                    ? TypeRef.MapOf(ResolveSchema(values2, contextName + "Value", pointer + "/additionalProperties"))
                    : TypeRef.Of(TypeKind.Json);
            case JsonSchemaType.Boolean:
                return TypeRef.Of(TypeKind.Boolean);
            case JsonSchemaType.Integer:
                return TypeRef.Of(s.Format == "int32" ? TypeKind.Int32 : TypeKind.Int64);
            case JsonSchemaType.Number:
                return TypeRef.Of(s.Format switch
                {
                    "float" => TypeKind.Single,
                    "decimal" => TypeKind.Decimal,
                    "int32" => TypeKind.Int32,
                    "int64" => TypeKind.Int64,
                    _ => TypeKind.Double,
                });
            case JsonSchemaType.String:
                return TypeRef.Of(s.Format switch
                {
                    "date-time" => TypeKind.DateTimeOffset,
                    "date" => _target.HasDateOnly ? TypeKind.DateOnly : TypeKind.Date,
                    "uuid" => TypeKind.Guid,
                    "byte" => TypeKind.Bytes,
                    "binary" => TypeKind.File,
                    _ => TypeKind.String,
                });
            default:
                _problems.Add(DiagnosticDescriptors.FallbackType, pointer, $"The schema allows several JSON types ({s.Type})", JsonFallback);
                return TypeRef.Of(TypeKind.Json);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static bool IsPrimitive(TypeKind kind) => kind is TypeKind.String or TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64
        or TypeKind.Single or TypeKind.Double or TypeKind.Decimal;

    /// <summary>A default or const value of a primitive or enum type, normalised; null when the value does not fit the type.</summary>
    private ConstantValue? DefaultExpression(TypeRef type, string value)
    {
        var ic = CultureInfo.InvariantCulture;
        var text = type.Kind switch
        {
            TypeKind.String => value,
            TypeKind.Boolean => value is "true" or "false" ? value : null,
            TypeKind.Int32 => int.TryParse(value, NumberStyles.Integer, ic, out var i) ? i.ToString(ic) : null,
            TypeKind.Int64 => long.TryParse(value, NumberStyles.Integer, ic, out var l) ? l.ToString(ic) : null,
            TypeKind.Single => float.TryParse(value, NumberStyles.Float, ic, out var f) && !float.IsInfinity(f) ? f.ToString("R", ic) : null,
            TypeKind.Double => double.TryParse(value, NumberStyles.Float, ic, out var d) && !double.IsInfinity(d) ? d.ToString("R", ic) : null,
            TypeKind.Decimal => decimal.TryParse(value, NumberStyles.Float, ic, out var m) ? m.ToString(ic) : null,
            TypeKind.Enum => _enums.TryGetValue(type.Name!, out var e) ? e.Members.FirstOrDefault(x => x.Value == value)?.Name : null,
            _ => null,
        };
        return text is null ? null : new ConstantValue(text);
    }

    private static string? Summary(IOpenApiSchema s)
    {
        var text = s.Description is { Length: > 0 } d ? d : s.Title;
        return string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }

    /// <summary>
    /// The documentation of a declared type: the schema's own, else where it comes from (every public member is
    /// documented, so consumers building with GenerateDocumentationFile get no CS1591).
    /// </summary>
    private static string TypeSummary(IOpenApiSchema s, string pointer) => Summary(s) ?? "Generated from " + pointer + ".";
}
