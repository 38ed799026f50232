// The members between the markers are emitted, as they are, inside every generated JSON context class
// (<Name>JsonContext): the helpers its converters share. Kept as a real C# file, not compiled into the generator.
#nullable enable

namespace OpenApiClientGen.Templates
{
    public sealed partial class JsonContextTemplate
    {
        // <members>
        /// <summary>Reads one JSON value at the reader's current token.</summary>
        private delegate T JsonValueReader<T>(ref global::System.Text.Json.Utf8JsonReader reader);

        /// <summary>Writes one JSON value.</summary>
        private delegate void JsonValueWriter<T>(global::System.Text.Json.Utf8JsonWriter writer, T value);

        /// <summary>What tells one object case of a union from another: required, known and constant-valued properties.</summary>
        private sealed class JsonObjectCase
        {
            public JsonObjectCase(string[] required, string[] known, string[] constants)
            {
                Required = required;
                Known = new global::System.Collections.Generic.HashSet<string>(known, global::System.StringComparer.Ordinal);
                Constants = constants;
            }

            public string[] Required { get; }

            public global::System.Collections.Generic.HashSet<string> Known { get; }

            /// <summary>Pairs of property name and value, flattened: name0, value0, name1, value1, ...</summary>
            public string[] Constants { get; }
        }

        /// <summary>Reading and writing helpers for the generated converters. No reflection: safe for trimming and AOT.</summary>
        private static class JsonSupport
        {
            public static void Expect(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Text.Json.JsonTokenType tokenType, string typeName)
            {
                if (reader.TokenType != tokenType)
                {
                    throw new global::System.Text.Json.JsonException($"Expected {Describe(tokenType)} for {typeName} but found {Describe(reader.TokenType)}.");
                }
            }

            public static string ReadString(ref global::System.Text.Json.Utf8JsonReader reader)
            {
                if (reader.TokenType != global::System.Text.Json.JsonTokenType.String)
                {
                    throw new global::System.Text.Json.JsonException($"Expected a string but found {Describe(reader.TokenType)}.");
                }
                return reader.GetString()!;
            }

            public static global::System.DateOnly ReadDate(ref global::System.Text.Json.Utf8JsonReader reader)
            {
                var text = ReadString(ref reader);
                if (global::System.DateOnly.TryParseExact(text, "yyyy-MM-dd", global::System.Globalization.CultureInfo.InvariantCulture, global::System.Globalization.DateTimeStyles.None, out var date))
                {
                    return date;
                }
                throw new global::System.Text.Json.JsonException($"'{text}' is not a date (yyyy-MM-dd).");
            }

            public static void WriteDate(global::System.Text.Json.Utf8JsonWriter writer, global::System.DateOnly value) =>
                writer.WriteStringValue(value.ToString("yyyy-MM-dd", global::System.Globalization.CultureInfo.InvariantCulture));

            public static bool IsDate(ref global::System.Text.Json.Utf8JsonReader reader) =>
                global::System.DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", global::System.Globalization.CultureInfo.InvariantCulture, global::System.Globalization.DateTimeStyles.None, out _);

            public static global::System.Collections.Generic.IReadOnlyList<T> ReadList<T>(ref global::System.Text.Json.Utf8JsonReader reader, JsonValueReader<T> readItem)
            {
                Expect(ref reader, global::System.Text.Json.JsonTokenType.StartArray, "a list");
                var list = new global::System.Collections.Generic.List<T>();
                while (reader.Read() && reader.TokenType != global::System.Text.Json.JsonTokenType.EndArray)
                {
                    list.Add(readItem(ref reader));
                }
                return list;
            }

            public static global::System.Collections.Generic.IReadOnlyDictionary<string, T> ReadMap<T>(ref global::System.Text.Json.Utf8JsonReader reader, JsonValueReader<T> readValue)
            {
                Expect(ref reader, global::System.Text.Json.JsonTokenType.StartObject, "a map");
                var map = new global::System.Collections.Generic.Dictionary<string, T>(global::System.StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == global::System.Text.Json.JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    map[key] = readValue(ref reader);
                }
                return map;
            }

            public static void WriteList<T>(global::System.Text.Json.Utf8JsonWriter writer, global::System.Collections.Generic.IReadOnlyList<T> values, JsonValueWriter<T> writeItem)
            {
                writer.WriteStartArray();
                for (var i = 0; i < values.Count; i++)
                {
                    writeItem(writer, values[i]);
                }
                writer.WriteEndArray();
            }

            public static void WriteMap<T>(global::System.Text.Json.Utf8JsonWriter writer, global::System.Collections.Generic.IReadOnlyDictionary<string, T> values, JsonValueWriter<T> writeValue)
            {
                writer.WriteStartObject();
                WriteEntries(writer, values, writeValue);
                writer.WriteEndObject();
            }

            /// <summary>Writes the entries of a map as properties of the object being written (additional properties).</summary>
            public static void WriteEntries<T>(global::System.Text.Json.Utf8JsonWriter writer, global::System.Collections.Generic.IReadOnlyDictionary<string, T> values, JsonValueWriter<T> writeValue)
            {
                foreach (var pair in values)
                {
                    writer.WritePropertyName(pair.Key);
                    writeValue(writer, pair.Value);
                }
            }

            public static global::System.Text.Json.JsonException MissingProperty(string typeName, string jsonName) =>
                new($"The JSON for {typeName} has no '{jsonName}' property, which the API description requires.");

            public static global::System.Text.Json.JsonException NullProperty(string typeName, string jsonName) =>
                new($"The JSON for {typeName} has null for '{jsonName}', which the API description does not allow.");

            public static global::System.Text.Json.JsonException NoMatchingCase(string typeName, global::System.Text.Json.JsonTokenType tokenType) =>
                new($"The JSON {Describe(tokenType)} matches none of the cases of {typeName}.");

            public static global::System.Text.Json.JsonException UnknownDiscriminator(string typeName, string propertyName, string? value) =>
                new(value is null
                    ? $"The JSON for {typeName} has no '{propertyName}' property to tell which type it is."
                    : $"The JSON for {typeName} has '{propertyName}' = '{value}', which the API description does not list.");

            /// <summary>The string value of a top-level property of the object at the reader, read from a copy of the reader.</summary>
            public static string? PeekDiscriminator(global::System.Text.Json.Utf8JsonReader reader, global::System.ReadOnlySpan<byte> propertyName)
            {
                if (reader.TokenType != global::System.Text.Json.JsonTokenType.StartObject)
                {
                    return null;
                }
                while (reader.Read() && reader.TokenType == global::System.Text.Json.JsonTokenType.PropertyName)
                {
                    var match = reader.ValueTextEquals(propertyName);
                    reader.Read();
                    if (match)
                    {
                        return reader.TokenType == global::System.Text.Json.JsonTokenType.String ? reader.GetString() : null;
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
            public static int SelectObjectCase(global::System.Text.Json.Utf8JsonReader reader, JsonObjectCase[] cases)
            {
                var names = new global::System.Collections.Generic.List<string>();
                var values = new global::System.Collections.Generic.Dictionary<string, string>(global::System.StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == global::System.Text.Json.JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    names.Add(name);
                    reader.Read();
                    switch (reader.TokenType)
                    {
                        case global::System.Text.Json.JsonTokenType.String:
                            values[name] = reader.GetString()!;
                            break;
                        case global::System.Text.Json.JsonTokenType.Number:
                            values[name] = global::System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? global::System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
                            break;
                        case global::System.Text.Json.JsonTokenType.True:
                            values[name] = "true";
                            break;
                        case global::System.Text.Json.JsonTokenType.False:
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

            private static string Describe(global::System.Text.Json.JsonTokenType tokenType) => tokenType switch
            {
                global::System.Text.Json.JsonTokenType.StartObject => "an object",
                global::System.Text.Json.JsonTokenType.StartArray => "an array",
                global::System.Text.Json.JsonTokenType.String => "a string",
                global::System.Text.Json.JsonTokenType.Number => "a number",
                global::System.Text.Json.JsonTokenType.True or global::System.Text.Json.JsonTokenType.False => "a boolean",
                global::System.Text.Json.JsonTokenType.Null => "null",
                _ => tokenType.ToString(),
            };
        }
        // </members>
    }
}
