using Xunit;

namespace OpenApiClientGen.Tests;

/// <summary>
/// A theory over files of <c>../shared/corpus</c>. Where that folder is absent (a user's fresh clone) the tests are
/// skipped with a message; under CI (<c>CI=true</c>) they run and fail.
/// </summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (!Directory.Exists(TestPaths.Corpus) && !TestPaths.IsCi)
            Skip = $"The shared corpus is not at {TestPaths.Corpus}; clone the repository beside ../shared to run the corpus tests.";
    }
}

internal static class Corpus
{
    public const string Missing = "(corpus missing)";

    public static IEnumerable<object[]> Files()
    {
        if (!Directory.Exists(TestPaths.Corpus)) return new[] { new object[] { Missing } };
        return Directory.GetFiles(TestPaths.Corpus)
            .Select(Path.GetFileName)
            .Where(f => f!.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { f! });
    }

    public static string Read(string file)
    {
        Assert.True(file != Missing, $"The shared corpus is not at {TestPaths.Corpus}; CI must run with ../shared beside the repository.");
        return File.ReadAllText(Path.Combine(TestPaths.Corpus, file));
    }
}
