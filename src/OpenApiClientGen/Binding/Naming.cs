using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using OpenApiClientGen.Model;

namespace OpenApiClientGen.Binding;

/// <summary>Every naming decision: JSON names to idiomatic, valid C# identifiers.</summary>
internal static class Naming
{
    /// <summary>
    /// Type names that would shadow a type a user of the generated namespace is likely to import as well
    /// (<c>using System;</c>, <c>using System.Threading.Tasks;</c> ...). Generated code is <c>global::</c>-qualified
    /// and would compile anyway; user code would get ambiguity errors.
    /// </summary>
    private static readonly HashSet<string> ShadowingTypeNames = new(StringComparer.Ordinal)
    {
        "System", "Object", "String", "Boolean", "Byte", "Char", "Decimal", "Double", "Single", "Int16", "Int32", "Int64",
        "UInt16", "UInt32", "UInt64", "Half", "Void", "Type", "Enum", "Array", "Attribute", "Exception", "Action", "Func",
        "Delegate", "Nullable", "ValueType", "Math", "Convert", "Environment", "Console", "GC", "Buffer", "Range", "Index",
        "Uri", "Guid", "DateTime", "DateTimeOffset", "DateOnly", "TimeOnly", "TimeSpan", "Version", "Task", "ValueTask",
        "List", "Dictionary", "HashSet", "IList", "IEnumerable", "IReadOnlyList", "IReadOnlyDictionary", "KeyValuePair",
        "Stream", "File", "Path", "Directory", "HttpClient", "CancellationToken", "JsonElement", "JsonSerializer",
        "EventArgs", "IDisposable", "Activator", "Random", "Tuple", "ValueTuple", "Lazy", "Monitor", "Thread",
    };

    /// <summary>The name of an enum member: like <see cref="ToPascalCase"/>, keeping a leading sign ("+1" → "Plus1").</summary>
    public static string ToMemberName(string value)
    {
        if (value.Length > 1 && (value[0] == '+' || value[0] == '-') && Identifiers.IsIdentifierPart(value[1]))
            return (value[0] == '+' ? "Plus" : "Minus") + Identifiers.ToPascalCase(value.Substring(1)).TrimStart('_');
        return Identifiers.ToPascalCase(value);
    }

    /// <summary>Whether <paramref name="name"/> maps to its identifier by plain case and separator changes only.</summary>
    public static bool IsPlainRename(string name)
    {
        foreach (var c in name)
        {
            if (!(Identifiers.IsIdentifierPart(c) || c == '_' || c == '-' || c == '.' || c == ' ' || c == '/')) return false;
        }
        return name.Length > 0 && !char.IsDigit(name[0]);
    }

    /// <summary>Whether a type name would shadow a common .NET type, a runtime type or an alias of the generated files.</summary>
    public static bool ShadowsCommonType(string typeName) => ShadowingTypeNames.Contains(typeName) || OutputNames.ReservedTypeNames.Contains(typeName);

}
