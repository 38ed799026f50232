namespace OpenApiClientGen.Model;

/// <summary>How one spec is configured: its path and the per-file options (item metadata or .editorconfig).</summary>
/// <param name="KeepUnknownProperties">Whether every record keeps the properties the document does not declare, and writes them back.</param>
/// <param name="GroupByTag">Whether the client has a sub-client per tag (false: one flat client).</param>
internal sealed record SpecOptions(string Path, string? Namespace, string? ClientName, string? Annotations, string? RootNamespace, bool KeepUnknownProperties = false, bool GroupByTag = true)
{
    /// <summary>The file name of <paramref name="Path"/> (without System.IO.Path, which throws on some hosts for odd characters).</summary>
    public string FileName => FileNameOf(Path);

    /// <summary>The file name without its last extension.</summary>
    public string FileStem => FileName.LastIndexOf('.') is var dot and > 0 ? FileName.Substring(0, dot) : FileName;

    public static string FileNameOf(string path) => path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1);
}

/// <summary>
/// Everything the emitters need for one spec. Plain values only: this is the cache boundary of the pipeline,
/// so it must compare structurally and hold nothing from Microsoft.OpenApi or Roslyn's symbol model.
/// </summary>
/// <param name="Options">The spec's options (its path, and the annotations file it names, looked up after binding).</param>
internal sealed record ApiModel(
    SpecOptions Options,
    string Namespace,
    string ContextName,
    string Title,
    EquatableArray<TypeModel> Types,
    ClientModel? Client,
    EquatableArray<TypeRef> ValueTypes)
{
    public string SpecPath => Options.Path;
}

/// <summary>The result of reading and binding one spec: the model (null when nothing could be read) and its diagnostics.</summary>
internal sealed record BindResult(ApiModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
