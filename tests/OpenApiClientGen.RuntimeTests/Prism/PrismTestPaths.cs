using System.Reflection;

namespace OpenApiClientGen.RuntimeTests.Prism;

/// <summary>Where the Prism tests find the repository, the Prism install (tests/prism) and the shared corpus.</summary>
internal static class PrismTestPaths
{
    /// <summary>Set by Prism.targets as assembly metadata: the repository root, with a trailing separator.</summary>
    public static string RepositoryRoot { get; } =
        typeof(PrismTestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>tests/prism: package.json and package-lock.json pin @stoplight/prism-cli; npm ci installs node_modules.</summary>
    public static string PrismDirectory { get; } = Path.Combine(RepositoryRoot, "tests", "prism");

    /// <summary>The npm bin shim of prism-cli (prism.cmd on Windows, where the plain file is a shell script).</summary>
    public static string PrismExecutable { get; } =
        Path.Combine(PrismDirectory, "node_modules", ".bin", OperatingSystem.IsWindows() ? "prism.cmd" : "prism");

    /// <summary>The shared corpus of real-world OpenAPI documents: ../shared/corpus beside the repository.</summary>
    public static string Corpus { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));

    /// <summary>Under CI (<c>CI=true</c>) a missing prerequisite fails the tests instead of skipping them.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of a corpus file.</summary>
    public static string CorpusFile(string name) => Path.Combine(Corpus, name);
}
