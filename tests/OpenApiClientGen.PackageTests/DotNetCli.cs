using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenApiClientGen.PackageTests;

/// <summary>The outcome of one process: exit code, stdout and stderr, and how long it took.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public string Output => StandardError.Length == 0 ? StandardOutput : StandardOutput + Environment.NewLine + StandardError;

    /// <summary>Compiler, MSBuild, NuGet and trimmer diagnostics (`warning CS8785:`, `error IL2026:`, `warning NU1603:`...).</summary>
    public IReadOnlyList<string> DiagnosticLines() =>
        Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => DiagnosticPattern().IsMatch(l)).Distinct().ToList();

    public override string ToString() =>
        $"$ {CommandLine}{Environment.NewLine}exit code {ExitCode} after {Duration.TotalSeconds:F1} s{Environment.NewLine}{Output}";

    private static Regex DiagnosticPattern() => new(@"\b(warning|error) [A-Z]+[0-9]+\s*:", RegexOptions.CultureInvariant);
}

/// <summary>Runs the dotnet CLI (or a built program) the way a developer's terminal would, with the output captured.</summary>
internal static class DotNetCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>The dotnet host running the tests (DOTNET_HOST_PATH, set by the CLI), else the one on PATH.</summary>
    public static string Host { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    public static Task<ProcessResult> DotNet(Action<string> log, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Run(log, Host, workingDirectory, environment, arguments);

    public static async Task<ProcessResult> Run(Action<string> log, string fileName, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // The test host may run under `dotnet test`, which leaves MSBuild's own variables (MSBuildExtensionsPath,
        // MSBuildSDKsPath, MSBUILD_EXE_PATH...) in the environment: a child build must resolve its SDK on its own.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // No MSBuild nodes or MSBuild server left running after the test, and plain (not terminal-logger) output.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";
        if (environment is not null)
        {
            foreach (var (key, value) in environment) start.Environment[key] = value;
        }

        var commandLine = string.Join(" ", new[] { fileName }.Concat(arguments).Select(Quote));
        log($"$ {commandLine}   (in {workingDirectory})");
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        using (var timeout = new CancellationTokenSource(Timeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{commandLine} did not finish within {Timeout.TotalMinutes} minutes; killed.");
            }
        }

        // The process has exited; its output ends when the last holder of the pipes closes them. A server process that
        // inherited them (it should not) would hold them forever: do not wait for that indefinitely.
        var streams = Task.WhenAll(stdout, stderr);
        if (await Task.WhenAny(streams, Task.Delay(TimeSpan.FromSeconds(60))) != streams)
        {
            throw new TimeoutException($"{commandLine} exited, but its output was still open 60 s later (a lingering child process holds it).");
        }
        stopwatch.Stop();

        var result = new ProcessResult(commandLine, process.ExitCode, await stdout, await stderr, stopwatch.Elapsed);
        log($"exit code {result.ExitCode} after {result.Duration.TotalSeconds:F1} s");
        log(result.Output);
        return result;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or ';') ? argument : $"\"{argument}\"";
}
