using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OpenApiClientGen.Runtime;

/// <summary>How a generated record's property is read and written.</summary>
public enum JsonMemberKind
{
    /// <summary>May be absent: absent or null reads as null (or the default), null is not written.</summary>
    Optional,

    /// <summary>Must be present (a JSON exception otherwise); written even when null.</summary>
    Required,
}

/// <summary>
/// System.Text.Json metadata for the generated types, built the way System.Text.Json's own source generator builds it
/// (<see cref="JsonMetadataServices"/>, no reflection): records are object metadata, which the serializer reads
/// resumably as a stream's bytes arrive; lists and maps are collection metadata; the rest are value converters. Every
/// factory first looks for a converter in <see cref="JsonSerializerOptions.Converters"/>, as generated contexts do.
/// </summary>
public static class JsonMetadata
{
    /// <summary>A converter for <typeparamref name="T"/> from <see cref="JsonSerializerOptions.Converters"/>, as metadata, or null.</summary>
    public static JsonTypeInfo<T>? Custom<T>(JsonSerializerOptions options)
    {
        var converters = options.Converters;
        for (var i = 0; i < converters.Count; i++)
        {
            var converter = converters[i];
            if (converter is null || !converter.CanConvert(typeof(T))) continue;
            if (converter is JsonConverterFactory factory)
            {
                converter = factory.CreateConverter(typeof(T), options);
                if (converter is null or JsonConverterFactory)
                    throw new InvalidOperationException($"The converter factory {factory.GetType()} returned no converter for {typeof(T)}.");
            }
            return JsonMetadataServices.CreateValueInfo<T>(options, converter);
        }
        return null;
    }

    /// <summary>Metadata that reads and writes with <paramref name="converter"/> (unless the options have one).</summary>
    public static JsonTypeInfo<T> Value<T>(JsonSerializerOptions options, JsonConverter<T> converter) =>
        Custom<T>(options) ?? JsonMetadataServices.CreateValueInfo<T>(options, converter);

    /// <summary>A nullable value type, through the metadata of its underlying type.</summary>
    public static JsonTypeInfo<T?> Nullable<T>(JsonSerializerOptions options) where T : struct =>
        Custom<T?>(options) ?? JsonMetadataServices.CreateValueInfo<T?>(options, JsonMetadataServices.GetNullableConverter<T>(options));

    /// <summary>A JSON array as a read-only list.</summary>
    public static JsonTypeInfo<IReadOnlyList<T>> List<T>(JsonSerializerOptions options) =>
        Custom<IReadOnlyList<T>>(options)
        ?? JsonMetadataServices.CreateIEnumerableInfo<IReadOnlyList<T>, T>(options, new JsonCollectionInfoValues<IReadOnlyList<T>>());

    /// <summary>A JSON object as a read-only map by property name.</summary>
    public static JsonTypeInfo<IReadOnlyDictionary<string, T>> Map<T>(JsonSerializerOptions options) =>
        Custom<IReadOnlyDictionary<string, T>>(options)
        ?? JsonMetadataServices.CreateIReadOnlyDictionaryInfo<IReadOnlyDictionary<string, T>, string, T>(options, new JsonCollectionInfoValues<IReadOnlyDictionary<string, T>>());

    /// <summary>Starts the object metadata of a record.</summary>
    public static JsonObjectBuilder<T> Object<T>(JsonSerializerOptions options) where T : class => new(options);

    /// <summary><c>string</c>.</summary>
    public static JsonTypeInfo<string> String(JsonSerializerOptions options) => Value<string>(options, JsonMetadataServices.StringConverter!);

    /// <summary><c>bool</c>.</summary>
    public static JsonTypeInfo<bool> Boolean(JsonSerializerOptions options) => Value(options, JsonMetadataServices.BooleanConverter);

    /// <summary><c>int</c>.</summary>
    public static JsonTypeInfo<int> Int32(JsonSerializerOptions options) => Value(options, JsonMetadataServices.Int32Converter);

    /// <summary><c>long</c>.</summary>
    public static JsonTypeInfo<long> Int64(JsonSerializerOptions options) => Value(options, JsonMetadataServices.Int64Converter);

    /// <summary><c>float</c>.</summary>
    public static JsonTypeInfo<float> Single(JsonSerializerOptions options) => Value(options, JsonMetadataServices.SingleConverter);

    /// <summary><c>double</c>.</summary>
    public static JsonTypeInfo<double> Double(JsonSerializerOptions options) => Value(options, JsonMetadataServices.DoubleConverter);

    /// <summary><c>decimal</c>.</summary>
    public static JsonTypeInfo<decimal> Decimal(JsonSerializerOptions options) => Value(options, JsonMetadataServices.DecimalConverter);

    /// <summary><see cref="System.DateTimeOffset"/>.</summary>
    public static JsonTypeInfo<DateTimeOffset> DateTimeOffset(JsonSerializerOptions options) => Value(options, JsonMetadataServices.DateTimeOffsetConverter);

    /// <summary><see cref="System.Guid"/>.</summary>
    public static JsonTypeInfo<Guid> Guid(JsonSerializerOptions options) => Value(options, JsonMetadataServices.GuidConverter);

    /// <summary><c>byte[]</c> as base64.</summary>
    public static JsonTypeInfo<byte[]> Bytes(JsonSerializerOptions options) => Value<byte[]>(options, JsonMetadataServices.ByteArrayConverter!);

    /// <summary>Any JSON, as it came.</summary>
    public static JsonTypeInfo<JsonElement> JsonElement(JsonSerializerOptions options) => Value(options, JsonMetadataServices.JsonElementConverter);

#if NET6_0_OR_GREATER
    /// <summary><c>format: date</c> (yyyy-MM-dd).</summary>
    public static JsonTypeInfo<DateOnly> DateOnly(JsonSerializerOptions options) => Value(options, DateOnlyConverter.Instance);
#endif

    /// <summary><c>format: date</c> (yyyy-MM-dd) as the date part of a <see cref="System.DateTime"/> (for targets without DateOnly).</summary>
    public static JsonTypeInfo<DateTime> Date(JsonSerializerOptions options) => Value(options, DateConverter.Instance);

    /// <summary><see cref="FileContent"/> in JSON: its bytes as base64.</summary>
    public static JsonTypeInfo<FileContent> File(JsonSerializerOptions options) => Value(options, FileContentConverter.Instance);

    /// <summary>Reads a value at the reader's token with the options' metadata for <typeparamref name="T"/> (from a converter).</summary>
    public static T Read<T>(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)))!;

    /// <summary>Writes a value with the options' metadata for <typeparamref name="T"/> (from a converter).</summary>
    public static void Write<T>(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));

    /// <summary>
    /// Whether this System.Text.Json calls a record's creator before it checks that the required properties were present
    /// (System.Text.Json 8 does; 10 checks first). Found out once, by deserializing <c>{}</c> to a probe record with one
    /// required property, and only when a creator has thrown <see cref="JsonSupport.NullProperty"/>'s error.
    /// </summary>
    internal static bool CreatesBeforeRequiredCheck => CreatorProbe.CreatesFirst;

    private sealed class CreatorProbe
    {
        public static readonly bool CreatesFirst = Run();

        private static bool Run()
        {
            var created = false;
            var options = new JsonSerializerOptions { TypeInfoResolver = new Resolver(() => created = true) };
            try
            {
                JsonSerializer.Deserialize("{}", (JsonTypeInfo<CreatorProbe>)options.GetTypeInfo(typeof(CreatorProbe)));
            }
            catch (JsonException)
            {
                // The required property is missing: thrown before or after the creator ran.
            }
            return created;
        }

        private sealed class Resolver(Action onCreate) : IJsonTypeInfoResolver
        {
            public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
                type == typeof(string) ? String(options)
                : type == typeof(CreatorProbe) ? Object<CreatorProbe>(options)
                    .Add("value", static (CreatorProbe _) => (string?)null, JsonMemberKind.Required)
                    .Build(_ =>
                    {
                        onCreate();
                        return new CreatorProbe();
                    }, rephraseNullErrors: false)
                : null;
        }
    }

    /// <summary>A setter for init-only properties: they are set through the record's creator, never after.</summary>
    internal static Action<object, TValue?> InitOnly<TValue>() => InitOnlySetter<TValue>.Instance;

    private static class InitOnlySetter<TValue>
    {
        public static readonly Action<object, TValue?> Instance =
            static (_, _) => throw new InvalidOperationException("Generated records are immutable: their properties are set when they are created.");
    }

#if NET6_0_OR_GREATER
    private sealed class DateOnlyConverter : JsonConverter<DateOnly>
    {
        public static readonly DateOnlyConverter Instance = new();

        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => JsonSupport.ReadDate(ref reader);

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) => JsonSupport.WriteDate(writer, value);
    }
#endif

    private sealed class DateConverter : JsonConverter<DateTime>
    {
        public static readonly DateConverter Instance = new();

        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => JsonSupport.ReadDateTime(ref reader);

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private sealed class FileContentConverter : JsonConverter<FileContent>
    {
        public static readonly FileContentConverter Instance = new();

        public override FileContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetBytesFromBase64());

        public override void Write(Utf8JsonWriter writer, FileContent value, JsonSerializerOptions options) => writer.WriteBase64StringValue(value.ToArray());
    }
}

/// <summary>
/// The object metadata of a generated record, one property at a time. Records are immutable (init-only and required
/// properties), so, as System.Text.Json's source generator does for such members, every property is also a parameter
/// of the creator (by position, in the order added) that makes the record once all of its JSON has been read.
/// </summary>
/// <typeparam name="T">The record.</typeparam>
public sealed class JsonObjectBuilder<T> where T : class
{
    private readonly JsonSerializerOptions _options;
    private readonly List<JsonPropertyInfo> _properties = new();
    private readonly List<JsonParameterInfoValues> _parameters = new();
    private readonly HashSet<string> _memberNames = new(StringComparer.OrdinalIgnoreCase);
    private bool _hasRequired;

    internal JsonObjectBuilder(JsonSerializerOptions options) => _options = options;

    /// <summary>A property read and written under <paramref name="jsonName"/>: the next parameter of the creator.</summary>
    public JsonObjectBuilder<T> Add<TValue>(string jsonName, Func<T, TValue> get, JsonMemberKind kind = JsonMemberKind.Optional) =>
        Add(jsonName, get, kind, hasDefault: false, defaultValue: default);

    /// <summary>An optional property with a default from the API description, which an absent property reads as.</summary>
    public JsonObjectBuilder<T> Default<TValue>(string jsonName, Func<T, TValue> get, TValue defaultValue) =>
        Add(jsonName, get, JsonMemberKind.Optional, hasDefault: true, defaultValue);

    /// <summary>A property fixed by the API description: written, and skipped when read.</summary>
    public JsonObjectBuilder<T> Constant<TValue>(string jsonName, Func<T, TValue> get)
    {
        _properties.Add(Property(UniqueName(jsonName), jsonName, get, setter: null, JsonIgnoreCondition.Never));
        return this;
    }

    /// <summary>The discriminator of a hierarchy's case that does not declare it: written first, skipped when read.</summary>
    public JsonObjectBuilder<T> Discriminator(string jsonName, string value) => Constant(jsonName, _ => value);

    /// <summary>The metadata, with the function that creates the record from the values read (one per property added).</summary>
    public JsonTypeInfo<T> Build(Func<object[], T> create) => Build(create, rephraseNullErrors: _hasRequired);

    internal JsonTypeInfo<T> Build(Func<object[], T> create, bool rephraseNullErrors)
    {
        if (JsonMetadata.Custom<T>(_options) is { } custom) return custom;
        var properties = _properties.ToArray();
        var parameters = _parameters.ToArray();
        if (rephraseNullErrors)
        {
            // The creator throws NullProperty's error for a required property it gets as null. Where System.Text.Json
            // calls it before checking that the required properties were present (8 does), that null may be an absent
            // property too, which the message must not deny.
            var creator = create;
            create = args =>
            {
                try
                {
                    return creator(args);
                }
                catch (JsonException e) when (JsonSupport.NullOrMissingProperty(e) is { } error && JsonMetadata.CreatesBeforeRequiredCheck)
                {
                    throw error;
                }
            };
        }
        var info = JsonMetadataServices.CreateObjectInfo(_options, new JsonObjectInfoValues<T>
        {
            ObjectWithParameterizedConstructorCreator = create,
            PropertyMetadataInitializer = _ => properties,
            ConstructorParameterMetadataInitializer = () => parameters,
        });
        // JsonObjectInfoValues has no "unset" number handling (it is Strict unless given): cleared, the options' applies.
        info.NumberHandling = null;
        return info;
    }

    private JsonObjectBuilder<T> Add<TValue>(string jsonName, Func<T, TValue> get, JsonMemberKind kind, bool hasDefault, TValue? defaultValue)
    {
        // Required: written even when null. Optional: null is not written; a value type's default is left to the options.
        JsonIgnoreCondition? ignore = kind == JsonMemberKind.Required ? JsonIgnoreCondition.Never
            : default(TValue) is null ? JsonIgnoreCondition.WhenWritingNull
            : null;
        var memberName = UniqueName(jsonName);
        var property = Property(memberName, jsonName, get, JsonMetadata.InitOnly<TValue>(), ignore);
        if (kind == JsonMemberKind.Required) property.IsRequired = _hasRequired = true;
        _properties.Add(property);
        _parameters.Add(new JsonParameterInfoValues
        {
            // Parameters bind to properties by member name and type, case-insensitively.
            Name = memberName,
            ParameterType = typeof(TValue),
            Position = _parameters.Count,
            HasDefaultValue = hasDefault,
            DefaultValue = hasDefault ? defaultValue : null,
        });
        return this;
    }

    /// <summary>The member name STJ binds a parameter to its property by: the JSON name, unless it differs from another only in case.</summary>
    private string UniqueName(string jsonName)
    {
        var name = jsonName;
        for (var i = 1; !_memberNames.Add(name); i++) name = jsonName + "\u0001" + i.ToString(CultureInfo.InvariantCulture);
        return name;
    }

    private JsonPropertyInfo Property<TValue>(string memberName, string jsonName, Func<T, TValue> get, Action<object, TValue?>? setter, JsonIgnoreCondition? ignore)
    {
        return JsonMetadataServices.CreatePropertyInfo(_options, new JsonPropertyInfoValues<TValue>
        {
            IsProperty = true,
            IsPublic = true,
            DeclaringType = typeof(T),
            PropertyName = memberName,
            JsonPropertyName = jsonName,
            Getter = value => get((T)value),
            Setter = setter,
            IgnoreCondition = ignore,
        });
    }
}
