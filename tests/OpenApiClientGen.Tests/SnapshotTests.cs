using Microsoft.CodeAnalysis;
using OpenApiClientGen.Emitting;
using OpenApiClientGen.Model;
using TypeKind = OpenApiClientGen.Model.TypeKind;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>
/// Approved snapshots (see <see cref="Approval"/>) of the generator's output for the project's own specs, and of the
/// emitters alone from a hand-built model, so an emitter change shows up independently of the binder.
/// Regenerate with <c>OAG_ACCEPT=1 dotnet test tests/OpenApiClientGen.Tests --filter SnapshotTests</c> and review the diff.
/// </summary>
public sealed class SnapshotTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Specs() => ProjectSpecsTests.Specs();

    /// <summary>Every source the driver generates for a spec, under its default namespace (which is pinned too).</summary>
    [Theory]
    [MemberData(nameof(Specs))]
    public void Driver_output_is_approved(string file)
    {
        // The spec with its annotations file when one sits beside it (as in a project: both AdditionalFiles).
        var annotations = ProjectSpecsTests.AnnotationsOf(file);
        var files = new List<ProjectFile> { new("/project/" + file, File.ReadAllText(Path.Combine(TestPaths.Specs, file)), GeneratorHarness.SpecMetadata()) };
        if (annotations is not null) files.Add(new("/project/" + annotations, File.ReadAllText(Path.Combine(TestPaths.Specs, annotations))));
        var run = GeneratorHarness.GenerateProject(files);
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "OAG011" or "OAG012" or "OAG013" or "OAG014" or "OAG015");

        var folder = "Driver/" + Path.GetFileNameWithoutExtension(file);
        var specSources = run.Sources.ToList();
        // Every project spec has operations, so a client and its retry metadata; a paged one its pages too.
        var paged = specSources.Count(s => s.HintName.EndsWith(".Pagination.g.cs", StringComparison.Ordinal));
        Assert.Equal(4 + paged, specSources.Count);
        Assert.Equal(file is "paging-openapi.yaml" or "firecrawl-v2-openapi.yaml" ? 1 : 0, paged);
        Assert.Single(specSources, s => s.HintName.EndsWith(".Models.g.cs", StringComparison.Ordinal));
        Assert.Single(specSources, s => s.HintName.EndsWith(".Json.g.cs", StringComparison.Ordinal));
        Assert.Single(specSources, s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal));
        var retry = Assert.Single(specSources, s => s.HintName.EndsWith(".Retry.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains(annotations is null ? "the defaults (the API description has no annotations file)" : "from " + annotations, retry, StringComparison.Ordinal);

        var snapshots = specSources.Select(s => (Name: folder + "/" + SnapshotName(s.HintName), Text: s.SourceText.ToString())).ToList();
        Approval.VerifyAll(snapshots);

        // A snapshot no source produces any more (a renamed namespace or output) is stale: delete it.
        var stale = Approval.VerifiedNames(folder).Except(snapshots.Select(s => s.Name), StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0, "Stale snapshots: " + string.Join(", ", stale));
    }

    /// <summary>A project without specs gets nothing: no helper sources, no diagnostics.</summary>
    [Fact]
    public void Project_without_specs_gets_no_sources()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(Array.Empty<AdditionalText>()), GeneratorHarness.CreateCompilation());

        Assert.Empty(run.Sources);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void Model_emitter_alone_is_approved() => Approval.Verify("Emitters/HandBuilt.Models", ModelEmitter.Emit(HandBuiltModel.Create()));

    [Fact]
    public void Json_emitter_alone_is_approved() => Approval.Verify("Emitters/HandBuilt.Json", JsonEmitter.Emit(HandBuiltModel.Create()));

    /// <summary>The hand-built model is consistent, so its snapshots are of code that compiles clean.</summary>
    [Fact]
    public void Emitters_alone_produce_code_that_compiles_clean()
    {
        var model = HandBuiltModel.Create();
        var compilation = GeneratorHarness.CreateCompilation(ModelEmitter.Emit(model), JsonEmitter.Emit(model));

        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        foreach (var d in problems.Take(30)) output.WriteLine(d.ToString());
        Assert.Empty(problems);
    }

    /// <summary><c>Features.Models.g.cs</c> → <c>Features.Models.g</c> (the approval helper adds <c>.verified.cs</c>).</summary>
    private static string SnapshotName(string hintName) =>
        hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName.Substring(0, hintName.Length - 3) : hintName;
}

/// <summary>A small model built by hand (not by the binder): a record with required, nullable and deprecated properties, an enum and a union.</summary>
internal static class HandBuiltModel
{
    public const string Namespace = "HandBuilt.Api";

    public static ApiModel Create()
    {
        var none = EquatableArray<string>.Empty;
        var types = new TypeModel[]
        {
            new EnumModel(
                "Color", "A colour; servers may add more.", Deprecated: false, IsInteger: false,
                new[] { new EnumMember("Red", "red"), new EnumMember("DarkBlue", "dark-blue") }.ToEquatableArray()),
            new UnionModel(
                "IdOrName", "Either a numeric id or a name.", Deprecated: false,
                new[]
                {
                    new UnionCase("Integer", TypeRef.Of(TypeKind.Int64), none, none, EquatableArray<ConstantProperty>.Empty),
                    new UnionCase("String", TypeRef.Of(TypeKind.String), none, none, EquatableArray<ConstantProperty>.Empty),
                }.ToEquatableArray()),
            new RecordModel(
                "Widget", "A widget.\nSecond line of the description, with <markup> & an ampersand.", Deprecated: false,
                new[]
                {
                    Property("Id", "id", TypeRef.Of(TypeKind.Guid), required: true, summary: "The identifier."),
                    Property("Nickname", "nickname", TypeRef.Of(TypeKind.String, nullable: true), summary: "Set when the owner chose one; null otherwise."),
                    Property("OldName", "old_name", TypeRef.Of(TypeKind.String, nullable: true), summary: "Use nickname.", deprecated: true),
                    Property("LegacyCode", "legacy_code", TypeRef.Of(TypeKind.String), required: true, deprecated: true),
                    Property("Color", "color", TypeRef.Named(TypeKind.Enum, "Color", nullable: true), defaultValue: new ConstantValue("Red")),
                    Property("Owner", "owner", TypeRef.Named(TypeKind.Union, "IdOrName"), required: true),
                    Property("Tags", "tags", TypeRef.ArrayOf(TypeRef.Of(TypeKind.String), nullable: true)),
                }.ToEquatableArray(),
                AdditionalProperties: null, BaseName: null, Discriminator: null),
        };
        return new ApiModel(new SpecOptions("/hand/hand-built-openapi.yaml", null, null, null, null), Namespace, "HandBuiltJsonContext", "Hand-built", types.ToEquatableArray(), null, default);
    }

    private static PropertyModel Property(
        string name, string jsonName, TypeRef type, bool required = false, string? summary = null, bool deprecated = false, ConstantValue? defaultValue = null) =>
        new(name, jsonName, type, IsRequired: required, defaultValue, IsConstant: false, summary ?? $"The {jsonName} property.", deprecated);
}
