using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>
/// One bad value must not lose the whole document: values Microsoft.OpenApi's reader throws on (and would turn into
/// OAG001 at (1,1) with no client) are coerced or left out before it reads, each reported at its own line.
/// </summary>
public sealed class RepairTests(ITestOutputHelper output)
{
    private static string Document(string version, string schemaLines) => $$"""
        {{(version.StartsWith('2') ? "swagger" : "openapi")}}: "{{version}}"
        info: { title: Repair, version: "1" }
        paths:
          /items:
            get:
              operationId: getItem
              responses:
                "200":
                  description: ok
        {{(version.StartsWith('2') ? "          schema: { $ref: '#/definitions/Item' }" : "          content: { application/json: { schema: { $ref: '#/components/schemas/Item' } } }")}}
        {{(version.StartsWith('2') ? "definitions:" : "components:\n  schemas:")}}
        {{(version.StartsWith('2') ? "  " : "    ")}}Item:
        {{(version.StartsWith('2') ? "    " : "      ")}}type: object
        {{(version.StartsWith('2') ? "    " : "      ")}}properties:
        {{(version.StartsWith('2') ? "      " : "        ")}}name: { type: string }
        {{(version.StartsWith('2') ? "      " : "        ")}}value:
        {{string.Join("\n", schemaLines.Split('\n').Select(l => (version.StartsWith('2') ? "        " : "          ") + l))}}
        """;

    private GeneratorRun Generate(string yaml)
    {
        output.WriteLine(yaml);
        var run = GeneratorHarness.Generate("repair-openapi.yaml", yaml, "Repair");
        foreach (var diagnostic in run.GeneratorDiagnostics) output.WriteLine(diagnostic.ToString());
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "OAG001" or "OAG009");
        var problems = run.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        Assert.Contains("public string? Name { get; init; }", run.Source(".Models.g.cs"), StringComparison.Ordinal);
        return run;
    }

    private static int LineOf(string document, string text) =>
        document[..document.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Theory]
    [InlineData("3.0.3", "type: string\nmaxLength: 1e-400", "maxLength", "ignored")]
    [InlineData("3.0.3", "type: string\nmaxLength: 99999999999", "maxLength", "ignored")]
    [InlineData("3.0.3", "type: string\nminLength: true", "minLength", "ignored")]
    [InlineData("3.0.3", "type: string\nmaxLength: 1e+09", "maxLength", "read as 1000000000")]
    [InlineData("3.0.3", "type: array\nitems: { type: string }\nuniqueItems: maybe", "uniqueItems", "ignored")]
    [InlineData("3.0.3", "type: string\nreadOnly: \"true\"", "readOnly", "read as true")]
    [InlineData("3.0.3", "type: object\nadditionalProperties: no", "additionalProperties", "any additional properties")]
    [InlineData("3.0.3", "type: number\nexclusiveMinimum: 0", "exclusiveMinimum", "read as minimum: 0, exclusive")]
    [InlineData("2.0", "type: number\nexclusiveMaximum: \"1\"", "exclusiveMaximum", "ignored")]
    public void A_value_the_reader_throws_on_is_repaired_at_its_line_and_the_rest_generates(string version, string schema, string keyword, string action)
    {
        var yaml = Document(version, schema);

        var run = Generate(yaml);

        var repaired = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG019");
        Assert.Equal(DiagnosticSeverity.Warning, repaired.DefaultSeverity);
        Assert.Contains($"'{keyword}'", repaired.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(action, repaired.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, keyword + ":"), repaired.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void A_null_property_schema_is_left_out_and_its_siblings_kept()
    {
        var yaml = Document("3.0.3", "type: string").Replace("        name: { type: string }", "        name: { type: string }\n        nothing: null", StringComparison.Ordinal);

        var run = Generate(yaml);

        var repaired = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG019");
        Assert.Equal(LineOf(yaml, "nothing: null"), repaired.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.DoesNotContain("Nothing", run.Source(".Models.g.cs"), StringComparison.Ordinal);
        Assert.Contains("public string? Value { get; init; }", run.Source(".Models.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3.0.3", "$ref: '#/components/schemas/'")]
    [InlineData("2.0", "$ref: '#/definitions/'")]
    [InlineData("3.1.0", "$ref: './other.yaml'")]
    [InlineData("3.1.0", "$ref: 'http://[bad'")]
    [InlineData("3.1.0", "$ref: '#/definitions/Item'")]
    [InlineData("3.0.3", "$ref: '#/openapi'")]
    [InlineData("3.1.0", "$ref: '#/components/schemas/Item/properties/missing'")]
    [InlineData("2.0", "$ref: '#/components/schemas/Item'")]
    public void A_reference_to_an_empty_name_an_unparsable_external_one_or_no_object_in_the_document_is_OAG004_at_it(string version, string reference)
    {
        var yaml = Document(version, reference);

        var run = Generate(yaml);

        var unresolved = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG004");
        var at = yaml.LastIndexOf(reference, StringComparison.Ordinal);
        Assert.Equal(yaml[..at].Count(c => c == '\n') + 1, unresolved.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("JsonElement? Value { get; init; }", run.Source(".Models.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type: array\nitems:\n  - { type: string }", "global::System.Collections.Generic.IReadOnlyList<string>? Value")]
    [InlineData("type: array\nitems:\n  - { type: string }\n  - { type: integer }", "global::System.Collections.Generic.IReadOnlyList<global::System.Text.Json.JsonElement>? Value")]
    [InlineData("type: [string, \"null\"]", "public string? Value")]
    [InlineData("type: [string, integer]", "global::System.Text.Json.JsonElement? Value")]
    public void Swagger2_tuple_items_and_type_lists_are_read(string schema, string property)
    {
        var yaml = Document("2.0", schema);

        var run = Generate(yaml);

        Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG019");
        Assert.Contains(property, run.Source(".Models.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_that_look_like_keywords_are_names_not_keywords()
    {
        // Properties called maxLength, deprecated and items, and a scope called deprecated, are left as they are.
        var yaml = Document("3.0.3", "type: object\nproperties:\n  maxLength: { type: integer }\n  deprecated: { type: boolean }\n  items: { type: string }");

        var run = Generate(yaml);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "OAG019");
        var models = run.Source(".Models.g.cs");
        Assert.Contains("public long? MaxLength { get; init; }", models, StringComparison.Ordinal);
        Assert.Contains("public bool? Deprecated { get; init; }", models, StringComparison.Ordinal);
        Assert.Contains("public string? Items { get; init; }", models, StringComparison.Ordinal);
    }

    [Fact]
    public void Component_schemas_that_only_refer_to_one_another_in_a_loop_are_cut_at_one_and_the_rest_generates()
    {
        const string yaml = """
            openapi: 3.0.3
            info: { title: Loop, version: "1" }
            paths: {}
            components:
              schemas:
                A: { $ref: '#/components/schemas/B' }
                B: { $ref: '#/components/schemas/C' }
                C: { $ref: '#/components/schemas/A' }
                Holder:
                  type: object
                  properties:
                    name: { type: string }
                    a: { $ref: '#/components/schemas/A' }
                    u:
                      oneOf:
                        - $ref: '#/components/schemas/B'
                        - { type: object, properties: { x: { type: string } } }
            """;

        var run = GeneratorHarness.Generate("loop-openapi.yaml", yaml, "Loop");
        foreach (var diagnostic in run.GeneratorDiagnostics) output.WriteLine(diagnostic.ToString());

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "OAG001" or "OAG009");
        Assert.Empty(run.CompileProblems());
        var cut = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG019");
        Assert.Contains("A → B → C → A", cut.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, "A: {"), cut.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("public global::System.Text.Json.JsonElement? A { get; init; }", run.Source(".Models.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3.0.3", "type: number\nmultipleOf: 1.7976931348623157e308", "multipleOf")]
    [InlineData("3.0.3", "type: number\nmaximum: 1e40", "maximum")]
    public void A_bound_no_decimal_holds_is_ignored_at_its_line(string version, string schema, string keyword)
    {
        var yaml = Document(version, schema);

        var run = Generate(yaml);

        var repaired = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG019");
        Assert.Equal(LineOf(yaml, keyword + ":"), repaired.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void A_reference_to_its_own_place_is_ignored_at_it()
    {
        var yaml = Document("3.1.0", "$ref: '#/components/schemas/Item/properties/value'");

        var run = Generate(yaml);

        var repaired = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG019");
        Assert.Contains("refers to itself", repaired.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("JsonElement? Value { get; init; }", run.Source(".Models.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_external_reference_in_Swagger2_is_OAG004_at_it()
    {
        var yaml = Document("2.0", "$ref: \"\\u0000\"");

        var run = Generate(yaml);

        Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG004");
    }

    [Fact]
    public void A_key_repeated_deep_in_a_JSON_document_is_OAG001_at_the_repetition()
    {
        const string json = """
            {"openapi": "3.0.3", "info": {"title": "Dup", "version": "1"}, "paths": {},
             "components": {"schemas": {"S": {"type": "object",
               "properties": {"a": {"type": "string"},
                              "a": {"type": "integer"}}}}}}
            """;

        var run = GeneratorHarness.Generate("dup-openapi.json", json, "Dup");

        var unreadable = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG001");
        Assert.Contains("'a' appears twice", unreadable.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(4, unreadable.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Theory]
    [InlineData("3.0.3", "true", "public global::System.Text.Json.JsonElement? Flag { get; init; }", true)]
    [InlineData("3.0.3", "false", null, true)]
    [InlineData("3.1.0", "true", "public global::System.Text.Json.JsonElement? Flag { get; init; }", false)]
    [InlineData("3.1.0", "false", null, false)]
    public void A_boolean_property_schema_admits_any_value_or_none_and_is_reported_before_3_1(string version, string schema, string? property, bool reported)
    {
        var yaml = Document(version, "type: string").Replace("        name: { type: string }", $"        name: {{ type: string }}\n        flag: {schema}", StringComparison.Ordinal);

        var run = Generate(yaml);

        var models = run.Source(".Models.g.cs");
        if (property is null) Assert.DoesNotContain(" Flag ", models, StringComparison.Ordinal);
        else Assert.Contains(property, models, StringComparison.Ordinal);
        var repaired = run.GeneratorDiagnostics.Where(d => d.Id == "OAG019").ToList();
        if (!reported)
        {
            Assert.Empty(repaired);
            return;
        }
        Assert.Equal(LineOf(yaml, "flag: " + schema), Assert.Single(repaired).Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void Boolean_schemas_in_items_and_compositions_are_read_in_3_1()
    {
        var yaml = Document("3.1.0", "oneOf:\n  - type: string\n  - false\n  - type: array\n    items: true");

        var run = Generate(yaml);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "OAG019");
        Assert.Contains("global::System.Collections.Generic.IReadOnlyList<global::System.Text.Json.JsonElement>", run.Source(".Models.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[\"3.0.0\"]")]
    [InlineData("{ v: 3 }")]
    public void A_version_field_that_holds_no_version_is_OAG001_at_the_field(string value)
    {
        var yaml = Document("3.0.3", "type: string").Replace("openapi: \"3.0.3\"", "info2: {}\nopenapi: " + value, StringComparison.Ordinal);

        var run = GeneratorHarness.Generate("version-openapi.yaml", yaml, "Version");

        var unreadable = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG001");
        Assert.Contains("'openapi' must be a version", unreadable.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(2, unreadable.Location.GetLineSpan().StartLinePosition.Line + 1);
    }
}
