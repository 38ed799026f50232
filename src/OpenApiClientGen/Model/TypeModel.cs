namespace OpenApiClientGen.Model;

/// <summary>A C# type the generator declares for a schema.</summary>
internal abstract record TypeModel(string Name, string? Summary, bool Deprecated);

/// <summary>An object schema: a record with one property per schema property.</summary>
/// <param name="BaseName">The abstract base of a discriminated hierarchy this record belongs to, if any.</param>
/// <param name="Discriminator">For a derived record, the discriminator property and this record's value.</param>
/// <param name="AdditionalProperties">The value type of extra properties when the schema declares them alongside named ones.</param>
internal sealed record RecordModel(
    string Name,
    string? Summary,
    bool Deprecated,
    EquatableArray<PropertyModel> Properties,
    TypeRef? AdditionalProperties,
    string? BaseName,
    DiscriminatorValue? Discriminator) : TypeModel(Name, Summary, Deprecated);

/// <summary>A derived record's discriminator: the property name on the wire and this record's value.</summary>
/// <param name="IsDeclared">Whether the record also has the property itself; otherwise the writer adds it.</param>
internal sealed record DiscriminatorValue(string JsonName, string Value, bool IsDeclared);

/// <summary>The abstract base of a <c>oneOf</c> + <c>discriminator</c> hierarchy.</summary>
/// <param name="UnknownName">
/// The derived record that holds an object whose discriminator value the document does not list (a newer server's
/// case, say): its JSON as it came, written back the same, instead of an exception.
/// </param>
internal sealed record HierarchyModel(
    string Name,
    string? Summary,
    bool Deprecated,
    string DiscriminatorJsonName,
    EquatableArray<HierarchyCase> Cases,
    string UnknownName) : TypeModel(Name, Summary, Deprecated);

internal sealed record HierarchyCase(string Value, string TypeName);

/// <summary>A string or integer enum that tolerates values the spec does not list.</summary>
internal sealed record EnumModel(
    string Name,
    string? Summary,
    bool Deprecated,
    bool IsInteger,
    EquatableArray<EnumMember> Members) : TypeModel(Name, Summary, Deprecated);

internal sealed record EnumMember(string Name, string Value);

/// <summary>A <c>oneOf</c>/<c>anyOf</c> without a usable discriminator: holds exactly one of its cases.</summary>
internal sealed record UnionModel(
    string Name,
    string? Summary,
    bool Deprecated,
    EquatableArray<UnionCase> Cases) : TypeModel(Name, Summary, Deprecated);

/// <summary>One case of a union, with what the reader needs to recognise it.</summary>
/// <param name="Required">Properties an object case must have.</param>
/// <param name="Known">All property names the object case declares.</param>
/// <param name="Constants">Properties whose value is fixed (const or single-value enum), as name/value pairs.</param>
internal sealed record UnionCase(
    string Name,
    TypeRef Type,
    EquatableArray<string> Required,
    EquatableArray<string> Known,
    EquatableArray<ConstantProperty> Constants);

internal sealed record ConstantProperty(string JsonName, string Value);

/// <summary>A property of a record.</summary>
/// <param name="IsRequired">
/// The schema requires it and it is not read-only, write-only or constant: C# <c>required</c>, and reading JSON
/// without it fails.
/// </param>
/// <param name="DefaultValue">The spec's default or const value, checked against the property's type.</param>
/// <param name="IsConstant">The value is fixed (const, or an enum of one value): a get-only property returning <paramref name="DefaultValue"/>.</param>
internal sealed record PropertyModel(
    string Name,
    string JsonName,
    TypeRef Type,
    bool IsRequired,
    ConstantValue? DefaultValue,
    bool IsConstant,
    string? Summary,
    bool Deprecated)
{
    /// <summary>
    /// Whether the property carries <c>[Obsolete]</c>. C# forbids it on <c>required</c> members (CS9042), so a required
    /// deprecated property says so in its documentation only.
    /// </summary>
    public bool IsObsolete => Deprecated && !IsRequired;
}

/// <summary>
/// A default or const value that fits its property's type, as data: the invariant text of the value (numbers in their
/// round-trip form, booleans as <c>true</c>/<c>false</c>, strings as they are) or, for an enum, the member's name.
/// The emitter writes it as a C# literal of the property's type.
/// </summary>
internal sealed record ConstantValue(string Text);
