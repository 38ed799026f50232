using System.Linq;
using OpenApiClientGen.Model;

namespace OpenApiClientGen.Emitting;

/// <summary>Writes the C# declarations of the model: records, hierarchies, enums and unions.</summary>
internal static class ModelEmitter
{
    private const string JsonConverterAttribute = OutputNames.JsonConverterAlias;
    private const string JsonPropertyNameAttribute = OutputNames.JsonPropertyNameAlias;

    /// <summary>An enum's known values up to this many are one <c>is a or b</c> pattern; more are case labels.</summary>
    private const int MaxOrPatternValues = 16;

    public static string Emit(ApiModel model)
    {
        var w = new SourceWriter();
        w.Line(SourceWriter.Header);
        w.OpenNamespace(model.Namespace, JsonConverterAttribute + "Attribute", JsonPropertyNameAttribute + "Attribute");
        var first = true;
        foreach (var type in model.Types)
        {
            if (!first) w.Line();
            first = false;
            switch (type)
            {
                case RecordModel record:
                    EmitRecord(w, model, record);
                    break;
                case HierarchyModel hierarchy:
                    EmitHierarchy(w, model, hierarchy);
                    break;
                case EnumModel enumModel:
                    EmitEnum(w, model, enumModel);
                    break;
                case UnionModel union:
                    EmitUnion(w, model, union);
                    break;
            }
        }
        w.Close();
        return w.ToString();
    }

    public static string ConverterName(ApiModel model, string typeName) => $"global::{model.Namespace}.{model.ContextName}.{JsonEmitter.Converter(typeName)}";

    private static void TypeHeader(SourceWriter w, ApiModel model, TypeModel type)
    {
        w.Summary(type.Summary);
        if (type.Deprecated) w.Line("/// <remarks>Deprecated in the API description.</remarks>");
        if (JsonEmitter.HasConverter(type)) w.Line($"[{JsonConverterAttribute}(typeof({ConverterName(model, type.Name)}))]");
    }

    private static void EmitRecord(SourceWriter w, ApiModel model, RecordModel record)
    {
        TypeHeader(w, model, record);
        var baseClause = record.BaseName is null ? "" : $" : global::{model.Namespace}.{record.BaseName}";
        w.Open($"public sealed partial record {record.Name}{baseClause}");
        var first = true;
        foreach (var property in record.Properties)
        {
            if (!first) w.Line();
            first = false;
            w.Summary(property.Summary);
            if (property.IsObsolete) w.Line("[global::System.Obsolete(\"Deprecated in the API description.\")]");
            else if (property.Deprecated) w.Line("/// <remarks>Deprecated in the API description.</remarks>");
            w.Line($"[{JsonPropertyNameAttribute}({Identifiers.Literal(property.JsonName)})]");
            var required = property.IsRequired ? "required " : "";
            var type = CSharpTypes.Of(property.Type, model.Namespace);
            if (property.IsConstant)
            {
                w.Line($"public {type} {property.Name} => {CSharpTypes.Literal(property.Type, property.DefaultValue!, model.Namespace)};");
                continue;
            }
            var initializer = property.DefaultValue is { } value ? $" = {CSharpTypes.Literal(property.Type, value, model.Namespace)};" : "";
            w.Line($"public {required}{type} {property.Name} {{ get; init; }}{initializer}");
        }
        if (record.AdditionalProperties is { } extra)
        {
            if (!first) w.Line();
            w.Summary("Properties the API description does not name, by their JSON name.");
            w.Line($"public global::System.Collections.Generic.IReadOnlyDictionary<string, {CSharpTypes.Of(extra, model.Namespace)}>? AdditionalProperties {{ get; init; }}");
        }
        w.Close();
    }

    private static void EmitHierarchy(SourceWriter w, ApiModel model, HierarchyModel hierarchy)
    {
        w.Summary(hierarchy.Summary);
        w.Line($"/// <remarks>One of {string.Join(", ", hierarchy.Cases.Select(c => c.TypeName).Distinct().Select(n => $"<see cref=\"{n}\"/>"))}, told apart by <c>{SourceWriter.EscapeXml(hierarchy.DiscriminatorJsonName)}</c>.</remarks>");
        w.Line($"[{JsonConverterAttribute}(typeof({ConverterName(model, hierarchy.Name)}))]");
        w.Open($"public abstract partial record {hierarchy.Name}");
        w.Close();
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// A <see cref=\"{hierarchy.Name}\"/> whose <c>{SourceWriter.EscapeXml(hierarchy.DiscriminatorJsonName)}</c> the API description does not list (a case added");
        w.Line("/// since, say): the object as it came, written back the same.");
        w.Line("/// </summary>");
        w.Open($"public sealed partial record {hierarchy.UnknownName} : global::{model.Namespace}.{hierarchy.Name}");
        w.Summary($"The {hierarchy.DiscriminatorJsonName} value the object has, or null when it has none.");
        w.Line("public string? Discriminator { get; init; }");
        w.Line();
        w.Summary("The object as it came.");
        w.Line("public global::System.Text.Json.JsonElement Json { get; init; }");
        w.Close();
    }

    private static void EmitEnum(SourceWriter w, ApiModel model, EnumModel e)
    {
        var self = e.Name; // inside its own declaration, where no member takes its name
        var valueType = e.IsInteger ? "long" : "string";
        w.Summary(e.Summary);
        w.Line("/// <remarks>");
        w.Line("/// Values the API description does not list are kept as they are: reading them never fails and <see cref=\"Value\"/> holds");
        w.Line("/// the raw value. <see cref=\"IsKnown\"/> tells whether the value is one of the listed ones.");
        w.Line("/// </remarks>");
        w.Line($"[{JsonConverterAttribute}(typeof({ConverterName(model, e.Name)}))]");
        w.Open($"public readonly partial struct {e.Name} : global::System.IEquatable<{self}>");
        w.Line(e.IsInteger ? "private readonly long _value;" : "private readonly string? _value;");
        w.Line();
        w.Summary("Creates a value, listed or not.");
        w.Line(e.IsInteger
            ? $"public {e.Name}(long value) => _value = value;"
            : $"public {e.Name}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        foreach (var member in e.Members)
        {
            w.Line();
            w.Summary($"The value {member.Value}.");
            w.Line($"public static {self} {member.Name} {{ get; }} = new({(e.IsInteger ? member.Value + "L" : Identifiers.Literal(member.Value))});");
        }
        w.Line();
        w.Summary("The value as it appears in JSON.");
        w.Line(e.IsInteger ? "public long Value => _value;" : "public string Value => _value ?? \"\";");
        w.Line();
        w.Summary("Whether the value is one the API description lists.");
        w.Line("public bool IsKnown => IsKnownValue(Value);");
        w.Line();
        w.Summary("Whether a value is one the API description lists.");
        var literals = e.Members.Select(m => e.IsInteger ? m.Value : Identifiers.Literal(m.Value)).ToList();
        if (literals.Count <= MaxOrPatternValues)
        {
            w.Line($"public static bool IsKnownValue({valueType} value) => value is {(literals.Count == 0 ? "false" : string.Join(" or ", literals))};");
        }
        else
        {
            // A long `or` pattern nests one level per value and the compiler binds it recursively (thousands of values
            // overflow its stack); a switch over them costs it time growing faster than the values. A set is built once.
            var setType = $"global::System.Collections.Generic.HashSet<{valueType}>";
            w.Line($"public static bool IsKnownValue({valueType} value) => KnownValues.Contains(value);");
            w.Line();
            w.Open($"private static readonly {setType} KnownValues = new({(e.IsInteger ? "" : "global::System.StringComparer.Ordinal")})");
            foreach (var literal in literals) w.Line(literal + ",");
            w.Close("};");
        }
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public bool Equals({self} other) => " + (e.IsInteger ? "_value == other._value;" : "string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);"));
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public override bool Equals(object? obj) => obj is {self} other && Equals(other);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override int GetHashCode() => " + (e.IsInteger ? "_value.GetHashCode();" : "global::System.StringComparer.Ordinal.GetHashCode(Value);"));
        w.Line();
        w.Summary("The value as it appears in JSON.");
        w.Line("public override string ToString() => " + (e.IsInteger ? "_value.ToString(global::System.Globalization.CultureInfo.InvariantCulture);" : "Value;"));
        w.Line();
        w.Summary("Whether two values are the same" + (e.IsInteger ? "." : " (ordinal comparison)."));
        w.Line($"public static bool operator ==({self} left, {self} right) => left.Equals(right);");
        w.Line();
        w.Summary("Whether two values differ" + (e.IsInteger ? "." : " (ordinal comparison)."));
        w.Line($"public static bool operator !=({self} left, {self} right) => !left.Equals(right);");
        w.Line();
        w.Summary("A value, listed or not.");
        w.Line($"public static implicit operator {self}({valueType} value) => new(value);");
        w.Close();
    }

    private static void EmitUnion(SourceWriter w, ApiModel model, UnionModel union)
    {
        var self = union.Name; // inside its own declaration, where no member takes its name
        w.Summary(union.Summary);
        w.Line($"/// <remarks>Holds exactly one of: {string.Join(", ", union.Cases.Select(c => c.Name))}.</remarks>");
        w.Line($"[{JsonConverterAttribute}(typeof({ConverterName(model, union.Name)}))]");
        w.Open($"public sealed partial record {union.Name}");
        foreach (var c in union.Cases)
        {
            var type = CSharpTypes.Of(c.Type, model.Namespace);
            w.Summary($"Creates the {c.Name} case.");
            w.Line(c.Type.IsValueType
                ? $"public {union.Name}({type} value) => {c.Name} = value;"
                : $"public {union.Name}({type} value) => {c.Name} = value ?? throw new global::System.ArgumentNullException(nameof(value));");
            w.Line();
        }
        foreach (var c in union.Cases)
        {
            w.Summary($"The value when this is the {c.Name} case; otherwise null.");
            w.Line($"public {CSharpTypes.Of(c.Type.WithNullable(true), model.Namespace)} {c.Name} {{ get; }}");
            w.Line();
        }
        w.Summary("The value of whichever case this is.");
        w.Line("public object Value => " + string.Join(" ?? ", union.Cases.Select(c => $"(object?){c.Name}")) + " ?? throw new global::System.InvalidOperationException(\"The union holds no value.\");");
        foreach (var c in union.Cases.Where(c => c.Type.Kind is not (TypeKind.Array or TypeKind.Map)))
        {
            w.Line();
            w.Summary($"Creates the {c.Name} case.");
            w.Line($"public static implicit operator {self}({CSharpTypes.Of(c.Type, model.Namespace)} value) => new(value);");
        }
        w.Line();
        w.Summary("Calls the function for whichever case this is.");
        var parameters = union.Cases.Select(c => $"global::System.Func<{CSharpTypes.Of(c.Type, model.Namespace)}, TResult> {Identifiers.ToCamelCase(c.Name)}");
        w.Line($"public TResult Match<TResult>({string.Join(", ", parameters)}) =>");
        var arms = union.Cases.Select(c => $"{c.Name} is {{ }} {Identifiers.ToCamelCase(c.Name).TrimStart('@')}Value ? {Identifiers.ToCamelCase(c.Name)}({Identifiers.ToCamelCase(c.Name).TrimStart('@')}Value) :");
        foreach (var arm in arms) w.Line("    " + arm);
        w.Line("    throw new global::System.InvalidOperationException(\"The union holds no value.\");");
        w.Close();
    }
}
