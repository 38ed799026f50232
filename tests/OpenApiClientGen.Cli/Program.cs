using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using OpenApiClientGen.Hosting;

// OpenApiClientGen.Cli <spec> [<output folder>] [--namespace N] [--client-name C] [--annotations file] [--timings] [--names]
// Runs the generator in-process on one OpenAPI document (JSON or YAML) and writes each generated file to the folder;
// --names prints the names the spec produces (namespace, client, options, sub-clients, JSON context) instead or as well.
// Exit code: 0 when generated (warnings go to stderr), 1 when the generator reported an error, 2 on bad arguments.
string? spec = null, output = null, ns = null, clientName = null, annotations = null;
var timings = false;
var names = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--namespace" when i + 1 < args.Length: ns = args[++i]; break;
        case "--client-name" when i + 1 < args.Length: clientName = args[++i]; break;
        case "--annotations" when i + 1 < args.Length: annotations = args[++i]; break;
        case "--timings": timings = true; break;
        case "--names": names = true; break;
        case var a when a.StartsWith("--", StringComparison.Ordinal): return Usage($"unknown option {a}");
        case var a when spec is null: spec = a; break;
        case var a when output is null: output = a; break;
        default: return Usage($"unexpected argument {args[i]}");
    }
}
if (spec is null || (output is null && !names)) return Usage(null);
if (!File.Exists(spec)) return Usage($"no file {spec}");

var watch = Stopwatch.StartNew();
var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime; // runtime startup until Main
var specFile = SpecFile.Load(spec, ns, clientName, annotations is null ? null : Path.GetFullPath(annotations));
var driver = GeneratorHost.CreateDriver(specFile, annotations is null ? null : TextFile.Load(annotations));
var compilation = GeneratorHost.EmptyCompilation();
var loaded = watch.Elapsed;
var result = driver.RunGenerators(compilation).GetRunResult();
var generated = watch.Elapsed;
var generator = result.Results[0];
if (generator.Exception is { } exception)
{
    Console.Error.WriteLine($"error: the generator threw {exception}");
    return 1;
}

if (names) Console.Write(GeneratedNames.Describe(generator.GeneratedSources));
long bytes = 0;
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
if (output is not null) Directory.CreateDirectory(output);
foreach (var source in output is null ? [] : generator.GeneratedSources)
{
    var path = Path.Combine(output!, source.HintName);
    using (var writer = new StreamWriter(path, append: false, utf8, bufferSize: 1 << 16))
        source.SourceText.Write(writer);
    bytes += new FileInfo(path).Length;
}

var errors = 0;
foreach (var diagnostic in result.Diagnostics)
{
    if (diagnostic.Severity == DiagnosticSeverity.Error) errors++;
    Console.Error.WriteLine(diagnostic.ToString());
}
if (timings)
    Console.Error.WriteLine($"timings: process start to Main {sinceStart.TotalMilliseconds:F0} ms, read + driver setup {loaded.TotalMilliseconds:F0} ms, " +
        $"generator run {(generated - loaded).TotalMilliseconds:F0} ms, write {(watch.Elapsed - generated).TotalMilliseconds:F0} ms, " +
        $"JIT {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms for {System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods, " +
        $"allocated {GC.GetTotalAllocatedBytes(true) / 1048576.0:F0} MB, {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} gen0/1/2 GCs");
if (output is not null)
    Console.WriteLine($"{generator.GeneratedSources.Length} files, {bytes:N0} bytes in {Path.GetFullPath(output)} ({watch.ElapsedMilliseconds} ms){(errors > 0 ? $", {errors} errors" : "")}");
return errors > 0 ? 1 : 0;

static int Usage(string? problem)
{
    if (problem is not null) Console.Error.WriteLine("error: " + problem);
    Console.Error.WriteLine("usage: OpenApiClientGen.Cli <spec.json|yaml> [<output folder>] [--namespace N] [--client-name C] [--annotations file] [--timings] [--names]");
    return 2;
}
