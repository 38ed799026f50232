using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenApiClientGen.Fuzz;

/// <summary>One mutated document: what it was made from and how, and its bytes (the file the generator reads).</summary>
internal sealed record FuzzCase(
    int Seed,
    long Index,
    FuzzDocument Document,
    string Category,
    IReadOnlyList<string> Operations,
    string FileName,
    byte[] Bytes,
    bool Heavy,
    string? AnnotationsName,
    byte[]? AnnotationsBytes)
{
    public string Id => $"{Seed}:{Index}";

    public string Sha256 => Convert.ToHexString(SHA256.HashData(Bytes)).ToLowerInvariant();

    public string Description => $"{Document} [{Category}] " + string.Join("; ", Operations);

    /// <summary>Small document and no heavy mutation (alias bomb over 1e5 leaves, megabyte strings): what quick runs take.</summary>
    public bool IsLight => Document.Size == SizeClass.Small && !Heavy;
}

/// <summary>
/// The case of a (seed, index): a pure function of the two (and the seed documents' contents). The document is drawn
/// first, from its own stream, so that a run can tell which document a case uses without mutating it.
/// </summary>
internal static class CaseFactory
{
    public const string Bytes = "bytes";
    public const string Structure = "structure";
    public const string Yaml = "yaml";

    public static FuzzDocument DocumentOf(int seed, long index) =>
        FuzzDocuments.All[FuzzRandom.For(seed, index, "document").PickWeighted(FuzzDocuments.Weights)];

    /// <summary>The case, or null when its document is missing (no corpus).</summary>
    public static FuzzCase? Create(int seed, long index, DocumentStore store)
    {
        var document = DocumentOf(seed, index);
        var original = store.Bytes(document);
        if (original is null) return null;
        var random = FuzzRandom.For(seed, index);
        var operations = new List<string>();
        var category = random.PickWeighted(new double[] { 30, 50, 20 }) switch { 0 => Bytes, 1 => Structure, _ => Yaml };
        var fileName = document.Name;
        byte[] bytes;
        var heavy = false;

        JsonNode? tree = null;
        if (category != Bytes)
        {
            try
            {
                tree = Parse(document, original);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                operations.Add($"(the document does not parse for the fuzzer: {e.GetType().Name}; byte mutations instead)");
                category = Bytes;
            }
            if (tree is null && category != Bytes)
            {
                operations.Add("(the document is empty; byte mutations instead)");
                category = Bytes;
            }
        }

        switch (category)
        {
            case Structure:
            {
                // The output format: mostly the document's own; sometimes the other one (under either extension).
                var format = random.PickWeighted(new double[] { 70, 15, 15 });
                bool yamlOut, indented = true;
                if (document.IsYaml)
                {
                    yamlOut = format == 0;
                    if (format == 2) fileName = Path.ChangeExtension(fileName, ".json");
                    if (format != 0) operations.Add(format == 1 ? "written as JSON under the .yaml name" : "written as JSON (.json)");
                }
                else
                {
                    yamlOut = format == 2;
                    indented = format != 1;
                    if (format == 1) operations.Add("written as compact JSON");
                    if (format == 2)
                    {
                        fileName = Path.ChangeExtension(fileName, ".yaml");
                        operations.Add("written as YAML (.yaml)");
                    }
                }
                var text = StructuralMutator.Mutate(tree!, random, yamlOut, indented, operations, out heavy);
                bytes = Encoding.UTF8.GetBytes(text);
                break;
            }
            case Yaml:
            {
                string text;
                if (document.IsYaml)
                {
                    text = Utf8(original);
                }
                else
                {
                    text = YamlNodes.ToYaml(tree);
                    fileName = Path.ChangeExtension(fileName, ".yaml");
                    operations.Add("converted to YAML (.yaml)");
                }
                bytes = YamlMutator.Bytes(YamlMutator.Mutate(text, random, operations, out heavy));
                break;
            }
            default:
                bytes = ByteMutator.Mutate(original, random, operations);
                break;
        }

        var annotations = store.Annotations(document);
        return new FuzzCase(seed, index, document, category, operations, fileName, bytes, heavy, annotations?.Name, annotations?.Bytes);
    }

    private static JsonNode? Parse(FuzzDocument document, byte[] bytes) =>
        document.IsYaml ? YamlNodes.FromYaml(Utf8(bytes)) : JsonNode.Parse(bytes, documentOptions: YamlNodes.ReadOptions);

    private static string Utf8(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length > 0 && text[0] == '\ufeff' ? text.Substring(1) : text;
    }
}
