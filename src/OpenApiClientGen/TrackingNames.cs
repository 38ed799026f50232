namespace OpenApiClientGen;

/// <summary>Names of the pipeline steps, for incrementality tests (<c>trackIncrementalGeneratorSteps</c>).</summary>
internal static class TrackingNames
{
    public const string SpecFiles = nameof(SpecFiles);
    public const string Models = nameof(Models);
    public const string ModelsOnly = nameof(ModelsOnly);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Namespaces = nameof(Namespaces);
    public const string Outputs = nameof(Outputs);
    public const string SpecOptions = nameof(SpecOptions);
    public const string AnnotationFiles = nameof(AnnotationFiles);
    public const string Annotations = nameof(Annotations);
    public const string RetryInputs = nameof(RetryInputs);
    public const string Retries = nameof(Retries);
    public const string RetryModels = nameof(RetryModels);
    public const string Target = nameof(Target);
    public const string BindTarget = nameof(BindTarget);
    public const string CanEmit = nameof(CanEmit);
    public const string FirstSpec = nameof(FirstSpec);
    public const string Polyfills = nameof(Polyfills);
    public const string Hosting = nameof(Hosting);
    public const string Registrations = nameof(Registrations);
}
