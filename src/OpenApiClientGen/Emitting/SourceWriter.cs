using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace OpenApiClientGen.Emitting;

/// <summary>An indented text writer for generated C#: four spaces a level, <c>\n</c> line ends, nothing culture-dependent.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0) _builder.Append(' ', _indent * 4).Append(text);
        _builder.Append('\n');
        return this;
    }

    /// <summary>
    /// A line written from an interpolated string straight into the output: no string is made of it first (GitHub's
    /// document emits 37 MB of C#, and each line's string was garbage the moment it was appended).
    /// </summary>
    public SourceWriter Line([InterpolatedStringHandlerArgument("")] ref LineText text) => text.End();

    public SourceWriter Open(string? header = null)
    {
        if (header is not null) Line(header);
        return OpenBlock();
    }

    /// <inheritdoc cref="Open(string?)"/>
    public SourceWriter Open([InterpolatedStringHandlerArgument("")] ref LineText header)
    {
        header.End();
        return OpenBlock();
    }

    private SourceWriter OpenBlock()
    {
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>The handler of <see cref="Line(ref LineText)"/>: indentation, then each part as it comes, then the line end.</summary>
    [InterpolatedStringHandler]
    public readonly struct LineText
    {
        private readonly SourceWriter _writer;
        private readonly int _start;

        public LineText(int literalLength, int formattedCount, SourceWriter writer)
        {
            _writer = writer;
            _start = writer._builder.Length;
            writer._builder.Append(' ', writer._indent * 4);
        }

        public void AppendLiteral(string value) => _writer._builder.Append(value);

        public void AppendFormatted(string? value) => _writer._builder.Append(value);

        public void AppendFormatted<T>(T value)
        {
            if (value is IFormattable formattable) _writer._builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
            else _writer._builder.Append(value?.ToString());
        }

        /// <summary>Ends the line; a line that came out empty gets no indentation (as <see cref="Line(string)"/>).</summary>
        public SourceWriter End()
        {
            var builder = _writer._builder;
            if (builder.Length == _start + _writer._indent * 4) builder.Length = _start;
            builder.Append('\n');
            return _writer;
        }
    }

    public SourceWriter Close(string closing = "}")
    {
        _indent--;
        return Line(closing);
    }

    /// <summary>A <c>/// &lt;summary&gt;</c> block, XML-escaped, one <c>///</c> line per line of text.</summary>
    public SourceWriter Summary(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return this;
        var trimmedText = text!.Trim();
        if (trimmedText.IndexOf('\n') < 0 && trimmedText.Length <= 100) return Line($"/// <summary>{EscapeXml(trimmedText)}</summary>");
        Line("/// <summary>");
        foreach (var line in text!.Replace("\r\n", "\n").Split('\n'))
        {
            var trimmed = line.TrimEnd();
            Line(trimmed.Length == 0 ? "///" : "/// " + EscapeXml(trimmed));
        }
        return Line("/// </summary>");
    }

    /// <summary>Opens the spec's namespace and declares those of the short aliases (<see cref="OutputNames.Aliases"/>) the file uses.</summary>
    public SourceWriter OpenNamespace(string ns, params string[] aliases)
    {
        Open($"namespace {ns}");
        foreach (var alias in Model.OutputNames.Aliases)
        {
            if (System.Array.IndexOf(aliases, alias.Key) >= 0) Line($"using {alias.Key} = {alias.Value};");
        }
        return Line();
    }

    /// <summary>Writes lines as they are, at the current indentation.</summary>
    public SourceWriter Lines(System.Collections.Generic.IEnumerable<string> lines)
    {
        foreach (var line in lines) Line(line);
        return this;
    }

    /// <summary>Text as XML element content: markup characters escaped, control characters (invalid in XML 1.0) dropped.</summary>
    public static string EscapeXml(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\t': builder.Append(c); break;
                default:
                    if (c >= ' ' && c != '\uFFFE' && c != '\uFFFF') builder.Append(c);
                    break;
            }
        }
        return builder.ToString();
    }

    public override string ToString()
    {
        if (_indent != 0) throw new InvalidOperationException("Unbalanced indentation in generated source.");
        return _builder.ToString();
    }

    public const string Header = "// <auto-generated/>\n// Generated by OpenApiClientGen from an OpenAPI document. Changes are lost when it is regenerated.\n#nullable enable\n";
}
