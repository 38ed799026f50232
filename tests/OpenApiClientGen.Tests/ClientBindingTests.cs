using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using OpenApiClientGen.Binding;
using OpenApiClientGen.Model;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>Operations → client model: names, parameters, bodies, the success and error cases, security, servers.</summary>
public sealed class ClientBindingTests(ITestOutputHelper output)
{
    private static ApiModel Bind(string spec, string path = "/project/edge-openapi.yaml")
    {
        var result = ApiBinder.Bind(new SpecOptions(path, "Edge", null, null, null), SourceText.From(spec), TargetModel.Modern, CancellationToken.None);
        return result.Model ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Select(d => d.ToDiagnostic().ToString())));
    }

    private static OperationModel Operation(ApiModel model, string name) => model.Client!.Operations.Single(o => o.Name == name);

    [Fact]
    public void Identical_inline_error_schemas_share_one_type_and_exact_codes_come_before_ranges_and_default()
    {
        var model = Bind(File.ReadAllText(Path.Combine(TestPaths.Specs, "firecrawl-v2-openapi.yaml")));

        var errors = Operation(model, "GetBatchScrapeErrors").Errors;
        Assert.Equal(new[] { "401", "402", "404", "429", "500" }, errors.Select(e => e.Status));
        var inline = errors.Where(e => e.Status is "402" or "429" or "500").Select(e => e.Type!.Name).Distinct().ToList();
        Assert.Single(inline);
        Assert.DoesNotContain(model.Types, t => t.Name is "GetBatchScrapeErrors429Response" or "GetBatchScrapeErrors500Response");
        Assert.Equal("ErrorResponse", errors.Single(e => e.Status == "401").Type!.Name);

        Assert.Equal(new[] { "4XX", "5XX" }, Operation(model, "MapUrls").Errors.Select(e => e.Status));
        Assert.Equal("default", Operation(model, "CrawlUrls").Errors.Last().Status);
        Assert.Equal("https://api.firecrawl.dev/v2", model.Client!.DefaultBaseAddress!.TrimEnd('/'));
        var bearer = Assert.Single(model.Client.SecuritySchemes);
        Assert.Equal(("BearerToken", SecurityKind.Bearer), (bearer.PropertyName, bearer.Kind));
    }

    /// <summary>Found by the Prism check: Firecrawl's optional <c>skills: {enum: [only]}</c> was sent on every developer search.</summary>
    [Fact]
    public void Only_a_required_one_value_enum_is_a_constant_an_optional_one_is_the_callers_choice()
    {
        var model = Bind("""
            openapi: 3.0.3
            info: {title: Edge, version: '1'}
            paths: {}
            components:
              schemas:
                SearchRequest:
                  type: object
                  required: [query, kind]
                  properties:
                    query: {type: string}
                    kind: {type: string, enum: [search]}
                    skills: {type: string, enum: [only]}
            """);

        var record = Assert.IsType<RecordModel>(Assert.Single(model.Types));
        var kind = record.Properties.Single(p => p.JsonName == "kind");
        Assert.True(kind.IsConstant);
        Assert.Equal(new ConstantValue("search"), kind.DefaultValue);
        var skills = record.Properties.Single(p => p.JsonName == "skills");
        Assert.False(skills.IsConstant);
        Assert.Null(skills.DefaultValue);
        Assert.True(skills.Type.Nullable);
    }

    private const string EdgeSpec = """
        openapi: 3.0.3
        info: {title: Edge, version: '2.1'}
        servers:
          - url: https://{region}.example.com/{version}
            variables:
              region: {default: eu}
              version: {default: v9}
        security:
          - {}
          - key: []
        paths:
          /things/{thingId}/parts/{partId}:
            parameters:
              - {name: thingId, in: path, required: true, schema: {type: integer}}
            get:
              parameters:
                - {name: class, in: query, schema: {type: string}}
                - {name: cancellationToken, in: query, required: true, schema: {type: string}}
                - {name: body, in: header, schema: {type: string}}
                - {name: httpRequest, in: cookie, schema: {type: string}}
                - {name: Authorization, in: header, schema: {type: string}}
                - {name: ghost, in: path, required: true, schema: {type: string}}
              responses:
                '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: integer, format: int32}}}}}
                '202': {description: later, content: {application/json: {schema: {type: object, properties: {job: {type: string}}}}}}
                '204': {description: nothing}
                XX1: {description: not a status}
          /things:
            get:
              operationId: listThings
              responses:
                default: {description: the only response, content: {text/plain: {schema: {type: string}}}}
            post:
              operationId: listThings
              requestBody:
                content:
                  multipart/form-data:
                    schema: {type: object, additionalProperties: {type: string}}
              responses:
                2XX: {description: any success}
          /download:
            get:
              security: []
              responses:
                '200': {description: bytes, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
                '204': {description: none}
        components:
          securitySchemes:
            key: {type: apiKey, in: query, name: api_key}
            digest: {type: http, scheme: digest}
            tls: {type: mutualTLS}
        """;

    [Fact]
    public void Odd_operations_bind_to_valid_unique_names_and_report_their_adjustments()
    {
        var result = ApiBinder.Bind(new SpecOptions("/project/edge-openapi.yaml", "Edge", null, null, null), SourceText.From(EdgeSpec), TargetModel.Modern, CancellationToken.None);
        var model = result.Model!;
        foreach (var d in result.Diagnostics) output.WriteLine(d.ToDiagnostic().ToString());

        // No operationId: method and path; duplicates get a number.
        Assert.Equal(new[] { "GetDownload", "ListThings", "ListThings2", "GetThingsByThingIdPartsByPartId" }.Order(), model.Client!.Operations.Select(o => o.Name).Order());

        var get = Operation(model, "GetThingsByThingIdPartsByPartId");
        // Keywords are escaped, the method's own names (cancellationToken, body...) are never reused, Authorization is ignored,
        // the undeclared {partId} is added, the ghost path parameter is dropped; required parameters come first, path ones in template order.
        Assert.Equal(new[] { "thingId", "partId", "cancellationToken2", "@class", "body", "httpRequest2" }, get.Parameters.Select(p => p.Name));
        Assert.Equal("GetThingsByThingIdPartsByPartIdResult", get.ResultName);
        Assert.Equal(new[] { "Ok", "Accepted", null }, get.Successes.Select(s => s.PropertyName));
        Assert.Equal(new[] { "200", "202", "204" }, get.Successes.Select(s => s.Status));

        // default without any 2xx is the success for 2xx and the error for the rest.
        var list = Operation(model, "ListThings");
        Assert.Equal("default", Assert.Single(list.Successes).Status);
        Assert.Equal("default", Assert.Single(list.Errors).Status);
        Assert.Equal(BodyKind.Multipart, Operation(model, "ListThings2").Body!.Kind);
        Assert.Equal(BodyKind.Binary, Operation(model, "GetDownload").Successes[0].Kind);

        // Optional security ({}) comes after the alternative with credentials; security: [] means none.
        Assert.Equal(new[] { "key", "" }, get.Security.Select(a => string.Join("+", a.Select(u => u.Scheme))));
        Assert.Empty(Operation(model, "GetDownload").Security);

        Assert.Equal("https://eu.example.com/v9", model.Client.DefaultBaseAddress!.TrimEnd('/'));
        Assert.Equal("ApiKey", Assert.Single(model.Client.SecuritySchemes).PropertyName);

        var adjustments = result.Diagnostics.Where(d => d.Descriptor.Id == "OAG010").Select(d => d.ToDiagnostic()).ToList();
        Assert.Contains(adjustments, d => d.GetMessage().Contains("'ghost'") && d.Location.GetLineSpan().StartLinePosition.Line == 21);
        Assert.Contains(adjustments, d => d.GetMessage().Contains("{partId}") && d.Location.GetLineSpan().StartLinePosition.Line == 14);
        Assert.Contains(adjustments, d => d.GetMessage().Contains("'XX1'"));
        Assert.Contains(adjustments, d => d.GetMessage().Contains("'digest'") && d.Location.GetLineSpan().StartLinePosition.Line == 49);
        Assert.DoesNotContain(adjustments, d => d.GetMessage().Contains("'tls'"));
        Assert.Contains(result.Diagnostics, d => d.Descriptor.Id == "OAG006" && d.ToDiagnostic().GetMessage().Contains("listThings"));
    }

    [Fact]
    public void Odd_operations_compile_clean()
    {
        var run = GeneratorHarness.Generate("edge-openapi.yaml", EdgeSpec, "Specs.Edge");
        var problems = run.CompileProblems().Where(d => !d.Id.StartsWith("OAG", StringComparison.Ordinal)).ToList();
        foreach (var d in problems) output.WriteLine(d.ToString());
        Assert.Empty(problems);
        Assert.Contains(run.Sources, s => s.HintName == "Specs.Edge.Client.g.cs");
    }
}
