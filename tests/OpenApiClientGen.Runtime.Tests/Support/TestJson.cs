using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenApiClientGen.Runtime.Tests.Support;

/// <summary>A body type for the JSON helpers (camelCase on the wire, nulls left out).</summary>
public sealed class Pet
{
    public string Name { get; set; } = "";

    public int Age { get; set; }

    public string[]? Tags { get; set; }
}

/// <summary>A declared error body.</summary>
public sealed class Problem
{
    public string? Code { get; set; }

    public string? Message { get; set; }
}

/// <summary>The JsonTypeInfo the runtime's JSON helpers take, source-generated as a generated client's would be.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Pet))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(string))]
internal sealed partial class TestJson : JsonSerializerContext
{
    /// <summary>The root of <paramref name="json"/>, detached from its document.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A parameter value from JSON: arrays and objects as JSON, scalars as their text.</summary>
    public static ParameterValue Value(string json) => ParameterValue.From(Parse(json));
}
