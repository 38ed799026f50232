using System.Collections.Generic;
using System.Linq;
using OpenApiClientGen.Model;
using OpenApiClientGen.Runtime;

namespace OpenApiClientGen.Emitting;

/// <summary>
/// Writes the System.Text.Json metadata of the model without reflection: one <c>JsonConverter&lt;T&gt;</c> per type,
/// with static <c>ReadValue</c>/<c>WriteValue</c> methods that call each other directly, exposed through a generated
/// <c>IJsonTypeInfoResolver</c> (the JSON context).
/// </summary>
internal sealed class JsonEmitter
{
    // Aliases declared by SourceWriter.OpenNamespace.
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
        w.OpenNamespace(Ns, OutputNames.JsonEncodedTextAlias, OutputNames.JsonExceptionAlias, Options, Token, Reader, Writer, Support, OutputNames.JsonObjectCaseAlias);
        w.Summary($"System.Text.Json metadata for the types of {_model.Title}, without reflection: safe for trimming and native AOT.");
        w.Line("/// <remarks>");
        w.Line("/// Use <see cref=\"Options\"/>, or <see cref=\"Default\"/> as a <c>TypeInfoResolver</c> (combined with others through");
        w.Line("/// <c>JsonTypeInfoResolver.Combine</c>), or the typed <see cref=\"Serialize{T}(T)\"/> and <see cref=\"Deserialize{T}(string)\"/>.");
        w.Line("/// </remarks>");
        w.Open($"public sealed partial class {_model.ContextName} : global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver");
        EmitResolver(w);
        foreach (var type in _model.Types)
        {
            w.Line();
            switch (type)
            {
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
        for (var i = 0; i < _model.ValueTypes.Count; i++)
        {
            w.Line();
            EmitValueConverter(w, _model.ValueTypes[i], ValueConverter(i));
        }
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>
    /// The converter of a type the spec uses as a whole body or parameter without declaring it (a list, a map, a
    /// primitive). Type converters are named TypeNameConverter, so a name ending in a digit cannot collide.
    /// </summary>
    private static string ValueConverter(int index) => "ValueConverter" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void EmitValueConverter(SourceWriter w, TypeRef type, string name)
    {
        var full = CSharpTypes.Of(type, Ns);
        w.Open($"internal sealed class {name} : global::System.Text.Json.Serialization.JsonConverter<{full}>");
        w.Line($"public override {full} Read(ref {Reader} reader, global::System.Type typeToConvert, {Options} options) => {ReadExpression(type, "reader", 1)};");
        w.Line();
        w.Open($"public override void Write({Writer} writer, {full} value, {Options} options)");
        WriteValue(w, type, "value", "writer", 1);
        w.Close();
        w.Close();
    }

    private void EmitResolver(SourceWriter w)
    {
        var typeInfo = "global::System.Text.Json.Serialization.Metadata.JsonTypeInfo";
        w.Line($"private static readonly global::System.Collections.Generic.Dictionary<global::System.Type, global::System.Func<{Options}, {typeInfo}>> Factories = new()");
        w.Line("{");
        foreach (var type in _model.Types)
        {
            var name = $"global::{Ns}.{type.Name}";
            w.Line($"    [typeof({name})] = static options => global::System.Text.Json.Serialization.Metadata.JsonMetadataServices.CreateValueInfo<{name}>(options, new {Converter(type.Name)}()),");
        }
        for (var i = 0; i < _model.ValueTypes.Count; i++)
        {
            var name = CSharpTypes.Of(_model.ValueTypes[i], Ns);
            w.Line($"    [typeof({name})] = static options => global::System.Text.Json.Serialization.Metadata.JsonMetadataServices.CreateValueInfo<{name}>(options, new {ValueConverter(i)}()),");
        }
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
        w.Line($"public {typeInfo}? GetTypeInfo(global::System.Type type, {Options} options) =>");
        w.Line("    Factories.TryGetValue(type, out var factory) ? factory(options) : null;");
        w.Line();
        w.Summary("The metadata of one of this API's types.");
        w.Line($"public static {typeInfo}<T> GetTypeInfo<T>() => ({typeInfo}<T>)Options.GetTypeInfo(typeof(T));");
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

    private void ConverterHeader(SourceWriter w, string typeName)
    {
        var full = $"global::{Ns}.{typeName}";
        w.Open($"internal sealed class {Converter(typeName)} : global::System.Text.Json.Serialization.JsonConverter<{full}>");
        w.Line($"public override {full} Read(ref {Reader} reader, global::System.Type typeToConvert, {Options} options) => ReadValue(ref reader);");
        w.Line();
        w.Line($"public override void Write({Writer} writer, {full} value, {Options} options) => WriteValue(writer, value);");
        w.Line();
    }

    // ------------------------------------------------------------------ records

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
        var taken = new HashSet<string> { "reader", "writer", "value", "options", "additionalProperties", "name" };
        var locals = record.Properties.ToDictionary(p => p.Name, p => Identifiers.Unique(Identifiers.ToCamelCase(p.Name), taken));
        var flags = record.Properties.Where(p => p.IsRequired).ToDictionary(p => p.Name, p => Identifiers.Unique("has" + p.Name, taken));

        w.Open($"public static {full} ReadValue(ref {Reader} reader)");
        w.Line($"{Support}.Expect(ref reader, {Token}.StartObject, {Identifiers.Literal(record.Name)});");
        foreach (var p in record.Properties.Where(p => !p.IsConstant))
        {
            var init = p.DefaultValue is { } value ? CSharpTypes.Literal(p.Type, value, Ns) : (p.Type.Nullable || p.Type.IsValueType ? "default" : "default!");
            w.Line($"{CSharpTypes.Of(p.Type, Ns)} {locals[p.Name]} = {init};");
            if (flags.TryGetValue(p.Name, out var flag)) w.Line($"var {flag} = false;");
        }
        if (record.AdditionalProperties is { } extra)
            w.Line($"global::System.Collections.Generic.Dictionary<string, {CSharpTypes.Of(extra, Ns)}>? additionalProperties = null;");
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
            w.Line($"{locals[p.Name]} = {ReadNullable(p.Type, "reader", 1, targetTyped: true)};");
            if (flags.TryGetValue(p.Name, out var flag)) w.Line($"{flag} = true;");
            w.Close();
        }
        if (record.Properties.Count > 0) w.Open("else");
        if (record.AdditionalProperties is { } additional)
        {
            w.Line("var name = reader.GetString()!;");
            w.Line("reader.Read();");
            w.Line($"(additionalProperties ??= new global::System.Collections.Generic.Dictionary<string, {CSharpTypes.Of(additional, Ns)}>())[name] = {ReadNullable(additional, "reader", 1, targetTyped: true)};");
        }
        else
        {
            w.Line("reader.Read();");
            w.Line("reader.Skip();");
        }
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
        if (record.AdditionalProperties is not null) w.Line("    AdditionalProperties = additionalProperties,");
        w.Line("};");
        w.Close();
        w.Line();

        w.Open($"public static void WriteValue({Writer} writer, {full} value)");
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
                WriteValue(w, p.Type.WithNullable(false), local, "writer", 1);
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
                WriteValue(w, p.Type, $"value.{p.Name}", "writer", 1);
            }
            if (p.IsObsolete) w.Line($"#pragma warning restore {Obsolete}");
        }
        if (record.AdditionalProperties is { } extraType)
        {
            w.Open("if (value.AdditionalProperties is { } additionalProperties)");
            w.Line($"{Support}.WriteEntries(writer, additionalProperties, {WriterFunc(extraType, 1)});");
            w.Close();
        }
        w.Line("writer.WriteEndObject();");
        w.Close();
        w.Close();
    }

    // ------------------------------------------------------------------ hierarchies

    private void EmitHierarchyConverter(SourceWriter w, HierarchyModel hierarchy)
    {
        var full = $"global::{Ns}.{hierarchy.Name}";
        ConverterHeader(w, hierarchy.Name);
        w.Open($"public static {full} ReadValue(ref {Reader} reader)");
        w.Line($"{Support}.Expect(ref reader, {Token}.StartObject, {Identifiers.Literal(hierarchy.Name)});");
        w.Line($"var discriminator = {Support}.PeekDiscriminator(reader, {Identifiers.Literal(hierarchy.DiscriminatorJsonName)}u8);");
        w.Open("switch (discriminator)");
        foreach (var c in hierarchy.Cases)
            w.Line($"case {Identifiers.Literal(c.Value)}: return {Converter(c.TypeName)}.ReadValue(ref reader);");
        w.Line($"default: return new global::{Ns}.{hierarchy.UnknownName} {{ Discriminator = discriminator, Json = global::System.Text.Json.JsonElement.ParseValue(ref reader) }};");
        w.Close();
        w.Close();
        w.Line();
        w.Open($"public static void WriteValue({Writer} writer, {full} value)");
        w.Open("switch (value)");
        foreach (var typeName in hierarchy.Cases.Select(c => c.TypeName).Distinct())
        {
            w.Line($"case global::{Ns}.{typeName} {Identifiers.ToCamelCase(typeName).TrimStart('@')}Value:");
            w.Line($"    {Converter(typeName)}.WriteValue(writer, {Identifiers.ToCamelCase(typeName).TrimStart('@')}Value);");
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
            ? $"public static {full} ReadValue(ref {Reader} reader) => new(reader.GetInt64());"
            : $"public static {full} ReadValue(ref {Reader} reader) => new({Support}.ReadString(ref reader));");
        w.Line();
        w.Line(e.IsInteger
            ? $"public static void WriteValue({Writer} writer, {full} value) => writer.WriteNumberValue(value.Value);"
            : $"public static void WriteValue({Writer} writer, {full} value) => writer.WriteStringValue(value.Value);");
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

        w.Open($"public static {full} ReadValue(ref {Reader} reader)");
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
                w.Line($"    return new {full}({ReadExpression(objectCases[i].Type, "reader", 1)});");
            }
            w.Close();
            w.Close();
        }
        if (hasShapedCases) w.Close();
        if (byShape.TryGetValue(JsonShape.Any, out var any))
            w.Line($"return new {full}({ReadExpression(any[0].Type, "reader", 1)});");
        else
            w.Line($"throw {Support}.NoMatchingCase({Identifiers.Literal(union.Name)}, reader.TokenType);");
        w.Close();
        w.Line();

        w.Open($"public static void WriteValue({Writer} writer, {full} value)");
        var keyword = "if";
        foreach (var c in union.Cases)
        {
            var local = Identifiers.ToCamelCase(c.Name).TrimStart('@') + "Value";
            w.Open($"{keyword} (value.{c.Name} is {{ }} {local})");
            WriteValue(w, c.Type, local, "writer", 1);
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
            w.Line($"if ({CaseTest(c.Type)}) return new {full}({ReadExpression(c.Type, "reader", 1)});");
        }
        w.Line($"return new {full}({ReadExpression(fallback.Type, "reader", 1)});");
        w.Close();
    }

    private static string StringArray(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "global::System.Array.Empty<string>()" : "new[] { " + string.Join(", ", list.Select(Identifiers.Literal)) + " }";
    }

    // ------------------------------------------------------------------ value expressions

    /// <summary>An expression reading a value of <paramref name="type"/> (null included when nullable) at the reader's token.</summary>
    /// <param name="targetTyped">The expression is assigned to a variable of its type, so a plain <c>null</c> converts.</param>
    private string ReadNullable(TypeRef type, string reader, int depth, bool targetTyped = false) =>
        type.Nullable
            ? $"{reader}.TokenType == {Token}.Null ? {(targetTyped && !type.IsValueType ? "null" : $"default({CSharpTypes.Of(type, Ns)})")} : {ReadExpression(type.WithNullable(false), reader, depth)}"
            : ReadExpression(type, reader, depth);

    /// <summary>An expression reading a non-null value of <paramref name="type"/> at the reader's token.</summary>
    private string ReadExpression(TypeRef type, string reader, int depth) => type.Kind switch
    {
        TypeKind.String => $"{Support}.ReadString(ref {reader})",
        TypeKind.Boolean => $"{reader}.GetBoolean()",
        TypeKind.Int32 => $"{reader}.GetInt32()",
        TypeKind.Int64 => $"{reader}.GetInt64()",
        TypeKind.Single => $"{reader}.GetSingle()",
        TypeKind.Double => $"{reader}.GetDouble()",
        TypeKind.Decimal => $"{reader}.GetDecimal()",
        TypeKind.DateTimeOffset => $"{reader}.GetDateTimeOffset()",
        TypeKind.DateOnly => $"{Support}.ReadDate(ref {reader})",
        TypeKind.Date => $"{Support}.{nameof(JsonSupport.ReadDateTime)}(ref {reader})",
        TypeKind.Guid => $"{reader}.GetGuid()",
        TypeKind.Bytes => $"{reader}.GetBytesFromBase64()",
        TypeKind.File => $"new {OutputNames.FileContentType}({reader}.GetBytesFromBase64())",
        TypeKind.Json => $"global::System.Text.Json.JsonElement.ParseValue(ref {reader})",
        TypeKind.Array => $"{Support}.ReadList{NestedTypeArgument(type)}(ref {reader}, {ReaderFunc(type.Element!, depth)})",
        TypeKind.Map => $"{Support}.ReadMap{NestedTypeArgument(type)}(ref {reader}, {ReaderFunc(type.Element!, depth)})",
        _ => $"{Converter(type.Name!)}.ReadValue(ref {reader})",
    };

    /// <summary>
    /// The element type as an explicit type argument where the element is itself a list or map, so its function is a
    /// lambda holding another: inferring the type from a lambda binds its body more than once, and nested ones multiply
    /// that (40 levels took the compiler minutes); with the type given, each body is bound once.
    /// </summary>
    private string NestedTypeArgument(TypeRef container) =>
        container.Element!.Kind is TypeKind.Array or TypeKind.Map ? $"<{CSharpTypes.Of(container.Element, Ns)}>" : "";

    private string ReaderFunc(TypeRef type, int depth)
    {
        if (!type.Nullable && type.Kind is TypeKind.Record or TypeKind.Hierarchy or TypeKind.Enum or TypeKind.Union)
            return $"{Converter(type.Name!)}.ReadValue";
        var r = "r" + depth;
        return $"static (ref {Reader} {r}) => {ReadNullable(type, r, depth + 1)}";
    }

    /// <summary>Statements writing a non-null value of <paramref name="type"/>.</summary>
    private void WriteValue(SourceWriter w, TypeRef type, string value, string writer, int depth) =>
        w.Line(WriteStatement(type, value, writer, depth));

    private string WriteStatement(TypeRef type, string value, string writer, int depth) => type.Kind switch
    {
        TypeKind.String or TypeKind.DateTimeOffset or TypeKind.Guid => $"{writer}.WriteStringValue({value});",
        TypeKind.Boolean => $"{writer}.WriteBooleanValue({value});",
        TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal => $"{writer}.WriteNumberValue({value});",
        TypeKind.DateOnly => $"{Support}.WriteDate({writer}, {value});",
        TypeKind.Date => $"{Support}.{nameof(JsonSupport.WriteDateTime)}({writer}, {value});",
        TypeKind.Bytes => $"{writer}.WriteBase64StringValue({value});",
        TypeKind.File => $"{writer}.WriteBase64StringValue({value}.{nameof(FileContent.ToArray)}());",
        TypeKind.Json => $"{value}.WriteTo({writer});",
        TypeKind.Array => $"{Support}.WriteList{NestedTypeArgument(type)}({writer}, {value}, {WriterFunc(type.Element!, depth)});",
        TypeKind.Map => $"{Support}.WriteMap{NestedTypeArgument(type)}({writer}, {value}, {WriterFunc(type.Element!, depth)});",
        _ => $"{Converter(type.Name!)}.WriteValue({writer}, {value});",
    };

    private string WriterFunc(TypeRef type, int depth)
    {
        if (!type.Nullable && type.Kind is TypeKind.Record or TypeKind.Hierarchy or TypeKind.Enum or TypeKind.Union)
            return $"{Converter(type.Name!)}.WriteValue";
        var w = "w" + depth;
        var v = "v" + depth;
        if (!type.Nullable) return $"static ({w}, {v}) => {WriteStatement(type, v, w, depth + 1).TrimEnd(';')}";
        var x = "x" + depth;
        return $"static ({w}, {v}) => {{ if ({v} is {{ }} {x}) {WriteStatement(type.WithNullable(false), x, w, depth + 1)} else {w}.WriteNullValue(); }}";
    }
}
