using System.Diagnostics;
using System.Globalization;
using System.Text;

/// <summary>Timing, medians, locations and the markdown tables every benchmark prints.</summary>
internal static class Harness
{
    /// <summary>The four specs of the comparison, from ../shared/corpus.</summary>
    public static readonly (string Label, string File)[] Specs =
    {
        ("Firecrawl v2", "firecrawl-v2-openapi.json"),
        ("Stripe", "stripe-spec3.json"),
        ("OpenAI", "openai-openapi.json"),
        ("GitHub", "github-api.github.com.json"),
    };

    /// <summary>The repository root: the first folder above the benchmark's binaries holding OpenApiClientGen.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>../shared/corpus beside the repository, or OPENAPICLIENTGEN_CORPUS.</summary>
    public static string Corpus =>
        Environment.GetEnvironmentVariable("OPENAPICLIENTGEN_CORPUS") is { Length: > 0 } corpus
            ? corpus
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));

    /// <summary>The specs named on the command line (file names in the corpus, or paths), else the four.</summary>
    public static (string Label, string Path)[] SelectSpecs(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return Specs.Select(s => (s.Label, Path.Combine(Corpus, s.File))).ToArray();
        return names.Select(name =>
        {
            var known = Specs.FirstOrDefault(s => s.File == name || s.Label.Equals(name, StringComparison.OrdinalIgnoreCase));
            var file = known.File ?? name;
            var path = Path.IsPathRooted(file) || File.Exists(file) ? Path.GetFullPath(file) : Path.Combine(Corpus, file);
            return (known.Label ?? Path.GetFileName(path), path);
        }).ToArray();
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>One measured call: wall time and bytes allocated on all threads, after a full collection.</summary>
    public static (double Milliseconds, long Allocated) Measure(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        action();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        return (elapsed, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    public static string Ms(double ms) => double.IsNaN(ms) ? "–"
        : ms >= 100 ? ms.ToString("N0", CultureInfo.InvariantCulture) + " ms"
        : ms >= 1 ? ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms"
        : ms.ToString("0.000", CultureInfo.InvariantCulture) + " ms";

    public static string Seconds(double ms) => double.IsNaN(ms) ? "–" : (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s";

    public static string Bytes(double bytes) => double.IsNaN(bytes) ? "–"
        : bytes >= 1 << 30 ? (bytes / (1 << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GB"
        : bytes >= 1 << 20 ? (bytes / (1 << 20)).ToString(bytes >= 100 << 20 ? "N0" : "0.0", CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1 << 10 ? (bytes / (1 << 10)).ToString("N0", CultureInfo.InvariantCulture) + " KB"
        : bytes.ToString("N0", CultureInfo.InvariantCulture) + " B";

    public static string Ratio(double ratio) => double.IsNaN(ratio) ? "–" : ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static string Percent(double ratio) => double.IsNaN(ratio) ? "–"
        : (ratio * 100).ToString(ratio < 0.001 ? "0.000" : ratio < 0.1 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " %";

    public static string Met(bool met) => met ? "**met**" : "**missed**";

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A markdown table: a bold title line, then the table; columns whose header ends in ':' are right-aligned.</summary>
    public static void Table(string title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IEnumerable<string>? notes = null)
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine("### " + title).AppendLine();
        text.Append('|');
        foreach (var h in headers) text.Append(' ').Append(h.TrimEnd(':')).Append(" |");
        text.AppendLine().Append('|');
        foreach (var h in headers) text.Append(h.EndsWith(':') ? "---:|" : "---|");
        text.AppendLine();
        foreach (var row in rows)
        {
            text.Append('|');
            foreach (var cell in row) text.Append(' ').Append(cell.Replace("|", "\\|")).Append(" |");
            text.AppendLine();
        }
        if (notes is not null)
        {
            text.AppendLine();
            foreach (var note in notes) text.AppendLine(note);
        }
        Console.Write(text.ToString());
        Console.Out.Flush();
    }

    /// <summary>Progress, on stderr so that stdout holds only the tables.</summary>
    public static void Progress(string message) => Console.Error.WriteLine("  … " + message);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenApiClientGen.sln"))) return dir.FullName;
        return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../.."));
    }
}
