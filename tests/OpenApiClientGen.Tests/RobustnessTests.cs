using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>
/// Documents real vendors write that the generator must turn into a client anyway: names that clash with what a
/// generated type declares, references deeper than a named component, case-variant status keys, cyclic compositions,
/// bodies that can hold nothing. Each on a small document of its own.
/// </summary>
public sealed class RobustnessTests(ITestOutputHelper output)
{
    private GeneratorRun Generate(string yaml, string ns = "Robust")
    {
        var run = GeneratorHarness.Generate("robust-openapi.yaml", yaml, ns);
        foreach (var diagnostic in run.GeneratorDiagnostics) output.WriteLine(diagnostic.ToString());
        var problems = run.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "OAG001" or "OAG009");
        return run;
    }

    private static int LineOf(string document, string text) =>
        document[..document.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    /// <summary>Reads <paramref name="json"/> as <paramref name="typeName"/> through the generated JSON context of <paramref name="ns"/>.</summary>
    private static object? Read(LoadedAssembly loaded, string ns, string typeName, string json) =>
        loaded.Type($"{ns}.{ns}JsonContext").GetMethod("Deserialize", [typeof(string)])!.MakeGenericMethod(loaded.Type(typeName)).Invoke(null, [json]);

    /// <summary>Writes <paramref name="value"/> as <paramref name="typeName"/> through the generated JSON context of <paramref name="ns"/>.</summary>
    private static string Write(LoadedAssembly loaded, string ns, string typeName, object value) =>
        (string)loaded.Type($"{ns}.{ns}JsonContext").GetMethods().Single(m => m.Name == "Serialize" && m.GetParameters().Length == 1)
            .MakeGenericMethod(loaded.Type(typeName)).Invoke(null, [value])!;

    // ------------------------------------------------------------------ names a generated type already declares

    private const string Names = """
        openapi: 3.0.3
        info: { title: Names, version: "1" }
        paths: {}
        components:
          schemas:
            Operator:
              type: string
              enum: [EQUALS, CONTAINS, VALUE, IS_KNOWN, TO_STRING, GET_HASH_CODE, OPERATOR]
            Match:
              oneOf:
                - { type: string }
                - { type: object, properties: { a: { type: string } } }
            Value:
              oneOf:
                - { type: integer }
                - { type: object, properties: { b: { type: string } } }
            ToString:
              type: object
              properties:
                equals: { type: string }
            Equals:
              type: string
              enum: [a, b]
            Holder:
              type: object
              properties:
                op: { $ref: '#/components/schemas/Operator' }
                match: { $ref: '#/components/schemas/Match' }
                value: { $ref: '#/components/schemas/Value' }
                text: { $ref: '#/components/schemas/ToString' }
                eq: { $ref: '#/components/schemas/Equals' }
        """;

    [Fact]
    public void Enum_values_named_like_the_structs_own_members_are_renamed_and_keep_their_wire_value()
    {
        var run = Generate(Names);

        var models = run.Source(".Models.g.cs");
        foreach (var member in new[] { "Equals2", "Value2", "IsKnown2", "ToString2", "GetHashCode2", "Operator2", "Contains" })
            Assert.Contains($"public static Operator {member} {{ get; }}", models, StringComparison.Ordinal);

        using var loaded = run.Load();
        var equals = loaded.Static("Robust.Operator", "Equals2");
        Assert.Equal("EQUALS", equals.GetType().GetProperty("Value")!.GetValue(equals));
        Assert.Equal(true, equals.GetType().GetProperty("IsKnown")!.GetValue(equals));
    }

    [Theory]
    [InlineData("ToString", "ToStringModel")]
    [InlineData("Match", "MatchModel")]
    [InlineData("Value", "ValueModel")]
    [InlineData("Equals", "EqualsModel")]
    public void A_schema_named_like_a_member_its_type_would_declare_is_renamed_where_it_is_declared(string schema, string type)
    {
        var run = Generate(Names);

        var renamed = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG006" && d.GetMessage().StartsWith($"'{schema}' ", StringComparison.Ordinal));
        Assert.Contains($"'{type}'", renamed.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(LineOf(Names, $"    {schema}:"), renamed.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains($" {type}", run.Source(".Models.g.cs"), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ status keys

    [Fact]
    public void Status_keys_are_case_insensitive_the_second_of_2XX_and_2xx_is_reported_and_ignored()
    {
        const string yaml = """
            openapi: 3.0.3
            info: { title: Ranges, version: "1" }
            paths:
              /items:
                get:
                  operationId: listItems
                  responses:
                    "2XX": { description: ok }
                    "2xx": { description: also ok }
                    "4XX": { description: bad, content: { application/json: { schema: { type: object, properties: { m: { type: string } } } } } }
                    "4xx": { description: bad too }
            """;

        var run = Generate(yaml);

        var repeats = run.GeneratorDiagnostics.Where(d => d.Id == "OAG010" && d.GetMessage().Contains("repeats the status", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, repeats.Count);
        Assert.Equal(new[] { LineOf(yaml, "\"2xx\""), LineOf(yaml, "\"4xx\"") }, repeats.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).Order());
        var client = run.Source(".Client.g.cs");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(client, @"case >= 400 and <= 499:"));
    }

    // ------------------------------------------------------------------ references deeper than a named component

    private const string Deep = """
        {"openapi": "3.0.3", "info": {"title": "Deep", "version": "1"},
         "paths": {"/a": {"get": {"operationId": "getA",
           "parameters": [{"name": "page", "in": "query", "schema": {"$ref": "#/components/parameters/Limit/schema"}}],
           "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/responses/Items/content/application~1json/schema"}}}}}}}},
         "components": {
           "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}}},
           "responses": {"Items": {"description": "d", "content": {"application/json": {"schema": {"type": "object", "properties": {"x": {"type": "string"}}}}}}},
           "schemas": {
             "q": {"type": "integer"},
             "S": {"type": "object", "properties": {
               "p": {"$ref": "#/components/schemas/S/properties/q"},
               "q": {"type": "string", "format": "uuid"},
               "self": {"$ref": "#/components/schemas/S/properties/self"},
               "more": {"allOf": [{"$ref": "#/components/responses/Items/content/application~1json/schema"}]}}}}}}
        """;

    [Fact]
    public void A_reference_to_any_schema_in_the_document_is_followed_not_reported()
    {
        var run = GeneratorHarness.Generate("deep-openapi.json", Deep, "Deep");
        foreach (var diagnostic in run.GeneratorDiagnostics) output.WriteLine(diagnostic.ToString());
        Assert.Empty(run.CompileProblems());

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "OAG004");
        var client = run.Source(".Client.g.cs");
        Assert.Contains("GetAAsync(int? page = null,", client, StringComparison.Ordinal);
        Assert.Contains("Task<global::Deep.ItemsResponse> GetAAsync", client, StringComparison.Ordinal);
        var models = run.Source(".Models.g.cs");
        // The pointer decides, not its last segment: S/properties/q is S's uuid, not the component q (an integer).
        Assert.Contains("public global::System.Guid? P { get; init; }", models, StringComparison.Ordinal);
        Assert.Contains("public global::Deep.ItemsResponse? More { get; init; }", models, StringComparison.Ordinal);
        // A pointer to itself has no type: JsonElement, said where it is.
        Assert.Contains("public global::System.Text.Json.JsonElement? Self { get; init; }", models, StringComparison.Ordinal);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "OAG019" && d.GetMessage().Contains("refers to itself", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deep_reference_in_YAML_is_followed_as_well()
    {
        const string yaml = """
            openapi: 3.0.3
            info: { title: DeepYaml, version: "1" }
            paths:
              /a:
                get:
                  operationId: getA
                  parameters:
                    - name: page
                      in: query
                      schema: { $ref: '#/components/parameters/Limit/schema' }
                  responses:
                    "200": { description: ok }
            components:
              parameters:
                Limit: { name: limit, in: query, schema: { type: integer, format: int64 } }
            """;

        var run = Generate(yaml);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "OAG004");
        Assert.Contains("GetAAsync(long? page = null,", run.Source(".Client.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_to_nothing_is_still_OAG004_at_the_reference()
    {
        const string yaml = """
            openapi: 3.0.3
            info: { title: Missing, version: "1" }
            paths: {}
            components:
              schemas:
                S:
                  type: object
                  properties:
                    p: { $ref: '#/components/parameters/Nope/schema' }
            """;

        var run = Generate(yaml);

        var unresolved = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG004");
        Assert.Equal(LineOf(yaml, "p: {"), unresolved.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    // ------------------------------------------------------------------ cyclic allOf

    [Fact]
    public void A_cyclic_allOf_is_reported_where_it_closes_and_each_schema_is_merged_once()
    {
        const string yaml = """
            openapi: 3.0.3
            info: { title: Cycle, version: "1" }
            paths: {}
            components:
              schemas:
                A:
                  allOf:
                    - $ref: '#/components/schemas/B'
                    - { type: object, properties: { a: { type: string } } }
                B:
                  allOf:
                    - $ref: '#/components/schemas/A'
                    - { type: object, properties: { b: { type: string } } }
            """;

        var run = Generate(yaml);

        var cycles = run.GeneratorDiagnostics.Where(d => d.Id == "OAG018").ToList();
        Assert.Equal(2, cycles.Count);
        Assert.All(cycles, d => Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity));
        Assert.Equal(
            new[] { LineOf(yaml, "- $ref: '#/components/schemas/B'"), LineOf(yaml, "- $ref: '#/components/schemas/A'") },
            cycles.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1).Order());
        var models = run.Source(".Models.g.cs");
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(models, @"JsonPropertyName\(""a""\)").Count);
    }

    // ------------------------------------------------------------------ bodies that hold nothing

    [Fact]
    public void A_body_that_can_only_be_empty_is_no_parameter_and_a_free_form_one_still_is()
    {
        const string yaml = """
            openapi: 3.0.3
            info: { title: Bodies, version: "1" }
            paths:
              /empty:
                get:
                  operationId: getEmpty
                  requestBody:
                    content:
                      application/x-www-form-urlencoded:
                        schema: { type: object, properties: {}, additionalProperties: false }
                  responses: { "200": { description: ok } }
              /free:
                post:
                  operationId: postFree
                  requestBody:
                    content:
                      application/json:
                        schema: { type: object }
                  responses: { "200": { description: ok } }
            """;

        var run = Generate(yaml);

        var client = run.Source(".Client.g.cs");
        Assert.Contains("GetEmptyAsync(global::System.Threading.CancellationToken cancellationToken = default, global::OpenApiClientGen.RequestOptions? requestOptions = null)", client, StringComparison.Ordinal);
        Assert.Contains("PostFreeAsync(global::System.Text.Json.JsonElement? body = null,", client, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ allOf + discriminator

    [Fact]
    public void A_base_with_a_discriminator_that_subtypes_extend_by_allOf_is_a_hierarchy()
    {
        const string yaml = """
            openapi: 3.0.3
            info: { title: Zoo, version: "1" }
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  required: [petType, name]
                  properties:
                    petType: { type: string }
                    name: { type: string }
                  discriminator:
                    propertyName: petType
                    mapping: { cat: '#/components/schemas/Cat' }
                Cat:
                  allOf:
                    - $ref: '#/components/schemas/Pet'
                    - { type: object, properties: { livesLeft: { type: integer } } }
                Dog:
                  allOf:
                    - $ref: '#/components/schemas/Pet'
                    - { type: object, properties: { goodBoy: { type: boolean } } }
                Owner:
                  type: object
                  properties:
                    pet: { $ref: '#/components/schemas/Pet' }
            """;

        var run = Generate(yaml, "Zoo");

        var models = run.Source(".Models.g.cs");
        Assert.Contains("public abstract partial record Pet", models, StringComparison.Ordinal);
        Assert.Contains("public sealed partial record Cat : global::Zoo.Pet", models, StringComparison.Ordinal);
        Assert.Contains("public sealed partial record Dog : global::Zoo.Pet", models, StringComparison.Ordinal);

        using var loaded = run.Load();
        object? Read(string typeName, string json) => RobustnessTests.Read(loaded, "Zoo", typeName, json);
        string Write(string typeName, object value) => RobustnessTests.Write(loaded, "Zoo", typeName, value);

        Assert.Equal("Zoo.Cat", Read("Zoo.Pet", """{"petType":"cat","name":"Tom","livesLeft":9}""")!.GetType().FullName);
        // Not in the mapping: the component's name is its value.
        var dog = Read("Zoo.Pet", """{"petType":"Dog","name":"Rex","goodBoy":true}""")!;
        Assert.Equal("Zoo.Dog", dog.GetType().FullName);
        Assert.Contains("\"petType\":\"Dog\"", Write("Zoo.Pet", dog), StringComparison.Ordinal);
        Assert.Equal("Zoo.UnknownPet", Read("Zoo.Pet", """{"petType":"bird","name":"Tweety"}""")!.GetType().FullName);
        var owner = Read("Zoo.Owner", """{"pet":{"petType":"cat","name":"Tom"}}""")!;
        Assert.Equal("Zoo.Cat", owner.GetType().GetProperty("Pet")!.GetValue(owner)!.GetType().FullName);
    }

    // ------------------------------------------------------------------ unknown properties

    private const string Widgets = """
        openapi: 3.0.3
        info: { title: Widgets, version: "1" }
        paths: {}
        components:
          schemas:
            Widget:
              type: object
              required: [name]
              properties:
                name: { type: string }
            Closed:
              type: object
              additionalProperties: false
              properties:
                id: { type: integer }
        """;

    [Fact]
    public void Unknown_properties_are_kept_and_written_back_when_the_spec_opts_in()
    {
        var metadata = new Dictionary<string, string>(GeneratorHarness.SpecMetadata("Widgets")) { ["build_metadata.AdditionalFiles.KeepUnknownProperties"] = "true" };
        var run = GeneratorHarness.GenerateProject([new ProjectFile("/project/widgets-openapi.yaml", Widgets, metadata)]);
        Assert.Empty(run.CompileProblems());
        var models = run.Source(".Models.g.cs");
        Assert.Contains("AdditionalProperties", models, StringComparison.Ordinal);

        using var loaded = run.Load();
        const string json = """{"name":"gear","colour":"red","size":{"w":2,"h":[1,2]}}""";
        Assert.Equal(json, Write(loaded, "Widgets", "Widgets.Widget", Read(loaded, "Widgets", "Widgets.Widget", json)!));
        // additionalProperties: false stays closed.
        var closed = models.IndexOf("record Closed", StringComparison.Ordinal);
        Assert.DoesNotContain("AdditionalProperties", models[closed..models.IndexOf("record Widget", closed, StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public void By_default_unknown_properties_are_skipped()
    {
        var run = Generate(Widgets, "Widgets");

        Assert.DoesNotContain("AdditionalProperties", run.Source(".Models.g.cs"), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ deep nesting

    [Fact]
    public void Lists_and_maps_nested_forty_levels_deep_compile_and_round_trip()
    {
        // Each level's reader and writer is a lambda holding the next: with the element type inferred from the lambda the
        // compiler binds each body twice per level (2^40 here), so this compile is the test.
        var schema = "{ type: string }";
        for (var level = 0; level < 40; level++)
            schema = level % 2 == 0 ? $"{{ type: array, items: {schema} }}" : $"{{ type: object, additionalProperties: {schema} }}";
        var run = Generate($$"""
            openapi: 3.0.3
            info: { title: Deep, version: "1" }
            paths: {}
            components:
              schemas:
                Deep:
                  type: object
                  properties:
                    v: {{schema}}
            """, "Deep");

        using var loaded = run.Load();
        var json = "{\"v\":" + string.Concat(Enumerable.Range(0, 20).Select(_ => "{\"k\":[")) + "\"x\"" + string.Concat(Enumerable.Range(0, 20).Select(_ => "]}")) + "}";
        Assert.Equal(json, Write(loaded, "Deep", "Deep.Deep", Read(loaded, "Deep", "Deep.Deep", json)!));
    }

    [Fact]
    public void A_union_whose_every_case_is_itself_holds_any_JSON_and_each_case_is_reported()
    {
        var run = Generate("""
            openapi: 3.1.0
            info: { title: Selfish, version: "1" }
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  properties:
                    id: { type: integer }
                  oneOf:
                    - $ref: '#/components/schemas/Pet'
                    - $ref: '#/components/schemas/Pet'
            """, "Selfish");

        Assert.Equal(2, run.GeneratorDiagnostics.Count(d => d.GetMessage().Contains("lists itself as a case", StringComparison.Ordinal)));
        Assert.Contains("public Pet(global::System.Text.Json.JsonElement value)", run.Source(".Models.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_enum_of_thousands_of_values_compiles_and_knows_each()
    {
        // As one `is "v0" or "v1" or …` pattern the compiler binds it recursively and overflows its stack.
        var values = string.Join(", ", Enumerable.Range(0, 5000).Select(i => "v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var run = Generate($$"""
            openapi: 3.0.3
            info: { title: Many, version: "1" }
            paths: {}
            components:
              schemas:
                Code:
                  type: string
                  enum: [{{values}}]
            """, "Many");

        using var loaded = run.Load();
        var isKnown = loaded.Type("Many.Code").GetMethod("IsKnownValue")!;
        Assert.True((bool)isKnown.Invoke(null, ["v4999"])!);
        Assert.False((bool)isKnown.Invoke(null, ["v5000"])!);
    }
}
