using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

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
        // The aliases of generated files (GeneratedCodeAliases), with the attribute names as written in code.
        "JsonConverterAttribute", "JsonConverter", "JsonEncodedText", "JsonException", "JsonPropertyNameAttribute",
        "JsonPropertyName", "JsonSerializerOptions", "JsonTokenType", "Utf8JsonReader", "Utf8JsonWriter",
    };

    /// <summary>
    /// Short names the generated files declare as aliases inside the spec's namespace, so generated code reads like
    /// hand-written code. No generated type may take these names (they are in <see cref="ShadowingTypeNames"/>).
    /// </summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> GeneratedCodeAliases = new[]
    {
        Alias("JsonConverterAttribute", "global::System.Text.Json.Serialization.JsonConverterAttribute"),
        Alias("JsonEncodedText", "global::System.Text.Json.JsonEncodedText"),
        Alias("JsonException", "global::System.Text.Json.JsonException"),
        Alias("JsonPropertyNameAttribute", "global::System.Text.Json.Serialization.JsonPropertyNameAttribute"),
        Alias("JsonSerializerOptions", "global::System.Text.Json.JsonSerializerOptions"),
        Alias("JsonTokenType", "global::System.Text.Json.JsonTokenType"),
        Alias("Utf8JsonReader", "global::System.Text.Json.Utf8JsonReader"),
        Alias("Utf8JsonWriter", "global::System.Text.Json.Utf8JsonWriter"),
    };

    private static KeyValuePair<string, string> Alias(string name, string type) => new(name, type);

    /// <summary>Members every record (or union/enum struct) already has; a property may not take these names.</summary>
    public static readonly IReadOnlyCollection<string> ReservedMemberNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "EqualityContract", "Equals", "GetHashCode", "ToString", "GetType", "PrintMembers", "Deconstruct", "Clone",
        "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    /// <summary>
    /// PascalCase identifier from any JSON name: words are split at non-alphanumerics and at lower-to-upper humps,
    /// each word is capitalised, symbols are dropped; a leading digit gets an underscore. Never empty.
    /// </summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        var wordStart = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            if (i < name.Length && IsIdentifierPart(name[i]))
            {
                if (wordStart < 0) wordStart = i;
                continue;
            }
            if (wordStart >= 0) AppendWord(builder, name, wordStart, i - wordStart);
            wordStart = -1;
        }

        if (builder.Length == 0) return name.Length == 0 ? "Empty" : "Value";
        if (char.IsDigit(builder[0])) builder.Insert(0, '_');
        return builder.ToString();
    }

    /// <summary>Capitalises a word; an all-capitals word ("IN", "URL") becomes "In", "Url" so "IN_PROGRESS" reads "InProgress".</summary>
    private static void AppendWord(StringBuilder builder, string name, int start, int length)
    {
        var allUpper = true;
        for (var i = start; i < start + length; i++)
        {
            if (char.IsLower(name[i])) { allUpper = false; break; }
        }
        builder.Append(char.ToUpperInvariant(name[start]));
        for (var i = start + 1; i < start + length; i++)
            builder.Append(allUpper ? char.ToLowerInvariant(name[i]) : name[i]);
    }

    /// <summary>The name of an enum member: like <see cref="ToPascalCase"/>, keeping a leading sign ("+1" → "Plus1").</summary>
    public static string ToMemberName(string value)
    {
        if (value.Length > 1 && (value[0] == '+' || value[0] == '-') && IsIdentifierPart(value[1]))
            return (value[0] == '+' ? "Plus" : "Minus") + ToPascalCase(value.Substring(1)).TrimStart('_');
        return ToPascalCase(value);
    }

    /// <summary>Whether <paramref name="name"/> maps to its identifier by plain case and separator changes only.</summary>
    public static bool IsPlainRename(string name)
    {
        foreach (var c in name)
        {
            if (!(IsIdentifierPart(c) || c == '_' || c == '-' || c == '.' || c == ' ' || c == '/')) return false;
        }
        return name.Length > 0 && !char.IsDigit(name[0]);
    }

    public static bool ShadowsCommonType(string typeName) => ShadowingTypeNames.Contains(typeName);

    /// <summary>A camelCase local or parameter name, escaped with @ when it is a keyword.</summary>
    public static string ToCamelCase(string pascal)
    {
        var trimmed = pascal.TrimStart('_');
        if (trimmed.Length == 0 || char.IsDigit(trimmed[0])) return "_" + trimmed;
        var camel = char.ToLowerInvariant(trimmed[0]) + trimmed.Substring(1);
        return SyntaxFacts.GetKeywordKind(camel) != SyntaxKind.None ? "@" + camel : camel;
    }

    /// <summary>A C# string literal for any text (escaped, quoted).</summary>
    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>Makes <paramref name="name"/> unique in <paramref name="taken"/> by appending 2, 3, ...; records the result.</summary>
    public static string Unique(string name, HashSet<string> taken)
    {
        if (taken.Add(name)) return name;
        for (var i = 2; ; i++)
        {
            var candidate = name + i.ToString(CultureInfo.InvariantCulture);
            if (taken.Add(candidate)) return candidate;
        }
    }

    private static bool IsIdentifierPart(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                or UnicodeCategory.DecimalDigitNumber => true,
            _ => false,
        };
}
