using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace OpenApiClientGen.Model;

/// <summary>C# identifiers and literals from any text: the spelling rules binder and emitters share.</summary>
internal static class Identifiers
{
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

    public static bool IsIdentifierPart(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                or UnicodeCategory.DecimalDigitNumber => true,
            _ => false,
        };
}
