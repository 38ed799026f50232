using System.Reflection;

namespace OpenApiClientGen.Tests;

/// <summary>Where the tests find the repository, the shared corpus and the .NET 8 reference assemblies.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string Net8References { get; } = Metadata("Net8ReferencePath");

    /// <summary>The .NET 10 reference assemblies (the SDK's targeting pack), for compilations with Microsoft.Extensions packages.</summary>
    public static string Net10References { get; } = Metadata("Net10ReferencePath");

    /// <summary>The NuGet package folder (PackageDownload puts the netstandard2.0 reference packages there).</summary>
    public static string NuGetPackages { get; } = Metadata("NuGetPackageRoot");

    /// <summary>The runtime library's netstandard2.0 build.</summary>
    public static string RuntimeNetStandard { get; } = Metadata("RuntimeNetStandardPath");

    public static string Specs { get; } = Path.Combine(RepositoryRoot, "specs");

    public static string Corpus { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
