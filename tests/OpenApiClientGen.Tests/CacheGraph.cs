using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using OpenApiClientGen.Model;

namespace OpenApiClientGen.Tests;

/// <summary>
/// Walks everything reachable from a value a pipeline step caches (fields, recursively; the items of an
/// <see cref="EquatableArray{T}"/>) and lists what must not be there: anything from Microsoft.OpenApi or YamlDotNet,
/// Roslyn's heavy or tree-bound objects (Compilation, ISymbol, SyntaxNode, SyntaxTree, SemanticModel, Location,
/// Diagnostic, SourceText, AdditionalText, analyzer options), JSON DOMs, collections compared by reference (arrays, List, ImmutableArray,
/// Dictionary), and classes without value equality.
/// </summary>
internal static class CacheGraph
{
    private static readonly string[] BannedAssemblies = { "Microsoft.OpenApi", "YamlDotNet" };

    private static readonly Type[] BannedTypes =
    {
        typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Location),
        typeof(Diagnostic), typeof(SourceText), typeof(AdditionalText),
    };

    /// <summary>JSON DOMs, by name: the test process sees two System.Text.Json assemblies (the runtime's and the generator's).</summary>
    private static readonly string[] BannedTypeNames = { "System.Text.Json.JsonDocument", "System.Text.Json.JsonElement" };

    private static bool IsJsonDom(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.Namespace == "System.Text.Json.Nodes" || BannedTypeNames.Contains(t.FullName)) return true;
        }
        return false;
    }

    /// <summary>The problems found under <paramref name="root"/>, each with its path from the root.</summary>
    /// <param name="allowSpecText">Whether a spec's <see cref="SourceText"/> may be held (not walked into): the first step's.</param>
    public static IReadOnlyList<string> Violations(object? root, string rootName, bool allowSpecText = false)
    {
        var problems = new List<string>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Visit(root, rootName);
        return problems;

        void Visit(object? value, string path)
        {
            if (value is null) return;
            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || value is string or decimal) return;
            if (!type.IsValueType && !visited.Add(value)) return;

            var assembly = type.Assembly.GetName().Name ?? "";
            if (BannedAssemblies.Any(b => assembly == b || assembly.StartsWith(b + ".", StringComparison.Ordinal)))
            {
                problems.Add($"{path}: {type.FullName} from {assembly}");
                return;
            }
            if (value is SourceText && allowSpecText && path.EndsWith(".Text", StringComparison.Ordinal)) return;
            if (value is Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider or Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
                || BannedTypes.Any(b => b.IsAssignableFrom(type)) || IsJsonDom(type))
            {
                problems.Add($"{path}: {type.FullName}");
                return;
            }

            // Immutable, equatable, static descriptors: fine to hold, nothing to walk.
            if (value is DiagnosticDescriptor) return;

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
            {
                var index = 0;
                foreach (var item in (IEnumerable)value) Visit(item, $"{path}[{index++}]");
                return;
            }
            if (value is IEnumerable)
            {
                problems.Add($"{path}: {Name(type)} is a collection without value equality (use EquatableArray<T>)");
                return;
            }
            if (!type.IsValueType && !OverridesEquals(type))
            {
                problems.Add($"{path}: {Name(type)} compares by reference");
                return;
            }

            for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    Visit(field.GetValue(value), path + "." + FieldName(field));
            }
        }
    }

    private static bool OverridesEquals(Type type) =>
        type.GetMethod(nameof(Equals), BindingFlags.Instance | BindingFlags.Public, new[] { typeof(object) })?.DeclaringType != typeof(object);

    private static string FieldName(FieldInfo field) =>
        field.IsDefined(typeof(CompilerGeneratedAttribute)) && field.Name.StartsWith('<') ? field.Name.Substring(1, field.Name.IndexOf('>') - 1) : field.Name;

    private static string Name(Type type) =>
        type.IsGenericType ? type.Name.Substring(0, type.Name.IndexOf('`')) + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">" : type.Name;
}
