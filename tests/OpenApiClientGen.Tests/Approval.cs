using System.Text;
using Xunit;

namespace OpenApiClientGen.Tests;

/// <summary>
/// Snapshot approval without Verify: text is compared with a committed <c>Snapshots/&lt;name&gt;.verified.cs</c>. On a
/// mismatch <c>&lt;name&gt;.received.cs</c> is written beside it (git-ignored) and the test fails with the first differing
/// line. With <c>OAG_ACCEPT=1</c> the received text becomes the verified one. Line ends are normalised to <c>\n</c>.
/// </summary>
internal static class Approval
{
    public const string AcceptVariable = "OAG_ACCEPT";

    public static string Directory { get; } = Path.Combine(TestPaths.RepositoryRoot, "tests", "OpenApiClientGen.Tests", "Snapshots");

    public static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    /// <summary>Approves one text; <paramref name="name"/> may contain <c>/</c> for a sub-folder.</summary>
    public static void Verify(string name, string actual) => VerifyAll(new[] { (name, actual) });

    /// <summary>Approves several texts, reporting every mismatch at once (a change often touches more than one file).</summary>
    public static void VerifyAll(IEnumerable<(string Name, string Actual)> snapshots)
    {
        var failures = new List<string>();
        foreach (var (name, actual) in snapshots)
        {
            if (Check(Directory, name, actual, Accepting) is { } failure) failures.Add(failure);
        }
        if (failures.Count > 0)
            Assert.Fail(string.Join("\n\n", failures) + $"\n\nReview the .received.cs files; accept them with {AcceptVariable}=1 (or move them over the .verified.cs files).");
    }

    /// <summary>The names of the committed snapshots under a sub-folder, for finding stale ones.</summary>
    public static IReadOnlyList<string> VerifiedNames(string folder)
    {
        var root = Path.Combine(Directory, folder);
        if (!System.IO.Directory.Exists(root)) return Array.Empty<string>();
        return System.IO.Directory.GetFiles(root, "*.verified.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Directory, f).Replace('\\', '/'))
            .Select(f => f.Substring(0, f.Length - ".verified.cs".Length))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    /// <summary>Compares, accepts or writes the received file; returns the failure message, or null when approved.</summary>
    public static string? Check(string root, string name, string actual, bool accept)
    {
        if (name.Length == 0 || name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(name))
            throw new ArgumentException($"Invalid snapshot name '{name}'.", nameof(name));

        var verifiedPath = Path.Combine(root, name + ".verified.cs");
        var receivedPath = Path.Combine(root, name + ".received.cs");
        actual = Normalize(actual);
        var expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;

        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return null;
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        if (accept)
        {
            File.WriteAllText(verifiedPath, actual, utf8);
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return null;
        }

        File.WriteAllText(receivedPath, actual, utf8);
        return expected is null
            ? $"Snapshot '{name}' has no {Path.GetFileName(verifiedPath)}; wrote {receivedPath}."
            : $"Snapshot '{name}' differs from {Path.GetFileName(verifiedPath)}; wrote {receivedPath}.\n{FirstDifference(expected, actual)}";
    }

    /// <summary>A short hint: the first line that differs, with both versions, and the line counts.</summary>
    public static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : null;
            var right = i < a.Length ? a[i] : null;
            if (string.Equals(left, right, StringComparison.Ordinal)) continue;
            return $"First difference at line {i + 1} (verified has {e.Length} lines, received {a.Length}):\n"
                + $"  verified: {Show(left)}\n"
                + $"  received: {Show(right)}";
        }
        return "The texts differ only in line ends.";
    }

    private static string Show(string? line) => line is null ? "(end of file)" : line.Length > 200 ? line.Substring(0, 200) + "…" : line;
}
