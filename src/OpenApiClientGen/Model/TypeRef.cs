namespace OpenApiClientGen.Model;

internal enum TypeKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    /// <summary><c>format: date</c> where the target has <see cref="System.DateOnly"/> (.NET 6+).</summary>
    DateOnly,
    /// <summary><c>format: date</c> on a target without DateOnly (netstandard2.0, .NET Framework): a <see cref="System.DateTime"/> date.</summary>
    Date,
    Guid,
    Bytes,
    /// <summary><c>format: binary</c>: the runtime's FileContent (a stream with a file name and media type).</summary>
    File,
    /// <summary>A whole request or response body of raw bytes: <see cref="System.IO.Stream"/>.</summary>
    Stream,
    Json,
    Record,
    Hierarchy,
    Enum,
    Union,
    Array,
    Map,
}

/// <summary>A reference to a C# type as data: its kind, its name for declared types, its element for arrays and maps.</summary>
internal sealed record TypeRef(TypeKind Kind, string? Name, TypeRef? Element, bool Nullable)
{
    public static TypeRef Of(TypeKind kind, bool nullable = false) => new(kind, null, null, nullable);

    public static TypeRef Named(TypeKind kind, string name, bool nullable = false) => new(kind, name, null, nullable);

    public static TypeRef ArrayOf(TypeRef element, bool nullable = false) => new(TypeKind.Array, null, element, nullable);

    public static TypeRef MapOf(TypeRef element, bool nullable = false) => new(TypeKind.Map, null, element, nullable);

    public TypeRef WithNullable(bool nullable) => nullable == Nullable ? this : this with { Nullable = nullable };

    /// <summary>This type with no nullable annotation anywhere: what the CLR sees (<c>List&lt;string?&gt;</c> is <c>List&lt;string&gt;</c>).</summary>
    public TypeRef WithoutNullability() => new(Kind, Name, Element?.WithoutNullability(), false);

    public bool IsValueType => Kind switch
    {
        TypeKind.String or TypeKind.Bytes or TypeKind.File or TypeKind.Stream or TypeKind.Record or TypeKind.Hierarchy
            or TypeKind.Union or TypeKind.Array or TypeKind.Map => false,
        _ => true,
    };
}
