using System.Collections.Generic;
using OpenApiClientGen.Model;

namespace OpenApiClientGen.Emitting;

/// <summary>
/// Writes, once per compilation, the compiler attributes generated records need (init accessors, required members) that
/// the target lacks (netstandard2.0, .NET Framework): internal, so they clash with nothing another assembly declares.
/// </summary>
internal static class PolyfillEmitter
{
    private static readonly Dictionary<string, string[]> Declarations = new()
    {
        ["System.Runtime.CompilerServices.IsExternalInit"] = new[]
        {
            "/// <summary>Lets the compiler emit <c>init</c> accessors on targets without it (OpenApiClientGen polyfill).</summary>",
            "internal static class IsExternalInit",
            "{",
            "}",
        },
        ["System.Runtime.CompilerServices.RequiredMemberAttribute"] = new[]
        {
            "/// <summary>Marks <c>required</c> members on targets without it (OpenApiClientGen polyfill).</summary>",
            "[global::System.AttributeUsage(global::System.AttributeTargets.Class | global::System.AttributeTargets.Struct | global::System.AttributeTargets.Field | global::System.AttributeTargets.Property, AllowMultiple = false, Inherited = false)]",
            "internal sealed class RequiredMemberAttribute : global::System.Attribute",
            "{",
            "}",
        },
        ["System.Runtime.CompilerServices.CompilerFeatureRequiredAttribute"] = new[]
        {
            "/// <summary>Names a compiler feature a member needs, on targets without it (OpenApiClientGen polyfill).</summary>",
            "[global::System.AttributeUsage(global::System.AttributeTargets.All, AllowMultiple = true, Inherited = false)]",
            "internal sealed class CompilerFeatureRequiredAttribute : global::System.Attribute",
            "{",
            "    /// <summary>Names the feature.</summary>",
            "    /// <param name=\"featureName\">The feature.</param>",
            "    public CompilerFeatureRequiredAttribute(string featureName) => FeatureName = featureName;",
            "",
            "    /// <summary>The feature.</summary>",
            "    public string FeatureName { get; }",
            "",
            "    /// <summary>Whether a compiler that does not know the feature may still use the member.</summary>",
            "    public bool IsOptional { get; init; }",
            "}",
        },
        ["System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute"] = new[]
        {
            "/// <summary>Marks a constructor that sets every required member (records' copy constructors), on targets without it (OpenApiClientGen polyfill).</summary>",
            "[global::System.AttributeUsage(global::System.AttributeTargets.Constructor, AllowMultiple = false, Inherited = false)]",
            "internal sealed class SetsRequiredMembersAttribute : global::System.Attribute",
            "{",
            "}",
        },
    };

    /// <summary>The source declaring <paramref name="missing"/> (metadata names), or null when nothing is missing.</summary>
    public static string? Emit(EquatableArray<string> missing)
    {
        if (missing.Count == 0) return null;
        var w = new SourceWriter();
        w.Line(SourceWriter.Header);
        var first = true;
        foreach (var name in missing)
        {
            if (!Declarations.TryGetValue(name, out var lines)) continue;
            if (!first) w.Line();
            first = false;
            w.Open("namespace " + name.Substring(0, name.LastIndexOf('.')));
            w.Lines(lines);
            w.Close();
        }
        return w.ToString();
    }
}
