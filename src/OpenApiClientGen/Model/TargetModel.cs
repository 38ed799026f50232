namespace OpenApiClientGen.Model;

/// <summary>
/// What binding needs to know of the consuming compilation's target: only what changes the C# types chosen, so an edit
/// of the compilation that leaves these facts as they are re-binds nothing.
/// </summary>
/// <param name="HasDateOnly">Whether <see cref="System.DateOnly"/> exists (.NET 6+); otherwise <c>format: date</c> is a <see cref="System.DateTime"/>.</param>
internal sealed record TargetModel(bool HasDateOnly)
{
    /// <summary>A .NET 6+ target: what the tests and most consumers compile for.</summary>
    public static TargetModel Modern { get; } = new(HasDateOnly: true);
}

/// <summary>Whether the consuming compilation references the runtime library the generated code calls, and which.</summary>
internal enum RuntimeStatus
{
    /// <summary>A compatible OpenApiClientGen.Runtime is referenced.</summary>
    Compatible,

    /// <summary>No OpenApiClientGen.Runtime is referenced.</summary>
    Missing,

    /// <summary>An OpenApiClientGen.Runtime of another major.minor version, or an older one, is referenced.</summary>
    Incompatible,
}

/// <summary>What the generator reads of the consuming compilation, all plain values (compared on every edit; equal facts re-run nothing).</summary>
/// <param name="Binding">What binding needs.</param>
/// <param name="Runtime">Whether the runtime is referenced, and compatibly.</param>
/// <param name="RuntimeVersion">The referenced runtime's version, if any.</param>
/// <param name="Polyfills">The compiler attributes generated code needs that the compilation lacks (full metadata names), to emit once.</param>
/// <param name="LanguageVersionOk">Whether the compilation's C# version is 11 or later (records, init, required, u8 literals).</param>
/// <param name="Hosting">Which dependency-injection registrations the compilation can use.</param>
internal sealed record TargetFacts(TargetModel Binding, RuntimeStatus Runtime, string? RuntimeVersion, EquatableArray<string> Polyfills, bool LanguageVersionOk, string LanguageVersion, HostingModel Hosting);

/// <summary>What the compilation references of Microsoft.Extensions: what a generated registration may call.</summary>
/// <param name="HttpClientFactory">Microsoft.Extensions.Http (IHttpClientFactory, AddHttpClient), with its dependency injection and options.</param>
/// <param name="Resilience">Microsoft.Extensions.Http.Resilience (AddStandardResilienceHandler, HttpRetryStrategyOptions).</param>
internal sealed record HostingModel(bool HttpClientFactory, bool Resilience)
{
    public static HostingModel None { get; } = new(false, false);
}

/// <summary>What a client's dependency-injection registration needs: its names and sub-clients, and what the compilation can call.</summary>
internal sealed record RegistrationModel(string SpecPath, string Namespace, string ClientName, string InterfaceName, string OptionsName, EquatableArray<GroupModel> Groups, HostingModel Hosting);
