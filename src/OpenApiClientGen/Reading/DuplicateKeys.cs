using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace OpenApiClientGen.Reading;

/// <summary>
/// Where a JSON document first repeats a key in one object: System.Text.Json's JsonObject reads lazily and throws an
/// ArgumentException without a position, so the place is found with one pass of a reader.
/// </summary>
internal static class DuplicateKeys
{
    /// <summary>The character offset of the first repeated key and the key, or null when no object repeats one.</summary>
    public static (int Offset, string Key)? Find(string json)
    {
        try
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = YamlToJson.MaxDepth });
            var keys = new Stack<HashSet<string>?>();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        keys.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        keys.Push(null);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        keys.Pop();
                        break;
                    case JsonTokenType.PropertyName when keys.Count > 0 && keys.Peek() is { } seen:
                        var key = reader.GetString()!;
                        if (!seen.Add(key)) return (Encoding.UTF8.GetCharCount(bytes, 0, (int)reader.TokenStartIndex), key);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // A syntax error is reported by the parse itself.
        }
        return null;
    }
}
