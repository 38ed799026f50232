using System.Text.Json.Nodes;
using OpenApiClientGen.Reading;
using Xunit;

namespace OpenApiClientGen.Tests;

/// <summary>YAML to JSON (YAML 1.2 core schema, anchors, merge keys) and dialect details of the readers.</summary>
public sealed class ReadingTests
{
    [Fact]
    public void Plain_scalars_resolve_by_the_core_schema_and_quoted_ones_stay_strings()
    {
        var node = YamlToJson.Convert("""
            a: 1
            b: 1.0
            c: "1"
            d: true
            e: 'false'
            f: ~
            g:
            h: 3.0.0
            i: 0x1F
            j: +5
            k: 2024-01-01
            """)!.AsObject();

        Assert.Equal("1", node["a"]!.ToJsonString());
        Assert.Equal("1.0", node["b"]!.ToJsonString()); // the number keeps its own text
        Assert.Equal("\"1\"", node["c"]!.ToJsonString());
        Assert.Equal("true", node["d"]!.ToJsonString());
        Assert.Equal("\"false\"", node["e"]!.ToJsonString());
        Assert.Null(node["f"]);
        Assert.True(node.ContainsKey("g"));
        Assert.Null(node["g"]);
        Assert.Equal("\"3.0.0\"", node["h"]!.ToJsonString());
        Assert.Equal("31", node["i"]!.ToJsonString());
        Assert.Equal("5", node["j"]!.ToJsonString());
        Assert.Equal("\"2024-01-01\"", node["k"]!.ToJsonString()); // dates stay strings
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_expand()
    {
        var node = YamlToJson.Convert("""
            base: &base {type: string, description: shared}
            copy: *base
            merged:
              <<: *base
              description: own
            list: [&one 1, *one]
            """)!.AsObject();

        Assert.Equal("""{"type":"string","description":"shared"}""", node["copy"]!.ToJsonString());
        Assert.Equal("""{"type":"string","description":"own"}""", node["merged"]!.ToJsonString());
        Assert.Equal("[1,1]", node["list"]!.ToJsonString());
        Assert.NotSame(node["base"], node["copy"]); // a copy: the tree stays a tree
    }

    [Fact]
    public void A_spec_written_with_anchors_generates_like_its_expansion()
    {
        const string yaml = """
            openapi: 3.0.0
            info: {title: Anchors, version: '1'}
            paths: {}
            components:
              schemas:
                Common: &common
                  type: object
                  required: [id]
                  properties:
                    id: {type: string, format: uuid}
                Copy: *common
            """;
        var run = GeneratorHarness.Generate("anchors-openapi.yaml", yaml, "Specs.Anchors");
        Assert.Empty(run.GeneratorDiagnostics);
        var models = run.Source(".Models.g.cs");
        Assert.Contains("public sealed partial record Common", models, StringComparison.Ordinal);
        Assert.Contains("public sealed partial record Copy", models, StringComparison.Ordinal);
        Assert.Equal(2, models.Split("public required global::System.Guid Id { get; init; }").Length - 1);
        Assert.Empty(run.CompileProblems());
    }

    [Fact]
    public void Swagger_2_x_nullable_and_3_0_nullable_on_type_less_wrappers_are_kept()
    {
        const string swagger = """
            {"swagger": "2.0", "info": {"title": "S", "version": "1"}, "paths": {},
             "definitions": {
               "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
               "Pet": {"type": "object", "required": ["name", "owner"], "properties": {
                 "name": {"type": "string", "x-nullable": true},
                 "owner": {"$ref": "#/definitions/Owner"}}}}}
            """;
        var models = GeneratorHarness.Generate("pets-swagger.json", swagger, "Specs.Swagger").Source(".Models.g.cs");
        Assert.Contains("public required string? Name { get; init; }", models, StringComparison.Ordinal);
        Assert.Contains("public required global::Specs.Swagger.Owner Owner { get; init; }", models, StringComparison.Ordinal);

        const string openApi30 = """
            {"openapi": "3.0.3", "info": {"title": "S", "version": "1"}, "paths": {},
             "components": {"schemas": {
               "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
               "Pet": {"type": "object", "required": ["owner", "keeper"], "properties": {
                 "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true},
                 "keeper": {"anyOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true}}}}}}
            """;
        models = GeneratorHarness.Generate("pets-openapi.json", openApi30, "Specs.OpenApi30").Source(".Models.g.cs");
        Assert.Contains("public required global::Specs.OpenApi30.Owner? Owner { get; init; }", models, StringComparison.Ordinal);
        Assert.Contains("public required global::Specs.OpenApi30.Owner? Keeper { get; init; }", models, StringComparison.Ordinal);
    }

    [Fact]
    public void Nullable_marker_leaves_examples_and_defaults_alone()
    {
        var node = JsonNode.Parse("""{"a": {"nullable": true, "example": {"nullable": true}, "default": {"nullable": true}}}""")!;
        DocumentRepair.Repair(node.AsObject(), new Problems());
        Assert.True(node["a"]!.AsObject().ContainsKey(NullableMarker.Extension));
        Assert.False(node["a"]!["example"]!.AsObject().ContainsKey(NullableMarker.Extension));
        Assert.False(node["a"]!["default"]!.AsObject().ContainsKey(NullableMarker.Extension));
    }
}
