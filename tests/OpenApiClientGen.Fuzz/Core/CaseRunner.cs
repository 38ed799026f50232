using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace OpenApiClientGen.Fuzz;

/// <summary>The failure classes a case can fall in (and two informational ones).</summary>
internal static class FailureClass
{
    /// <summary>An exception escaped the generator (GeneratorRunResult.Exception, or a throw out of RunGenerators).</summary>
    public const string Exception = "exception";
    /// <summary>The generator caught an exception of its own and reported OAG009.</summary>
    public const string Oag009 = "oag009";
    /// <summary>The generator ran over the time limit (10 s): cancelled in-process, or the worker was killed.</summary>
    public const string Timeout = "timeout";
    /// <summary>The process died (stack overflow, fatal error): found by a worker dying, bisected to the case.</summary>
    public const string Crash = "crash";
    /// <summary>A C# error in the generated code.</summary>
    public const string CompileError = "compile-error";
    /// <summary>Compiling the generated code took longer than the compile limit.</summary>
    public const string CompileTimeout = "compile-timeout";
    /// <summary>Informational: a C# warning in the generated code.</summary>
    public const string CompileWarning = "compile-warning";
    /// <summary>Informational: OAG001 (unreadable document) located at (1,1), the start of the file, not at the problem.</summary>
    public const string Oag001AtStart = "oag001-at-start";

    public static readonly string[] Failures = { Exception, Oag009, Timeout, Crash, CompileError, CompileTimeout };
    public static readonly string[] Informational = { CompileWarning, Oag001AtStart };
}

/// <summary>Limits of a case: the generator's time limit, which cases are compiled and how long that may take.</summary>
internal sealed record FuzzSettings
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After a cancelled run, how long the generator gets to return before the case is given up (the thread abandoned).</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Every case whose generated code is at most this large is compiled (it is cheap).</summary>
    public long CompileAlwaysBelowChars { get; init; } = 400_000;

    /// <summary>Larger outputs are compiled for one case in this many (by index)...</summary>
    public int CompileEvery { get; init; } = 20;

    /// <summary>... up to this size (GitHub's 27 MB of C# takes minutes to bind).</summary>
    public long CompileAtMostChars { get; init; } = 4_000_000;

    public TimeSpan CompileTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The stack of the thread a case runs on: 1 MB, Windows' default and less than the compiler's and the IDE's threads get.</summary>
    public int StackSize { get; init; } = 1024 * 1024;

    /// <summary>Where to write the generated sources (single-case runs), or null.</summary>
    public string? DumpFolder { get; init; }

    public bool ShouldCompile(long index, long generatedChars) =>
        generatedChars > 0 && (generatedChars <= CompileAlwaysBelowChars || (index % CompileEvery == 0 && generatedChars <= CompileAtMostChars));
}

/// <summary>What one case did.</summary>
internal sealed class CaseResult
{
    public int Seed { get; set; }
    public long Index { get; set; }
    public string Document { get; set; } = "";
    public string Category { get; set; } = "";
    public string Description { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public int Bytes { get; set; }
    public bool Latin1 { get; set; }
    public double GenerateMs { get; set; }
    public string? Exception { get; set; }
    public int Oag009 { get; set; }
    public string? FirstOag009 { get; set; }
    /// <summary>Where the exception behind the first OAG009 was thrown (captured as a first-chance exception on the case's thread).</summary>
    public string? Oag009Stack { get; set; }
    public bool Unreadable { get; set; }
    public bool Oag001Located { get; set; }
    public string? FirstOag001 { get; set; }
    public int Diagnostics { get; set; }
    public int Sources { get; set; }
    public long GeneratedChars { get; set; }
    public bool Compiled { get; set; }
    public double CompileMs { get; set; }
    public int CompileErrors { get; set; }
    public string? FirstCompileError { get; set; }
    public int CompileWarnings { get; set; }
    public string? FirstCompileWarning { get; set; }
    public string? Timeout { get; set; }
    public string? Crash { get; set; }
    /// <summary>The thread of the case did not return after its cancellation: the process should not run more cases.</summary>
    public bool Abandoned { get; set; }
    public List<string> Classes { get; set; } = new();

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Failed => Classes.Any(c => FailureClass.Failures.Contains(c));

    [System.Text.Json.Serialization.JsonIgnore]
    public string Id => $"{Seed}:{Index}";

    /// <summary>The first diagnostic (or message) of the case's first failure class.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? FirstProblem =>
        Crash ?? Exception ?? Timeout ?? FirstOag009 ?? FirstCompileError ?? (Classes.Contains(FailureClass.CompileTimeout) ? "compile timeout" : null) ?? FirstCompileWarning ?? FirstOag001;

    public static CaseResult For(FuzzCase fuzzCase) => new()
    {
        Seed = fuzzCase.Seed,
        Index = fuzzCase.Index,
        Document = fuzzCase.Document.ToString(),
        Category = fuzzCase.Category,
        Description = fuzzCase.Description,
        FileName = fuzzCase.FileName,
        Sha256 = fuzzCase.Sha256,
        Bytes = fuzzCase.Bytes.Length,
    };

    public void Classify()
    {
        var classes = new List<string>();
        if (Crash is not null) classes.Add(FailureClass.Crash);
        if (Exception is not null) classes.Add(FailureClass.Exception);
        if (Timeout is not null) classes.Add(FailureClass.Timeout);
        if (Oag009 > 0) classes.Add(FailureClass.Oag009);
        if (CompileErrors > 0) classes.Add(FailureClass.CompileError);
        if (Classes.Contains(FailureClass.CompileTimeout)) classes.Add(FailureClass.CompileTimeout);
        if (CompileWarnings > 0) classes.Add(FailureClass.CompileWarning);
        if (Unreadable && !Oag001Located) classes.Add(FailureClass.Oag001AtStart);
        Classes = classes;
    }
}

/// <summary>What every case compiles against: the .NET 8 reference assemblies and the runtime library, as a consumer does.</summary>
internal sealed class FuzzEnvironment
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    public FuzzEnvironment(string net8References, string runtimeAssembly)
    {
        if (!Directory.Exists(net8References))
            throw new DirectoryNotFoundException($"The .NET 8 reference assemblies are not at {net8References} (restore the project: PackageDownload Microsoft.NETCore.App.Ref).");
        var references = Directory.GetFiles(net8References, "*.dll").Order(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(runtimeAssembly))
            .ToImmutableArray();
        // One compilation shared by every case: outputs derived from it reuse its bound references.
        BaseCompilation = CSharpCompilation.Create(
            "FuzzConsumer",
            Array.Empty<SyntaxTree>(),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));
    }

    public CSharpCompilation BaseCompilation { get; }
}

/// <summary>Runs one case: the generator in-process on the mutated document (a watchdog on its thread), then maybe a compile.</summary>
internal static class CaseRunner
{
    public const string Folder = "/fuzz/";
    public const string Namespace = "Fuzz.Generated";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The exceptions thrown on the current case's thread (type, message, stack at the throw), to give OAG009 its stack trace.</summary>
    [ThreadStatic]
    private static List<(string Type, string Message, string Stack)>? t_thrown;

    static CaseRunner()
    {
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            if (t_thrown is not { Count: < 32 } thrown) return;
            var list = thrown;
            t_thrown = null; // nothing thrown while capturing is captured
            try { list.Add((e.Exception.GetType().Name, e.Exception.Message, new StackTrace(1, fNeedFileInfo: true).ToString())); }
            catch (Exception) { /* best effort */ }
            finally { t_thrown = list; }
        };
    }

    /// <param name="phase">Told "generate" and "compile" as the case enters each (a worker tells its parent).</param>
    public static CaseResult Run(FuzzCase fuzzCase, FuzzEnvironment environment, FuzzSettings settings, Action<string>? phase = null)
    {
        var result = CaseResult.For(fuzzCase);
        var generating = new CancellationTokenSource();
        var compiling = new CancellationTokenSource();
        var state = new RunState();
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { Body(fuzzCase, environment, settings, result, state, phase, generating.Token, compiling.Token); }
            catch (Exception e) { failure = e; }
            finally { state.Done.Set(); }
        }, settings.StackSize) { IsBackground = true, Name = "fuzz case " + fuzzCase.Id };
        thread.Start();

        // The watchdog: the generator gets its limit, then a grace to honour the cancellation; the compile likewise.
        while (!state.Done.Wait(50))
        {
            var compile = state.Compiling;
            var limit = compile ? settings.CompileTimeout : settings.Timeout;
            var elapsed = state.Clock.Elapsed;
            var source = compile ? compiling : generating;
            if (elapsed > limit && !source.IsCancellationRequested) source.Cancel();
            if (elapsed > limit + settings.Grace)
            {
                // Given up: the thread runs on with its own result; this one says what is known.
                var abandoned = CaseResult.For(fuzzCase);
                abandoned.Abandoned = true;
                if (compile)
                {
                    abandoned.Classes.Add(FailureClass.CompileTimeout);
                    abandoned.GenerateMs = result.GenerateMs;
                    abandoned.Sources = result.Sources;
                    abandoned.GeneratedChars = result.GeneratedChars;
                    abandoned.CompileMs = elapsed.TotalMilliseconds;
                }
                else
                {
                    abandoned.Timeout = $"the generator ran over {settings.Timeout.TotalSeconds:0} s and did not return within {settings.Grace.TotalSeconds:0} s of its cancellation";
                    abandoned.GenerateMs = elapsed.TotalMilliseconds;
                }
                abandoned.Classify();
                return abandoned;
            }
        }
        if (failure is not null) result.Exception = "(the fuzzer failed, not the generator) " + failure;
        result.Classify();
        return result;
    }

    private sealed class RunState
    {
        public ManualResetEventSlim Done { get; } = new();
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public volatile bool Compiling;
    }

    private static void Body(
        FuzzCase fuzzCase, FuzzEnvironment environment, FuzzSettings settings, CaseResult result, RunState state, Action<string>? phase,
        CancellationToken generateToken, CancellationToken compileToken)
    {
        var specPath = Folder + fuzzCase.FileName;
        var spec = new MemoryText(specPath, Decode(fuzzCase.Bytes, out var latin1));
        result.Latin1 = latin1;
        var texts = new List<AdditionalText> { spec };
        if (fuzzCase.AnnotationsName is { } name && fuzzCase.AnnotationsBytes is { } annotations)
            texts.Add(new MemoryText(Folder + name, Decode(annotations, out _)));
        var options = new OptionsProvider(specPath, new Dictionary<string, string>
        {
            ["build_metadata.AdditionalFiles.OpenApiClient"] = "true",
            ["build_metadata.AdditionalFiles.Namespace"] = Namespace,
        });

        phase?.Invoke("generate");
        var thrown = new List<(string Type, string Message, string Stack)>();
        t_thrown = thrown;
        state.Clock.Restart();
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new OpenApiClientGenerator().AsSourceGenerator() },
            texts,
            FuzzEnvironment.ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
        Compilation output;
        GeneratorRunResult run;
        try
        {
            driver = driver.RunGeneratorsAndUpdateCompilation(environment.BaseCompilation, out output, out _, generateToken);
            run = driver.GetRunResult().Results.Single();
        }
        catch (OperationCanceledException e) when (generateToken.IsCancellationRequested)
        {
            result.GenerateMs = state.Clock.Elapsed.TotalMilliseconds;
            result.Timeout = $"the generator ran over {settings.Timeout.TotalSeconds:0} s (cancelled): " + Trace(e);
            return;
        }
        catch (Exception e)
        {
            result.GenerateMs = state.Clock.Elapsed.TotalMilliseconds;
            result.Exception = "thrown out of RunGenerators: " + e;
            return;
        }
        finally
        {
            t_thrown = null;
        }
        result.GenerateMs = state.Clock.Elapsed.TotalMilliseconds;
        if (result.GenerateMs > settings.Timeout.TotalMilliseconds)
            result.Timeout = $"the generator took {result.GenerateMs / 1000:0.0} s (over {settings.Timeout.TotalSeconds:0} s)";

        if (run.Exception is { } escaped) result.Exception = escaped.ToString();
        result.Diagnostics = run.Diagnostics.Length;
        foreach (var diagnostic in run.Diagnostics)
        {
            if (diagnostic.Id == "OAG009")
            {
                result.Oag009++;
                if (result.FirstOag009 is null)
                {
                    result.FirstOag009 = diagnostic.ToString();
                    var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
                    var match = thrown.LastOrDefault(t => message.Contains("(" + t.Type + ": " + t.Message + ")", StringComparison.Ordinal));
                    if (match.Stack is null && thrown.Count > 0) match = thrown[^1];
                    result.Oag009Stack = match.Stack is null ? null : match.Type + ": " + match.Message + "\n" + match.Stack;
                }
            }
            else if (diagnostic.Id == "OAG001")
            {
                var start = diagnostic.Location.GetLineSpan().StartLinePosition;
                var located = start.Line > 0 || start.Character > 0;
                // A document is located when its OAG001 is: the first one decides.
                if (!result.Unreadable) result.Oag001Located = located;
                result.Unreadable = true;
                result.FirstOag001 ??= diagnostic.ToString();
            }
        }
        if (settings.DumpFolder is { } dump)
        {
            Directory.CreateDirectory(dump);
            foreach (var source in run.GeneratedSources) File.WriteAllText(Path.Combine(dump, source.HintName), source.SourceText.ToString());
        }
        result.Sources = run.GeneratedSources.Length;
        result.GeneratedChars = run.GeneratedSources.Sum(s => (long)s.SourceText.Length);
        if (result.Timeout is not null || result.Exception is not null || !settings.ShouldCompile(fuzzCase.Index, result.GeneratedChars)) return;

        phase?.Invoke("compile");
        state.Compiling = true;
        state.Clock.Restart();
        var generated = run.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
        ImmutableArray<Diagnostic> diagnostics;
        try
        {
            diagnostics = output.GetDiagnostics(compileToken);
        }
        catch (OperationCanceledException) when (compileToken.IsCancellationRequested)
        {
            result.CompileMs = state.Clock.Elapsed.TotalMilliseconds;
            result.Classes.Add(FailureClass.CompileTimeout);
            return;
        }
        result.Compiled = true;
        result.CompileMs = state.Clock.Elapsed.TotalMilliseconds;
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Location.SourceTree is { } tree && !generated.Contains(tree)) continue;
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                result.CompileErrors++;
                result.FirstCompileError ??= diagnostic.ToString();
            }
            else if (diagnostic.Severity == DiagnosticSeverity.Warning)
            {
                result.CompileWarnings++;
                result.FirstCompileWarning ??= diagnostic.ToString();
            }
        }
    }

    /// <summary>The text as the compiler reads an AdditionalFile: UTF-8 (BOM or not), else a single-byte fallback.</summary>
    public static SourceText Decode(byte[] bytes, out bool latin1)
    {
        latin1 = false;
        try
        {
            return SourceText.From(bytes, bytes.Length, StrictUtf8);
        }
        catch (DecoderFallbackException)
        {
            latin1 = true;
            return SourceText.From(bytes, bytes.Length, Encoding.Latin1);
        }
    }

    private static string Trace(Exception e)
    {
        var frames = (e.StackTrace ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(12);
        return e.GetType().Name + " at\n    " + string.Join("\n    ", frames);
    }

    private sealed class MemoryText(string path, SourceText text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => text;
    }

    private sealed class OptionsProvider(string specPath, Dictionary<string, string> specOptions) : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions None = new Options(new Dictionary<string, string>());
        private readonly AnalyzerConfigOptions _spec = new Options(specOptions);

        public override AnalyzerConfigOptions GlobalOptions => None;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == specPath ? _spec : None;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
