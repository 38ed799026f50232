using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.OpenApi;
using OpenApiClientGen.Reading;

namespace OpenApiClientGen.Binding;

/// <summary>
/// Follows a local JSON pointer through the document's object model to the schema it lands on: any pointer that ends at
/// a schema is a valid <c>$ref</c> (a parameter's, a response's or a body's schema, a property of a component, an item),
/// not only <c>#/components/schemas/Name</c>.
/// </summary>
internal static class SchemaPointer
{
    public static IOpenApiSchema? Resolve(OpenApiDocument document, string reference)
    {
        var segments = PointerLocator.Split(reference);
        if (segments.Length < 2) return null;
        var rest = new Queue<string>(segments);
        var first = rest.Dequeue();
        object? at = first switch
        {
            "components" => Component(document.Components, rest),
            "definitions" => Pick(document.Components?.Schemas, rest),
            "parameters" => Pick(document.Components?.Parameters, rest),
            "responses" => Pick(document.Components?.Responses, rest),
            "paths" => Pick(document.Paths, rest),
            _ => null,
        };
        while (at is not null && rest.Count > 0) at = Step(at, rest);
        return at as IOpenApiSchema;
    }

    /// <summary>
    /// The name an inline schema reached by a deep reference takes: after its place, as the binder names the schemas of
    /// shared responses, bodies and parameters (<c>ItemsResponse</c>, <c>LimitParameter</c>), whichever reference comes first.
    /// </summary>
    public static string? ContextName(string reference)
    {
        var segments = PointerLocator.Split(reference);
        if (segments.Length < 3 || segments[0] != "components") return null;
        var name = Model.Identifiers.ToPascalCase(segments[2]) + segments[1] switch
        {
            "responses" => "Response",
            "requestBodies" => "Request",
            "parameters" => "Parameter",
            "headers" => "Header",
            _ => "",
        };
        for (var i = 3; i < segments.Length; i++)
        {
            switch (segments[i])
            {
                case "properties" when i + 1 < segments.Length:
                    name += Model.Identifiers.ToPascalCase(segments[++i]);
                    break;
                case "items":
                    name += "Item";
                    break;
                case "additionalProperties":
                    name += "Value";
                    break;
            }
        }
        return name;
    }

    private static object? Component(OpenApiComponents? components, Queue<string> rest)
    {
        if (components is null || rest.Count == 0) return null;
        return rest.Dequeue() switch
        {
            "schemas" => Pick(components.Schemas, rest),
            "parameters" => Pick(components.Parameters, rest),
            "responses" => Pick(components.Responses, rest),
            "requestBodies" => Pick(components.RequestBodies, rest),
            "headers" => Pick(components.Headers, rest),
            _ => null,
        };
    }

    /// <summary>One step down from an OpenAPI object by the next segment(s).</summary>
    private static object? Step(object at, Queue<string> rest)
    {
        var segment = rest.Dequeue();
        switch (at)
        {
            case IOpenApiSchema schema:
                return segment switch
                {
                    "properties" => Pick(schema.Properties, rest),
                    "items" => schema.Items,
                    "additionalProperties" => schema.AdditionalProperties,
                    "not" => schema.Not,
                    "allOf" => Index(schema.AllOf, rest),
                    "oneOf" => Index(schema.OneOf, rest),
                    "anyOf" => Index(schema.AnyOf, rest),
                    "patternProperties" => Pick(schema.PatternProperties, rest),
                    "$defs" or "definitions" => Pick(schema.Definitions, rest),
                    _ => null,
                };
            case IOpenApiParameter parameter:
                return segment switch { "schema" => parameter.Schema, "content" => Pick(parameter.Content, rest), _ => null };
            case IOpenApiHeader header:
                return segment switch { "schema" => header.Schema, "content" => Pick(header.Content, rest), _ => null };
            case IOpenApiResponse response:
                return segment switch { "content" => Pick(response.Content, rest), "headers" => Pick(response.Headers, rest), _ => null };
            case IOpenApiRequestBody body:
                return segment == "content" ? Pick(body.Content, rest) : null;
            case IOpenApiMediaType media:
                return segment == "schema" ? media.Schema : null;
            case IOpenApiPathItem path:
                if (segment == "parameters") return Index(path.Parameters, rest);
                var method = path.Operations?.FirstOrDefault(o => string.Equals(o.Key.Method, segment, StringComparison.OrdinalIgnoreCase)).Value;
                return method;
            case OpenApiOperation operation:
                return segment switch
                {
                    "parameters" => Index(operation.Parameters, rest),
                    "requestBody" => operation.RequestBody,
                    "responses" => Pick(operation.Responses, rest),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static object? Pick<T>(IDictionary<string, T>? map, Queue<string> rest) =>
        map is not null && rest.Count > 0 && map.TryGetValue(rest.Dequeue(), out var value) ? value : null;

    private static object? Index<T>(IList<T>? list, Queue<string> rest) =>
        list is not null && rest.Count > 0 && int.TryParse(rest.Dequeue(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Count ? list[i] : null;
}
