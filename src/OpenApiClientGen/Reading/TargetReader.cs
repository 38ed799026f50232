using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OpenApiClientGen.Model;

namespace OpenApiClientGen.Reading;

/// <summary>Reads the few facts of the consuming compilation the output depends on: its target's types, the runtime reference, the C# version.</summary>
internal static class TargetReader
{
    /// <summary>The compiler attributes generated code relies on (records and init, required members and the copy constructors of records with them), by metadata name.</summary>
    public static readonly string[] CompilerAttributes =
    {
        "System.Runtime.CompilerServices.IsExternalInit",
        "System.Runtime.CompilerServices.RequiredMemberAttribute",
        "System.Runtime.CompilerServices.CompilerFeatureRequiredAttribute",
        "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute",
    };

    private const string HttpClientFactoryExtensions = "Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions";
    private const string OptionsMonitor = "Microsoft.Extensions.Options.IOptionsMonitor`1";
    private const string ResilienceExtensions = "Microsoft.Extensions.DependencyInjection.ResilienceHttpClientBuilderExtensions";

    /// <summary>
    /// The facts of <paramref name="compilation"/>. A polyfill is needed where no accessible type of that name exists; it is
    /// left to PolySharp when PolySharp is in the build (its generated types are invisible to other generators), and the
    /// <c>OpenApiClientGenPolyfills</c> property set to false turns them off.
    /// </summary>
    public static TargetFacts Read(Compilation compilation, ParseOptions parseOptions, AnalyzerConfigOptions globalOptions)
    {
        var hasDateOnly = compilation.GetTypeByMetadataName("System.DateOnly") is not null;

        var runtime = compilation.ReferencedAssemblyNames.FirstOrDefault(a => a.Name == OutputNames.RuntimeAssembly);
        var expected = OutputNames.RuntimeVersion;
        var status = runtime is null ? RuntimeStatus.Missing
            : runtime.Version.Major == expected.Major && runtime.Version.Minor == expected.Minor && runtime.Version >= expected ? RuntimeStatus.Compatible
            : RuntimeStatus.Incompatible;

        var polyfills = EquatableArray<string>.Empty;
        var off = globalOptions.TryGetValue("build_property.OpenApiClientGenPolyfills", out var value) && string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase);
        var polySharp = globalOptions.TryGetValue("build_property.PolySharpUsePublicAccessibilityForGeneratedTypes", out _)
            || globalOptions.TryGetValue("build_property.PolySharpExcludeGeneratedTypes", out _);
        if (!off && !polySharp)
            polyfills = CompilerAttributes.Where(name => !HasAccessible(compilation, name)).ToEquatableArray();

        // The project's parse options (what generated files are parsed with), not the compilation's: a project may have no C# of its own.
        var languageVersion = parseOptions is CSharpParseOptions csharp ? csharp.LanguageVersion : LanguageVersion.Latest;
        var hosting = new HostingModel(
            compilation.GetTypeByMetadataName(HttpClientFactoryExtensions) is not null && compilation.GetTypeByMetadataName(OptionsMonitor) is not null,
            compilation.GetTypeByMetadataName(ResilienceExtensions) is not null);
        return new TargetFacts(new TargetModel(hasDateOnly), status, runtime?.Version.ToString(), polyfills,
            languageVersion >= LanguageVersion.CSharp11, languageVersion.ToDisplayString(), hosting.HttpClientFactory ? hosting : HostingModel.None);
    }

    /// <summary>Whether a type of that metadata name is declared in the compilation or visible to it from a reference.</summary>
    private static bool HasAccessible(Compilation compilation, string metadataName)
    {
        var type = compilation.GetTypeByMetadataName(metadataName);
        if (type is not null) return compilation.IsSymbolAccessibleWithin(type, compilation.Assembly);
        // Null also means "several": any one of them accessible is enough (a second declaration would clash with it).
        foreach (var reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly
                && assembly.GetTypeByMetadataName(metadataName) is { } candidate
                && compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
                return true;
        }
        return false;
    }
}
