using System.Collections.Generic;
using System.Text.Json;

namespace OpenApiClientGen.Runtime;

/// <summary>Where and how a parameter is serialized (OpenAPI <c>style</c>).</summary>
public enum ParameterStyle
{
    /// <summary><c>simple</c>: comma-separated (path and header default).</summary>
    Simple,
    /// <summary><c>label</c>: prefixed with a dot.</summary>
    Label,
    /// <summary><c>matrix</c>: <c>;name=value</c>.</summary>
    Matrix,
    /// <summary><c>form</c>: <c>name=value</c> (query and cookie default).</summary>
    Form,
    /// <summary><c>spaceDelimited</c>: array items separated by %20.</summary>
    SpaceDelimited,
    /// <summary><c>pipeDelimited</c>: array items separated by |.</summary>
    PipeDelimited,
    /// <summary><c>deepObject</c>: <c>name[property]=value</c>.</summary>
    DeepObject,
}

/// <summary>A parameter value: plain text for scalars, a JSON element for arrays and objects.</summary>
public readonly struct ParameterValue
{
    private ParameterValue(string? text, JsonElement element)
    {
        Text = text;
        Element = element;
    }

    /// <summary>The text of a scalar, or null for an array or object.</summary>
    public string? Text { get; }

    /// <summary>The JSON of an array or object (default for a scalar).</summary>
    public JsonElement Element { get; }

    /// <summary>A scalar given as its text.</summary>
    public static implicit operator ParameterValue(string value) => new(value, default);

    /// <summary>An array or object kept as JSON; a scalar as its text.</summary>
    public static ParameterValue From(JsonElement element) =>
        element.ValueKind is JsonValueKind.Array or JsonValueKind.Object
            ? new(null, element)
            : new(ClientSupport.ScalarText(element), default);

    /// <summary>The items of an array (a scalar is a list of one).</summary>
    public List<string> Items()
    {
        var items = new List<string>();
        if (Text is not null) items.Add(Text);
        else if (Element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in Element.EnumerateArray()) items.Add(ClientSupport.ScalarText(item));
        }
        return items;
    }

    /// <summary>The properties of an object, null ones left out.</summary>
    public List<KeyValuePair<string, string>> Properties()
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (Element.ValueKind != JsonValueKind.Object) return pairs;
        foreach (var property in Element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Null)
                pairs.Add(new(property.Name, ClientSupport.ScalarText(property.Value)));
        }
        return pairs;
    }

    /// <summary>Whether the value is a JSON object.</summary>
    public bool IsObject => Text is null && Element.ValueKind == JsonValueKind.Object;
}
