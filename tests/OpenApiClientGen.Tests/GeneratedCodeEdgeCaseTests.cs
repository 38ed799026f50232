using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>Inputs found while writing the snapshot and diagnostics tests whose generated code does not compile.</summary>
public sealed class GeneratedCodeEdgeCaseTests(ITestOutputHelper output)
{
    /// <summary>
    /// A derived record that does not declare the discriminator gets a <c>DiscriminatorName</c> field in its converter;
    /// a property named <c>discriminator</c> gets <c>{Name}Name</c> = <c>DiscriminatorName</c> as well.
    /// </summary>
    [Fact]
    public void A_property_named_discriminator_in_a_derived_record_compiles()
    {
        const string spec = """
            openapi: 3.0.0
            info: {title: Edge, version: '1'}
            paths: {}
            components:
              schemas:
                Pet:
                  oneOf:
                    - $ref: '#/components/schemas/Cat'
                    - $ref: '#/components/schemas/Dog'
                  discriminator:
                    propertyName: kind
                    mapping:
                      cat: '#/components/schemas/Cat'
                      dog: '#/components/schemas/Dog'
                Cat:
                  type: object
                  properties:
                    discriminator: { type: string }
                Dog:
                  type: object
                  properties:
                    name: { type: string }
            """;
        var run = GeneratorHarness.Generate("edge-openapi.yaml", spec, "Specs.Edge");

        var errors = run.CompileProblems().Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("OAG", StringComparison.Ordinal)).ToList();
        foreach (var d in errors) output.WriteLine(d.ToString());
        Assert.Empty(errors);
    }

    /// <summary>
    /// The shared helpers (<c>OpenApiClientGen.Serialization.JsonSupport</c>, <c>JsonObjectCase</c>, the delegates) are
    /// internal types emitted into every generating assembly. When one such assembly sees another's internals
    /// (InternalsVisibleTo, e.g. a library and its tests both generating from a spec), each use is CS0436, an error
    /// with TreatWarningsAsErrors. Marking them <c>[Microsoft.CodeAnalysis.Embedded]</c> (and emitting that attribute)
    /// hides them from other compilations.
    /// </summary>
    [Fact]
    public void Two_generating_assemblies_with_InternalsVisibleTo_compile_clean()
    {
        var spec = File.ReadAllText(Path.Combine(TestPaths.Specs, "features-openapi.yaml"));
        var library = GeneratorHarness.Generate("features-openapi.yaml", spec, "Library.Api", "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Consumer\")]");
        using var image = new MemoryStream();
        var emitted = ((CSharpCompilation)library.Output).WithAssemblyName("Library").Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        const string path = "/project/features-openapi.yaml";
        var driver = GeneratorHarness.CreateDriver(new[] { new InMemoryAdditionalText(path, spec) }, GeneratorHarness.SpecOptions((path, "Consumer.Api")));
        var consumer = GeneratorHarness.CreateCompilation("/// <summary>User code.</summary>\npublic class UsesBoth { }").AddReferences(MetadataReference.CreateFromImage(image.ToArray()));
        var run = GeneratorHarness.Run(driver, consumer);

        var problems = run.CompileProblems();
        foreach (var d in problems.Take(10)) output.WriteLine(d.ToString());
        Assert.Empty(problems);
    }
}
