using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OpenApiClientGen.Model;

namespace OpenApiClientGen.Reading;

/// <summary>Which AdditionalFiles are specs, and their options: item metadata first, then .editorconfig keys.</summary>
internal static class SpecOptionsReader
{
    private static readonly string[] ConventionalSuffixes =
    {
        "openapi.json", "openapi.yaml", "openapi.yml", "swagger.json", "swagger.yaml", "swagger.yml",
    };

    public static SpecOptions? Read(AdditionalText file, AnalyzerConfigOptionsProvider provider)
    {
        // An annotations file is never a spec, even when a glob flags it with OpenApiClient="true".
        if (AnnotationsReader.HasConventionalName(file.Path)) return null;
        var options = provider.GetOptions(file);
        var flag = Get(options, "OpenApiClient", "openapiclientgen_enabled");
        var fileName = SpecOptions.FileNameOf(file.Path);
        var isSpec = flag is not null
            ? string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase)
            : Array.Exists(ConventionalSuffixes, s => fileName.EndsWith(s, StringComparison.OrdinalIgnoreCase));
        if (!isSpec) return null;

        provider.GlobalOptions.TryGetValue("build_property.RootNamespace", out var rootNamespace);
        return new SpecOptions(
            file.Path,
            Get(options, "Namespace", "openapiclientgen_namespace"),
            Get(options, "ClientName", "openapiclientgen_client_name"),
            Get(options, "Annotations", "openapiclientgen_annotations"),
            string.IsNullOrWhiteSpace(rootNamespace) ? null : rootNamespace!.Trim(),
            string.Equals(Get(options, "KeepUnknownProperties", "openapiclientgen_keep_unknown_properties"), "true", StringComparison.OrdinalIgnoreCase),
            !string.Equals(Get(options, "GroupByTag", "openapiclientgen_group_by_tag"), "false", StringComparison.OrdinalIgnoreCase));
    }

    private static string? Get(AnalyzerConfigOptions options, string metadata, string editorConfigKey)
    {
        if (options.TryGetValue("build_metadata.AdditionalFiles." + metadata, out var value) && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        if (options.TryGetValue(editorConfigKey, out value) && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        return null;
    }
}
