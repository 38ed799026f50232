using System.Collections.Generic;
using System.Linq;
using OpenApiClientGen.Model;
using OpenApiClientGen.Runtime;

namespace OpenApiClientGen.Emitting;

/// <summary>
/// Writes the System.Text.Json metadata of the model without reflection, exposed through a generated
/// <c>IJsonTypeInfoResolver</c> (the JSON context): records are object metadata (<see cref="JsonObjectBuilder{T}"/>, one
/// line per property), which System.Text.Json reads resumably from a stream and which honours the options as its own
/// source generator's metadata does; lists, maps and primitives are its collection and value metadata; string enums,
/// unions, hierarchies and records with additional properties are small <c>JsonConverter&lt;T&gt;</c>s that read
/// anything nested through the options.
/// </summary>
internal sealed class JsonEmitter
{
    // Aliases declared by SourceWriter.OpenNamespace.
    private const string Metadata = OutputNames.JsonMetadataAlias;
    private const string MemberKind = OutputNames.JsonMemberKindAlias;
    private const string TypeInfo = OutputNames.JsonTypeInfoAlias;
    private const string Reader = OutputNames.ReaderAlias;
    private const string Writer = OutputNames.WriterAlias;
    private const string Token = OutputNames.JsonTokenTypeAlias;
    private const string Support = OutputNames.JsonSupportAlias;
    private const string Options = OutputNames.JsonSerializerOptionsAlias;
    private const string Obsolete = "CS0618";

    private readonly ApiModel _model;
    private readonly Dictionary<string, TypeModel> _types;
    private readonly Dictionary<string, JsonShape> _sharedShapes = new();

    private JsonEmitter(ApiModel model)
    {
        _model = model;
        _types = model.Types.ToDictionary(t => t.Name);
    }

    public static string Emit(ApiModel model) => new JsonEmitter(model).Emit();

    /// <summary>The converter class of a type, nested in the JSON context (the suffix keeps it clear of the context's own members).</summary>
    public static string Converter(string typeName) => typeName + "Converter";

    private string Ns => _model.Namespace;

    private string Emit()
    {
        var w = new SourceWriter();
        w.Line(SourceWriter.Header);
        w.OpenNamespace(Ns, OutputNames.JsonExceptionAlias, Options, Token, Reader, Writer, Support, OutputNames.JsonObjectCaseAlias,
            Metadata, MemberKind, TypeInfo, OutputNames.JsonEncodedTextAlias);
        w.Summary($"System.Text.Json metadata for the types of {_model.Title}, without reflection: safe for trimming and native AOT.");
        w.Line("/// <remarks>");
        w.Line("/// Use <see cref=\"Options\"/>, or <see cref=\"Default\"/> as a <c>TypeInfoResolver</c> (combined with others through");
        w.Line("/// <c>JsonTypeInfoResolver.Combine</c>), or the typed <see cref=\"Serialize{T}(T)\"/> and <see cref=\"Deserialize{T}(string)\"/>.");
        w.Line("/// Records are object metadata, read as a stream's bytes arrive and honouring the options (their converters, number");
        w.Line("/// handling, unmapped members, ...) as System.Text.Json's own source generator does.");
        w.Line("/// </remarks>");
        w.Open($"public sealed partial class {_model.ContextName} : global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver");
        EmitResolver(w);
        foreach (var type in _model.Types)
        {
            w.Line();
            switch (type)
            {
                case RecordModel { AdditionalProperties: null } record:
                    EmitRecordMetadata(w, record);
                    break;
                case RecordModel record:
                    EmitRecordConverter(w, record);
                    break;
                case HierarchyModel hierarchy:
                    EmitHierarchyConverter(w, hierarchy);
                    break;
                case EnumModel enumModel:
                    EmitEnumConverter(w, enumModel);
                    break;
                case UnionModel union:
                    EmitUnionConverter(w, union);
                    break;
            }
        }
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>
    /// Whether the type is read and written by a generated converter (and carries <c>[JsonConverter]</c>): all but the
    /// records without additional properties, which are object metadata.
    /// </summary>
    public static bool HasConverter(TypeModel type) => type is not RecordModel { AdditionalProperties: null };

    /// <summary>The method making a record's object metadata (the suffix keeps it clear of the context's own members and of the converters).</summary>
    private static string MetadataMethod(string typeName) => typeName + "Metadata";

    private void EmitResolver(SourceWriter w)
    {
        w.Line($"private static readonly global::System.Collections.Generic.Dictionary<global::System.Type, global::System.Func<{Options}, {TypeInfo}>> Factories = new()");
        w.Line("{");
        foreach (var type in _model.Types)
        {
            var name = $"global::{Ns}.{type.Name}";
            w.Line(HasConverter(type)
                ? $"    [typeof({name})] = static options => {Metadata}.{nameof(JsonMetadata.Value)}(options, new {Converter(type.Name)}()),"
                : $"    [typeof({name})] = {MetadataMethod(type.Name)},");
        }
        foreach (var (type, factory) in ConstructedTypes())
            w.Line($"    [typeof({type})] = {factory},");
        w.Line("};");
        w.Line();
        w.Line($"private static {Options}? _options;");
        w.Line();
        w.Summary("The resolver instance.");
        w.Line($"public static {_model.ContextName} Default {{ get; }} = new();");
        w.Line();
        w.Summary("Read-only serializer options that resolve the types of this API (and nothing else).");
        w.Line($"public static {Options} Options => _options ??= CreateOptions();");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public {TypeInfo}? GetTypeInfo(global::System.Type type, {Options} options) =>");
        w.Line("    Factories.TryGetValue(type, out var factory) ? factory(options) : null;");
        w.Line();
        w.Summary("The metadata of one of this API's types.");
        w.Line($"public static global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> GetTypeInfo<T>() => (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));");
        w.Line();
        w.Summary("Serializes one of this API's types to JSON.");
        w.Line("public static string Serialize<T>(T value) => global::System.Text.Json.JsonSerializer.Serialize(value, GetTypeInfo<T>());");
        w.Line();
        w.Summary("Deserializes JSON to one of this API's types.");
        w.Line("public static T? Deserialize<T>(string json) => global::System.Text.Json.JsonSerializer.Deserialize(json, GetTypeInfo<T>());");
        w.Line();
        w.Open($"private static {Options} CreateOptions()");
        w.Line($"var options = new {Options} {{ TypeInfoResolver = Default }};");
        w.Line("options.MakeReadOnly();");
        w.Line("return options;");
        w.Close();
    }

    /// <summary>
    /// Every type other than the model's own that the metadata reaches (property types, union cases, bodies: lists, maps,
    /// primitives, nullable value types), each once (a nullable reference type is the same type), with its factory.
    /// </summary>
    private IEnumerable<(string Type, string Factory)> ConstructedTypes()
    {
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        var result = new List<(string, string)>();
        void Visit(TypeRef type)
        {
            var runtime = RuntimeType(type);
            if (runtime.Kind is TypeKind.Stream) return;
            var name = CSharpTypes.Of(runtime, Ns);
            if (runtime.Element is { } element) Visit(element);
            if (runtime.Nullable) Visit(runtime.WithNullable(false)); // read and written through the underlying type's metadata
            if (runtime.Kind is TypeKind.Record or TypeKind.Hierarchy or TypeKind.Enum or TypeKind.Union && !runtime.Nullable) return;
            if (!seen.Add(name)) return;
            result.Add((name, Factory(runtime)));
        }
        foreach (var type in _model.Types)
        {
            switch (type)
            {
                case RecordModel record:
                    foreach (var p in record.Properties) Visit(p.Type);
                    if (record.AdditionalProperties is { } extra) Visit(extra);
                    break;
                case UnionModel union:
                    foreach (var c in union.Cases) Visit(c.Type);
                    break;
            }
        }
        foreach (var type in _model.ValueTypes) Visit(type);
        return result;
    }

    /// <summary>The type as it exists at run time: a reference type's nullability is an annotation only.</summary>
    private static TypeRef RuntimeType(TypeRef type) =>
        type with { Nullable = type.Nullable && type.IsValueType, Element = type.Element is null ? null : RuntimeType(type.Element) };

    private string Factory(TypeRef type) => type switch
    {
        { Nullable: true } => $"{Metadata}.{nameof(JsonMetadata.Nullable)}<{CSharpTypes.NonNull(type, Ns)}>",
        { Kind: TypeKind.Array } => $"{Metadata}.{nameof(JsonMetadata.List)}<{CSharpTypes.Of(type.Element!, Ns)}>",
        { Kind: TypeKind.Map } => $"{Metadata}.{nameof(JsonMetadata.Map)}<{CSharpTypes.Of(type.Element!, Ns)}>",
        _ => Metadata + "." + type.Kind switch
        {
            TypeKind.String => nameof(JsonMetadata.String),
            TypeKind.Boolean => nameof(JsonMetadata.Boolean),
            TypeKind.Int32 => nameof(JsonMetadata.Int32),
            TypeKind.Int64 => nameof(JsonMetadata.Int64),
            TypeKind.Single => nameof(JsonMetadata.Single),
            TypeKind.Double => nameof(JsonMetadata.Double),
            TypeKind.Decimal => nameof(JsonMetadata.Decimal),
            TypeKind.DateTimeOffset => nameof(JsonMetadata.DateTimeOffset),
            TypeKind.DateOnly => "DateOnly", // (net6.0 and later only)
            TypeKind.Date => nameof(JsonMetadata.Date),
            TypeKind.Guid => nameof(JsonMetadata.Guid),
            TypeKind.Bytes => nameof(JsonMetadata.Bytes),
            TypeKind.File => nameof(JsonMetadata.File),
            TypeKind.Json => nameof(JsonMetadata.JsonElement),
            _ => throw new System.ArgumentOutOfRangeException(nameof(type), type.Kind, null),
        },
    };

    private void ConverterHeader(SourceWriter w, string typeName)
    {
        var full = $"global::{Ns}.{typeName}";
        w.Open($"internal sealed class {Converter(typeName)} : global::System.Text.Json.Serialization.JsonConverter<{full}>");
    }

    private string ReadSignature(string full) => $"public override {full} Read(ref {Reader} reader, global::System.Type typeToConvert, {Options} options)";

    private string WriteSignature(string full) => $"public override void Write({Writer} writer, {full} value, {Options} options)";

    // ------------------------------------------------------------------ records

    /// <summary>
    /// A record's object metadata: one line per property (its JSON name, getter and whether it is required or has a
    /// default), then the creator, which makes the record from the values read (by position) and rejects a null the
    /// API description does not allow.
    /// </summary>
    private void EmitRecordMetadata(SourceWriter w, RecordModel record)
    {
        var full = $"global::{Ns}.{record.Name}";
        w.Line($"private static {TypeInfo} {MetadataMethod(record.Name)}({Options} options) => {Metadata}.{nameof(JsonMetadata.Object)}<{full}>(options)");
        if (record.Discriminator is { IsDeclared: false } discriminator)
            w.Line($"    .{nameof(JsonObjectBuilder<object>.Discriminator)}({Identifiers.Literal(discriminator.JsonName)}, {Identifiers.Literal(discriminator.Value)})");
        foreach (var p in record.Properties)
        {
            var name = Identifiers.Literal(p.JsonName);
            var get = $"static v => v.{p.Name}";
            if (p.IsObsolete) w.Line($"#pragma warning disable {Obsolete} // deprecated in the API description, still part of its JSON");
            w.Line(p switch
            {
                { IsConstant: true } => $"    .{nameof(JsonObjectBuilder<object>.Constant)}({name}, {get})",
                { IsRequired: true } => $"    .{nameof(JsonObjectBuilder<object>.Add)}({name}, {get}, {MemberKind}.{nameof(JsonMemberKind.Required)})",
                { DefaultValue: { } value } => $"    .{nameof(JsonObjectBuilder<object>.Default)}({name}, {get}, {CSharpTypes.Literal(p.Type, value, Ns)})",
                _ => $"    .{nameof(JsonObjectBuilder<object>.Add)}({name}, {get})",
            });
            if (p.IsObsolete) w.Line($"#pragma warning restore {Obsolete}");
        }
        var values = record.Properties.Where(p => !p.IsConstant).ToList();
        if (values.Count == 0)
        {
            w.Line($"    .{nameof(JsonObjectBuilder<object>.Build)}(static _ => new {full}());");
            return;
        }
        w.Line($"    .{nameof(JsonObjectBuilder<object>.Build)}(static a => new {full}");
        w.Line("    {");
        for (var i = 0; i < values.Count; i++)
        {
            var p = values[i];
            if (p.IsObsolete) w.Line($"#pragma warning disable {Obsolete} // deprecated in the API description, still part of its JSON");
            w.Line($"        {p.Name} = {CreatorValue(record, p, $"a[{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]")},");
            if (p.IsObsolete) w.Line($"#pragma warning restore {Obsolete}");
        }
        w.Line("    });");
    }

    /// <summary>The value read for a property, from the creator's arguments: cast, and checked against a null the property does not allow.</summary>
    private string CreatorValue(RecordModel record, PropertyModel p, string argument)
    {
        var type = CSharpTypes.Of(p.Type, Ns);
        if (p.Type.Nullable) return $"({type}){argument}";
        var error = $"{Support}.{nameof(JsonSupport.NullProperty)}({Identifiers.Literal(record.Name)}, {Identifiers.Literal(p.JsonName)})";
        if (p.Type.Kind == TypeKind.Json)
            return $"{Support}.{nameof(JsonSupport.NotNull)}(({type}){argument}, {Identifiers.Literal(record.Name)}, {Identifiers.Literal(p.JsonName)})";
        return p.Type.IsValueType ? $"({type}){argument}" : $"({type}?){argument} ?? throw {error}";
    }

    /// <summary>A record with additional properties (a typed map beside its named properties): a converter.</summary>
    private void EmitRecordConverter(SourceWriter w, RecordModel record)
    {
        var full = $"global::{Ns}.{record.Name}";
        ConverterHeader(w, record.Name);
        // (Property name fields end in "Name"; this one cannot collide with them.)
        var discriminatorField = record.Discriminator is { IsDeclared: false } ? "DiscriminatorKey" : null;
        if (discriminatorField is not null)
            w.Line($"private static readonly JsonEncodedText {discriminatorField} = JsonEncodedText.Encode({Identifiers.Literal(record.Discriminator!.JsonName)});");
        foreach (var p in record.Properties)
            w.Line($"private static readonly JsonEncodedText {p.Name}Name = JsonEncodedText.Encode({Identifiers.Literal(p.JsonName)});");
        if (record.Properties.Count > 0 || discriminatorField is not null) w.Line();

        // Locals: one per property, one presence flag per property that must be present.
        var taken = new HashSet<string> { "reader", "writer", "value", "options", "typeToConvert", "additionalProperties", "name", "pair", "item" };
        var locals = record.Properties.ToDictionary(p => p.Name, p => Identifiers.Unique(Identifiers.ToCamelCase(p.Name), taken));
        var flags = record.Properties.Where(p => p.IsRequired).ToDictionary(p => p.Name, p => Identifiers.Unique("has" + p.Name, taken));

        w.Open(ReadSignature(full));
        w.Line($"{Support}.Expect(ref reader, {Token}.StartObject, {Identifiers.Literal(record.Name)});");
        foreach (var p in record.Properties.Where(p => !p.IsConstant))
        {
            var init = p.DefaultValue is { } value ? CSharpTypes.Literal(p.Type, value, Ns) : (p.Type.Nullable || p.Type.IsValueType ? "default" : "default!");
            w.Line($"{CSharpTypes.Of(p.Type, Ns)} {locals[p.Name]} = {init};");
            if (flags.TryGetValue(p.Name, out var flag)) w.Line($"var {flag} = false;");
        }
        var additional = record.AdditionalProperties!;
        w.Line($"global::System.Collections.Generic.Dictionary<string, {CSharpTypes.Of(additional, Ns)}>? additionalProperties = null;");
        w.Open($"while (reader.Read() && reader.TokenType == {Token}.PropertyName)");
        var keyword = "if";
        foreach (var p in record.Properties)
        {
            w.Open($"{keyword} (reader.ValueTextEquals({Identifiers.Literal(p.JsonName)}u8))");
            w.Line("reader.Read();");
            keyword = "else if";
            if (p.IsConstant)
            {
                w.Line("reader.Skip(); // a constant: the value is fixed by the API description");
                w.Close();
                continue;
            }
            if (!p.Type.Nullable)
                w.Line($"if (reader.TokenType == {Token}.Null) throw {Support}.NullProperty({Identifiers.Literal(record.Name)}, {Identifiers.Literal(p.JsonName)});");
            w.Line($"{locals[p.Name]} = {ReadNullable(p.Type, targetTyped: true)};");
            if (flags.TryGetValue(p.Name, out var flag)) w.Line($"{flag} = true;");
            w.Close();
        }
        if (record.Properties.Count > 0) w.Open("else");
        w.Line("var name = reader.GetString()!;");
        w.Line("reader.Read();");
        w.Line($"(additionalProperties ??= new global::System.Collections.Generic.Dictionary<string, {CSharpTypes.Of(additional, Ns)}>())[name] = {ReadNullable(additional, targetTyped: true)};");
        if (record.Properties.Count > 0) w.Close();
        w.Close();
        foreach (var p in record.Properties.Where(p => p.IsRequired))
            w.Line($"if (!{flags[p.Name]}) throw {Support}.MissingProperty({Identifiers.Literal(record.Name)}, {Identifiers.Literal(p.JsonName)});");
        w.Line($"return new {full}");
        w.Line("{");
        foreach (var p in record.Properties.Where(p => !p.IsConstant))
        {
            if (p.IsObsolete) w.Line($"#pragma warning disable {Obsolete} // deprecated in the API description, still part of its JSON");
            w.Line($"    {p.Name} = {locals[p.Name]},");
            if (p.IsObsolete) w.Line($"#pragma warning restore {Obsolete}");
        }
        w.Line("    AdditionalProperties = additionalProperties,");
        w.Line("};");
        w.Close();
        w.Line();

        w.Open(WriteSignature(full));
        w.Line("writer.WriteStartObject();");
        if (discriminatorField is not null)
            w.Line($"writer.WriteString({discriminatorField}, {Identifiers.Literal(record.Discriminator!.Value)});");
        foreach (var p in record.Properties)
        {
            if (p.IsObsolete) w.Line($"#pragma warning disable {Obsolete} // deprecated in the API description, still part of its JSON");
            if (p.Type.Nullable)
            {
                var local = locals[p.Name];
                w.Open($"if (value.{p.Name} is {{ }} {local})");
                w.Line($"writer.WritePropertyName({p.Name}Name);");
                WriteValue(w, p.Type.WithNullable(false), local);
                w.Close();
                if (p.IsRequired)
                {
                    w.Open("else");
                    w.Line($"writer.WriteNull({p.Name}Name);");
                    w.Close();
                }
            }
            else
            {
                w.Line($"writer.WritePropertyName({p.Name}Name);");
                WriteValue(w, p.Type, $"value.{p.Name}");
            }
            if (p.IsObsolete) w.Line($"#pragma warning restore {Obsolete}");
        }
        w.Open("if (value.AdditionalProperties is { } additionalProperties)");
        w.Open("foreach (var pair in additionalProperties)");
        w.Line("writer.WritePropertyName(pair.Key);");
        if (additional.Nullable)
        {
            w.Line($"if (pair.Value is {{ }} item) {WriteStatement(additional.WithNullable(false), "item")}");
            w.Line("else writer.WriteNullValue();");
        }
        else
        {
            WriteValue(w, additional, "pair.Value");
        }
        w.Close();
        w.Close();
        w.Line("writer.WriteEndObject();");
        w.Close();
        w.Close();
    }

    // ------------------------------------------------------------------ hierarchies

    private void EmitHierarchyConverter(SourceWriter w, HierarchyModel hierarchy)
    {
        var full = $"global::{Ns}.{hierarchy.Name}";
        ConverterHeader(w, hierarchy.Name);
        w.Open(ReadSignature(full));
        w.Line($"{Support}.Expect(ref reader, {Token}.StartObject, {Identifiers.Literal(hierarchy.Name)});");
        w.Line($"var discriminator = {Support}.PeekDiscriminator(reader, {Identifiers.Literal(hierarchy.DiscriminatorJsonName)}u8);");
        w.Open("switch (discriminator)");
        foreach (var c in hierarchy.Cases)
            w.Line($"case {Identifiers.Literal(c.Value)}: return {Metadata}.{nameof(JsonMetadata.Read)}<global::{Ns}.{c.TypeName}>(ref reader, options);");
        w.Line($"default: return new global::{Ns}.{hierarchy.UnknownName} {{ Discriminator = discriminator, Json = global::System.Text.Json.JsonElement.ParseValue(ref reader) }};");
        w.Close();
        w.Close();
        w.Line();
        w.Open(WriteSignature(full));
        w.Open("switch (value)");
        foreach (var typeName in hierarchy.Cases.Select(c => c.TypeName).Distinct())
        {
            var local = Identifiers.ToCamelCase(typeName).TrimStart('@') + "Value";
            w.Line($"case global::{Ns}.{typeName} {local}:");
            w.Line($"    {Metadata}.{nameof(JsonMetadata.Write)}(writer, {local}, options);");
            w.Line("    break;");
        }
        w.Line($"case global::{Ns}.{hierarchy.UnknownName} unknown:");
        w.Line("    unknown.Json.WriteTo(writer);");
        w.Line("    break;");
        w.Line("default:");
        w.Line($"    throw new JsonException($\"{{value.GetType()}} is not a known case of {hierarchy.Name}.\");");
        w.Close();
        w.Close();
        w.Close();
    }

    // ------------------------------------------------------------------ enums

    private void EmitEnumConverter(SourceWriter w, EnumModel e)
    {
        var full = $"global::{Ns}.{e.Name}";
        ConverterHeader(w, e.Name);
        w.Line(e.IsInteger
            ? $"{ReadSignature(full)} => new(reader.GetInt64());"
            : $"{ReadSignature(full)} => new({Support}.ReadString(ref reader));");
        w.Line();
        w.Line(e.IsInteger
            ? $"{WriteSignature(full)} => writer.WriteNumberValue(value.Value);"
            : $"{WriteSignature(full)} => writer.WriteStringValue(value.Value);");
        w.Close();
    }

    // ------------------------------------------------------------------ unions

    private enum JsonShape
    {
        String,
        Number,
        Boolean,
        Array,
        Object,
        Any,
    }

    private JsonShape ShapeOf(TypeRef type) => type.Kind switch
    {
        TypeKind.String or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.Date or TypeKind.Guid or TypeKind.Bytes or TypeKind.File => JsonShape.String,
        TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal => JsonShape.Number,
        TypeKind.Boolean => JsonShape.Boolean,
        TypeKind.Array => JsonShape.Array,
        TypeKind.Record or TypeKind.Hierarchy or TypeKind.Map => JsonShape.Object,
        TypeKind.Enum => _types.TryGetValue(type.Name!, out var t) && t is EnumModel { IsInteger: true } ? JsonShape.Number : JsonShape.String,
        TypeKind.Union => SharedShape(type.Name!, 0),
        _ => JsonShape.Any,
    };

    /// <summary>The one JSON shape all cases of a (nested) union have, or <see cref="JsonShape.Any"/>.</summary>
    private JsonShape SharedShape(string unionName, int depth)
    {
        // Unions nest through $ref without bound (and may list each other): past a few levels, any shape.
        if (_sharedShapes.TryGetValue(unionName, out var known)) return known;
        if (depth > 8 || !_types.TryGetValue(unionName, out var t) || t is not UnionModel union) return JsonShape.Any;
        _sharedShapes[unionName] = JsonShape.Any; // while in progress: a union listing itself adds nothing
        var shapes = union.Cases
            .Select(c => c.Type.Kind == TypeKind.Union ? SharedShape(c.Type.Name!, depth + 1) : ShapeOf(c.Type))
            .Distinct()
            .ToList();
        return _sharedShapes[unionName] = shapes.Count == 1 ? shapes[0] : JsonShape.Any;
    }

    /// <summary>A test telling a string or number case from the others of its shape; null when the case takes any value of its shape.</summary>
    private string? CaseTest(TypeRef type) => type.Kind switch
    {
        TypeKind.Enum when ShapeOf(type) == JsonShape.String => $"global::{Ns}.{type.Name}.IsKnownValue(reader.GetString()!)",
        TypeKind.Enum => $"reader.TryGetInt64(out _) && global::{Ns}.{type.Name}.IsKnownValue(reader.GetInt64())",
        TypeKind.Guid => "reader.TryGetGuid(out _)",
        TypeKind.DateTimeOffset => "reader.TryGetDateTimeOffset(out _)",
        TypeKind.DateOnly or TypeKind.Date => $"{Support}.{nameof(JsonSupport.IsDate)}(ref reader)",
        TypeKind.Int32 => "reader.TryGetInt32(out _)",
        TypeKind.Int64 => "reader.TryGetInt64(out _)",
        _ => null,
    };

    private void EmitUnionConverter(SourceWriter w, UnionModel union)
    {
        var full = $"global::{Ns}.{union.Name}";
        ConverterHeader(w, union.Name);
        var byShape = union.Cases.GroupBy(c => ShapeOf(c.Type)).ToDictionary(g => g.Key, g => g.ToList());
        var objectCases = byShape.TryGetValue(JsonShape.Object, out var objects) ? objects : new List<UnionCase>();
        if (objectCases.Count > 1)
        {
            w.Line("private static readonly JsonObjectCase[] ObjectCases =");
            w.Line("{");
            foreach (var c in objectCases)
            {
                w.Line($"    new({StringArray(c.Required)}, {StringArray(c.Known)}, {StringArray(c.Constants.SelectMany(k => new[] { k.JsonName, k.Value }))}),");
            }
            w.Line("};");
            w.Line();
        }

        w.Open(ReadSignature(full));
        var hasShapedCases = byShape.Keys.Any(k => k != JsonShape.Any);
        if (hasShapedCases) w.Open("switch (reader.TokenType)");
        EmitShapeCases(w, byShape, JsonShape.String, full, $"case {Token}.String:");
        EmitShapeCases(w, byShape, JsonShape.Number, full, $"case {Token}.Number:");
        EmitShapeCases(w, byShape, JsonShape.Boolean, full, $"case {Token}.True:", $"case {Token}.False:");
        EmitShapeCases(w, byShape, JsonShape.Array, full, $"case {Token}.StartArray:");
        if (objectCases.Count == 1)
        {
            EmitShapeCases(w, byShape, JsonShape.Object, full, $"case {Token}.StartObject:");
        }
        else if (objectCases.Count > 1)
        {
            w.Line($"case {Token}.StartObject:");
            w.Open();
            w.Open($"switch ({Support}.SelectObjectCase(reader, ObjectCases))");
            for (var i = 0; i < objectCases.Count; i++)
            {
                w.Line(i == objectCases.Count - 1 ? "default:" : $"case {i}:");
                w.Line($"    return new {full}({ReadExpression(objectCases[i].Type)});");
            }
            w.Close();
            w.Close();
        }
        if (hasShapedCases) w.Close();
        if (byShape.TryGetValue(JsonShape.Any, out var any))
            w.Line($"return new {full}({ReadExpression(any[0].Type)});");
        else
            w.Line($"throw {Support}.NoMatchingCase({Identifiers.Literal(union.Name)}, reader.TokenType);");
        w.Close();
        w.Line();

        w.Open(WriteSignature(full));
        var keyword = "if";
        foreach (var c in union.Cases)
        {
            var local = Identifiers.ToCamelCase(c.Name).TrimStart('@') + "Value";
            w.Open($"{keyword} (value.{c.Name} is {{ }} {local})");
            WriteValue(w, c.Type.WithNullable(false), local);
            w.Close();
            keyword = "else if";
        }
        w.Open("else");
        w.Line("writer.WriteNullValue();");
        w.Close();
        w.Close();
        w.Close();
    }

    private void EmitShapeCases(SourceWriter w, Dictionary<JsonShape, List<UnionCase>> byShape, JsonShape shape, string full, params string[] labels)
    {
        if (!byShape.TryGetValue(shape, out var cases)) return;
        foreach (var label in labels) w.Line(label);
        w.Open();
        var tested = cases.Where(c => CaseTest(c.Type) is not null).ToList();
        var fallback = cases.FirstOrDefault(c => CaseTest(c.Type) is null) ?? cases[0];
        foreach (var c in tested.Where(c => c != fallback))
        {
            w.Line($"if ({CaseTest(c.Type)}) return new {full}({ReadExpression(c.Type)});");
        }
        w.Line($"return new {full}({ReadExpression(fallback.Type)});");
        w.Close();
    }

    private static string StringArray(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "global::System.Array.Empty<string>()" : "new[] { " + string.Join(", ", list.Select(Identifiers.Literal)) + " }";
    }

    // ------------------------------------------------------------------ value expressions (in converters)

    /// <summary>An expression reading a value of <paramref name="type"/> (null included when nullable) at the reader's token.</summary>
    /// <param name="targetTyped">The expression is assigned to a variable of its type, so a plain <c>null</c> converts.</param>
    private string ReadNullable(TypeRef type, bool targetTyped = false) =>
        type.Nullable
            ? $"reader.TokenType == {Token}.Null ? {(targetTyped && !type.IsValueType ? "null" : $"default({CSharpTypes.Of(type, Ns)})")} : {ReadExpression(type.WithNullable(false))}"
            : ReadExpression(type);

    /// <summary>
    /// An expression reading a non-null value of <paramref name="type"/> at the reader's token: a primitive directly,
    /// anything else through the options' metadata (which honours their converters).
    /// </summary>
    private string ReadExpression(TypeRef type) => type.Kind switch
    {
        TypeKind.String => $"{Support}.ReadString(ref reader)",
        TypeKind.Boolean => "reader.GetBoolean()",
        TypeKind.Int32 => "reader.GetInt32()",
        TypeKind.Int64 => "reader.GetInt64()",
        TypeKind.Single => "reader.GetSingle()",
        TypeKind.Double => "reader.GetDouble()",
        TypeKind.Decimal => "reader.GetDecimal()",
        TypeKind.DateTimeOffset => "reader.GetDateTimeOffset()",
        TypeKind.DateOnly => $"{Support}.ReadDate(ref reader)",
        TypeKind.Date => $"{Support}.{nameof(JsonSupport.ReadDateTime)}(ref reader)",
        TypeKind.Guid => "reader.GetGuid()",
        TypeKind.Bytes => "reader.GetBytesFromBase64()",
        TypeKind.File => $"new {OutputNames.FileContentType}(reader.GetBytesFromBase64())",
        TypeKind.Json => "global::System.Text.Json.JsonElement.ParseValue(ref reader)",
        _ => $"{Metadata}.{nameof(JsonMetadata.Read)}<{CSharpTypes.Of(type, Ns)}>(ref reader, options)",
    };

    /// <summary>Statements writing a non-null value of <paramref name="type"/>.</summary>
    private void WriteValue(SourceWriter w, TypeRef type, string value) => w.Line(WriteStatement(type, value));

    private string WriteStatement(TypeRef type, string value) => type.Kind switch
    {
        TypeKind.String or TypeKind.DateTimeOffset or TypeKind.Guid => $"writer.WriteStringValue({value});",
        TypeKind.Boolean => $"writer.WriteBooleanValue({value});",
        TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal => $"writer.WriteNumberValue({value});",
        TypeKind.DateOnly => $"{Support}.WriteDate(writer, {value});",
        TypeKind.Date => $"{Support}.{nameof(JsonSupport.WriteDateTime)}(writer, {value});",
        TypeKind.Bytes => $"writer.WriteBase64StringValue({value});",
        TypeKind.File => $"writer.WriteBase64StringValue({value}.{nameof(FileContent.ToArray)}());",
        TypeKind.Json => $"{value}.WriteTo(writer);",
        _ => $"{Metadata}.{nameof(JsonMetadata.Write)}<{CSharpTypes.Of(type, Ns)}>(writer, {value}, options);",
    };
}
