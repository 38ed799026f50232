namespace OpenApiClientGen.Model;

/// <summary>How one spec is configured: its path and the per-file options (item metadata or .editorconfig).</summary>
internal sealed record SpecOptions(string Path, string? Namespace, string? ClientName, string? Annotations, string? RootNamespace);

/// <summary>
/// Everything the emitters need for one spec. Plain values only: this is the cache boundary of the pipeline,
/// so it must compare structurally and hold nothing from Microsoft.OpenApi or Roslyn's symbol model.
/// </summary>
internal sealed record ApiModel(
    string SpecPath,
    string Namespace,
    string HintName,
    string ContextName,
    string Title,
    EquatableArray<TypeModel> Types);

/// <summary>The result of reading and binding one spec: the model (null when nothing could be read) and its diagnostics.</summary>
internal sealed record BindResult(ApiModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
