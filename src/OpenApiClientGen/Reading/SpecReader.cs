using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using OpenApiClientGen.Diagnostics;
using OpenApiClientGen.Model;
using YamlDotNet.Core;

namespace OpenApiClientGen.Reading;

/// <summary>
/// Reads spec text (JSON or YAML; OpenAPI 2.0, 3.0, 3.1) into an <see cref="OpenApiDocument"/> and its deep references
/// (<see cref="LocalReferences"/>), never throwing.
/// </summary>
internal static class SpecReader
{
    private static readonly Uri BaseUri = new("file:///openapi/");
    private static readonly Regex PointerInMessage = new(@"at (#/\S*)", RegexOptions.CultureInvariant);

    public static bool IsYaml(string path, SourceText text)
    {
        if (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)) return true;
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return false;
        foreach (var c in text.ToString(new TextSpan(0, Math.Min(text.Length, 256))))
        {
            if (!char.IsWhiteSpace(c)) return c != '{';
        }
        return false;
    }

    public static OpenApiDocument? Read(string path, SourceText text, bool isYaml, Problems problems, out bool isSwagger2, out Dictionary<string, string> deepReferences)
    {
        isSwagger2 = false;
        deepReferences = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = ParseTree(path, text, isYaml, problems, DiagnosticDescriptors.MalformedDocument, out var parsed);
        if (!parsed) return null;
        var root = node is JsonObject o && (o.ContainsKey("openapi") || o.ContainsKey("swagger")) ? o : null;

        if (root is null)
        {
            problems.AddAt(DiagnosticDescriptors.MalformedDocument, LocationInfo.FileStart(path), "the document has no 'openapi' or 'swagger' field");
            return null;
        }

        var versionField = root.ContainsKey("openapi") ? "openapi" : "swagger";
        if (root[versionField] is not JsonValue version || version.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
        {
            // Read as nothing, the document would come back empty with no word of why.
            problems.Add(DiagnosticDescriptors.MalformedDocument, "#/" + versionField, $"'{versionField}' must be a version such as \"{(versionField == "openapi" ? "3.0.3" : "2.0")}\", not {root[versionField]?.ToJsonString() ?? "null"}");
            return null;
        }

        ReadResult result;
        try
        {
            deepReferences = DocumentRepair.Repair(root, problems);
            var settings = new OpenApiReaderSettings { LoadExternalRefs = false };
            result = new OpenApiJsonReader().Read(root, BaseUri, settings);
        }
        catch (ArgumentException e) when (!isYaml && DuplicateKeys.Find(text.ToString()) is { } duplicate)
        {
            // A key repeated deeper than the parse looked (JsonObject reads lazily): at the repetition.
            problems.AddAt(DiagnosticDescriptors.MalformedDocument, At(path, text, duplicate.Offset), $"the key '{duplicate.Key}' appears twice in one object ({FirstLine(e.Message)})");
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The reader says which field it could not take only in words: the version field is the one it names.
            if (e.Message.IndexOf("specification version", StringComparison.OrdinalIgnoreCase) >= 0)
                problems.Add(DiagnosticDescriptors.MalformedDocument, root.ContainsKey("openapi") ? "#/openapi" : "#/swagger", FirstLine(e.Message));
            else
                problems.AddAt(DiagnosticDescriptors.MalformedDocument, LocationInfo.FileStart(path), FirstLine(e.Message));
            return null;
        }

        if (result.Diagnostic is { } diagnostic)
        {
            isSwagger2 = diagnostic.SpecificationVersion == OpenApiSpecVersion.OpenApi2_0;
            foreach (var error in diagnostic.Errors)
            {
                var pointer = error.Pointer is { Length: > 0 } p ? p : PointerInMessage.Match(error.Message) is { Success: true } m ? m.Groups[1].Value : "#";
                problems.Add(DiagnosticDescriptors.ReaderError, pointer, error.Message);
            }
        }

        if (result.Document is null)
            problems.AddAt(DiagnosticDescriptors.MalformedDocument, LocationInfo.FileStart(path), "Microsoft.OpenApi returned no document");
        return result.Document;
    }

    /// <summary>
    /// JSON (comments and trailing commas allowed) or YAML text as a JSON tree; a syntax error is reported with
    /// <paramref name="malformed"/> at its line and column, and <paramref name="parsed"/> is false.
    /// </summary>
    public static JsonNode? ParseTree(string path, SourceText text, bool isYaml, Problems problems, DiagnosticDescriptor malformed, out bool parsed)
    {
        parsed = false;
        try
        {
            var node = isYaml
                ? YamlToJson.Convert(text.ToString())
                : JsonNode.Parse(text.ToString(), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = YamlToJson.MaxDepth });
            // (JsonObject reads its properties lazily: a duplicate key throws here or later, as an ArgumentException.)
            if (node is JsonObject o) _ = o.Count;
            parsed = true;
            return node;
        }
        catch (JsonException e)
        {
            problems.AddAt(malformed, At(path, text, (int)(e.LineNumber ?? 0), (int)(e.BytePositionInLine ?? 0)), FirstLine(e.Message));
        }
        catch (YamlException e)
        {
            problems.AddAt(malformed, At(path, text, (int)e.Start.Line - 1, (int)e.Start.Column - 1), FirstLine(e.Message));
        }
        catch (ArgumentException e)
        {
            var duplicate = isYaml ? null : DuplicateKeys.Find(text.ToString());
            problems.AddAt(malformed, duplicate is { } d ? At(path, text, d.Offset) : LocationInfo.FileStart(path),
                duplicate is { } found ? $"the key '{found.Key}' appears twice in one object" : "a key appears twice in one object: " + FirstLine(e.Message));
        }
        return null;
    }

    private static LocationInfo At(string path, SourceText text, int offset)
    {
        var span = new TextSpan(Math.Max(0, Math.Min(offset, text.Length)), 0);
        return new LocationInfo(path, span, text.Lines.GetLinePositionSpan(span));
    }

    private static LocationInfo At(string path, SourceText text, int line, int column)
    {
        line = Math.Max(0, Math.Min(line, text.Lines.Count - 1));
        var lineInfo = text.Lines[line];
        var start = Math.Min(lineInfo.Start + Math.Max(0, column), lineInfo.End);
        var span = new TextSpan(start, 0);
        return new LocationInfo(path, span, text.Lines.GetLinePositionSpan(span));
    }

    private static string FirstLine(string message)
    {
        var index = message.IndexOfAny(new[] { '\r', '\n' });
        return index < 0 ? message : message.Substring(0, index);
    }
}
