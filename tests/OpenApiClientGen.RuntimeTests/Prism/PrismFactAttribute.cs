using Xunit;

namespace OpenApiClientGen.RuntimeTests.Prism;

/// <summary>
/// A fact that runs a Prism mock server (optionally on a file of <c>../shared/corpus</c>). Where Prism cannot run
/// (<see cref="PrismServer.UnavailableReason"/>) or the corpus file is absent the test is skipped with the reason;
/// under CI (<c>CI=true</c>) it runs and fails instead.
/// </summary>
public sealed class PrismFactAttribute : FactAttribute
{
    /// <param name="corpusFile">A file of the shared corpus the test serves, e.g. <c>firecrawl-v2-openapi.json</c>.</param>
    public PrismFactAttribute(string? corpusFile = null) => Skip = PrismPrerequisites.SkipReason(corpusFile);
}

/// <summary>A theory that runs a Prism mock server: skipped as <see cref="PrismFactAttribute"/> is.</summary>
public sealed class PrismTheoryAttribute : TheoryAttribute
{
    /// <param name="corpusFile">A file of the shared corpus the test serves; <c>""</c> for the corpus folder itself.</param>
    public PrismTheoryAttribute(string? corpusFile = null) => Skip = PrismPrerequisites.SkipReason(corpusFile);
}

internal static class PrismPrerequisites
{
    /// <summary>Why the test is skipped, or <c>null</c> to run it (always under CI, where it then fails).</summary>
    public static string? SkipReason(string? corpusFile)
    {
        if (PrismTestPaths.IsCi) return null;
        if (PrismServer.UnavailableReason is { } reason) return $"{reason} (Under CI=true this fails the test.)";
        if (corpusFile is null) return null;
        var path = corpusFile.Length == 0 ? PrismTestPaths.Corpus : PrismTestPaths.CorpusFile(corpusFile);
        if (!File.Exists(path) && !Directory.Exists(path))
            return $"The shared corpus is not at {PrismTestPaths.Corpus} ({corpusFile} missing); clone the repository beside ../shared to run this test.";
        return null;
    }

    /// <summary>The full path of a corpus file, failing the test clearly when it is missing (as under CI).</summary>
    public static string CorpusFile(string name)
    {
        var path = PrismTestPaths.CorpusFile(name);
        Assert.True(File.Exists(path), $"The shared corpus file {path} is missing; CI must run with ../shared beside the repository.");
        return path;
    }
}
