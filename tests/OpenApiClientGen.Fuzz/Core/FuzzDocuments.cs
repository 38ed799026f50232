namespace OpenApiClientGen.Fuzz;

/// <summary>How expensive a document is to mutate, generate and compile: small ones are most of the cases.</summary>
internal enum SizeClass
{
    Small,
    Medium,
    Large,
}

/// <summary>One seed document: where it comes from (the corpus or specs/), its file name and weight class.</summary>
internal sealed record FuzzDocument(string Origin, string Name, SizeClass Size)
{
    public bool IsYaml => Name.EndsWith(".yaml", StringComparison.Ordinal) || Name.EndsWith(".yml", StringComparison.Ordinal);

    public double Weight => Size switch { SizeClass.Small => 10, SizeClass.Medium => 3, _ => 1 };

    public override string ToString() => Origin + "/" + Name;
}

/// <summary>
/// The seed documents. The list is fixed (not read from the folders) so that a (seed, index) names the same case whether
/// or not the corpus is present: a case whose document is missing is skipped, the others keep their numbers.
/// </summary>
internal static class FuzzDocuments
{
    public const string Corpus = "corpus";
    public const string Specs = "specs";

    public static IReadOnlyList<FuzzDocument> All { get; } = new FuzzDocument[]
    {
        // /work/main/specs (the project's own documents; annotations beside three of them)
        new(Specs, "features-openapi.yaml", SizeClass.Small),
        new(Specs, "firecrawl-v2-openapi.yaml", SizeClass.Small),
        new(Specs, "http-features-openapi.yaml", SizeClass.Small),
        new(Specs, "scrapegraphai-openapi.yaml", SizeClass.Small),
        // ../shared/corpus (20 real-world documents)
        new(Corpus, "asana-oas.yaml", SizeClass.Large),
        new(Corpus, "discord-openapi.json", SizeClass.Large),
        new(Corpus, "firecrawl-v1-openapi.json", SizeClass.Medium),
        new(Corpus, "firecrawl-v2-openapi.json", SizeClass.Medium),
        new(Corpus, "firecrawl-webhooks-openapi.json", SizeClass.Small),
        new(Corpus, "firecrawl-zh-v2-openapi.json", SizeClass.Medium),
        new(Corpus, "github-api.github.com.json", SizeClass.Large),
        new(Corpus, "kubernetes-v1.36-swagger.json", SizeClass.Large),
        new(Corpus, "oai-petstore-expanded-v2.0.json", SizeClass.Small),
        new(Corpus, "oai-petstore-expanded-v3.0.yaml", SizeClass.Small),
        new(Corpus, "oai-petstore-v2.0.json", SizeClass.Small),
        new(Corpus, "oai-tictactoe-v3.1.yaml", SizeClass.Small),
        new(Corpus, "oai-webhook-example-v3.1.yaml", SizeClass.Small),
        new(Corpus, "openai-openapi.json", SizeClass.Large),
        new(Corpus, "openai-openapi.yaml", SizeClass.Large),
        new(Corpus, "scrapegraphai-v1-openapi.json", SizeClass.Small),
        new(Corpus, "stripe-spec3.json", SizeClass.Large),
        new(Corpus, "swagger-petstore-v3.0.yaml", SizeClass.Small),
        new(Corpus, "swagger-petstore-v3.1.yaml", SizeClass.Small),
        new(Corpus, "twilio-api-v2010.json", SizeClass.Large),
    };

    public static IReadOnlyList<double> Weights { get; } = All.Select(d => d.Weight).ToArray();
}

/// <summary>The folders the documents are read from, and their bytes (cached: a worker mutates the same ones many times).</summary>
internal sealed class DocumentStore(string specsFolder, string corpusFolder)
{
    private readonly Dictionary<FuzzDocument, byte[]?> _cache = new();
    private readonly object _gate = new();

    public string SpecsFolder { get; } = specsFolder;

    public string CorpusFolder { get; } = corpusFolder;

    public bool HasCorpus => Directory.Exists(CorpusFolder);

    public string PathOf(FuzzDocument document) => Path.Combine(document.Origin == FuzzDocuments.Corpus ? CorpusFolder : SpecsFolder, document.Name);

    /// <summary>The document's bytes, or null when its folder (or the file) is missing.</summary>
    public byte[]? Bytes(FuzzDocument document)
    {
        lock (_gate)
        {
            if (!_cache.TryGetValue(document, out var bytes))
            {
                var path = PathOf(document);
                _cache[document] = bytes = File.Exists(path) ? File.ReadAllBytes(path) : null;
            }
            return bytes;
        }
    }

    /// <summary>The annotations file beside a spec (<c>name.annotations.yaml</c>), which the case passes unmutated as an AdditionalFile.</summary>
    public (string Name, byte[] Bytes)? Annotations(FuzzDocument document)
    {
        if (document.Origin != FuzzDocuments.Specs) return null;
        var name = Path.GetFileNameWithoutExtension(document.Name) + ".annotations.yaml";
        var path = Path.Combine(SpecsFolder, name);
        return File.Exists(path) ? (name, File.ReadAllBytes(path)) : null;
    }

    /// <summary>Corpus documents the fixed list does not name (they are not fuzzed; the summary says so).</summary>
    public IReadOnlyList<string> UnlistedCorpusFiles() =>
        !HasCorpus
            ? Array.Empty<string>()
            : Directory.GetFiles(CorpusFolder)
                .Select(Path.GetFileName)
                .Where(n => n!.EndsWith(".json", StringComparison.Ordinal) || n.EndsWith(".yaml", StringComparison.Ordinal))
                .Where(n => FuzzDocuments.All.All(d => d.Origin != FuzzDocuments.Corpus || d.Name != n))
                .Select(n => n!)
                .Order(StringComparer.Ordinal)
                .ToList();
}
