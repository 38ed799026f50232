using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using OpenApiClientGen.Fuzz;

// OpenApiClientGen.Fuzz: the long run of the fuzz suite.
//
//   dotnet run --project tests/OpenApiClientGen.Fuzz -c Release -- --cases 10000 --seed 1
//
//   --cases N            how many cases (default 10000), from --start (default 0): case indexes start .. start+N-1
//   --seed S             the seed (default 1); a case is reproducible from (seed, index) alone
//   --time-budget T      stop starting cases after T (90m, 2h, 3600s; default none); the report covers what ran
//   --chunk N            cases per worker process (default 200): a fresh process per chunk
//   --timeout S          the generator's limit per case in seconds (default 10); the worker is killed a few seconds later
//   --compile-timeout S  the limit of compiling a case's generated code (default 120)
//   --memory-limit-mb M  GC heap limit of a worker (default 6144): an alias bomb fails fast instead of eating the machine
//   --light              only light cases (small documents, no heavy mutation): what the quick run in dotnet test takes
//   --out DIR            report folder (default $TMPDIR/OpenApiClientGen.Fuzz/seed-S): report.json, summary.txt, cases/
//   --corpus DIR         the corpus (default ../shared/corpus beside the repository); --specs DIR (default specs/)
//   --in-process         run the cases in this process (no crash isolation; for debugging)
//
//   --case I             run one case in-process and print what it did, writing its document to --out (or the current folder)
//   --write I            only write the mutated document of case I
//   --dump DIR           with --case / --file: write the generated sources there
//   --file PATH          run one document (not mutated) in-process, compiled whatever its size: for minimal reproductions
//
//   --worker --from A --to B   (internal) run cases A..B-1 and report each on stdout; the parent is the watchdog
var options = FuzzOptions.Parse(args);
if (options is null) return 2;

var store = new DocumentStore(options.Specs, options.Corpus);
if (options.Worker) return Worker.Run(options, store);
if (options.Case is { } single) return Single.Run(options, store, single, writeOnly: false);
if (options.Write is { } write) return Single.Run(options, store, write, writeOnly: true);
if (options.File is { } file) return Single.RunFile(options, file);
return new Orchestrator(options, store).Run();

/// <summary>The command line.</summary>
internal sealed record FuzzOptions
{
    public int Seed { get; init; } = 1;
    public long Start { get; init; }
    public long Cases { get; init; } = 10_000;
    public TimeSpan? TimeBudget { get; init; }
    public int Chunk { get; init; } = 200;
    public double TimeoutSeconds { get; init; } = 10;
    public int MemoryLimitMb { get; init; } = 6144;
    public bool Light { get; init; }
    public string? Out { get; init; }
    public string Corpus { get; init; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));
    public string Specs { get; init; } = Path.Combine(RepositoryRoot, "specs");
    public bool InProcess { get; init; }
    public bool Worker { get; init; }
    public long From { get; init; }
    public long To { get; init; }
    public long? Case { get; init; }
    public long? Write { get; init; }
    public string? File { get; init; }
    public string? Dump { get; init; }
    public double? CompileTimeoutSeconds { get; init; }

    public string OutFolder => Out ?? Path.Combine(Path.GetTempPath(), "OpenApiClientGen.Fuzz", "seed-" + Seed.ToString(CultureInfo.InvariantCulture));

    public FuzzSettings Settings => new()
    {
        Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
        CompileTimeout = TimeSpan.FromSeconds(CompileTimeoutSeconds ?? 120),
        DumpFolder = Dump,
    };

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string Net8References => Metadata("Net8ReferencePath");

    public static FuzzEnvironment Environment() =>
        new(Net8References, typeof(OpenApiClientGen.ApiException).Assembly.Location);

    private static string Metadata(string key) =>
        typeof(FuzzOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static FuzzOptions? Parse(string[] args)
    {
        var options = new FuzzOptions();
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                options = args[i] switch
                {
                    "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--start" => options with { Start = long.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--cases" => options with { Cases = long.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--time-budget" => options with { TimeBudget = Duration(Value()) },
                    "--chunk" => options with { Chunk = Math.Max(1, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                    "--timeout" => options with { TimeoutSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--memory-limit-mb" => options with { MemoryLimitMb = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--light" => options with { Light = true },
                    "--out" => options with { Out = Path.GetFullPath(Value()) },
                    "--corpus" => options with { Corpus = Path.GetFullPath(Value()) },
                    "--specs" => options with { Specs = Path.GetFullPath(Value()) },
                    "--in-process" => options with { InProcess = true },
                    "--worker" => options with { Worker = true },
                    "--from" => options with { From = long.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--to" => options with { To = long.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--case" => options with { Case = long.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--write" => options with { Write = long.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--file" => options with { File = Path.GetFullPath(Value()) },
                    "--dump" => options with { Dump = Path.GetFullPath(Value()) },
                    "--compile-timeout" => options with { CompileTimeoutSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                    _ => throw new ArgumentException($"unknown argument {args[i]}"),
                };
            }
            return options;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            Console.Error.WriteLine("usage: OpenApiClientGen.Fuzz [--cases N] [--seed S] [--start K] [--time-budget 90m] [--chunk N] [--timeout 10] [--light] [--out DIR] [--corpus DIR] [--in-process] | --case I | --write I");
            return null;
        }
    }

    private static TimeSpan Duration(string text)
    {
        var unit = text[^1];
        var number = double.Parse(char.IsDigit(unit) ? text : text[..^1], CultureInfo.InvariantCulture);
        return unit switch { 'h' => TimeSpan.FromHours(number), 'm' => TimeSpan.FromMinutes(number), _ => TimeSpan.FromSeconds(number) };
    }
}

/// <summary>
/// A worker: runs a range of cases and reports on stdout, one line per event, flushed: "@start I" before making case I,
/// "@generate I" / "@compile I" as it enters each phase, "@result {json}" when done, "@skip I why". The parent reads the
/// lines, kills the worker when a phase runs too long, and knows from the last "@start" which case a dead worker was on.
/// </summary>
internal static class Worker
{
    public const int ExitAbandoned = 3;

    public static int Run(FuzzOptions options, DocumentStore store)
    {
        var environment = FuzzOptions.Environment();
        var settings = options.Settings;
        var output = Console.Out;
        for (var index = options.From; index < options.To; index++)
        {
            Line(output, "@start " + index.ToString(CultureInfo.InvariantCulture));
            var fuzzCase = CaseFactory.Create(options.Seed, index, store);
            if (fuzzCase is null)
            {
                Line(output, $"@skip {index} missing {CaseFactory.DocumentOf(options.Seed, index)}");
                continue;
            }
            if (options.Light && !fuzzCase.IsLight)
            {
                Line(output, $"@skip {index} heavy");
                continue;
            }
            var i = index;
            SelfTest(output, index);
            var result = CaseRunner.Run(fuzzCase, environment, settings, phase => Line(output, "@" + phase + " " + i.ToString(CultureInfo.InvariantCulture)));
            Line(output, "@result " + JsonSerializer.Serialize(result, Report.Json));
            if (result.Abandoned) return ExitAbandoned; // its thread runs on: a fresh process for the next case
        }
        return 0;
    }

    /// <summary>
    /// The machinery's own check (not a generator test): OAG_FUZZ_SELFTEST_CRASH=I makes the worker overflow its stack on
    /// case I, OAG_FUZZ_SELFTEST_HANG=I makes it hang there, so a run shows the crash bisected and the hang killed.
    /// </summary>
    private static void SelfTest(TextWriter output, long index)
    {
        var crash = Environment.GetEnvironmentVariable("OAG_FUZZ_SELFTEST_CRASH");
        var hang = Environment.GetEnvironmentVariable("OAG_FUZZ_SELFTEST_HANG");
        if (crash is null && hang is null) return;
        var at = index.ToString(CultureInfo.InvariantCulture);
        if (crash == at || hang == at) Line(output, "@generate " + at);
        if (crash == at) Recurse(0);
        if (hang == at) Thread.Sleep(Timeout.Infinite);
    }

    private static int Recurse(int depth) => depth == int.MaxValue ? depth : Recurse(depth + 1) + 1;

    private static void Line(TextWriter output, string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}

/// <summary>One case in this process: what it did, and its document written out.</summary>
internal static class Single
{
    public static int Run(FuzzOptions options, DocumentStore store, long index, bool writeOnly)
    {
        var fuzzCase = CaseFactory.Create(options.Seed, index, store);
        if (fuzzCase is null)
        {
            Console.Error.WriteLine($"case ({options.Seed}, {index}) uses {CaseFactory.DocumentOf(options.Seed, index)}, which is missing");
            return 1;
        }
        var folder = options.Out ?? Directory.GetCurrentDirectory();
        var file = Report.WriteCase(folder, fuzzCase);
        Console.WriteLine($"case ({fuzzCase.Seed}, {fuzzCase.Index}): {fuzzCase.Description}");
        Console.WriteLine($"  document: {file} ({fuzzCase.Bytes.Length:N0} bytes, sha256 {fuzzCase.Sha256}){(fuzzCase.AnnotationsName is { } a ? $", with {a} beside it (unmutated)" : "")}");
        if (writeOnly) return 0;
        var watch = Stopwatch.StartNew();
        var result = CaseRunner.Run(fuzzCase, FuzzOptions.Environment(), options.Settings with { CompileAlwaysBelowChars = long.MaxValue, CompileAtMostChars = long.MaxValue });
        Console.WriteLine(JsonSerializer.Serialize(result, Report.JsonIndented));
        Console.WriteLine($"  classes: {(result.Classes.Count == 0 ? "none" : string.Join(", ", result.Classes))} ({watch.Elapsed.TotalSeconds:0.0} s)");
        return result.Failed ? 1 : 0;
    }

    public static int RunFile(FuzzOptions options, string path)
    {
        var name = Path.GetFileName(path);
        var document = new FuzzDocument("file", name, SizeClass.Small);
        var annotations = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(name) + ".annotations.yaml");
        var fuzzCase = new FuzzCase(options.Seed, -1, document, "file", Array.Empty<string>(), name, System.IO.File.ReadAllBytes(path), false,
            System.IO.File.Exists(annotations) ? Path.GetFileName(annotations) : null, System.IO.File.Exists(annotations) ? System.IO.File.ReadAllBytes(annotations) : null);
        var watch = Stopwatch.StartNew();
        var result = CaseRunner.Run(fuzzCase, FuzzOptions.Environment(), options.Settings with { CompileAlwaysBelowChars = long.MaxValue, CompileAtMostChars = long.MaxValue });
        Console.WriteLine(JsonSerializer.Serialize(result, Report.JsonIndented));
        Console.WriteLine($"  classes: {(result.Classes.Count == 0 ? "none" : string.Join(", ", result.Classes))} ({watch.Elapsed.TotalSeconds:0.0} s)");
        return result.Failed ? 1 : 0;
    }
}
