using Microsoft.CodeAnalysis;
using Xunit;

namespace OpenApiClientGen.Tests;

/// <summary>Which AdditionalFiles are specs, and how item metadata and .editorconfig keys configure them.</summary>
public sealed class OptionsTests
{
    // JSON, which is YAML too: the same text serves .json and .yaml files.
    private const string Spec = """
        {"openapi": "3.0.0", "info": {"title": "Firecrawl API", "version": "v2"}, "paths": {},
         "components": {"schemas": {"Item": {"type": "object", "properties": {"id": {"type": "string"}}}}}}
        """;

    private static GeneratorRun Run(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> perFile,
        IReadOnlyDictionary<string, string>? global,
        params string[] paths)
    {
        var files = paths.Select(p => (AdditionalText)new InMemoryAdditionalText(p, Spec)).ToArray();
        return GeneratorHarness.Run(GeneratorHarness.CreateDriver(files, new TestOptionsProvider(perFile, global)), GeneratorHarness.CreateCompilation());
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> None => new Dictionary<string, IReadOnlyDictionary<string, string>>();

    [Theory]
    [InlineData("/p/specs/v2-openapi.json")]
    [InlineData("/p/specs/openapi.yaml")]
    [InlineData("/p/specs/petstore.swagger.yml")]
    [InlineData("/p/SPECS/API-OPENAPI.JSON")]
    public void Conventional_file_names_are_picked_up_without_metadata(string path)
    {
        var run = Run(None, null, path);
        Assert.Equal(2, run.Sources.Length);
        Assert.Empty(run.CompileProblems());
    }

    [Theory]
    [InlineData("/p/specs/api.json")]
    [InlineData("/p/appsettings.json")]
    [InlineData("/p/openapi.json.bak")]
    public void Other_files_are_ignored_without_metadata(string path) => Assert.Empty(Run(None, null, path).Sources);

    [Fact]
    public void Metadata_opts_a_file_in_or_out()
    {
        var perFile = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["/p/api.json"] = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.OpenApiClient"] = "true" },
            ["/p/v2-openapi.json"] = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.OpenApiClient"] = "false" },
        };
        var run = Run(perFile, null, "/p/api.json", "/p/v2-openapi.json");
        Assert.Equal(2, run.Sources.Length);
        Assert.All(run.Sources, s => Assert.StartsWith("Api.", s.HintName, StringComparison.Ordinal));
    }

    [Fact]
    public void Default_namespace_is_the_root_namespace_and_the_file_name_and_the_context_comes_from_the_title()
    {
        var run = Run(None, new Dictionary<string, string> { ["build_property.RootNamespace"] = "My.App" }, "/p/specs/firecrawl-v2-openapi.json");
        var json = run.Source(".Json.g.cs");
        Assert.Contains("namespace My.App.FirecrawlV2", json, StringComparison.Ordinal);
        Assert.Contains("public sealed partial class FirecrawlApiJsonContext", json, StringComparison.Ordinal);
    }

    [Fact]
    public void EditorConfig_keys_configure_a_spec_like_item_metadata()
    {
        var perFile = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["/p/specs/api.json"] = new Dictionary<string, string>
            {
                ["openapiclientgen_enabled"] = "true",
                ["openapiclientgen_namespace"] = "Vendor.Firecrawl",
                ["openapiclientgen_client_name"] = "FirecrawlClient",
            },
        };
        var json = Run(perFile, null, "/p/specs/api.json").Source(".Json.g.cs");
        Assert.Contains("namespace Vendor.Firecrawl", json, StringComparison.Ordinal);
        Assert.Contains("public sealed partial class FirecrawlJsonContext", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Item_metadata_wins_over_editorconfig()
    {
        var perFile = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["/p/v2-openapi.json"] = new Dictionary<string, string>
            {
                ["build_metadata.AdditionalFiles.Namespace"] = "FromMetadata",
                ["openapiclientgen_namespace"] = "FromEditorConfig",
            },
        };
        Assert.Contains("namespace FromMetadata", Run(perFile, null, "/p/v2-openapi.json").Source(".Json.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_client_name_is_OAG007()
    {
        var perFile = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["/p/v2-openapi.json"] = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.ClientName"] = "class" },
        };
        var run = Run(perFile, null, "/p/v2-openapi.json");
        Assert.Equal("OAG007", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Several_specs_each_get_their_own_namespace_and_compile_together()
    {
        var run = Run(None, new Dictionary<string, string> { ["build_property.RootNamespace"] = "App" }, "/p/a/first-openapi.json", "/p/b/second-openapi.yaml");
        Assert.Equal(4, run.Sources.Length);
        Assert.Contains(run.Sources, s => s.HintName == "App.First.Models.g.cs");
        Assert.Contains(run.Sources, s => s.HintName == "App.Second.Models.g.cs");
        Assert.Empty(run.CompileProblems());
    }
}
