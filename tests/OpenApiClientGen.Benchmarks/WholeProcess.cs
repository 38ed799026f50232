using System.Diagnostics;
using System.Globalization;
using static Harness;

/// <summary>
/// Whole processes: NSwag's CLI (<c>dotnet dotnet-nswag.dll openapi2csclient /input:spec /output:file</c>) and Kiota's
/// (<c>dotnet kiota.dll generate -l CSharp -d spec -o folder</c>) against our console front end
/// (<c>dotnet OpenApiClientGen.Cli.dll spec folder</c>) and its other builds (ReadyToRun, composite ReadyToRun
/// self-contained, Native AOT: <see cref="Build"/>s), alternating in one run, N rounds per spec.
/// Wall time from process start to exit; peak RSS from /usr/bin/time -v's "Maximum resident set size" (%M), else from
/// polling VmHWM in /proc/PID/status. Every run of every build of ours must write the same files, byte for byte, as the
/// first run of the managed front end on that spec: a build whose output differs is dropped from the row ("output
/// differs"), so a broken native build cannot look fast.
/// </summary>
internal static class WholeProcess
{
    /// <summary>A tool: a .dll run by the <c>dotnet</c> host, or an executable run by itself (a self-contained or native build).</summary>
    public sealed record Tool(string Name, string Dll, Func<string, string, string[]> Arguments)
    {
        public bool Hosted => Dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

        public string CommandLine(string spec, string output) =>
            (Hosted ? "dotnet " : "") + Path.GetRelativePath(RepositoryRoot, Dll) + " " + string.Join(' ', Arguments(spec, output));
    }

    /// <summary>Another build of our front end: its tool, what it is (for the notes), its files on disk (size).</summary>
    public sealed record Build(Tool Tool, string Description)
    {
        /// <summary>The published folder's size and the entry file's (the executable, or the .dll beside the host).</summary>
        public string Size()
        {
            var folder = Path.GetDirectoryName(Tool.Dll)!;
            var all = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".dbg", StringComparison.Ordinal) && !f.EndsWith(".pdb", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
            return $"{Bytes(new FileInfo(Tool.Dll).Length)} {Path.GetFileName(Tool.Dll)}, {Bytes(all)} published (without symbols)";
        }
    }

    /// <summary>NSwag 14.7.1's whole-process times measured on this project's machine earlier (design/ARCHITECTURE.md), for when NSwag cannot run.</summary>
    private static readonly Dictionary<string, double> RecordedNSwagSeconds = new()
    {
        ["firecrawl-v2-openapi.json"] = 0.53, ["stripe-spec3.json"] = 1.6, ["openai-openapi.json"] = 3.0, ["github-api.github.com.json"] = 4.0,
    };

    public static void Run(IReadOnlyList<(string Label, string Path)> specs, Tool ours, Tool? nswag, string? nswagMissing, IReadOnlyList<Build> builds, int rounds, Tool? kiota = null)
    {
        var tools = new List<Tool> { ours };
        if (nswag is not null) tools.Add(nswag);
        if (kiota is not null) tools.Add(kiota);
        tools.AddRange(builds.Select(b => b.Tool));
        var ourTools = new[] { ours }.Concat(builds.Select(b => b.Tool)).ToList();
        var differing = new List<string>();
        var timeCommand = File.Exists("/usr/bin/time") ? "/usr/bin/time" : null;
        var scratch = Directory.CreateTempSubdirectory("oag-bench-");
        var rows = new List<IReadOnlyList<string>>();
        var profiles = new List<string>();
        try
        {
            foreach (var (label, path) in specs)
            {
                Progress($"whole process: {label}, {rounds} rounds of {string.Join(", ", tools.Select(t => t.Name))}, alternating");
                var samples = tools.ToDictionary(t => t, _ => new List<(double Ms, long PeakKb)>());
                var outputSizes = new Dictionary<Tool, long>();
                var failed = new HashSet<Tool>();
                var whyFailed = new Dictionary<Tool, string>();
                OutputDigest? expected = null; // the managed front end's output, from its first run
                // One untimed round first: file cache, and a check that each tool succeeds on the spec (a peer that fails
                // on it is left out of that row; ours failing fails the run).
                for (var round = -1; round < rounds; round++)
                {
                    var order = round <= 0 || round % 2 == 0 ? tools : Enumerable.Reverse(tools).ToList();
                    foreach (var tool in order.Where(t => !failed.Contains(t)))
                    {
                        var output = Path.Combine(scratch.FullName, tool.Name.Replace(' ', '-').Replace(",", ""));
                        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
                        Directory.CreateDirectory(output);
                        (double Ms, long PeakKb) sample;
                        try
                        {
                            sample = RunOnce(tool, path, output, timeCommand, scratch.FullName);
                        }
                        catch (InvalidOperationException e) when (tool != ours)
                        {
                            Progress($"whole process: {tool.Name} failed on {label}: {e.Message.Split('\n')[0]}");
                            failed.Add(tool);
                            whyFailed[tool] = "failed";
                            continue;
                        }
                        outputSizes[tool] = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                        if (ourTools.Contains(tool))
                        {
                            // The same files as the managed front end's, byte for byte (ours runs first in the untimed round).
                            var digest = Digest(output);
                            expected ??= tool == ours ? digest : throw new InvalidOperationException("the managed front end runs first");
                            if (digest.Text != expected.Text)
                            {
                                if (tool == ours) throw new InvalidOperationException($"ours wrote different output on {label} in two runs: {digest.Summary} against {expected.Summary}");
                                Progress($"whole process: {tool.Name} wrote different output from ours on {label} ({digest.Summary} against {expected.Summary}): left out");
                                differing.Add($"{tool.Name} on {label}: {digest.Summary} against the managed front end's {expected.Summary}");
                                failed.Add(tool);
                                whyFailed[tool] = "output differs";
                                samples[tool].Clear();
                                continue;
                            }
                        }
                        if (round >= 0) samples[tool].Add(sample);
                    }
                }

                // Where our process's time goes: one more run with --timings (not among the samples).
                foreach (var tool in ourTools.Where(t => !failed.Contains(t)))
                {
                    var profiled = tool with { Arguments = (spec, output) => tool.Arguments(spec, output).Append("--timings").ToArray() };
                    var output = Path.Combine(scratch.FullName, "profile");
                    Directory.CreateDirectory(output);
                    RunOnce(profiled, path, output, timeCommand, scratch.FullName);
                    var timings = File.ReadLines(Path.Combine(scratch.FullName, "last-run.log")).FirstOrDefault(l => l.StartsWith("timings: ", StringComparison.Ordinal));
                    profiles.Add($"- {tool.Name}, {label}: {timings?["timings: ".Length..] ?? "no timings"}");
                }

                double Wall(Tool t) => Median(samples[t].Select(s => s.Ms).ToList());
                double Peak(Tool t) => Median(samples[t].Select(s => (double)s.PeakKb * 1024).ToList());
                var nswagWall = nswag is not null ? Wall(nswag)
                    : RecordedNSwagSeconds.TryGetValue(Path.GetFileName(path), out var recorded) ? recorded * 1000 : double.NaN;
                var nswagPeak = nswag is not null ? Peak(nswag) : double.NaN;
                var ratio = Wall(ours) / nswagWall;
                var row = new List<string>
                {
                    label, Seconds(nswagWall) + (nswag is null ? " (recorded)" : ""), Seconds(Wall(ours)), Ratio(ratio), "≤ 0.33×", Met(ratio <= 1.0 / 3),
                    Bytes(nswagPeak), Bytes(Peak(ours)), Ratio(Peak(ours) / nswagPeak),
                };
                if (kiota is not null)
                {
                    if (failed.Contains(kiota))
                    {
                        row.AddRange(new[] { "failed", "–", "", "–", "–" });
                    }
                    else
                    {
                        var versusKiota = Wall(ours) / Wall(kiota);
                        row.AddRange(new[] { Seconds(Wall(kiota)), Ratio(versusKiota), Met(versusKiota <= 0.1), Bytes(Peak(kiota)), Ratio(Peak(ours) / Peak(kiota)) });
                    }
                }
                var kiotaWall = kiota is null || failed.Contains(kiota) ? double.NaN : Wall(kiota);
                var kiotaPeak = kiota is null || failed.Contains(kiota) ? double.NaN : Peak(kiota);
                foreach (var build in builds)
                {
                    var tool = build.Tool;
                    if (failed.Contains(tool))
                    {
                        row.AddRange(new[] { whyFailed[tool], "–", "", "–", "", "–" });
                        continue;
                    }
                    var versusNSwag = Wall(tool) / nswagWall;
                    var versusKiota = Wall(tool) / kiotaWall;
                    row.AddRange(new[]
                    {
                        Seconds(Wall(tool)), Ratio(versusNSwag), Met(versusNSwag <= 1.0 / 3), Ratio(versusKiota), double.IsNaN(versusKiota) ? "" : Met(versusKiota <= 0.1),
                        $"{Bytes(Peak(tool))}: {Ratio(Peak(tool) / nswagPeak)} / {Ratio(Peak(tool) / kiotaPeak)}",
                    });
                }
                row.Add($"{(nswag is null ? "–" : Bytes(outputSizes[nswag]))} / {(kiota is null || failed.Contains(kiota) ? "–" : Bytes(outputSizes[kiota]))} / {Bytes(outputSizes[ours])}");
                rows.Add(row);
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        var headers = new List<string>
        {
            "spec", "NSwag wall:", "ours wall:", "ours ÷ NSwag:", "target", "", "NSwag peak RSS:", "ours peak RSS:", "ours ÷ NSwag:",
        };
        if (kiota is not null) headers.AddRange(new[] { "Kiota wall:", "ours ÷ Kiota (≤ 0.1×):", "", "Kiota peak RSS:", "peak ours ÷ Kiota:" });
        foreach (var build in builds)
            headers.AddRange(new[] { build.Tool.Name + " wall:", "÷ NSwag (≤ 0.33×):", "", "÷ Kiota (≤ 0.1×):", "", "peak RSS: ÷ NSwag / ÷ Kiota" });
        headers.Add("output NSwag / Kiota / ours");
        var notes = new List<string>
        {
            Invariant($"Medians of {rounds} rounds per spec (after one untimed round), the tools alternating (order reversed every other round). Wall: process start to exit, measured by this harness; peak RSS: {(timeCommand is null ? "VmHWM polled from /proc/PID/status every 5 ms (no /usr/bin/time here: an under-estimate for short spikes)" : "/usr/bin/time's maximum resident set size")}."),
            nswag is null
                ? $"NSwag could not run here ({nswagMissing}): its column holds the whole-process times recorded earlier on this project's machine (design/ARCHITECTURE.md), so the ratios compare with another day's load."
                : $"NSwag: dotnet {Path.GetRelativePath(RepositoryRoot, nswag.Dll)} {string.Join(' ', nswag.Arguments("<spec>", "<out>"))} (its default settings: Newtonsoft.Json models, one file).",
            $"Ours: dotnet {Path.GetRelativePath(RepositoryRoot, ours.Dll)} <spec> <out> (models, JSON metadata, client, retry metadata: four files; workstation non-concurrent GC, invariant globalization). Both are IL-only builds run by the same `dotnet` host, so each pays its own JIT.",
        };
        if (kiota is not null)
            notes.Add($"Kiota: dotnet {Path.GetRelativePath(RepositoryRoot, kiota.Dll)} {string.Join(' ', kiota.Arguments("<spec>", "<out>"))} (Kiota 1.38 as a .NET tool; its models, request builders and one file per type).");
        foreach (var build in builds)
            notes.Add($"{char.ToUpperInvariant(build.Tool.Name[0])}{build.Tool.Name[1..]}: {build.Tool.CommandLine("<spec>", "<out>")}: {build.Description} ({build.Size()}).");
        notes.Add(builds.Count == 0
            ? "No other build of ours was given (run.sh publishes them: --cli-r2r, --cli-r2r-composite, --cli-aot)."
            : "Every run of every build of ours wrote the same files, byte for byte, as the managed front end's first run on the spec (checked after each run; a build that did not is marked \"output differs\" and not timed).");
        notes.AddRange(differing.Select(d => "- output differs: " + d));
        notes.Add("");
        notes.Add("Where our process's time goes (one extra run each with --timings; JIT = System.Runtime.JitInfo, inside the generator run and setup):");
        notes.AddRange(profiles);
        Table($"Whole process: NSwag's CLI (npm nswag 14.7.1){(kiota is null ? "" : " and Kiota 1.38")} against our console front end", headers, rows, notes);
    }

    /// <summary>
    /// Every build of ours against the managed front end on every spec given (each once, untimed): the same files, byte for
    /// byte, and the same exit code and diagnostics. An annotations file beside a spec (x.annotations.yaml) is passed too.
    /// Returns the number of specs on which some build differed or failed.
    /// </summary>
    public static int Parity(IReadOnlyList<string> specs, Tool ours, IReadOnlyList<Build> builds)
    {
        var timeCommand = (string?)null;
        var scratch = Directory.CreateTempSubdirectory("oag-parity-");
        var rows = new List<IReadOnlyList<string>>();
        var bad = 0;
        try
        {
            foreach (var spec in specs)
            {
                var annotations = Path.Combine(Path.GetDirectoryName(spec)!, Path.GetFileNameWithoutExtension(spec) + ".annotations.yaml");
                Tool For(Tool tool) => File.Exists(annotations) ? tool with { Arguments = (s, o) => tool.Arguments(s, o).Concat(new[] { "--annotations", annotations }).ToArray() } : tool;
                (int Exit, OutputDigest Output, string Log) Run(Tool tool)
                {
                    var output = Path.Combine(scratch.FullName, "out");
                    if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
                    Directory.CreateDirectory(output);
                    int exit;
                    try
                    {
                        RunOnce(For(tool), spec, output, timeCommand, scratch.FullName);
                        exit = 0;
                    }
                    catch (InvalidOperationException e) when (e.Message.Contains("(exit code 1)", StringComparison.Ordinal))
                    {
                        exit = 1; // the generator reported an error: still compared
                    }
                    // The log without the elapsed time and the output folder's path: diagnostics and the summary line.
                    var log = string.Join('\n', File.ReadLines(Path.Combine(scratch.FullName, "last-run.log"))
                        .Select(l => System.Text.RegularExpressions.Regex.Replace(l.Replace(output, "<out>"), @" \(\d+ ms\)", "")));
                    return (exit, Digest(output), log);
                }
                Progress($"parity: {Path.GetFileName(spec)}");
                var expected = Run(ours);
                var row = new List<string> { Path.GetRelativePath(RepositoryRoot, spec), expected.Output.Summary + (expected.Exit != 0 ? " (exit 1)" : "") };
                var same = true;
                foreach (var build in builds)
                {
                    string cell;
                    try
                    {
                        var actual = Run(build.Tool);
                        cell = actual.Output.Text != expected.Output.Text ? "**output differs**: " + actual.Output.Summary
                            : actual.Exit != expected.Exit ? $"**exit {actual.Exit}**"
                            : actual.Log != expected.Log ? "**diagnostics differ**"
                            : "same";
                    }
                    catch (InvalidOperationException e)
                    {
                        cell = "**failed**: " + e.Message.Split('\n')[0];
                    }
                    same &= cell == "same";
                    row.Add(cell);
                }
                if (!same) bad++;
                rows.Add(row);
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
        var headers = new List<string> { "spec", "ours (managed) wrote" };
        headers.AddRange(builds.Select(b => b.Tool.Name));
        Table("Parity: every build of our front end writes what the managed one writes", headers, rows, new[]
        {
            "Each build run once per spec (annotations beside a spec passed with --annotations); \"same\": the same files byte for byte (names, sizes, SHA-256), the same exit code, the same diagnostics and summary on the console.",
        });
        return bad;
    }

    private static (double Ms, long PeakKb) RunOnce(Tool tool, string spec, string outputFolder, string? timeCommand, string scratch)
    {
        var log = Path.Combine(scratch, "last-run.log");
        var timeFile = Path.Combine(scratch, "time.txt");
        // sh execs the command with stdout and stderr in a log file (both tools write warnings; the console is not timed).
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=\"$1\"; shift; exec \"$@\" >\"$log\" 2>&1");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(log);
        if (timeCommand is not null)
        {
            start.ArgumentList.Add(timeCommand);
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add("%M");
            start.ArgumentList.Add("-o");
            start.ArgumentList.Add(timeFile);
        }
        if (tool.Hosted) start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(tool.Dll);
        foreach (var argument in tool.Arguments(spec, outputFolder)) start.ArgumentList.Add(argument);

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        long polledKb = 0;
        if (timeCommand is null)
        {
            while (!process.WaitForExit(5)) polledKb = Math.Max(polledKb, ReadHighWaterMarkKb(process.Id));
        }
        process.WaitForExit();
        var ms = watch.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool.Name} failed on {spec} (exit code {process.ExitCode}):\n{Tail(log)}");
        long peakKb = polledKb;
        if (timeCommand is not null)
        {
            var lines = File.ReadAllLines(timeFile).Where(l => l.Trim().Length > 0).ToArray();
            peakKb = long.Parse(lines[^1].Trim(), CultureInfo.InvariantCulture);
        }
        return (ms, peakKb);
    }

    /// <summary>The files a run wrote: their relative names and SHA-256 hashes (Text, compared), and a summary for messages.</summary>
    private sealed record OutputDigest(string Text, string Summary);

    private static OutputDigest Digest(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var text = new System.Text.StringBuilder();
        long bytes = 0;
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            bytes += stream.Length;
            text.Append(Path.GetRelativePath(folder, file)).Append(' ').Append(stream.Length).Append(' ')
                .AppendLine(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream)));
        }
        return new OutputDigest(text.ToString(), Invariant($"{files.Count} files, {bytes:N0} bytes"));
    }

    private static long ReadHighWaterMarkKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
        return 0;
    }

    private static string Tail(string log)
    {
        if (!File.Exists(log)) return "";
        var lines = File.ReadAllLines(log);
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)));
    }
}
