using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenApiClientGen.Fuzz;

/// <summary>
/// The long run: cases in worker processes (this program with --worker), one at a time, a chunk of cases each. The
/// parent is the watchdog (a phase running too long kills the worker: the case is a timeout) and the crash detector (a
/// worker that dies is re-run on the case it was on, alone, then bisected if needed, to the exact (seed, index)).
/// </summary>
internal sealed class Orchestrator(FuzzOptions options, DocumentStore store)
{
    private readonly FuzzSummary _summary = new() { Seed = options.Seed };
    private readonly HashSet<long> _done = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, string> _notes = new();
    private TimeSpan _lastProgress;

    private TimeSpan Backstop(string phase) => phase switch
    {
        // The worker's own watchdog reports at limit + grace; the parent kills a few seconds after that.
        "generate" => options.Settings.Timeout + options.Settings.Grace + TimeSpan.FromSeconds(5),
        "compile" => options.Settings.CompileTimeout + options.Settings.Grace + TimeSpan.FromSeconds(5),
        // Making the case (parsing and mutating a 13 MB document) or starting the process: the fuzzer's own time.
        _ => TimeSpan.FromSeconds(180),
    };

    public int Run()
    {
        var end = options.Start + options.Cases;
        Console.WriteLine($"OpenApiClientGen fuzz: seed {options.Seed}, cases {options.Start}..{end - 1}{(options.Light ? " (light only)" : "")}, " +
                          $"{(options.InProcess ? "in-process" : $"worker processes of {options.Chunk} cases")}, generator limit {options.TimeoutSeconds:0} s" +
                          (options.TimeBudget is { } b ? $", time budget {b}" : ""));
        Console.WriteLine($"  specs:  {store.SpecsFolder}");
        if (store.HasCorpus)
        {
            Console.WriteLine($"  corpus: {store.CorpusFolder}");
            foreach (var extra in store.UnlistedCorpusFiles()) Console.WriteLine($"  note: {extra} is in the corpus but not in the fuzzer's list (FuzzDocuments.All): not fuzzed");
        }
        else
        {
            var message = $"The shared corpus is not at {store.CorpusFolder}: cases of corpus documents are skipped (clone the repository beside ../shared, or pass --corpus).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine("error: " + message + " CI=true: the corpus must be there.");
                return 2;
            }
            Console.WriteLine("  " + message);
        }
        Console.WriteLine($"  report: {options.OutFolder}");
        Directory.CreateDirectory(options.OutFolder);

        var next = options.Start;
        var budgetHit = false;
        while (next < end)
        {
            if (OverBudget())
            {
                budgetHit = true;
                break;
            }
            var to = Math.Min(end, next + (options.InProcess ? end - next : options.Chunk));
            next = options.InProcess ? RunInProcess(next, to) : RunChunk(next, to);
            Report.Write(options, store, _summary, _clock.Elapsed, next, end, partial: true);
        }

        var duration = _clock.Elapsed;
        Console.WriteLine();
        if (budgetHit) Console.WriteLine($"Time budget {options.TimeBudget} reached: stopped before case {next} ({next - options.Start} of {options.Cases} cases started).");
        Console.WriteLine(_summary.Details());
        var report = Report.Write(options, store, _summary, duration, next, end, partial: false);
        Console.WriteLine($"Report: {report}");
        return _summary.Failing.Any() ? 1 : 0;
    }

    private bool OverBudget() => options.TimeBudget is { } budget && _clock.Elapsed > budget;

    // ------------------------------------------------------------------ in-process (debugging)

    private long RunInProcess(long from, long to)
    {
        var environment = FuzzOptions.Environment();
        for (var index = from; index < to; index++)
        {
            if (OverBudget()) return index;
            var fuzzCase = CaseFactory.Create(options.Seed, index, store);
            if (fuzzCase is null)
            {
                _summary.Skipped++;
                continue;
            }
            if (options.Light && !fuzzCase.IsLight)
            {
                _summary.SkippedHeavy++;
                continue;
            }
            Add(CaseRunner.Run(fuzzCase, environment, options.Settings));
        }
        return to;
    }

    // ------------------------------------------------------------------ workers

    /// <summary>Runs [from, to) in workers until done; returns the next index to run.</summary>
    private long RunChunk(long from, long to)
    {
        var next = from;
        while (next < to)
        {
            if (OverBudget()) return next;
            var outcome = RunWorker(next, to);
            foreach (var result in outcome.Results) Add(result);
            _summary.Skipped += outcome.Skipped;
            _summary.SkippedHeavy += outcome.SkippedHeavy;
            if (outcome.Completed) return to;
            if (outcome.StoppedForBudget) return outcome.Current ?? next;

            var at = outcome.Current ?? next;
            if (outcome.KilledInPhase is { } phase)
            {
                // The watchdog: the worker ran over the backstop on a case.
                Add(Synthetic(at, r =>
                {
                    if (phase == "compile") r.Classes.Add(FailureClass.CompileTimeout);
                    else if (phase == "generate") r.Timeout = $"the worker was killed: no answer {Backstop(phase).TotalSeconds:0} s into the generator run (its own watchdog did not report either)";
                    else r.Crash = $"the worker was killed: making the case took over {Backstop(phase).TotalSeconds:0} s (the fuzzer's side)";
                }));
                next = at + 1;
                continue;
            }
            if (outcome.ExitCode == Worker.ExitAbandoned)
            {
                // The worker gave a case up (its result is in) and exited: carry on after it.
                next = outcome.LastResult is { } last ? last + 1 : at + 1;
                continue;
            }

            if (outcome.Current is null && outcome.LastResult is { } finished)
            {
                // Died between cases: after a case it gave up (whose thread ran on), or on its way out. The last case it is.
                var amended = outcome.Results.Single(r => r.Index == finished);
                amended.Crash = CrashText(outcome) + " (after the case's result was reported)";
                amended.Classify();
                next = finished + 1;
                continue;
            }

            // The worker died. Which case: the one it was on; confirmed alone, else bisected over what it ran before.
            var crash = FindCrash(next, at, outcome);
            Add(crash);
            next = Math.Max(at, crash.Index) + 1;
        }
        return to;
    }

    private CaseResult FindCrash(long workerFrom, long at, WorkerOutcome first)
    {
        Console.WriteLine($"  worker died (exit code {first.ExitCode}) on case {at}: re-running it alone");
        var alone = RunWorker(at, at + 1);
        if (alone.Died && alone.Current == at) return Synthetic(at, r => r.Crash = CrashText(alone));

        // Not alone: an earlier case of the same process is needed. Bisect for the latest start that still dies on the
        // case: a run from workerFrom did, a run from the case itself did not.
        long lo = workerFrom, hi = at;
        var last = first;
        while (hi - lo > 1)
        {
            var mid = lo + (hi - lo) / 2;
            Console.WriteLine($"  bisecting: cases {mid}..{at} in one worker");
            var run = RunWorker(mid, at + 1);
            if (run.Died && run.Current == at)
            {
                lo = mid;
                last = run;
            }
            else
            {
                hi = mid;
            }
        }
        var note = $" (it dies only after cases {lo}..{at - 1} ran in the same process: the crash depends on their state)";
        return Synthetic(at, r => r.Crash = CrashText(last) + note);
    }

    private static string CrashText(WorkerOutcome outcome)
    {
        var lines = outcome.Stderr;
        var start = lines.FindIndex(l => l.StartsWith("Stack overflow", StringComparison.Ordinal) || l.StartsWith("Unhandled exception", StringComparison.Ordinal)
                                          || l.Contains("Fatal error", StringComparison.Ordinal) || l.Contains("OutOfMemory", StringComparison.Ordinal));
        var shown = (start >= 0 ? lines.Skip(start) : lines.TakeLast(40)).Take(80).ToList();
        return $"the worker died with exit code {outcome.ExitCode}{(outcome.ExitCode == 134 ? " (SIGABRT)" : outcome.ExitCode == 137 ? " (SIGKILL)" : "")}:\n" + string.Join("\n", shown);
    }

    private CaseResult Synthetic(long index, Action<CaseResult> fill)
    {
        var fuzzCase = CaseFactory.Create(options.Seed, index, store);
        var result = fuzzCase is null ? new CaseResult { Seed = options.Seed, Index = index, Description = "(document missing)" } : CaseResult.For(fuzzCase);
        fill(result);
        result.Classify();
        return result;
    }

    private void Add(CaseResult result)
    {
        if (!_done.Add(result.Index)) return;
        _summary.Add(result);
        if (result.Failed)
        {
            var shown = result.FirstProblem ?? "";
            var signature = string.Join("+", result.Classes.Where(c => FailureClass.Failures.Contains(c))) + " " + FuzzSummary.Signature(result.Classes.First(c => FailureClass.Failures.Contains(c)), result);
            if (_notes.TryAdd(signature, result.Id))
                Console.WriteLine($"  new: ({result.Seed}, {result.Index}) {string.Join("+", result.Classes)}: {FuzzSummary.Normalize(shown)}");
        }
        if (_clock.Elapsed - _lastProgress > TimeSpan.FromSeconds(30))
        {
            _lastProgress = _clock.Elapsed;
            var s = _summary;
            var rate = s.Cases / Math.Max(1, _clock.Elapsed.TotalSeconds);
            var left = options.Start + options.Cases - result.Index - 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{_clock.Elapsed:hh\\:mm\\:ss}] {s.Cases} cases (at {result.Index}, {rate:0.0}/s, ~{TimeSpan.FromSeconds(left / Math.Max(rate, 0.01)):hh\\:mm} left) | exceptions {s.ExceptionCases} | OAG009 {s.Oag009Cases} | >{options.TimeoutSeconds:0}s {s.TimeoutCases} | crashes {s.CrashCases} | compiled {s.Compiled} (errors {s.CompiledWithErrors}) | unreadable {s.Unreadable} (located {s.LocatedShare:P0})"));
        }
    }

    private sealed class WorkerOutcome
    {
        public List<CaseResult> Results { get; } = new();
        public int Skipped { get; set; }
        public int SkippedHeavy { get; set; }
        public long? Current { get; set; }
        public long? LastResult { get; set; }
        public string? KilledInPhase { get; set; }
        public bool StoppedForBudget { get; set; }
        public int ExitCode { get; set; }
        public bool Completed { get; set; }
        public List<string> Stderr { get; } = new();
        public bool Died => !Completed && KilledInPhase is null && !StoppedForBudget && ExitCode != Worker.ExitAbandoned;
    }

    private WorkerOutcome RunWorker(long from, long to)
    {
        var outcome = new WorkerOutcome();
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(Orchestrator).Assembly.Location);
        foreach (var arg in new[]
                 {
                     "--worker", "--seed", options.Seed.ToString(CultureInfo.InvariantCulture), "--from", from.ToString(CultureInfo.InvariantCulture),
                     "--to", to.ToString(CultureInfo.InvariantCulture), "--timeout", options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                     "--corpus", store.CorpusFolder, "--specs", store.SpecsFolder,
                 })
            start.ArgumentList.Add(arg);
        if (options.Light) start.ArgumentList.Add("--light");
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)options.MemoryLimitMb * 1024 * 1024).ToString("X", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_gcServer"] = "0";

        using var process = Process.Start(start)!;
        var lines = new BlockingCollection<string?>();
        var reader = new Thread(() =>
        {
            try
            {
                while (process.StandardOutput.ReadLine() is { } line) lines.Add(line);
            }
            catch (IOException) { }
            lines.Add(null);
        }) { IsBackground = true };
        reader.Start();
        var stderr = outcome.Stderr;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr)
            {
                stderr.Add(e.Data);
                if (stderr.Count > 4000) stderr.RemoveRange(0, 1000);
            }
        };
        process.BeginErrorReadLine();

        var phase = "start";
        var phaseClock = Stopwatch.StartNew();
        while (true)
        {
            if (!lines.TryTake(out var line, 100))
            {
                if (phaseClock.Elapsed > Backstop(phase))
                {
                    outcome.KilledInPhase = phase;
                    Kill(process);
                    break;
                }
                continue;
            }
            if (line is null) break; // the worker closed its output: it exited
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var verb = space < 0 ? line : line[..space];
            var rest = space < 0 ? "" : line[(space + 1)..];
            switch (verb)
            {
                case "@start":
                    outcome.Current = long.Parse(rest, CultureInfo.InvariantCulture);
                    phase = "start";
                    phaseClock.Restart();
                    if (OverBudget())
                    {
                        outcome.StoppedForBudget = true;
                        Kill(process);
                        goto exited;
                    }
                    break;
                case "@generate":
                case "@compile":
                    phase = verb[1..];
                    phaseClock.Restart();
                    break;
                case "@skip":
                    if (rest.Contains(" heavy", StringComparison.Ordinal)) outcome.SkippedHeavy++;
                    else outcome.Skipped++;
                    break;
                case "@result":
                    var result = JsonSerializer.Deserialize<CaseResult>(rest, Report.Json)!;
                    outcome.Results.Add(result);
                    outcome.LastResult = result.Index;
                    outcome.Current = null;
                    phase = "start";
                    phaseClock.Restart();
                    break;
            }
        }
        exited:
        if (!process.WaitForExit(30_000)) Kill(process);
        process.WaitForExit();
        outcome.ExitCode = process.ExitCode;
        outcome.Completed = outcome.KilledInPhase is null && !outcome.StoppedForBudget && process.ExitCode == 0;
        return outcome;
    }

    private static void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }
}
