using System;
using OpenApiClientGen.Model;

namespace OpenApiClientGen.Emitting;

/// <summary>The C# spelling of a <see cref="TypeRef"/>, fully qualified.</summary>
internal static class CSharpTypes
{
    /// <summary>A default or const value as a C# literal of <paramref name="type"/> (the binder checked that it fits).</summary>
    public static string Literal(TypeRef type, ConstantValue value, string ns) => type.Kind switch
    {
        TypeKind.String => Identifiers.Literal(value.Text),
        TypeKind.Int64 => value.Text + "L",
        TypeKind.Single => value.Text + "F",
        TypeKind.Double => value.Text + "D",
        TypeKind.Decimal => value.Text + "M",
        TypeKind.Enum => $"global::{ns}.{type.Name}.{value.Text}",
        _ => value.Text,
    };

    public static string Of(TypeRef type, string ns) => NonNull(type, ns) + (type.Nullable ? "?" : "");

    public static string NonNull(TypeRef type, string ns) => type.Kind switch
    {
        TypeKind.String => "string",
        TypeKind.Boolean => "bool",
        TypeKind.Int32 => "int",
        TypeKind.Int64 => "long",
        TypeKind.Single => "float",
        TypeKind.Double => "double",
        TypeKind.Decimal => "decimal",
        TypeKind.DateTimeOffset => "global::System.DateTimeOffset",
        TypeKind.DateOnly => "global::System.DateOnly",
        TypeKind.Date => "global::System.DateTime",
        TypeKind.Guid => "global::System.Guid",
        TypeKind.Bytes => "byte[]",
        TypeKind.File => OutputNames.FileContentType,
        TypeKind.Stream => "global::System.IO.Stream",
        TypeKind.Json => "global::System.Text.Json.JsonElement",
        TypeKind.Array => $"global::System.Collections.Generic.IReadOnlyList<{Of(type.Element!, ns)}>",
        TypeKind.Map => $"global::System.Collections.Generic.IReadOnlyDictionary<string, {Of(type.Element!, ns)}>",
        TypeKind.Record or TypeKind.Hierarchy or TypeKind.Enum or TypeKind.Union => $"global::{ns}.{type.Name}",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type.Kind, null),
    };
}
