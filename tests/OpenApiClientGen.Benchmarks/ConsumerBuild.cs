using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using static Harness;

/// <summary>
/// What a user pays on every build: the incremental <c>dotnet build</c> of a small console app after a one-line edit of its
/// Program.cs, in four variants of the same app per spec —
/// (a) the generator: the OpenApiClientGen package, packed from this repository's source in this run with a version no
///     earlier run used and restored from a local feed into a packages folder of this benchmark's own (so no stale or
///     cached package can be measured), and an <c>OpenApiClient</c> item naming the spec;
/// (b) the same generated code checked in (written by tests/OpenApiClientGen.Cli), the same package referenced for its
///     runtime library only (its build/ props excluded, its analyzers/ removed from the compilation: the generator is not in the build);
/// (c) NSwag 14.7.1's client checked in (its default settings: Newtonsoft.Json), with Newtonsoft.Json;
/// (d) Kiota 1.38's client checked in, with the Microsoft.Kiota.* 2.1.6 packages its code needs.
/// a ÷ b is the generator's overhead on a build; a ÷ c and a ÷ d the cost of what is emitted against theirs.
/// The projects live under artifacts/benchmarks/consumers/&lt;spec&gt;/&lt;variant&gt;/, with guards there so that the
/// repository's Directory.Build.props/targets and central package versions do not apply: they build as a user's app.
/// </summary>
internal static class ConsumerBuild
{
    private enum Variant { Generator, CheckedIn, NSwag, Kiota }

    private static readonly Dictionary<Variant, string> Folder = new()
    {
        [Variant.Generator] = "generator", [Variant.CheckedIn] = "checked-in", [Variant.NSwag] = "nswag", [Variant.Kiota] = "kiota",
    };

    private static readonly Dictionary<Variant, string> Title = new()
    {
        [Variant.Generator] = "(a) ours, generator", [Variant.CheckedIn] = "(b) ours, checked in", [Variant.NSwag] = "(c) NSwag, checked in", [Variant.Kiota] = "(d) Kiota, checked in",
    };

    /// <summary>The one call Program.cs makes, per spec: on our client (after <c>client.</c>), NSwag's and Kiota's.</summary>
    private sealed record Calls(string Ours, string NSwag, string Kiota);

    private static readonly Dictionary<string, Calls> KnownCalls = new()
    {
        ["firecrawl-v2-openapi.json"] = new("Billing.GetCreditUsageAsync()", "GetCreditUsageAsync()", "Team.CreditUsage.GetAsync()"),
        ["stripe-spec3.json"] = new("GetBalanceAsync()", "GetBalanceAsync(Array.Empty<string>(), new object())", "V1.Balance.GetAsync(new Generated.V1.Balance.BalanceGetRequestBody())"),
    };

    private const string KiotaVersion = "2.1.6";
    private const string NewtonsoftVersion = "13.0.4";

    /// <summary>Default specs: Firecrawl v2 and Stripe.</summary>
    public static readonly string[] DefaultSpecs = { "firecrawl-v2-openapi.json", "stripe-spec3.json" };

    private sealed class Result
    {
        public string? Failure;
        public readonly List<double> BuildMs = new();
        public readonly List<double> CscMs = new();
        public readonly List<double> Load = new();
        public long Bytes;
        public int Files;
        public int Warnings = -1;
        public double AnalyzerSeconds = double.NaN, GeneratorSeconds = double.NaN, OursSeconds = double.NaN;
    }

    public static void Run(IReadOnlyList<(string Label, string Path)> specs, int rounds, bool explain, string cli, string? nswag, string? kiota)
    {
        var root = Path.Combine(RepositoryRoot, "artifacts", "benchmarks", "consumers");
        var feed = Path.Combine(root, "feed");
        var packages = Path.Combine(root, "nuget-packages");
        Directory.CreateDirectory(feed);
        Directory.CreateDirectory(packages);
        WriteGuards(root, feed);

        // The package, packed now from the current source, with a version of this run's own.
        var version = "0.1.0-bench." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        foreach (var old in Directory.EnumerateFiles(feed, "OpenApiClientGen.*.nupkg")) File.Delete(old);
        var cachedOld = Path.Combine(packages, "openapiclientgen");
        if (Directory.Exists(cachedOld)) Directory.Delete(cachedOld, recursive: true);
        Progress($"consumer build: packing OpenApiClientGen {version} from src/ into {Path.GetRelativePath(RepositoryRoot, feed)}");
        Check(Dotnet(root, Path.Combine(root, "pack.log"), packages, "pack", Path.Combine(RepositoryRoot, "src", "OpenApiClientGen", "OpenApiClientGen.csproj"),
            "-c", "Release", "-o", feed, "-p:Version=" + version, "-p:ArtifactsPath=" + Path.Combine(root, "pack"), "-nologo", "-v:q"), "dotnet pack", Path.Combine(root, "pack.log"));
        var nupkg = Path.Combine(feed, $"OpenApiClientGen.{version}.nupkg");
        if (!File.Exists(nupkg)) throw new InvalidOperationException($"dotnet pack did not produce {nupkg}");

        var rows = new List<IReadOnlyList<string>>();
        var detail = new List<IReadOnlyList<string>>();
        var notes = new List<string>();
        var loadNotes = new List<string>();
        foreach (var (label, specPath) in specs)
        {
            var slug = Path.GetFileNameWithoutExtension(specPath);
            var specRoot = Path.Combine(root, slug);
            var results = Enum.GetValues<Variant>().ToDictionary(v => v, _ => new Result());
            var variants = new List<Variant> { Variant.Generator, Variant.CheckedIn, Variant.NSwag, Variant.Kiota };
            if (nswag is null || !File.Exists(nswag)) { results[Variant.NSwag].Failure = "not installed"; variants.Remove(Variant.NSwag); }
            if (kiota is null || !File.Exists(kiota)) { results[Variant.Kiota].Failure = "not installed"; variants.Remove(Variant.Kiota); }

            // The projects, the checked-in code generated now.
            Progress($"consumer build: {label}: generating the checked-in code (ours, NSwag, Kiota) and the projects under {Path.GetRelativePath(RepositoryRoot, specRoot)}");
            foreach (var v in Enum.GetValues<Variant>())
            {
                var dir = Path.Combine(specRoot, Folder[v]);
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
                Directory.CreateDirectory(dir);
            }
            var oursOut = Path.Combine(specRoot, Folder[Variant.CheckedIn], "Generated");
            var namesLog = Path.Combine(specRoot, "ours-cli.log");
            Check(RunLogged("dotnet", new[] { cli, specPath, oursOut, "--names" }, specRoot, namesLog, packages), "OpenApiClientGen.Cli", namesLog);
            var names = File.ReadAllText(namesLog);
            var ns = Regex.Match(names, @"^namespace (\S+)", RegexOptions.Multiline).Groups[1].Value;
            var clientType = Regex.Match(names, @"^\s*client\s+new (\w+)\(", RegexOptions.Multiline).Groups[1].Value;
            if (ns.Length == 0 || clientType.Length == 0) throw new InvalidOperationException($"no namespace or client in the names OpenApiClientGen.Cli printed for {specPath} ({namesLog})");
            KnownCalls.TryGetValue(Path.GetFileName(specPath), out var calls);

            var specCopy = Path.Combine(specRoot, Folder[Variant.Generator], "spec", Path.GetFileName(specPath));
            Directory.CreateDirectory(Path.GetDirectoryName(specCopy)!);
            File.Copy(specPath, specCopy);

            if (variants.Contains(Variant.NSwag))
            {
                var output = Path.Combine(specRoot, Folder[Variant.NSwag], "Generated");
                Directory.CreateDirectory(output);
                var log = Path.Combine(specRoot, "nswag-cli.log");
                if (RunLogged("dotnet", new[] { nswag!, "openapi2csclient", "/input:" + specPath, "/output:" + Path.Combine(output, "Client.cs") }, specRoot, log, packages).ExitCode != 0)
                {
                    results[Variant.NSwag].Failure = "NSwag failed to generate";
                    variants.Remove(Variant.NSwag);
                }
            }
            if (variants.Contains(Variant.Kiota))
            {
                var output = Path.Combine(specRoot, Folder[Variant.Kiota], "Generated");
                var log = Path.Combine(specRoot, "kiota-cli.log");
                if (RunLogged("dotnet", new[] { kiota!, "generate", "-l", "CSharp", "-d", specPath, "-o", output, "-c", "ApiClient", "-n", "Generated", "--ll", "Warning", "--co" }, specRoot, log, packages).ExitCode != 0)
                {
                    results[Variant.Kiota].Failure = "Kiota failed to generate";
                    variants.Remove(Variant.Kiota);
                }
            }
            foreach (var v in Enum.GetValues<Variant>())
            {
                var dir = Path.Combine(specRoot, Folder[v]);
                File.WriteAllText(Path.Combine(dir, "App.csproj"), Project(v, version, Path.GetRelativePath(dir, specCopy), ns));
                File.WriteAllText(Path.Combine(dir, "Program.cs"), ProgramText(v, ns, clientType, calls, 0));
                var generated = v == Variant.Generator ? Path.Combine(specRoot, Folder[Variant.CheckedIn], "Generated") : Path.Combine(dir, "Generated");
                if (Directory.Exists(generated))
                {
                    var files = Directory.EnumerateFiles(generated, "*.cs", SearchOption.AllDirectories).ToList();
                    results[v].Files = files.Count;
                    results[v].Bytes = files.Sum(f => new FileInfo(f).Length);
                }
            }

            // Warm-up: restore and build each once (ours must succeed; a peer whose code does not compile is left out).
            foreach (var v in variants.ToList())
            {
                var dir = Path.Combine(specRoot, Folder[v]);
                var log = Path.Combine(dir, "warm-up.log");
                Progress($"consumer build: {label}: restore and first build of {Title[v]}");
                var restore = Dotnet(dir, Path.Combine(dir, "restore.log"), packages, "restore", "-nologo");
                var build = restore.ExitCode == 0 ? Dotnet(dir, log, packages, "build", "--no-restore", "-nologo", "-v:d") : restore;
                if (build.ExitCode != 0)
                {
                    if (v is Variant.Generator or Variant.CheckedIn)
                        Check(build, $"the first build of {Title[v]} for {label}", restore.ExitCode != 0 ? Path.Combine(dir, "restore.log") : log);
                    var text = File.Exists(log) ? File.ReadAllText(log) : "";
                    var errors = Regex.Match(text, @"(\d+) Error\(s\)").Groups[1].Value;
                    var first = Regex.Match(text, @"([^/\s]+\.cs)\((\d+),\d+\): error (CS\d+)");
                    results[v].Failure = restore.ExitCode != 0 ? "restore failed"
                        : $"does not compile: {(errors.Length > 0 ? errors : "?")} errors{(first.Success ? $", first {first.Groups[3].Value} at {first.Groups[1].Value}:{first.Groups[2].Value}" : "")}";
                    variants.Remove(v);
                    continue;
                }
                var warmUp = File.ReadAllText(log);
                results[v].Warnings = ParseInt(warmUp, @"(\d+) Warning\(s\)");
                // The generator is in the compilation of (a) and of no other variant.
                var generatorLoaded = Regex.IsMatch(warmUp, @"/analyzer:\S*/OpenApiClientGen\.dll");
                if (generatorLoaded != (v == Variant.Generator))
                    throw new InvalidOperationException($"{Title[v]} for {label}: the generator is {(generatorLoaded ? "" : "not ")}among the compiler's analyzers ({log})");
            }
            if (variants.Contains(Variant.Generator))
            {
                // The generator in the build is the package packed above, restored from the feed into the benchmark's packages folder.
                var assets = File.ReadAllText(Path.Combine(specRoot, Folder[Variant.Generator], "obj", "project.assets.json"));
                if (!assets.Contains($"OpenApiClientGen/{version}", StringComparison.Ordinal) || !Directory.Exists(Path.Combine(packages, "openapiclientgen", version)))
                    throw new InvalidOperationException($"the generator variant did not restore OpenApiClientGen {version} from {feed}");
            }

            // The timed rounds: a one-line edit of Program.cs, then `dotnet build --no-restore`, the variants alternating.
            for (var round = 0; round < rounds; round++)
            {
                var order = round % 2 == 0 ? variants.ToList() : Enumerable.Reverse(variants).ToList();
                foreach (var v in order)
                {
                    var dir = Path.Combine(specRoot, Folder[v]);
                    File.WriteAllText(Path.Combine(dir, "Program.cs"), ProgramText(v, ns, clientType, calls, round + 1));
                    var log = Path.Combine(dir, $"round-{round + 1}.log");
                    results[v].Load.Add(LoadAverage1());
                    var watch = Stopwatch.StartNew();
                    var build = Dotnet(dir, log, packages, "build", "--no-restore", "-nologo", "-v:q", "-clp:NoSummary;PerformanceSummary");
                    var ms = watch.Elapsed.TotalMilliseconds;
                    Check(build, $"build of {Title[v]} for {label}", log);
                    var text = File.ReadAllText(log);
                    var csc = Regex.Match(text, @"^\s*(\d+) ms\s+Csc\s+(\d+) calls", RegexOptions.Multiline);
                    if (!csc.Success) throw new InvalidOperationException($"the build of {Title[v]} for {label} did not run the compiler after the edit ({log})");
                    results[v].BuildMs.Add(ms);
                    results[v].CscMs.Add(double.Parse(csc.Groups[1].Value, CultureInfo.InvariantCulture));
                    Progress(Invariant($"consumer build: {label}, round {round + 1}/{rounds}: {Title[v]} {Seconds(ms)} (Csc {Seconds(results[v].CscMs[^1])})"));
                }
            }

            // Where the time goes: one more (untimed) build each with the compiler's per-analyzer and per-generator report.
            if (explain)
            {
                foreach (var v in variants)
                {
                    var dir = Path.Combine(specRoot, Folder[v]);
                    File.WriteAllText(Path.Combine(dir, "Program.cs"), ProgramText(v, ns, clientType, calls, rounds + 1));
                    var log = Path.Combine(dir, "report-analyzer.log");
                    Progress($"consumer build: {label}: one build of {Title[v]} with -p:ReportAnalyzer=true -v:d (not timed)");
                    Check(Dotnet(dir, log, packages, "build", "--no-restore", "-nologo", "-v:d", "-p:ReportAnalyzer=true"), $"ReportAnalyzer build of {Title[v]}", log);
                    var text = File.ReadAllText(log);
                    results[v].AnalyzerSeconds = ParseDouble(text, @"Total analyzer execution time: ([\d.]+) seconds");
                    results[v].GeneratorSeconds = ParseDouble(text, @"Total generator execution time: ([\d.]+) seconds");
                    results[v].OursSeconds = ParseDouble(text, @"^\s*<?([\d.]+)\s+<?\d+\s+OpenApiClientGen, Version=", RegexOptions.Multiline);
                }
            }

            var loads = results.Values.SelectMany(r => r.Load).ToList();
            if (loads.Count > 0)
                loadNotes.Add(Invariant($"{label}: 1-minute load average before the timed builds {loads.Min():0.0}–{loads.Max():0.0} (median {Median(loads):0.0}) on {Environment.ProcessorCount} cores."));

            // One row per spec.
            var a = results[Variant.Generator];
            double Build(Variant v) => Median(results[v].BuildMs);
            string Cell(Variant v) => results[v].Failure ?? Seconds(Build(v));
            var row = new List<string> { label, Seconds(Build(Variant.Generator)), Cell(Variant.CheckedIn) };
            foreach (var (v, target) in new[] { (Variant.CheckedIn, 1.15), (Variant.NSwag, 1.0), (Variant.Kiota, 1.0) })
            {
                if (v != Variant.CheckedIn) row.Add(Cell(v));
                var ratio = results[v].Failure is null ? Build(Variant.Generator) / Build(v) : double.NaN;
                row.Add(Ratio(ratio));
                row.Add(double.IsNaN(ratio) ? "–" : Met(ratio <= target));
            }
            row.Add(string.Join(" / ", new[] { Variant.CheckedIn, Variant.NSwag, Variant.Kiota }.Select(v => results[v].Bytes > 0 ? Bytes(results[v].Bytes) : "–")));
            rows.Add(row);

            foreach (var v in Enum.GetValues<Variant>())
            {
                var r = results[v];
                var build = Median(r.BuildMs);
                var csc = Median(r.CscMs);
                detail.Add(new[]
                {
                    label, Title[v],
                    r.Bytes > 0 ? Invariant($"{Bytes(r.Bytes)} in {r.Files:N0} file{(r.Files == 1 ? "" : "s")}") + (v == Variant.Generator ? " (in memory)" : "") : "–",
                    r.Failure ?? Seconds(build), r.Failure is null ? Seconds(csc) : "–", r.Failure is null ? Seconds(build - csc) : "–",
                    Sec(r.AnalyzerSeconds), Sec(r.GeneratorSeconds), v == Variant.Generator ? Sec(r.OursSeconds) : "",
                    r.Warnings >= 0 ? r.Warnings.ToString("N0", CultureInfo.InvariantCulture) : "–",
                });
            }
        }

        notes.Add(Invariant($"Medians of {rounds} timed builds per variant, after a restore and a first build of each; in each round every variant's Program.cs gets a one-line edit and is built with `dotnet build --no-restore` (Debug, the compiler server and MSBuild's node reuse left on, as for a developer), the variants alternating (order reversed every other round). Wall time of the whole `dotnet build` process."));
        notes.Add($"The app: a net10.0 console project (ImplicitUsings, Nullable enable, warnings not errors — its default — so the peers' generated code compiles as it comes; the warnings column counts them), whose Program.cs constructs the client and calls one operation ({string.Join("; ", specs.Select(s => KnownCalls.TryGetValue(Path.GetFileName(s.Path), out var c) ? $"{s.Label}: ours client.{c.Ours}, NSwag client.{c.NSwag}, Kiota client.{c.Kiota}" : $"{s.Label}: the clients constructed only"))}). Projects, logs and the generated code: artifacts/benchmarks/consumers/<spec>/<variant>/ (their own Directory.Build.props/targets and nuget.config: the repository's settings do not apply).");
        notes.Add("(a) the OpenApiClientGen package packed from src/ in this run (version 0.1.0-bench.<UTC time>), restored from a local feed into a packages folder of the benchmark's own, with an `OpenApiClient` item naming a copy of the spec; (b) the same generated files checked in (tests/OpenApiClientGen.Cli), the same package referenced for its runtime library only (its build/ props excluded and its analyzers/ removed from the compiler's analyzer list before CoreCompile: ExcludeAssets=\"analyzers\" alone leaves them there); (c) NSwag 14.7.1's `openapi2csclient` output with its default settings (Newtonsoft.Json models; Newtonsoft.Json " + NewtonsoftVersion + "); (d) Kiota 1.38's `generate -l CSharp` output with Microsoft.Kiota.Abstractions, Http.HttpClientLibrary and Serialization.Json/Text/Form/Multipart " + KiotaVersion + " (Microsoft.Kiota.Bundle is not on the package mirror).");
        notes.Add("Targets: (a) ÷ (b) ≤ 1.15× (what the generator adds to a build); (a) ÷ (c) and (a) ÷ (d) ≤ 1.0× (what the emitted code costs against theirs, generator included).");
        notes.Add("A shared machine: the compiler server (VBCSCompiler) and the cores are shared with whatever else runs; the variants alternate so that load falls on all of them alike. " + string.Join(" ", loadNotes));
        Table("Consumer build: a one-line edit of Program.cs, then `dotnet build` (the generator against checked-in code, NSwag's and Kiota's)",
            new[] { "spec", "(a) ours, generator:", "(b) ours, checked in:", "a ÷ b:", "≤ 1.15×", "(c) NSwag:", "a ÷ c:", "≤ 1.0×", "(d) Kiota:", "a ÷ d:", "≤ 1.0×", "generated C# ours / NSwag / Kiota" },
            rows, notes);

        Table("Consumer build: where the time goes",
            new[] { "spec", "variant", "generated C#", "build:", "Csc task:", "rest of MSBuild:", "analyzers:", "generators:", "of which OpenApiClientGen:", "warnings:" },
            detail, new[]
            {
                "Build and Csc task: medians of the timed builds (Csc from MSBuild's PerformanceSummary; the rest is evaluation, reference resolution, up-to-date checks, copying). "
                + (explain
                    ? "Analyzers and generators: one more, untimed build per variant with -p:ReportAnalyzer=true -v:d (the compiler's own per-analyzer and per-generator report; times summed over threads, and the report itself slows the analyzers down): the SDK's analyzers and generators (System.Text.Json, LibraryImport, COM, Regex, logging...) run in every variant, over all its source, ours only in (a)."
                    : "Analyzers and generators: not measured (--quick)."),
                "Warnings: from the first build's summary. Generated C# in (a) is the same text as (b), produced in memory by the generator at each build.",
            });
    }

    private static double LoadAverage1() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    private static string Sec(double seconds) => double.IsNaN(seconds) ? "–" : (seconds * 1000) < 1 ? "< 1 ms" : Ms(seconds * 1000);

    private static void WriteGuards(string root, string feed)
    {
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), """
            <Project>
              <!-- Guard: the consumer apps of the consumer-build benchmark build as a user's app: the repository's
                   Directory.Build.props (warnings as errors, ArtifactsPath, central package versions) does not apply. -->
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project>\n  <!-- Guard: see Directory.Build.props. -->\n</Project>\n");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project>\n  <!-- Guard: no central package versions here (see Directory.Build.props). -->\n</Project>\n");
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <!-- The configured sources stay (the package mirror); the benchmark's local feed of the freshly packed generator is added. -->
              <packageSources>
                <add key="openapiclientgen-consumer-build" value="{feed}" />
              </packageSources>
            </configuration>
            """);
    }

    private static string Project(Variant v, string version, string specRelative, string ns)
    {
        var references = v switch
        {
            Variant.Generator => $"""
                    <PackageReference Include="OpenApiClientGen" Version="{version}" />
                    <OpenApiClient Include="{specRelative}" Namespace="{ns}" />
                """,
            Variant.CheckedIn => $"""
                    <!-- The runtime library every generated client calls (and its dependencies); not the generator. -->
                    <PackageReference Include="OpenApiClientGen" Version="{version}" ExcludeAssets="build;buildTransitive" />
                  </ItemGroup>
                  <!-- ExcludeAssets="analyzers" does not keep a package's analyzers/ out of the compiler's /analyzer list (measured
                       with the SDK 10.0.4xx): remove them from the compilation, as a runtime-only package would have none. -->
                  <Target Name="RemoveOpenApiClientGenAnalyzers" BeforeTargets="CoreCompile">
                    <ItemGroup>
                      <Analyzer Remove="@(Analyzer)" Condition="'%(Analyzer.NuGetPackageId)' == 'OpenApiClientGen'" />
                    </ItemGroup>
                  </Target>
                  <ItemGroup>
                """,
            Variant.NSwag => $"""
                    <PackageReference Include="Newtonsoft.Json" Version="{NewtonsoftVersion}" />
                """,
            _ => string.Concat(new[] { "Abstractions", "Http.HttpClientLibrary", "Serialization.Json", "Serialization.Text", "Serialization.Form", "Serialization.Multipart" }
                .Select(p => $"    <PackageReference Include=\"Microsoft.Kiota.{p}\" Version=\"{KiotaVersion}\" />\n")),
        };
        var generatorErrors = v == Variant.Generator
            ? "\n    <!-- A generator that fails to load or throws is only a warning by default: make it fail the build. -->\n    <WarningsAsErrors>$(WarningsAsErrors);CS8784;CS8785</WarningsAsErrors>"
            : "";
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- consumer-build benchmark, variant {Title[v]} (written by tests/OpenApiClientGen.Benchmarks/ConsumerBuild.cs). -->
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>{generatorErrors}
              </PropertyGroup>
              <ItemGroup>
            {references.TrimEnd('\n')}
              </ItemGroup>
            </Project>

            """;
    }

    private static string ProgramText(Variant v, string ns, string clientType, Calls? calls, int edit)
    {
        var (setup, call) = v switch
        {
            Variant.Generator or Variant.CheckedIn => (
                $"var client = new {ns}.{clientType}(http, new {ns}.{clientType}Options());",
                calls?.Ours),
            Variant.NSwag => ("var client = new MyNamespace.Client(http);", calls?.NSwag),
            _ => (
                "var adapter = new Microsoft.Kiota.Http.HttpClientLibrary.HttpClientRequestAdapter(new Microsoft.Kiota.Abstractions.Authentication.AnonymousAuthenticationProvider(), httpClient: http);\n"
                + "var client = new Generated.ApiClient(adapter);",
                calls?.Kiota),
        };
        return $"""
            // consumer-build benchmark: the app calls the generated client (never run: only built). The next line is the
            // one-line edit before each timed build.
            Console.WriteLine("edit {edit}");
            using var http = new HttpClient {"{"} BaseAddress = new Uri("http://127.0.0.1:9/") {"}"};
            {setup}
            {(call is null ? "Console.WriteLine(client);" : $"if (args.Length > 0) Console.WriteLine(await client.{call});")}

            """;
    }

    private static int ParseInt(string text, string pattern) =>
        Regex.Match(text, pattern) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;

    private static double ParseDouble(string text, string pattern, RegexOptions options = RegexOptions.None) =>
        Regex.Match(text, pattern, options) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;

    private static void Check((int ExitCode, double Ms) result, string what, string log)
    {
        if (result.ExitCode == 0) return;
        var lines = File.Exists(log) ? File.ReadAllLines(log) : Array.Empty<string>();
        throw new InvalidOperationException($"{what} failed (exit code {result.ExitCode}; {log}):\n{string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)))}");
    }

    private static (int ExitCode, double Ms) Dotnet(string directory, string log, string packages, params string[] arguments) =>
        RunLogged("dotnet", arguments, directory, log, packages);

    /// <summary>Runs a process in a folder with its stdout and stderr in a log file; NUGET_PACKAGES is the benchmark's own packages folder.</summary>
    private static (int ExitCode, double Ms) RunLogged(string fileName, IEnumerable<string> arguments, string directory, string log, string packages)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = directory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=\"$1\"; shift; exec \"$@\" >\"$log\" 2>&1");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(log);
        start.ArgumentList.Add(fileName);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NUGET_PACKAGES"] = packages;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // Nothing of a parent `dotnet run` or MSBuild may steer these builds.
        foreach (var name in new[] { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
            start.Environment.Remove(name);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return (process.ExitCode, watch.Elapsed.TotalMilliseconds);
    }
}
