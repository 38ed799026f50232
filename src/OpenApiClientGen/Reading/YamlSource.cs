using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OpenApiClientGen.Reading;

/// <summary>
/// YamlDotNet's event parser over spec text, made safe to run on anything: every failure is a <see cref="YamlException"/>
/// with a position, and one construct YamlDotNet wrongly rejects is read. Every walk of YAML text (the converter, the
/// pointer locator, the reference collector) goes through <see cref="Read{T}"/>, so they all see the same document.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>YamlDotNet throws some errors without a position (a tab in indentation: "found invalid tab as indentation"),
/// or at the start of a plain scalar on the line above the tab that ends it ("found a tab character that violate
/// indentation"), and some not as <see cref="YamlException"/> at all (an <see cref="InvalidOperationException"/> from ScanPlainScalar
/// for a flow scalar continued on a line indented less than its collection): both are rethrown at the scanner's
/// position, where it stopped.</item>
/// <item>A literal block scalar whose first lines hold only spaces (<c>example: |+</c> over a line of spaces, as in the
/// OpenAI document) is valid YAML 1.2, but YamlDotNet rejects it ("found extra spaces in first line") whenever that
/// line has two spaces or more. Where that happens, the spaces of those lines are dropped (the lines stay) when that
/// cannot change the value: the lines are empty lines of the scalar (no more spaces than its first content line, or
/// no content line at all) and the header has no indentation indicator; then the text is read again. Lines are kept,
/// so line and column numbers stay those of the original text; <see cref="ToOriginal"/> maps character offsets back.</item>
/// </list>
/// </remarks>
internal sealed class YamlSource
{
    /// <summary>Repairs of blank first lines in one text, each costing one more parse, at most (then the error stands).</summary>
    public const int MaxRepairs = 32;

    private const string BlankFirstLineError = "found extra spaces in first line";

    private const string TabInPlainScalar = "found a tab character that violate indentation.";

    /// <summary>A literal block scalar header ending its line: <c>|</c>, a chomping indicator, a comment.</summary>
    private static readonly Regex LiteralHeader = new(@"(^|[ \t])\|[+-]?[ \t]*(#.*)?$", RegexOptions.CultureInvariant);

    /// <summary>(offset in <see cref="Text"/> from which <c>Removed</c> characters in all were dropped before it), ascending.</summary>
    private readonly List<(int At, int Removed)> _removals = new();

    private YamlSource(string text) => Text = text;

    /// <summary>The text the parser reads: the original one, or it with the spaces of blank first lines dropped.</summary>
    public string Text { get; private set; }

    /// <summary>A character offset in <see cref="Text"/> as an offset in the original text.</summary>
    public int ToOriginal(long index)
    {
        var removed = 0;
        foreach (var (at, total) in _removals)
        {
            if (index < at) break;
            removed = total;
        }
        return (int)index + removed;
    }

    /// <summary>
    /// Runs <paramref name="read"/> over the events of <paramref name="yaml"/>, again over a repaired text when YamlDotNet
    /// rejects a blank first line of a block scalar (so <paramref name="read"/> must start afresh each time).
    /// </summary>
    /// <exception cref="YamlException">The text is not well-formed YAML (or exceeds a limit of <paramref name="read"/>), with its position.</exception>
    public static T Read<T>(string yaml, Func<IParser, YamlSource, T> read)
    {
        var source = new YamlSource(yaml);
        for (var repairs = 0; ; repairs++)
        {
            try
            {
                return read(new GuardedParser(source.Text), source);
            }
            catch (SemanticErrorException e) when (repairs < MaxRepairs && e.Message.EndsWith(BlankFirstLineError + ".", StringComparison.Ordinal) && source.TryRepairBlankFirstLines(e.Start))
            {
                // Read again.
            }
        }
    }

    /// <summary>
    /// Drops the spaces of the blank lines just above <paramref name="next"/> (YamlDotNet's position for the error: the
    /// first line after them), when they start a literal block scalar and are empty lines of it.
    /// </summary>
    private bool TryRepairBlankFirstLines(Mark next)
    {
        var text = Text;
        var nextStart = LineStartAt(text, (int)Math.Min(next.Index, text.Length));
        var first = nextStart;
        var maxSpaces = 0;
        while (first > 0)
        {
            var previous = LineStartAt(text, first - 1);
            if (!IsBlank(text, previous, first, out var spaces)) break;
            maxSpaces = Math.Max(maxSpaces, spaces);
            first = previous;
        }
        if (first == nextStart || first == 0) return false;

        var headerStart = LineStartAt(text, first - 1);
        var header = text.Substring(headerStart, LineContentEnd(text, headerStart) - headerStart);
        if (!LiteralHeader.IsMatch(header)) return false;

        // Whether the next line is content of the scalar: indented more than the node holding it (the key's column,
        // or for "- |" the dash's).
        var nextIndent = 0;
        while (nextStart + nextIndent < text.Length && text[nextStart + nextIndent] == ' ') nextIndent++;
        var atEnd = nextStart + nextIndent >= text.Length;
        var isContent = !atEnd && nextIndent > HeaderIndent(header);
        if (isContent && maxSpaces > nextIndent) return false; // really invalid (YAML test W9L4)

        var kept = new System.Text.StringBuilder(text.Length);
        kept.Append(text, 0, first);
        var removed = 0;
        for (var line = first; line < nextStart;)
        {
            var end = LineContentEnd(text, line);
            removed += end - line;
            var breakEnd = LineStartAfter(text, end);
            kept.Append(text, end, breakEnd - end);
            line = breakEnd;
        }
        if (removed == 0) return false; // already repaired: the error is another one
        kept.Append(text, nextStart, text.Length - nextStart);

        // Offsets from nextStart on (in the new text: nextStart - removed) are shifted by the removed characters.
        var total = (_removals.Count == 0 ? 0 : _removals[_removals.Count - 1].Removed) + removed;
        // (Repairs come in document order: the text before one parsed, so the next error is after it.)
        _removals.Add((nextStart - removed, total));
        Text = kept.ToString();
        return true;
    }

    /// <summary>The column of the node a block scalar header belongs to: its key's, or the last dash's for <c>- |</c>.</summary>
    private static int HeaderIndent(string header)
    {
        var i = 0;
        var lastDash = -1;
        while (true)
        {
            while (i < header.Length && header[i] == ' ') i++;
            if (i + 1 < header.Length && header[i] == '-' && header[i + 1] is ' ' or '\t')
            {
                lastDash = i;
                i++;
                continue;
            }
            break;
        }
        return i < header.Length && header[i] == '|' ? Math.Max(lastDash, 0) : i;
    }

    private static bool IsBlank(string text, int start, int next, out int spaces)
    {
        spaces = 0;
        var end = LineContentEnd(text, start);
        for (var i = start; i < end; i++)
        {
            if (text[i] != ' ') return false;
            spaces++;
        }
        return end < next;
    }

    private static bool IsBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>The start of the line holding <paramref name="index"/> (a line break belongs to the line it ends).</summary>
    private static int LineStartAt(string text, int index)
    {
        var i = Math.Min(index, text.Length);
        if (i > 0 && i < text.Length && text[i] == '\n' && text[i - 1] == '\r') i--;
        while (i > 0 && !IsBreak(text[i - 1])) i--;
        return i;
    }

    private static int LineContentEnd(string text, int start)
    {
        var i = start;
        while (i < text.Length && !IsBreak(text[i])) i++;
        return i;
    }

    private static int LineStartAfter(string text, int contentEnd)
    {
        if (contentEnd >= text.Length) return text.Length;
        if (text[contentEnd] == '\r' && contentEnd + 1 < text.Length && text[contentEnd + 1] == '\n') return contentEnd + 2;
        return contentEnd + 1;
    }

    /// <summary>
    /// YamlDotNet's <see cref="Parser"/> whose every failure is a <see cref="YamlException"/> at a position: an error
    /// without one, or another exception type, is rethrown where the scanner stopped.
    /// </summary>
    private sealed class GuardedParser : IParser
    {
        private readonly Scanner _scanner;
        private readonly Parser _parser;

        public GuardedParser(string text)
        {
            _scanner = new Scanner(new StringReader(text), skipComments: true);
            _parser = new Parser(_scanner);
        }

        public ParsingEvent? Current => _parser.Current;

        public bool MoveNext()
        {
            try
            {
                return _parser.MoveNext();
            }
            catch (YamlException e) when (e.Start.Equals(Mark.Empty))
            {
                var at = _scanner.CurrentPosition;
                throw new SyntaxErrorException(at, at, e.Message);
            }
            catch (YamlException e) when (e.Message.EndsWith(TabInPlainScalar, StringComparison.Ordinal))
            {
                // Its start is the scalar's, on the line above: the tab is where the scanner stopped (its end).
                throw new SyntaxErrorException(e.End, e.End, e.Message);
            }
            catch (Exception e) when (e is not (YamlException or OutOfMemoryException or OperationCanceledException))
            {
                var at = _scanner.CurrentPosition;
                throw new SyntaxErrorException(at, at, $"the YAML parser cannot read the text here ({e.GetType().Name}: {e.Message})");
            }
        }
    }
}
