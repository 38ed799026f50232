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
    public void Package_holds_the_generator_its_dependencies_the_runtime_the_props_and_the_annotations_schema()
    {
        output.WriteLine(package.Log);
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        foreach (var entry in entries) output.WriteLine(entry);

        // The generator and its dependencies, as analyzers (and their netstandard2.0 dependencies), among them the
        // runtime's netstandard2.0 build: the generator reads the output's names from it.
        string[] expected =
        [
            "OpenApiClientGen.dll", "OpenApiClientGen.Runtime.dll", "Microsoft.OpenApi.dll", "YamlDotNet.dll", "System.Text.Json.dll",
            "System.Text.Encodings.Web.dll", "Microsoft.Bcl.AsyncInterfaces.dll", "Microsoft.Bcl.TimeProvider.dll", "System.Memory.dll",
            "System.Buffers.dll", "System.Numerics.Vectors.dll", "System.Runtime.CompilerServices.Unsafe.dll", "System.Threading.Tasks.Extensions.dll",
        ];
        foreach (var dll in expected) Assert.Contains(Analyzers + dll, entries);

        // Never the compiler's own assemblies: a second copy would conflict with the host's.
        foreach (var name in CompilerProvided) Assert.DoesNotContain(Analyzers + name + ".dll", entries);

        // The runtime library for the consumer's compilation and output, with its XML documentation, for each of its
        // targets; nothing else there (no ref/ or runtimes/, no generator in lib/).
        string[] lib =
        [
            "lib/net8.0/OpenApiClientGen.Runtime.dll", "lib/net8.0/OpenApiClientGen.Runtime.xml",
            "lib/netstandard2.0/OpenApiClientGen.Runtime.dll", "lib/netstandard2.0/OpenApiClientGen.Runtime.xml",
        ];
        Assert.Equal(lib, entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("ref/", StringComparison.Ordinal) || e.StartsWith("runtimes/", StringComparison.Ordinal));
        foreach (var xml in lib.Where(e => e.EndsWith(".xml", StringComparison.Ordinal)))
        {
            XDocument documentation;
            using (var stream = new MemoryStream(ReadEntry(zip, xml))) documentation = XDocument.Load(stream);
            Assert.Equal("OpenApiClientGen.Runtime", documentation.Root?.Element("assembly")?.Element("name")?.Value);
            Assert.Contains(documentation.Descendants("member"), m => (string?)m.Attribute("name") == "T:OpenApiClientGen.ApiException");
        }

        // The props that makes the item metadata compiler-visible, for direct and transitive references, unchanged.
        var props = File.ReadAllBytes(TestPaths.GeneratorProps);
        Assert.Equal(props, ReadEntry(zip, "build/OpenApiClientGen.props"));
        Assert.Equal(props, ReadEntry(zip, "buildTransitive/OpenApiClientGen.props"));

        // The JSON Schema of annotations files, for editors ($schema), unchanged, under build/ (not in the consumer's output).
        Assert.Equal(File.ReadAllBytes(TestPaths.AnnotationsSchema), ReadEntry(zip, "build/openapi-annotations.schema.json"));
        Assert.DoesNotContain(entries, e => e.StartsWith("content", StringComparison.Ordinal));
    }

    /// <summary>
    /// The nuspec: not a development dependency (the runtime must flow to the consumer's output and to the projects that
    /// reference it); on netstandard2.0 (which NuGet also applies to net8.0 consumers), the packages the runtime needs, in the versions the
    /// repository builds it with (Directory.Packages.props). The generator's own dependencies (Microsoft.OpenApi,
    /// YamlDotNet, ...) are bundled in analyzers/, not referenced.
    /// </summary>
    [Fact]
    public void Nuspec_is_a_normal_dependency_with_the_runtime_dependencies_on_netstandard2_0()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var nuspecEntry = Assert.Single(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        XDocument nuspec;
        using (var stream = nuspecEntry.Open()) nuspec = XDocument.Load(stream);
        output.WriteLine(nuspec.ToString());
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Assert.Equal("OpenApiClientGen", Child(metadata, "id"));
        Assert.Equal(package.Version, Child(metadata, "version"));
        Assert.True(Child(metadata, "developmentDependency") is null or "false",
            $"developmentDependency is {Child(metadata, "developmentDependency")}: the runtime library would not flow to consumers' dependents.");

        var groups = metadata.Descendants().Where(e => e.Name.LocalName == "group").ToList();
        var netstandard = Assert.Single(groups, g => (string?)g.Attribute("targetFramework") == ".NETStandard2.0");
        var dependencies = netstandard.Elements()
            .Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!))
            .Order()
            .ToList();
        var central = CentralPackageVersions();
        (string, string)[] wanted =
        [
            ("Microsoft.Bcl.TimeProvider", central["Microsoft.Bcl.TimeProvider"]), ("System.Net.ServerSentEvents", central["System.Net.ServerSentEvents"]),
            ("System.Text.Json", central["System.Text.Json"]),
        ];
        Assert.Equal(wanted, dependencies);
        // Dependencies only in target framework groups (none ungrouped), and in no group but netstandard2.0's.
        Assert.All(metadata.Descendants().Where(e => e.Name.LocalName == "dependency"), d => Assert.Equal("group", d.Parent?.Name.LocalName));
        Assert.All(groups.Except([netstandard]).SelectMany(g => g.Elements()), d =>
            Assert.Fail($"Unexpected dependency {d} in group {d.Parent?.Attribute("targetFramework")}: the runtime needs none outside netstandard2.0."));
    }

    /// <summary>
    /// The runtime in lib/ is the one the generator was built against and reads its names from: the same build (version,
    /// and for netstandard2.0 the very bytes of the analyzers' copy), each for its own target framework.
    /// </summary>
    [Fact]
    public void Runtime_in_lib_is_the_generators_version_for_each_target()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var generator = ReadAssembly(Analyzers + "OpenApiClientGen.dll", ReadEntry(zip, Analyzers + "OpenApiClientGen.dll"));
        var analyzerRuntime = ReadEntry(zip, Analyzers + "OpenApiClientGen.Runtime.dll");
        var generatorReference = Assert.Single(generator.References, r => r.Name == "OpenApiClientGen.Runtime");
        output.WriteLine($"{generator.Name} {generator.Version} ({generator.InformationalVersion}) references OpenApiClientGen.Runtime {generatorReference.Version}");
        Assert.Equal(package.Version, generator.InformationalVersion?.Split('+')[0]);

        foreach (var (folder, framework) in new[] { ("netstandard2.0", ".NETStandard,Version=v2.0"), ("net8.0", ".NETCoreApp,Version=v8.0") })
        {
            var path = $"lib/{folder}/OpenApiClientGen.Runtime.dll";
            var runtime = ReadAssembly(path, ReadEntry(zip, path));
            output.WriteLine($"{path}: {runtime.Name} {runtime.Version} ({runtime.InformationalVersion}), {runtime.TargetFramework}; references {string.Join(", ", runtime.References.Select(r => $"{r.Name} {r.Version}"))}");
            Assert.Equal("OpenApiClientGen.Runtime", runtime.Name);
            Assert.Equal(framework, runtime.TargetFramework);
            // Built by this very pack: the package's version (AssemblyVersion from it, informational version = it).
            Assert.Equal(generator.Version, runtime.Version);
            Assert.Equal(generatorReference.Version, runtime.Version);
            Assert.Equal(package.Version, runtime.InformationalVersion?.Split('+')[0]);
            if (folder == "net8.0")
            {
                // Nothing beyond the shared framework: not the netstandard2.0 gap fillers.
                Assert.DoesNotContain(runtime.References, r => r.Name.StartsWith("Microsoft.Bcl.", StringComparison.Ordinal) || r.Name == "netstandard");
            }
            else
            {
                // netstandard, else the packages of the netstandard2.0 dependency group and theirs, which the generator
                // bundles too (their netstandard2.0 builds): nothing a netstandard2.0 consumer would lack.
                string[] generatorOnly = ["OpenApiClientGen", "Microsoft.OpenApi", "YamlDotNet"];
                var bundled = PackagedAssemblies().Keys.Except(generatorOnly, StringComparer.OrdinalIgnoreCase).ToHashSet(StringComparer.OrdinalIgnoreCase);
                Assert.All(runtime.References, r => Assert.True(r.Name == "netstandard" || bundled.Contains(r.Name),
                    $"{path} references {r.Name} {r.Version}, which is neither netstandard nor a dependency the package declares."));
            }
        }

        // What the generator reads the names from is what netstandard2.0 consumers compile against.
        Assert.Equal(ReadEntry(zip, "lib/netstandard2.0/OpenApiClientGen.Runtime.dll"), analyzerRuntime);
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

    /// <summary>The repository's central package versions (Directory.Packages.props), by package id.</summary>
    private static Dictionary<string, string> CentralPackageVersions() =>
        XDocument.Load(Path.Combine(TestPaths.RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

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
        string? AttributeValue(string attributeName) => definition.GetCustomAttributes()
            .Select(h => reader.GetCustomAttribute(h))
            .Where(a => AttributeTypeName(reader, a) == attributeName)
            .Select(a => a.DecodeValue(StringOnlyTypeProvider.Instance).FixedArguments.FirstOrDefault().Value as string)
            .FirstOrDefault();
        return new PackagedAssembly(path, reader.GetString(definition.Name), definition.Version, references,
            AttributeValue("System.Reflection.AssemblyInformationalVersionAttribute"), AttributeValue("System.Runtime.Versioning.TargetFrameworkAttribute"));
    }

    private static string? AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference) return null;
        var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference) return null;
        var type = reader.GetTypeReference((TypeReferenceHandle)parent);
        return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
    }

    private sealed record PackagedAssembly(
        string Path, string Name, Version Version, IReadOnlyList<(string Name, Version Version)> References, string? InformationalVersion, string? TargetFramework);

    /// <summary>Decodes attribute arguments of the (string) constructors read here.</summary>
    private sealed class StringOnlyTypeProvider : ICustomAttributeTypeProvider<Type>
    {
        public static readonly StringOnlyTypeProvider Instance = new();

        public Type GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode == PrimitiveTypeCode.String ? typeof(string) : typeof(object);

        public Type GetSystemType() => typeof(Type);

        public Type GetSZArrayType(Type elementType) => elementType.MakeArrayType();

        public Type GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => typeof(object);

        public Type GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => typeof(object);

        public Type GetTypeFromSerializedName(string name) => typeof(object);

        public PrimitiveTypeCode GetUnderlyingEnumType(Type type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(Type type) => type == typeof(Type);
    }
}
