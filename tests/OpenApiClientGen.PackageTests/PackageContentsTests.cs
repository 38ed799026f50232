using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.PackageTests;

/// <summary>What `dotnet pack src/OpenApiClientGen` puts into the .nupkg.</summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "Package")]
public sealed class PackageContentsTests(PackedPackage package, ITestOutputHelper output)
{
    private const string Analyzers = "analyzers/dotnet/cs/";

    /// <summary>Loaded by the compiler itself: a generator must not ship them, and may reference them.</summary>
    private static readonly string[] CompilerProvided =
        ["netstandard", "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp", "System.Collections.Immutable", "System.Reflection.Metadata"];

    [Fact]
    public void Package_holds_the_generator_its_dependencies_the_props_and_the_annotations_schema()
    {
        output.WriteLine(package.Log);
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        foreach (var entry in entries) output.WriteLine(entry);

        // The generator and its dependencies, as analyzers (and their netstandard2.0 dependencies).
        string[] expected =
        [
            "OpenApiClientGen.dll", "Microsoft.OpenApi.dll", "YamlDotNet.dll", "System.Text.Json.dll",
            "System.Text.Encodings.Web.dll", "Microsoft.Bcl.AsyncInterfaces.dll", "System.Memory.dll", "System.Buffers.dll",
            "System.Numerics.Vectors.dll", "System.Runtime.CompilerServices.Unsafe.dll", "System.Threading.Tasks.Extensions.dll",
        ];
        foreach (var dll in expected) Assert.Contains(Analyzers + dll, entries);

        // Never the compiler's own assemblies: a second copy would conflict with the host's.
        foreach (var name in CompilerProvided) Assert.DoesNotContain(Analyzers + name + ".dll", entries);

        // Nothing for the consumer's own compilation or output: the generator is a development dependency only.
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal) || e.StartsWith("runtimes/", StringComparison.Ordinal));

        // The props that makes the item metadata compiler-visible, for direct and transitive references, unchanged.
        var props = File.ReadAllBytes(TestPaths.GeneratorProps);
        Assert.Equal(props, ReadEntry(zip, "build/OpenApiClientGen.props"));
        Assert.Equal(props, ReadEntry(zip, "buildTransitive/OpenApiClientGen.props"));

        // The JSON Schema of annotations files, for editors ($schema), unchanged, under build/ (not in the consumer's output).
        Assert.Equal(File.ReadAllBytes(TestPaths.AnnotationsSchema), ReadEntry(zip, "build/openapi-annotations.schema.json"));
        Assert.DoesNotContain(entries, e => e.StartsWith("content", StringComparison.Ordinal));

        // The nuspec: a development dependency, with no package dependencies (they are bundled, not referenced).
        var nuspecEntry = Assert.Single(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        XDocument nuspec;
        using (var stream = nuspecEntry.Open()) nuspec = XDocument.Load(stream);
        output.WriteLine(nuspec.ToString());
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Assert.Equal("OpenApiClientGen", Child(metadata, "id"));
        Assert.Equal(package.Version, Child(metadata, "version"));
        Assert.Equal("true", Child(metadata, "developmentDependency"));
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
    }

    [Fact]
    public void Every_assembly_a_packaged_assembly_references_is_packaged_or_provided_by_the_compiler()
    {
        var assemblies = PackagedAssemblies();
        Assert.True(assemblies.ContainsKey("OpenApiClientGen"));
        var problems = new List<string>();
        foreach (var assembly in assemblies.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            output.WriteLine($"{assembly.Name} {assembly.Version} -> {string.Join(", ", assembly.References.Select(r => $"{r.Name} {r.Version}"))}");
            foreach (var reference in assembly.References)
            {
                if (!CompilerProvided.Contains(reference.Name, StringComparer.Ordinal) && !assemblies.ContainsKey(reference.Name))
                {
                    // e.g. a net8.0 build of a dependency (referencing System.Runtime) instead of its netstandard2.0 one,
                    // or a dependency of a dependency left out: the generator would fail to load (CS8784/CS8785).
                    problems.Add($"{assembly.Path} references {reference.Name} {reference.Version}, which the package does not hold.");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>
    /// The SDK's compiler runs on .NET, where the framework's own (higher) versions of these assemblies win and versions
    /// do not matter. A .NET Framework compiler host (Visual Studio's csc.exe / VBCSCompiler.exe) binds strong names
    /// exactly: a packaged dependency older than the one a packaged assembly was compiled against fails to load there
    /// (FileLoadException, CS8784) unless the host happens to redirect it.
    /// </summary>
    [Fact]
    public void Packaged_dependencies_are_at_least_the_versions_their_referrers_were_compiled_against()
    {
        var assemblies = PackagedAssemblies();
        var problems = new List<string>();
        foreach (var assembly in assemblies.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            foreach (var reference in assembly.References)
            {
                if (assemblies.TryGetValue(reference.Name, out var packaged) && packaged.Version < reference.Version)
                {
                    problems.Add($"{assembly.Path} references {reference.Name} {reference.Version}, but the package holds {packaged.Path} {packaged.Version}.");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private Dictionary<string, PackagedAssembly> PackagedAssemblies()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        return zip.Entries
            .Where(e => e.FullName.StartsWith(Analyzers, StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal))
            .Select(e => ReadAssembly(e.FullName, ReadEntry(zip, e.FullName)))
            .ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
    }

    private static byte[] ReadEntry(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"The package has no {name}.");
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string? Child(XElement element, string localName) =>
        element.Elements().SingleOrDefault(e => e.Name.LocalName == localName)?.Value;

    private static PackagedAssembly ReadAssembly(string path, byte[] bytes)
    {
        using var pe = new PEReader(new MemoryStream(bytes));
        var reader = pe.GetMetadataReader();
        var definition = reader.GetAssemblyDefinition();
        var references = reader.AssemblyReferences
            .Select(h => reader.GetAssemblyReference(h))
            .Select(r => (Name: reader.GetString(r.Name), r.Version))
            .ToList();
        return new PackagedAssembly(path, reader.GetString(definition.Name), definition.Version, references);
    }

    private sealed record PackagedAssembly(string Path, string Name, Version Version, IReadOnlyList<(string Name, Version Version)> References);
}
