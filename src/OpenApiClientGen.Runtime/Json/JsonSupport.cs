using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpenApiClientGen.Runtime;

/// <summary>What tells one object case of a union from another: required, known and constant-valued properties.</summary>
public sealed class JsonObjectCase
{
    /// <summary>Describes a case by its required, known and constant-valued properties (name/value pairs, flattened).</summary>
    public JsonObjectCase(string[] required, string[] known, string[] constants)
    {
        Required = required;
        Known = new HashSet<string>(known, StringComparer.Ordinal);
        Constants = constants;
    }

    /// <summary>The properties the case requires.</summary>
    public string[] Required { get; }

    /// <summary>Every property the case declares.</summary>
    public HashSet<string> Known { get; }

    /// <summary>Pairs of property name and value, flattened: name0, value0, name1, value1, ...</summary>
    public string[] Constants { get; }
}

/// <summary>Reading and writing helpers for the generated converters. No reflection: safe for trimming and AOT.</summary>
public static class JsonSupport
{
    /// <summary>Throws a <see cref="JsonException"/> naming <paramref name="typeName"/> unless the reader is at <paramref name="tokenType"/>.</summary>
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType tokenType, string typeName)
    {
        if (reader.TokenType != tokenType)
        {
            throw new JsonException($"Expected {Describe(tokenType)} for {typeName} but found {Describe(reader.TokenType)}.");
        }
    }

    /// <summary>Reads a JSON string; anything else throws.</summary>
    public static string ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string but found {Describe(reader.TokenType)}.");
        }
        return reader.GetString()!;
    }

#if NET6_0_OR_GREATER
    /// <summary>Reads a <c>format: date</c> string (yyyy-MM-dd).</summary>
    public static DateOnly ReadDate(ref Utf8JsonReader reader) => DateOnly.FromDateTime(ReadDateTime(ref reader));

    /// <summary>Writes a <c>format: date</c> string (yyyy-MM-dd).</summary>
    public static void WriteDate(Utf8JsonWriter writer, DateOnly value) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
#endif

    /// <summary>Reads a <c>format: date</c> string (yyyy-MM-dd) as a <see cref="DateTime"/> (for targets without DateOnly).</summary>
    public static DateTime ReadDateTime(ref Utf8JsonReader reader)
    {
        var text = ReadString(ref reader);
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        throw new JsonException($"'{text}' is not a date (yyyy-MM-dd).");
    }

    /// <summary>Writes the date part of a <see cref="DateTime"/> as a <c>format: date</c> string (yyyy-MM-dd).</summary>
    public static void WriteDateTime(Utf8JsonWriter writer, DateTime value) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Whether the string at the reader is a <c>format: date</c> value (telling union cases apart).</summary>
    public static bool IsDate(ref Utf8JsonReader reader) =>
        DateTime.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>The error for a required property absent from the JSON.</summary>
    public static JsonException MissingProperty(string typeName, string jsonName) =>
        new($"The JSON for {typeName} has no '{jsonName}' property, which the API description requires.");

    /// <summary>The error for a null where the API description allows none.</summary>
    public static JsonException NullProperty(string typeName, string jsonName)
    {
        var error = new JsonException($"The JSON for {typeName} has null for '{jsonName}', which the API description does not allow.");
        // Noted for JsonObjectBuilder, which may have to say that the property may be absent instead (System.Text.Json 8).
        error.Data[NullPropertyKey] = new[] { typeName, jsonName };
        return error;
    }

    private const string NullPropertyKey = "OpenApiClientGen.NullProperty";

    /// <summary>
    /// <see cref="NullProperty"/>'s error, which a record's creator throws for a required property it received as null,
    /// said of a property that may also be absent: System.Text.Json 8 calls the creator before it checks that the
    /// required properties were present. Null for any other error.
    /// </summary>
    internal static JsonException? NullOrMissingProperty(JsonException error) =>
        error.Data[NullPropertyKey] is string[] { Length: 2 } names
            ? new JsonException($"The JSON for {names[0]} has no '{names[1]}' property or null for it, which the API description does not allow.")
            : null;

    /// <summary>Any JSON but null, for a property whose schema allows any value but null.</summary>
    public static JsonElement NotNull(JsonElement value, string typeName, string jsonName) =>
        value.ValueKind == JsonValueKind.Null ? throw NullProperty(typeName, jsonName) : value;

    /// <summary>The error for JSON that fits no case of a union.</summary>
    public static JsonException NoMatchingCase(string typeName, JsonTokenType tokenType) =>
        new($"The JSON {Describe(tokenType)} matches none of the cases of {typeName}.");

    /// <summary>The string value of a top-level property of the object at the reader, read from a copy of the reader.</summary>
    public static string? PeekDiscriminator(Utf8JsonReader reader, ReadOnlySpan<byte> propertyName)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(propertyName);
            reader.Read();
            if (match)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            reader.Skip();
        }
        return null;
    }

    /// <summary>
    /// Picks the object case that fits the object at the reader best (read from a copy of the reader): a case fits
    /// when all its required properties are present and its constant-valued properties have their values; among
    /// those that fit, the one knowing most of the object's properties and missing fewest wins.
    /// </summary>
    public static int SelectObjectCase(Utf8JsonReader reader, JsonObjectCase[] cases)
    {
        var names = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            names.Add(name);
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    values[name] = reader.GetString()!;
                    break;
                case JsonTokenType.Number:
                    values[name] = Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
                    break;
                case JsonTokenType.True:
                    values[name] = "true";
                    break;
                case JsonTokenType.False:
                    values[name] = "false";
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var best = 0;
        var bestScore = long.MinValue;
        for (var i = 0; i < cases.Length; i++)
        {
            var candidate = cases[i];
            var fits = true;
            foreach (var required in candidate.Required)
            {
                if (!names.Contains(required)) { fits = false; break; }
            }
            for (var c = 0; fits && c < candidate.Constants.Length; c += 2)
            {
                fits = values.TryGetValue(candidate.Constants[c], out var actual) && actual == candidate.Constants[c + 1];
            }
            var known = 0;
            foreach (var name in names)
            {
                if (candidate.Known.Contains(name)) known++;
            }
            var score = (fits ? 1L << 40 : 0L) + ((long)known << 20) - (names.Count - known);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    private static string Describe(JsonTokenType tokenType) => tokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => tokenType.ToString(),
    };
}
