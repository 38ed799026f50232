using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenApiClientGen.Fuzz;

/// <summary>The figures of a run, and its failing cases grouped by class and signature.</summary>
internal sealed partial class FuzzSummary
{
    private readonly List<CaseResult> _results = new();

    public int Seed { get; init; }

    /// <summary>Cases whose document is missing (no corpus).</summary>
    public int Skipped { get; set; }

    /// <summary>Cases left out of a light run (a medium or large document, or a heavy mutation).</summary>
    public int SkippedHeavy { get; set; }

    public IReadOnlyList<CaseResult> Results => _results;

    public void Add(CaseResult result) => _results.Add(result);

    public int Cases => _results.Count;
    public int ExceptionCases => Count(FailureClass.Exception);
    public int Oag009Diagnostics => _results.Sum(r => r.Oag009);
    public int Oag009Cases => Count(FailureClass.Oag009);
    public int TimeoutCases => Count(FailureClass.Timeout);
    public int CrashCases => Count(FailureClass.Crash);
    public int Compiled => _results.Count(r => r.Compiled);
    public int CompiledWithErrors => Count(FailureClass.CompileError);
    public int CompiledWithWarnings => Count(FailureClass.CompileWarning);
    public int CompileTimeouts => Count(FailureClass.CompileTimeout);
    public int Unreadable => _results.Count(r => r.Unreadable);
    public int UnreadableLocated => _results.Count(r => r.Unreadable && r.Oag001Located);
    public int Generated => _results.Count(r => r.Sources > 0);

    public double LocatedShare => Unreadable == 0 ? 1 : (double)UnreadableLocated / Unreadable;

    public IEnumerable<CaseResult> Failing => _results.Where(r => r.Failed);

    public int Count(string failureClass) => _results.Count(r => r.Classes.Contains(failureClass));

    /// <summary>The cases of a class, grouped by a signature of their first problem (the diagnostic id and message without its particulars).</summary>
    public IReadOnlyList<(string Signature, List<CaseResult> Cases)> Groups(string failureClass) =>
        _results.Where(r => r.Classes.Contains(failureClass))
            .GroupBy(r => Signature(failureClass, r))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.ToList()))
            .ToList();

    public static string Signature(string failureClass, CaseResult result)
    {
        var text = failureClass switch
        {
            FailureClass.Crash => result.Crash,
            FailureClass.Exception => result.Exception,
            FailureClass.Timeout => result.Timeout is { } t && t.Contains(" at\n", StringComparison.Ordinal) ? t : result.Timeout + " / " + Operation(result),
            FailureClass.Oag009 => result.FirstOag009,
            FailureClass.CompileError => result.FirstCompileError,
            FailureClass.CompileWarning => result.FirstCompileWarning,
            FailureClass.Oag001AtStart => result.FirstOag001,
            _ => Operation(result),
        } ?? "";
        return Normalize(text);
    }

    private static string Operation(CaseResult result) => result.Category + " " + (OperationName().Match(result.Description) is { Success: true } m ? m.Value : "");

    /// <summary>The diagnostic without its location, quoted names and numbers: one signature per kind of problem.</summary>
    public static string Normalize(string text)
    {
        var firstLines = string.Join(" | ", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(2));
        var noLocation = Location().Replace(firstLines, "");
        var noQuotes = Quoted().Replace(noLocation, "'…'");
        var noNumbers = Number().Replace(noQuotes, "N");
        return noNumbers.Length > 220 ? noNumbers.Substring(0, 220) + "…" : noNumbers;
    }

    [GeneratedRegex(@"^\S*\(\d+,\d+\)(-\(\d+,\d+\))?: ", RegexOptions.CultureInvariant)]
    private static partial Regex Location();

    [GeneratedRegex(@"'[^']*'|""[^""]*""", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\b\d+\b", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"(?<=\] )[a-z-]+(?=:)", RegexOptions.CultureInvariant)]
    private static partial Regex OperationName();

    public string Figures(TimeSpan? duration = null)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"OpenApiClientGen fuzz, seed {Seed}: {Cases} cases run{(Skipped > 0 ? $", {Skipped} skipped (document missing)" : "")}{(SkippedHeavy > 0 ? $", {SkippedHeavy} not light (left out)" : "")}{(duration is { } d ? $" in {d:hh\\:mm\\:ss}" : "")}"));
        text.AppendLine(Invariant($"  by category: {string.Join(", ", _results.GroupBy(r => r.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}"));
        text.AppendLine(Invariant($"  generated code for {Generated} cases; unreadable (OAG001) {Unreadable}"));
        text.AppendLine(Invariant($"  exceptions escaping the generator   {ExceptionCases}"));
        text.AppendLine(Invariant($"  OAG009 (internal errors)             {Oag009Diagnostics} diagnostic(s) in {Oag009Cases} case(s)"));
        text.AppendLine(Invariant($"  cases over {10} s (watchdog)           {TimeoutCases}"));
        text.AppendLine(Invariant($"  crashes (worker died)                {CrashCases}"));
        text.AppendLine(Invariant($"  compiled samples                     {Compiled}, with C# errors {CompiledWithErrors}, with C# warnings {CompiledWithWarnings}, compile timeouts {CompileTimeouts}"));
        text.AppendLine(Invariant($"  unreadable documents located past (1,1): {UnreadableLocated} of {Unreadable} ({LocatedShare:P1})"));
        return text.ToString();
    }

    /// <summary>The figures and, per class, the groups of failing (and informational) cases with a few (seed, index) each.</summary>
    public string Details(int casesPerGroup = 8)
    {
        var text = new StringBuilder(Figures());
        foreach (var failureClass in FailureClass.Failures.Concat(FailureClass.Informational))
        {
            var groups = Groups(failureClass);
            if (groups.Count == 0) continue;
            text.AppendLine(Invariant($"{failureClass}: {groups.Sum(g => g.Cases.Count)} case(s)"));
            foreach (var (signature, cases) in groups)
            {
                text.AppendLine(Invariant($"  {cases.Count} x {signature}"));
                foreach (var c in cases.Take(casesPerGroup))
                    text.AppendLine(Invariant($"      ({c.Seed}, {c.Index}) {Shorten(c.Description, 160)}"));
                if (cases.Count > casesPerGroup) text.AppendLine(Invariant($"      ... and {cases.Count - casesPerGroup} more"));
            }
        }
        return text.ToString();
    }

    private static string Shorten(string text, int length) => text.Length > length ? text.Substring(0, length - 1) + "…" : text;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
