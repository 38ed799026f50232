using System.Text;

namespace OpenApiClientGen.Fuzz;

/// <summary>Byte-level mutations of a document's UTF-8 bytes: bit flips, insertions, deletions, duplicated ranges, truncation.</summary>
internal static class ByteMutator
{
    private static readonly byte[][] Tokens = new[]
    {
        "{", "}", "[", "]", "\"", "'", ":", ",", "\\", "\n", "\r", "\r\n", "\t", " ", "#", "&", "*", "!", "|", ">", "-", "?", "%",
        "\\u", "\\u00", "\\ud800", "null", "true", "1e999", "-", "0x", "{{", "}}", "$ref", "\"$ref\":", "---\n", "...\n", "- ", ": ",
    }.Select(Encoding.UTF8.GetBytes).Concat(new[]
    {
        new byte[] { 0x00 }, new byte[] { 0xFF }, new byte[] { 0xFE }, new byte[] { 0xC3 }, new byte[] { 0xE2, 0x80 }, new byte[] { 0xEF, 0xBB, 0xBF },
        new byte[] { 0xE2, 0x80, 0xA8 }, new byte[] { 0xC2, 0x85 }, new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0x1B }, new byte[] { 0x7F },
    }).ToArray();

    private static readonly byte[] Structural = Encoding.ASCII.GetBytes("{}[]\":,\n'-#&*|>");

    public static byte[] Mutate(byte[] input, FuzzRandom random, List<string> operations)
    {
        var data = input;
        var count = random.Chance(0.6) ? 1 : random.Chance(0.6) ? 2 : 3;
        for (var i = 0; i < count; i++) data = MutateOnce(data, random, operations);
        return data;
    }

    private static byte[] MutateOnce(byte[] data, FuzzRandom random, List<string> operations)
    {
        if (data.Length == 0)
        {
            var token = random.Pick(Tokens);
            operations.Add($"insert {Show(token)} into the empty document");
            return token;
        }
        switch (random.Next(7))
        {
            case 0:
            {
                var copy = (byte[])data.Clone();
                var flips = random.NextLength(8);
                var shown = new List<string>();
                for (var f = 0; f < flips; f++)
                {
                    var at = Position(copy, random);
                    var bit = random.Next(8);
                    copy[at] ^= (byte)(1 << bit);
                    if (shown.Count < 4) shown.Add($"{at}.{bit}");
                }
                operations.Add($"flip {flips} bit(s) at offset.bit {string.Join(", ", shown)}{(flips > shown.Count ? ", ..." : "")}");
                return copy;
            }
            case 1:
            {
                var at = Position(data, random, insertion: true);
                byte[] bytes;
                if (random.Chance(0.7))
                {
                    bytes = random.Pick(Tokens);
                    if (random.Chance(0.2)) bytes = Enumerable.Repeat(bytes, random.NextLength(64)).SelectMany(b => b).ToArray();
                }
                else
                {
                    bytes = new byte[random.NextLength(16)];
                    for (var b = 0; b < bytes.Length; b++) bytes[b] = (byte)random.Next(256);
                }
                operations.Add($"insert {Show(bytes)} at offset {at}");
                return Splice(data, at, 0, bytes);
            }
            case 2:
            {
                var at = Position(data, random);
                var length = random.NextLength(Math.Min(4096, data.Length - at));
                operations.Add($"delete {length} byte(s) at offset {at}");
                return Splice(data, at, length, Array.Empty<byte>());
            }
            case 3:
            {
                var from = Position(data, random);
                var length = random.NextLength(Math.Min(4096, data.Length - from));
                var range = data.AsSpan(from, length).ToArray();
                var to = random.Chance(0.5) ? from + length : Position(data, random, insertion: true);
                operations.Add($"duplicate the {length} byte(s) at offset {from} to offset {to}");
                return Splice(data, to, 0, range);
            }
            case 4:
            {
                var at = Position(data, random);
                var length = random.NextLength(Math.Min(256, data.Length - at));
                var fill = random.Pick(new byte[] { 0x00, 0xFF, (byte)' ', (byte)'"', (byte)'{', (byte)'\n', (byte)'\t', (byte)'9' });
                operations.Add($"overwrite {length} byte(s) at offset {at} with 0x{fill:X2}");
                var copy = (byte[])data.Clone();
                copy.AsSpan(at, length).Fill(fill);
                return copy;
            }
            case 5:
            {
                var at = Position(data, random);
                operations.Add($"truncate at offset {at} of {data.Length}");
                return data.AsSpan(0, at).ToArray();
            }
            default:
            {
                // Swap two ranges (a splice of the document with itself).
                var a = Position(data, random);
                var b = Position(data, random);
                if (a > b) (a, b) = (b, a);
                var length = random.NextLength(Math.Max(1, Math.Min(2048, b - a)));
                if (b - a < length || b + length > data.Length)
                {
                    operations.Add($"delete {Math.Min(length, data.Length - a)} byte(s) at offset {a}");
                    return Splice(data, a, Math.Min(length, data.Length - a), Array.Empty<byte>());
                }
                var copy = (byte[])data.Clone();
                data.AsSpan(b, length).CopyTo(copy.AsSpan(a));
                data.AsSpan(a, length).CopyTo(copy.AsSpan(b));
                operations.Add($"swap the {length} byte(s) at offsets {a} and {b}");
                return copy;
            }
        }
    }

    /// <summary>A position, half the time moved to the next structural character (where a change breaks the syntax, not a description).</summary>
    private static int Position(byte[] data, FuzzRandom random, bool insertion = false)
    {
        var at = (int)random.NextLong(data.Length + (insertion ? 1 : 0));
        if (random.Chance(0.5) && at < data.Length)
        {
            var next = data.AsSpan(at).IndexOfAny(Structural);
            if (next >= 0) at += next;
        }
        return at;
    }

    private static byte[] Splice(byte[] data, int at, int remove, byte[] insert)
    {
        var result = new byte[data.Length - remove + insert.Length];
        data.AsSpan(0, at).CopyTo(result);
        insert.CopyTo(result.AsSpan(at));
        data.AsSpan(at + remove).CopyTo(result.AsSpan(at + insert.Length));
        return result;
    }

    private static string Show(byte[] bytes)
    {
        var shown = bytes.Length > 12 ? bytes.AsSpan(0, 12).ToArray() : bytes;
        var text = string.Concat(shown.Select(b => b is >= 0x20 and < 0x7F and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}"));
        return $"\"{text}{(bytes.Length > 12 ? $"...\" ({bytes.Length} bytes)" : "\"")}";
    }
}
