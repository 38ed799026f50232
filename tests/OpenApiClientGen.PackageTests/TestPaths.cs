using System.Reflection;
using System.Runtime.InteropServices;

namespace OpenApiClientGen.PackageTests;

/// <summary>Where the tests find the repository, and where they put their temporary work.</summary>
internal static class TestPaths
{
    /// <summary>The repository root, baked in at build time (AssemblyMetadata), so it does not depend on the working directory.</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string GeneratorProject { get; } = Path.Combine(RepositoryRoot, "src", "OpenApiClientGen", "OpenApiClientGen.csproj");

    public static string GeneratorProps { get; } = Path.Combine(RepositoryRoot, "src", "OpenApiClientGen", "build", "OpenApiClientGen.props");

    /// <summary>The JSON Schema of annotations files, which the package ships under build/.</summary>
    public static string AnnotationsSchema { get; } = Path.Combine(RepositoryRoot, "src", "OpenApiClientGen", "build", "openapi-annotations.schema.json");

    /// <summary>tests/consumers: the consumer templates, their shared Program.cs and the guard files.</summary>
    public static string ConsumerTemplates { get; } = Path.Combine(RepositoryRoot, "tests", "consumers");

    /// <summary>
    /// The shared corpus of real-world OpenAPI documents, ../shared/corpus beside the repository. A fresh clone of the
    /// repository alone has none: the tests that read it are skipped there, and fail under CI (<see cref="IsCi"/>).
    /// </summary>
    public static string Corpus { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));

    /// <summary>CI=true: a missing corpus is a failure, not a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The runtime identifier of this machine in its portable form (linux-x64 here), for the self-contained publish.</summary>
    public static string PortableRid { get; } =
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
        RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    /// <summary>Set OPENAPICLIENTGEN_KEEP_TEMP=1 to keep the temporary directories for a look after the run.</summary>
    public static bool KeepTemp => Environment.GetEnvironmentVariable("OPENAPICLIENTGEN_KEEP_TEMP") == "1";

    /// <summary>A new, empty directory under the system temp folder.</summary>
    public static string CreateTempDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "OpenApiClientGen.PackageTests",
            $"{purpose}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteTempDirectory(string path)
    {
        if (KeepTemp || !Directory.Exists(path)) return;
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is not a test failure.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Copies tests/consumers (without bin/obj) to <paramref name="root"/>/consumers, and the repository's global.json to
    /// <paramref name="root"/> so the consumers build with the SDK the repository pins. Outside the repository, the
    /// repository's Directory.Build.props and Directory.Packages.props cannot apply to them.
    /// </summary>
    public static string CopyConsumerTemplates(string root)
    {
        var target = Path.Combine(root, "consumers");
        CopyDirectory(ConsumerTemplates, target);
        var globalJson = Path.Combine(RepositoryRoot, "global.json");
        if (File.Exists(globalJson)) File.Copy(globalJson, Path.Combine(root, "global.json"), overwrite: true);
        return target;
    }

    /// <summary>Copies a directory tree, without bin/ and obj/ folders.</summary>
    public static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        foreach (var directory in Directory.GetDirectories(source))
        {
            var name = Path.GetFileName(directory);
            if (name is "bin" or "obj") continue;
            CopyDirectory(directory, Path.Combine(target, name));
        }
    }

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
