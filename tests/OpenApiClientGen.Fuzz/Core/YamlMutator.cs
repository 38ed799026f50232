using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenApiClientGen.Fuzz;

/// <summary>
/// Text mutations of YAML: indentation, tabs, anchors and aliases (an alias bomb among them), block scalars, quoting,
/// tags, directives and document markers, flow collections, duplicated / deleted / swapped lines, line endings.
/// </summary>
internal static partial class YamlMutator
{
    [GeneratedRegex(@"^(?<indent> *)(?<dash>- +)?(?<key>[^\s#'""\-?:][^:#]*?|'[^']*'|""[^""]*""):(?<rest>( .*)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Entry();

    /// <summary>An alias bomb with more leaves than this is a heavy case (quick runs skip those).</summary>
    public const double HeavyBombNodes = 1e5;

    private static readonly string[] BlockIndicators = { "|", "|-", "|+", ">", ">-", ">+", "|2", "|1", "|9", "|-2", ">2-", "|0" };
    private static readonly string[] Tags = { "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!binary ", "!!timestamp ", "!custom ", "!<tag:yaml.org,2002:str> ", "!!map ", "!!seq ", "! ", "!!python/object:os.system " };

    public static string Mutate(string text, FuzzRandom random, List<string> operations, out bool heavy)
    {
        heavy = false;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var count = random.Chance(0.6) ? 1 : random.Chance(0.6) ? 2 : 3;
        string? whole = null;
        for (var i = 0; i < count; i++)
        {
            var kind = random.PickWeighted(new double[] { 10, 6, 10, 3, 9, 6, 8, 5, 5, 5, 4, 3, 3 });
            switch (kind)
            {
                case 0: Indent(lines, random, operations); break;
                case 1: Tab(lines, random, operations); break;
                case 2: AnchorAlias(lines, random, operations); break;
                case 3: heavy |= AliasBomb(lines, random, operations); break;
                case 4: BlockScalar(lines, random, operations); break;
                case 5: Quote(lines, random, operations); break;
                case 6: LineEdit(lines, random, operations); break;
                case 7: Tag(lines, random, operations); break;
                case 8: whole = Document(lines, random, operations); break;
                case 9: Flow(lines, random, operations); break;
                case 10: Comment(lines, random, operations); break;
                case 11: LongLine(lines, random, operations, ref heavy); break;
                default: MergeKey(lines, random, operations); break;
            }
            if (whole is not null)
            {
                lines = whole.Split('\n').ToList();
                whole = null;
            }
        }
        return string.Join("\n", lines);
    }

    // ------------------------------------------------------------------ edits

    private static void Indent(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var at = PickEntry(lines, random);
        if (at < 0) return;
        var block = random.Chance(0.3) ? Subtree(lines, at) : 1;
        var delta = random.Pick(new[] { -4, -3, -2, -1, 1, 2, 3, 4 });
        for (var i = at; i < at + block; i++)
        {
            var line = lines[i];
            lines[i] = delta > 0 ? new string(' ', delta) + line : line.Substring(Math.Min(-delta, Leading(line)));
        }
        ops.Add($"yaml-indent: line {at + 1}{(block > 1 ? $" and the {block - 1} below it" : "")} by {delta:+0;-0} spaces");
    }

    private static void Tab(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var at = PickEntry(lines, random);
        if (at < 0) return;
        var line = lines[at];
        var indent = Leading(line);
        switch (random.Next(3))
        {
            case 0 when indent > 0:
                lines[at] = "\t" + line.Substring(Math.Min(indent, random.Chance(0.5) ? 2 : indent));
                ops.Add($"yaml-tab: line {at + 1}'s indentation replaced by a tab");
                break;
            case 1:
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                if (colon < 0) goto default;
                lines[at] = line.Substring(0, colon + 1) + "\t" + line.Substring(colon + 2);
                ops.Add($"yaml-tab: a tab after the colon of line {at + 1}");
                break;
            default:
                lines[at] = new string(' ', indent) + "\t" + line.Substring(indent);
                ops.Add($"yaml-tab: a tab after the indentation of line {at + 1}");
                break;
        }
    }

    private static void AnchorAlias(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var a = PickEntry(lines, random);
        var b = PickEntry(lines, random);
        if (a < 0 || b < 0) return;
        var name = "fz" + random.Next(1000).ToString(CultureInfo.InvariantCulture);
        var variant = random.Next(6);
        if (variant == 0)
        {
            // An alias nobody defined.
            SetValue(lines, b, "*nope" + name);
            ops.Add($"yaml-alias: line {b + 1}'s value replaced by an undefined alias *nope{name}");
            return;
        }
        var anchorLine = a;
        if (variant == 1)
        {
            // An alias inside its own anchor's node.
            if (Subtree(lines, a) < 2) return;
            var inner = a + 1;
            AddAnchor(lines, a, name);
            SetValue(lines, inner, "*" + name);
            ops.Add($"yaml-alias: line {a + 1} anchored &{name}, aliased inside itself at line {inner + 1}");
            return;
        }
        AddAnchor(lines, anchorLine, name);
        if (variant == 2)
        {
            // The same anchor defined twice.
            AddAnchor(lines, b, name);
            ops.Add($"yaml-alias: anchor &{name} defined at lines {a + 1} and {b + 1}");
            return;
        }
        if (a == b) return;
        var removed = SetValue(lines, b, "*" + name);
        ops.Add($"yaml-alias: line {a + 1} anchored &{name}, line {b + 1}'s value (and {removed} line(s) below) replaced by *{name}{(b < a ? " (before the anchor)" : "")}");
    }

    private static bool AliasBomb(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var fanout = random.Pick(new[] { 9, 10 });
        var levels = random.Next(2, 10);
        var nodes = Math.Pow(fanout, levels);
        var start = FirstContentLine(lines);
        var bomb = new List<string> { $"x-fuzz-l0: &fzl0 [{string.Join(", ", Enumerable.Repeat("\"lol\"", fanout))}]" };
        for (var i = 1; i <= levels; i++)
            bomb.Add($"x-fuzz-l{i}: &fzl{i} [{string.Join(", ", Enumerable.Repeat($"*fzl{i - 1}", fanout))}]");
        lines.InsertRange(start, bomb);
        var where = random.Next(3);
        var placed = "at the root (extensions)";
        if (where > 0)
        {
            // Used by a schema: an enum of arrays, or an example.
            var schemas = lines.FindIndex(l => l.TrimEnd() == "  schemas:");
            if (schemas >= 0)
            {
                var keyword = where == 1 ? "enum" : "example";
                lines.Insert(schemas + 1, "    FuzzBomb:");
                lines.Insert(schemas + 2, $"      {keyword}: *fzl{levels}");
                placed = $"and used as the {keyword} of #/components/schemas/FuzzBomb";
            }
        }
        ops.Add($"yaml-alias-bomb: {levels} levels of fan-out {fanout} ({nodes:0} leaves) inserted at line {start + 1} {placed}");
        return nodes > HeavyBombNodes;
    }

    private static void BlockScalar(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var candidates = Enumerable.Range(0, lines.Count).Where(i => Entry().Match(lines[i]) is { Success: true } m && m.Groups["rest"].Value.Trim() is { Length: > 0 } v && !"[{&*|>!#".Contains(v[0], StringComparison.Ordinal)).ToList();
        if (candidates.Count == 0) return;
        var at = random.Pick(candidates);
        var match = Entry().Match(lines[at]);
        var value = match.Groups["rest"].Value.Trim().Trim('\'', '"');
        var indicator = random.Pick(BlockIndicators);
        var indent = Leading(lines[at]) + (match.Groups["dash"].Success ? match.Groups["dash"].Length : 0) + 2;
        var pad = new string(' ', indent);
        var content = random.Next(7) switch
        {
            0 => new[] { pad + value },
            1 => new[] { pad + "  ", pad + value },                      // a first line of spaces only (YamlDotNet rejects it under |+)
            2 => new[] { pad + value + "   " },                          // trailing spaces
            3 => new[] { pad + value, "", "", "" },                      // trailing empty lines (kept by |+)
            4 => Array.Empty<string>(),                                   // no content
            5 => new[] { pad + value, new string(' ', Math.Max(0, indent - 1)) + "less indented" },
            _ => new[] { pad + "\t" + value, pad + "    more indented", pad + "# not a comment" },
        };
        lines[at] = lines[at].Substring(0, lines[at].Length - match.Groups["rest"].Length) + " " + indicator;
        lines.InsertRange(at + 1, content);
        ops.Add($"yaml-block-scalar: line {at + 1}'s value as '{indicator}' with {content.Length} content line(s)");
    }

    private static void Quote(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var at = PickEntry(lines, random);
        if (at < 0) return;
        var match = Entry().Match(lines[at]);
        var key = match.Groups["key"].Value;
        var rest = match.Groups["rest"].Value.Trim();
        var head = lines[at].Substring(0, match.Groups["key"].Index);
        string replaced;
        switch (random.Next(6))
        {
            case 0: replaced = head + key.Trim('\'', '"') + ":" + (rest.Length > 0 ? " " + rest : ""); break;                // unquoted key ('200' -> 200)
            case 1: replaced = head + key + ": " + rest.Trim('\'', '"'); break;                                           // unquoted value ('3.0' -> 3.0)
            case 2: replaced = head + key + ": '" + rest; break;                                                          // unbalanced quote
            case 3: replaced = head + key + ": \"\\x" + rest + "\\u12\""; break;                                         // bad escapes
            case 4: replaced = head + "\"" + key.Trim('\'', '"') + "\\t\"" + ":" + (rest.Length > 0 ? " " + rest : ""); break;
            default: replaced = head + "'" + key.Trim('\'', '"') + "''x'" + ":" + (rest.Length > 0 ? " " + rest : ""); break;
        }
        lines[at] = replaced;
        ops.Add($"yaml-quote: line {at + 1} requoted as {YamlNodes.Quote(Shorten(replaced.Trim()))}");
    }

    private static void LineEdit(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var at = PickEntry(lines, random);
        if (at < 0) return;
        switch (random.Next(5))
        {
            case 0:
                ops.Add($"yaml-line: line {at + 1} deleted ({YamlNodes.Quote(Shorten(lines[at].Trim()))})");
                lines.RemoveAt(at);
                break;
            case 1:
                lines.Insert(at + 1, lines[at]);
                ops.Add($"yaml-line: line {at + 1} duplicated (a key twice)");
                break;
            case 2 when at + 1 < lines.Count:
                (lines[at], lines[at + 1]) = (lines[at + 1], lines[at]);
                ops.Add($"yaml-line: lines {at + 1} and {at + 2} swapped");
                break;
            case 3:
            {
                var block = Subtree(lines, at);
                var copy = lines.GetRange(at, block);
                lines.InsertRange(at + block, copy);
                ops.Add($"yaml-line: the entry at line {at + 1} with its {block - 1} child line(s) duplicated");
                break;
            }
            default:
            {
                var block = Subtree(lines, at);
                var moved = lines.GetRange(at, block);
                lines.RemoveRange(at, block);
                var to = random.Next(lines.Count + 1);
                lines.InsertRange(to, moved);
                ops.Add($"yaml-line: the entry at line {at + 1} ({block} line(s)) moved to line {to + 1}");
                break;
            }
        }
    }

    private static void Tag(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var at = PickEntry(lines, random);
        if (at < 0) return;
        var match = Entry().Match(lines[at]);
        var tag = random.Pick(Tags);
        var rest = match.Groups["rest"].Value.Trim();
        lines[at] = lines[at].Substring(0, lines[at].Length - match.Groups["rest"].Length) + " " + tag + rest;
        ops.Add($"yaml-tag: {tag.Trim()} before line {at + 1}'s value");
    }

    private static string? Document(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var text = string.Join("\n", lines);
        switch (random.Next(10))
        {
            case 0: ops.Add("yaml-document: %YAML 1.1 directive"); return "%YAML 1.1\n---\n" + text;
            case 1: ops.Add("yaml-document: %YAML 2.0 directive"); return "%YAML 2.0\n---\n" + text;
            case 2: ops.Add("yaml-document: %TAG directive"); return "%TAG ! tag:example.com,2000:\n---\n" + text;
            case 3: ops.Add("yaml-document: a leading ---"); return "---\n" + text;
            case 4: ops.Add("yaml-document: '...' then more content"); return text + "\n...\nx-after-end: 1\n";
            case 5: ops.Add("yaml-document: a second document"); return text + "\n---\nopenapi: 3.0.0\n";
            case 6: ops.Add("yaml-document: a byte order mark"); return "\ufeff" + text;
            case 7: ops.Add("yaml-document: CRLF line endings"); return text.Replace("\n", "\r\n", StringComparison.Ordinal);
            case 8: ops.Add("yaml-document: CR-only line endings"); return text.Replace("\n", "\r", StringComparison.Ordinal);
            default: ops.Add("yaml-document: a NUL at the end"); return text + "\0";
        }
    }

    private static void Flow(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var at = PickEntry(lines, random);
        if (at < 0) return;
        var match = Entry().Match(lines[at]);
        var head = lines[at].Substring(0, lines[at].Length - match.Groups["rest"].Length);
        switch (random.Next(5))
        {
            case 0:
                lines[at] = head + " {" + match.Groups["rest"].Value.Trim();
                ops.Add($"yaml-flow: an unclosed '{{' at line {at + 1}");
                break;
            case 1:
                lines[at] = head + " [" + match.Groups["rest"].Value.Trim() + ", ]]";
                ops.Add($"yaml-flow: unbalanced brackets at line {at + 1}");
                break;
            case 2:
            {
                var pad = new string(' ', Leading(lines[at]));
                lines.Insert(at, pad + "? [complex, key]");
                lines.Insert(at + 1, pad + ": value");
                ops.Add($"yaml-flow: a complex key before line {at + 1}");
                break;
            }
            case 3:
                lines[at] = head + " a: b: c";
                ops.Add($"yaml-flow: 'a: b: c' as line {at + 1}'s value");
                break;
            default:
            {
                // The block mapping below the entry, as one flow mapping (valid YAML, another code path in the parser).
                var block = Subtree(lines, at);
                if (block < 2) goto case 3;
                var children = lines.GetRange(at + 1, block - 1).Where(l => Entry().IsMatch(l) && Leading(l) == Leading(lines[at + 1])).Select(l => l.Trim()).ToList();
                if (children.Count == 0 || children.Any(c => c.EndsWith(':'))) goto case 3;
                lines.RemoveRange(at + 1, block - 1);
                lines[at] = head + " {" + string.Join(", ", children) + "}";
                ops.Add($"yaml-flow: the {children.Count} entries below line {at + 1} as one flow mapping");
                break;
            }
        }
    }

    private static void Comment(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var at = PickEntry(lines, random);
        if (at < 0) return;
        switch (random.Next(3))
        {
            case 0:
                lines[at] += " # a comment: with [brackets] {and} &anchors *aliases";
                ops.Add($"yaml-comment: after line {at + 1}");
                break;
            case 1:
                lines.Insert(at, new string(' ', random.Next(12)) + "# a comment at another indentation");
                ops.Add($"yaml-comment: a comment line before line {at + 1}");
                break;
            default:
                lines[at] += "#not-a-comment";
                ops.Add($"yaml-comment: '#' without a space after line {at + 1}'s value");
                break;
        }
    }

    private static void LongLine(List<string> lines, FuzzRandom random, List<string> ops, ref bool heavy)
    {
        var at = PickEntry(lines, random);
        if (at < 0) return;
        var length = random.Pick(new[] { 100_000, 1_000_000 });
        if (length >= 1_000_000) heavy = true;
        var match = Entry().Match(lines[at]);
        var head = lines[at].Substring(0, lines[at].Length - match.Groups["rest"].Length);
        lines[at] = head + " " + new string('y', length);
        ops.Add($"yaml-long-line: line {at + 1}'s value is {length} characters");
    }

    private static void MergeKey(List<string> lines, FuzzRandom random, List<string> ops)
    {
        var a = PickEntry(lines, random);
        var b = PickEntry(lines, random);
        if (a < 0 || b < 0 || a == b) return;
        var name = "fzm" + random.Next(1000).ToString(CultureInfo.InvariantCulture);
        AddAnchor(lines, a, name);
        var pad = new string(' ', Leading(lines[b]));
        lines.Insert(b, pad + "<<: *" + name);
        ops.Add($"yaml-merge: line {a + 1} anchored &{name}, merged ('<<: *{name}') before line {b + 1}");
    }

    // ------------------------------------------------------------------ helpers

    private static int PickEntry(List<string> lines, FuzzRandom random)
    {
        var entries = new List<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (Entry().IsMatch(lines[i])) entries.Add(i);
        }
        if (entries.Count > 0) return random.Pick(entries);
        return lines.Count == 0 ? -1 : random.Next(lines.Count);
    }

    /// <summary>How many lines the entry at <paramref name="at"/> spans (itself and the more indented lines below).</summary>
    private static int Subtree(List<string> lines, int at)
    {
        var indent = Leading(lines[at]);
        var end = at + 1;
        while (end < lines.Count && (lines[end].Trim().Length == 0 || Leading(lines[end]) > indent)) end++;
        return end - at;
    }

    /// <summary>Sets the value of an entry to <paramref name="value"/>, dropping its child lines; returns how many it dropped.</summary>
    private static int SetValue(List<string> lines, int at, string value)
    {
        var match = Entry().Match(lines[at]);
        if (!match.Success)
        {
            lines[at] = new string(' ', Leading(lines[at])) + "x-fuzz: " + value;
            return 0;
        }
        lines[at] = lines[at].Substring(0, lines[at].Length - match.Groups["rest"].Length) + " " + value;
        var children = Subtree(lines, at) - 1;
        lines.RemoveRange(at + 1, children);
        return children;
    }

    private static void AddAnchor(List<string> lines, int at, string name)
    {
        var match = Entry().Match(lines[at]);
        if (!match.Success) return;
        var rest = match.Groups["rest"].Value;
        lines[at] = lines[at].Substring(0, lines[at].Length - rest.Length) + " &" + name + (rest.Trim().Length > 0 ? " " + rest.Trim() : "");
    }

    private static int FirstContentLine(List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('%') || line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith(' ')) continue;
            return i;
        }
        return 0;
    }

    private static int Leading(string line)
    {
        var n = 0;
        while (n < line.Length && line[n] == ' ') n++;
        return n;
    }

    private static string Shorten(string text) => text.Length > 60 ? text.Substring(0, 57) + "..." : text;

    /// <summary>The bytes of YAML text (UTF-8, no BOM unless the text starts with one).</summary>
    public static byte[] Bytes(string text) => new UTF8Encoding(false).GetBytes(text);
}
