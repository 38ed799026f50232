using System.Globalization;
using static Harness;

// The benchmarks. `bash tests/OpenApiClientGen.Benchmarks/run.sh` installs NSwag, builds and runs them all; by hand:
//   dotnet artifacts/bin/OpenApiClientGen.Benchmarks/release/OpenApiClientGen.Benchmarks.dll <command> [options] [specs...]
// Commands:
//   all                   everything below, one markdown table each (the default)
//   generation            the generator in-process, cold and warm, beside OpenApiDocument.Parse and JsonDocument.Parse
//   incremental           the re-run after an unrelated C# edit against a cold run
//   whole-process         NSwag's CLI against our console front end, whole processes
//   parity [files]        our front end's other builds (--cli-r2r, --cli-r2r-composite, --cli-aot) against the managed one
//                         on every spec of the corpus and specs/ (or the files given): same files, exit code, diagnostics
//   deserialization       a 1,000-document Firecrawl response: generated FirecrawlJsonContext against STJ's source generator
//   streaming             100,000 server-sent events through a generated client: the live heap stays flat
//   consumer-build        a consumer app's `dotnet build` after a one-line edit: the generator against the same code checked
//                         in, NSwag's and Kiota's (default specs Firecrawl v2 and Stripe; --build-rounds N, 3)
//   phases                where generation time goes: read, bind, each emitter (warm medians)
//   split <files>         reading alone: JsonNode.Parse, the nullable marker, Microsoft.OpenApi's reader
// Options: --cold N (cold samples, 5), --warm N (warm rounds, 10), --rounds N (whole-process rounds, 5),
//          --reruns N (re-runs after each cold run, 20), --quick (fewer of everything),
//          --cli <OpenApiClientGen.Cli.dll>, --cli-r2r <its ReadyToRun publish's OpenApiClientGen.Cli.dll>,
//          --cli-r2r-composite <its composite ReadyToRun, self-contained publish's executable>,
//          --cli-aot <its Native AOT publish's executable>, --nswag <dotnet-nswag.dll>, --kiota <kiota.dll>.
// Specs: corpus file names or paths (default: Firecrawl v2, Stripe, OpenAI and GitHub from ../shared/corpus).
var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
var rest = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args.Skip(1).ToList() : args.ToList();

switch (command)
{
    case "cold-sample": // internal: one cold sample in this fresh process (Generation.RunColdSample)
        Generation.ColdSampleChild(Enum.Parse<Generation.Kind>(rest[0]), rest[1]);
        return 0;
    case "phases":
    case "--phases":
        Phases.Run(rest.ToArray());
        return 0;
    case "split":
    case "--split":
        foreach (var file in rest) ReadSplit.Run(file);
        return 0;
}

var quick = Flag("--quick");
var cold = Number("--cold", quick ? 3 : 5);
var warm = Number("--warm", quick ? 4 : 10);
var rounds = Number("--rounds", quick ? 3 : 5);
var reruns = Number("--reruns", quick ? 10 : 20);
var cli = Option("--cli") ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "OpenApiClientGen.Cli", Path.GetFileName(AppContext.BaseDirectory.TrimEnd('/', '\\')), "OpenApiClientGen.Cli.dll"));
var cliReadyToRun = Option("--cli-r2r");
var cliComposite = Option("--cli-r2r-composite");
var cliNative = Option("--cli-aot");
// Kiota's kiota.dll: --kiota, else the tool run.sh installs under artifacts/kiota.
var kiota = Option("--kiota") ?? FindKiota(Path.Combine(RepositoryRoot, "artifacts", "kiota"));
var nswag = Option("--nswag") ?? Path.Combine(RepositoryRoot, "tests", "nswag", "node_modules", "nswag", "bin", "binaries", "Net100", "dotnet-nswag.dll");
var buildRounds = Number("--build-rounds", quick ? 2 : 3);
var specs = command == "parity" ? Array.Empty<(string, string)>() : SelectSpecs(rest);
foreach (var (_, path) in specs)
    if (!File.Exists(path)) return Fail($"{path} is missing (the corpus is ../shared/corpus beside the repository, or OPENAPICLIENTGEN_CORPUS).");

var all = command == "all";
if (all)
{
    Console.WriteLine($"## OpenApiClientGen benchmarks");
    Console.WriteLine();
    Console.WriteLine(Invariant($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, .NET {Environment.Version}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; load average at start {LoadAverage()}."));
}

if (all || command == "generation") Generation.Run(specs, cold, warm);
if (all || command == "incremental") Generation.Incremental(specs, quick ? 3 : 5, reruns);
if (all || command is "whole-process" or "parity")
{
    if (!File.Exists(cli)) return Fail($"{cli} is missing: build tests/OpenApiClientGen.Cli (-c Release) or pass --cli.");
    var ours = new WholeProcess.Tool("ours", cli, static (spec, output) => new[] { spec, output });
    var nswagTool = File.Exists(nswag)
        ? new WholeProcess.Tool("NSwag", nswag, static (spec, output) => new[] { "openapi2csclient", "/input:" + spec, "/output:" + Path.Combine(output, "Client.cs") })
        : null;
    // Other builds of the same front end, as run.sh publishes them (a path given but missing fails: run.sh gives only what it built).
    var builds = new List<WholeProcess.Build>();
    foreach (var (path, name, description) in new[]
    {
        (cliReadyToRun, "ours, ReadyToRun", "PublishReadyToRun, framework-dependent (generator, Roslyn, Microsoft.OpenApi and YamlDotNet precompiled; the shared framework's own ReadyToRun code)"),
        (cliComposite, "ours, composite R2R", "PublishReadyToRun with PublishReadyToRunComposite, self-contained (the framework and every dependency precompiled into one composite image, run by its own apphost)"),
        (cliNative, "ours, Native AOT", "PublishAot (one native executable, no JIT; the same CSharpGeneratorDriver hosting the generator, its compilation's references read from references/ beside it)"),
    })
    {
        if (path is null) continue;
        if (!File.Exists(path)) return Fail($"{path} is missing ({name}).");
        builds.Add(new WholeProcess.Build(new WholeProcess.Tool(name, Path.GetFullPath(path), static (spec, output) => new[] { spec, output }), description));
    }
    var kiotaTool = kiota is not null && File.Exists(kiota)
        ? new WholeProcess.Tool("Kiota", kiota, static (spec, output) => new[] { "generate", "-l", "CSharp", "-d", spec, "-o", output, "-c", "ApiClient", "-n", "Generated", "--ll", "Warning", "--co" })
        : null;
    if (command == "parity")
    {
        var files = rest.Count > 0 ? rest.Select(Path.GetFullPath).ToList()
            : Directory.EnumerateFiles(Corpus).Concat(Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "specs")))
                .Where(f => (f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                    && !f.Contains(".annotations.", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList();
        if (builds.Count == 0) return Fail("parity needs at least one of --cli-r2r, --cli-r2r-composite, --cli-aot (run.sh parity publishes them).");
        return WholeProcess.Parity(files, ours, builds) == 0 ? 0 : 1;
    }
    WholeProcess.Run(specs, ours, nswagTool, nswagTool is null ? $"{nswag} is missing: run `npm ci` in tests/nswag" : null, builds, rounds, kiotaTool);
}
if (all || command == "deserialization") Deserialization.Run(quick);
if (all || command == "streaming") Streaming.Run(quick);
if (all || command == "consumer-build")
{
    if (!File.Exists(cli)) return Fail($"{cli} is missing: build tests/OpenApiClientGen.Cli (-c Release) or pass --cli.");
    ConsumerBuild.Run(rest.Count == 0 ? SelectSpecs(ConsumerBuild.DefaultSpecs) : specs, buildRounds, explain: !quick, cli, nswag, kiota);
}
if (!all && command is not ("generation" or "incremental" or "whole-process" or "deserialization" or "streaming" or "consumer-build"))
    return Fail($"unknown command {command}");
if (all) Console.WriteLine(Invariant($"\nLoad average at the end {LoadAverage()}."));
return 0;

bool Flag(string name) => rest.Remove(name);

static string? FindKiota(string toolPath) =>
    Directory.Exists(toolPath)
        ? Directory.EnumerateFiles(toolPath, "kiota.dll", SearchOption.AllDirectories).OrderByDescending(p => p.Contains("net10.0", StringComparison.Ordinal)).FirstOrDefault()
        : null;

string? Option(string name)
{
    var i = rest.IndexOf(name);
    if (i < 0 || i + 1 >= rest.Count) return null;
    var value = rest[i + 1];
    rest.RemoveRange(i, 2);
    return value;
}

int Number(string name, int fallback) => Option(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

static int Fail(string message)
{
    Console.Error.WriteLine("error: " + message);
    return 1;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
