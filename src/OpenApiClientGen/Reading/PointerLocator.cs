using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis.Text;
using OpenApiClientGen.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OpenApiClientGen.Reading;

/// <summary>
/// Finds where JSON pointers (<c>#/components/schemas/Foo</c>) sit in the spec text, so diagnostics point at a line and
/// column. It runs only when there is something to report: one pass over the text for all pointers at once,
/// descending only into the parts of the tree the pointers name. A pointer that goes deeper than the document is
/// located at its deepest existing ancestor.
/// </summary>
internal static class PointerLocator
{
    public static Dictionary<string, LocationInfo> Locate(string path, SourceText text, bool isYaml, IEnumerable<string> pointers)
    {
        var root = new Trie();
        var wanted = new List<(string Pointer, string[] Segments)>();
        foreach (var pointer in pointers)
        {
            var segments = Split(pointer);
            wanted.Add((pointer, segments));
            var node = root;
            foreach (var segment in segments) node = node.Child(segment);
        }

        root.Start = 0;
        try
        {
            if (isYaml) WalkYaml(text.ToString(), root);
            else WalkJson(text.ToString(), root);
        }
        catch (Exception e) when (e is JsonException or YamlException)
        {
            // Located as far as the text could be read.
        }

        var result = new Dictionary<string, LocationInfo>(StringComparer.Ordinal);
        foreach (var (pointer, segments) in wanted)
        {
            var node = root;
            var start = 0;
            foreach (var segment in segments)
            {
                if (node.Children is null || !node.Children.TryGetValue(segment, out var child) || child.Start < 0) break;
                node = child;
                start = child.Start;
            }
            start = Math.Min(start, text.Length);
            var span = new TextSpan(start, 0);
            result[pointer] = new LocationInfo(path, span, text.Lines.GetLinePositionSpan(span));
        }
        return result;
    }

    /// <summary>Splits <c>#/a/b~1c</c> into <c>a</c>, <c>b/c</c>.</summary>
    public static string[] Split(string pointer)
    {
        var p = pointer.StartsWith("#", StringComparison.Ordinal) ? pointer.Substring(1) : pointer;
        if (p.Length == 0 || p == "/") return Array.Empty<string>();
        var parts = p.TrimStart('/').Split('/');
        for (var i = 0; i < parts.Length; i++)
            parts[i] = parts[i].Replace("~1", "/").Replace("~0", "~");
        return parts;
    }

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    private sealed class Trie
    {
        public Dictionary<string, Trie>? Children;
        public int Start = -1;

        public Trie Child(string segment)
        {
            Children ??= new Dictionary<string, Trie>(StringComparer.Ordinal);
            if (!Children.TryGetValue(segment, out var child)) Children[segment] = child = new Trie();
            return child;
        }
    }

    private static void WalkJson(string json, Trie root)
    {
        var offsets = new CharOffsets(Encoding.UTF8.GetBytes(json));
        var reader = new Utf8JsonReader(offsets.Bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = YamlToJson.MaxDepth });
        if (!reader.Read()) return;
        WalkJsonValue(ref reader, root, offsets);
    }

    /// <summary>Byte offsets to char offsets, counting forward from the last offset asked (the walk only moves forward).</summary>
    private sealed class CharOffsets(byte[] bytes)
    {
        private int _byteOffset;
        private int _charOffset;

        public byte[] Bytes { get; } = bytes;

        public int At(int byteOffset)
        {
            if (byteOffset < _byteOffset)
            {
                _byteOffset = 0;
                _charOffset = 0;
            }
            _charOffset += Encoding.UTF8.GetCharCount(Bytes, _byteOffset, byteOffset - _byteOffset);
            _byteOffset = byteOffset;
            return _charOffset;
        }
    }

    private static void WalkJsonValue(ref Utf8JsonReader reader, Trie node, CharOffsets offsets)
    {
        if (node.Children is null)
        {
            reader.Skip();
            return;
        }
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var keyStart = offsets.At((int)reader.TokenStartIndex);
                reader.Read();
                if (node.Children.TryGetValue(name, out var child))
                {
                    child.Start = keyStart;
                    WalkJsonValue(ref reader, child, offsets);
                }
                else reader.Skip();
            }
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (node.Children.TryGetValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture), out var child))
                {
                    child.Start = offsets.At((int)reader.TokenStartIndex);
                    WalkJsonValue(ref reader, child, offsets);
                }
                else reader.Skip();
                index++;
            }
        }
    }

    private static void WalkYaml(string yaml, Trie root) =>
        YamlSource.Read(yaml, (parser, source) =>
        {
            ResetStarts(root);
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                // The document YamlToJson read: the first that holds a node.
                if (!YamlToJson.AtEmptyDocument(parser))
                {
                    WalkYamlNode(parser, source, root);
                    break;
                }
                parser.SkipThisAndNestedEvents();
                parser.Consume<DocumentEnd>();
            }
            return true;
        });

    /// <summary>Forgets what an earlier pass found (the text is walked again once YamlSource repairs it).</summary>
    private static void ResetStarts(Trie node)
    {
        if (node.Children is null) return;
        foreach (var child in node.Children.Values)
        {
            child.Start = -1;
            ResetStarts(child);
        }
    }

    private static void WalkYamlNode(IParser parser, YamlSource source, Trie node)
    {
        if (node.Children is null)
        {
            parser.SkipThisAndNestedEvents();
            return;
        }
        if (parser.TryConsume<MappingStart>(out _))
        {
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyStart = source.ToOriginal(parser.Current!.Start.Index);
                string? key = parser.TryConsume<Scalar>(out var scalar) ? scalar.Value : null;
                if (key is null) parser.SkipThisAndNestedEvents();
                if (key is not null && node.Children.TryGetValue(key, out var child))
                {
                    child.Start = keyStart;
                    WalkYamlNode(parser, source, child);
                }
                else parser.SkipThisAndNestedEvents();
            }
        }
        else if (parser.TryConsume<SequenceStart>(out _))
        {
            var index = 0;
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                if (node.Children.TryGetValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture), out var child))
                {
                    child.Start = source.ToOriginal(parser.Current!.Start.Index);
                    WalkYamlNode(parser, source, child);
                }
                else parser.SkipThisAndNestedEvents();
                index++;
            }
        }
        else parser.SkipThisAndNestedEvents();
    }
}
