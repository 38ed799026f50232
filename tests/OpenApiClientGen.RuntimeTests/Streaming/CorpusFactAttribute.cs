using OpenApiClientGen.RuntimeTests.Prism;
using Xunit;

namespace OpenApiClientGen.RuntimeTests.Streaming;

/// <summary>A test of a generated corpus client: skipped with a message where the corpus is missing, run (and failed) under CI=true.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute(string corpusFile)
    {
        if (!PrismTestPaths.IsCi && !File.Exists(PrismTestPaths.CorpusFile(corpusFile)))
            Skip = $"The shared corpus is not at {PrismTestPaths.Corpus} ({corpusFile} missing); clone the repository beside ../shared to run this test.";
    }
}
