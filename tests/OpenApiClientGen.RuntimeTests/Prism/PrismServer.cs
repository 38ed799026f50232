using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace OpenApiClientGen.RuntimeTests.Prism;

/// <summary>
/// A Prism mock server (<c>prism mock</c>, npm @stoplight/prism-cli installed in tests/prism by Prism.targets) serving
/// one OpenAPI document on a free loopback port. Dispose it to kill its process tree.
/// </summary>
/// <remarks>
/// <para>
/// Prism serves the document's paths at the root of <see cref="BaseAddress"/>: the path of the document's server URL
/// (e.g. the <c>/v2</c> of <c>https://api.firecrawl.dev/v2</c>) is not part of the route, and <c>/v2/scrape</c> is a
/// 404 (NO_PATH_MATCHED_ERROR). Responses are static (examples, else values derived from the schemas) unless started
/// with <c>--dynamic</c>; a <c>Prefer: code=429</c> (or <c>example=name</c>, <c>dynamic=true</c>) request header picks
/// the response.
/// </para>
/// <para>
/// Request validation, and how to read it, is described at <see cref="ReadViolationsAsync"/>.
/// </para>
/// </remarks>
public sealed class PrismServer : IDisposable, IAsyncDisposable
{
    /// <summary>The Node.js version that prism-cli 5.14.2 (tests/prism/package.json) requires.</summary>
    private static readonly Version MinimumNode = new(18, 20, 1);

    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string?> Unavailable = new(FindUnavailableReason);

    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    private const int MaxOutputLines = 5000;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private int _disposed;

    private PrismServer(Process process, Uri baseAddress, string specPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        SpecPath = specPath;
    }

    /// <summary>Why Prism cannot run here (not installed, no Node.js, ...), or <c>null</c> when it can.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>Whether Prism can run here; <see cref="UnavailableReason"/> says why not.</summary>
    public static bool IsAvailable => UnavailableReason is null;

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>: the document's paths are relative to it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The OpenAPI document served.</summary>
    public string SpecPath { get; }

    /// <summary>How long Prism took from process start to its first HTTP answer.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Prism's stdout and stderr so far (its log: one block per request, with the validator's findings).</summary>
    public string Output
    {
        get { lock (_output) return string.Join(Environment.NewLine, _output); }
    }

    /// <summary>A client whose <see cref="HttpClient.BaseAddress"/> is <see cref="BaseAddress"/>.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Starts <c>prism mock -h 127.0.0.1 -p &lt;free port&gt; [options] &lt;specPath&gt;</c> and waits until it answers HTTP.
    /// Throws when Prism is unavailable (<see cref="UnavailableReason"/>), exits, or does not answer within
    /// <paramref name="timeout"/> (default 60 s), with its output in the message.
    /// </summary>
    /// <param name="specPath">The OpenAPI document (JSON or YAML).</param>
    /// <param name="options">More prism mock options, e.g. <c>--errors</c> or <c>--dynamic</c>.</param>
    /// <param name="timeout">How long to wait for the first answer.</param>
    public static async Task<PrismServer> StartAsync(string specPath, IEnumerable<string>? options = null, TimeSpan? timeout = null)
    {
        if (UnavailableReason is { } reason) throw new InvalidOperationException(reason);
        if (!File.Exists(specPath)) throw new FileNotFoundException($"The OpenAPI document {specPath} does not exist.", specPath);

        var extra = options?.ToArray() ?? [];
        // The free port is released before Prism binds it: another process may take it in between. Retry then.
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(Path.GetFullPath(specPath), FreePort(), extra);
            try
            {
                await server.WaitUntilAnsweringAsync(timeout ?? DefaultStartTimeout);
                return server;
            }
            catch (PortInUseException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    private static PrismServer Launch(string specPath, int port, string[] options)
    {
        var start = new ProcessStartInfo(PrismTestPaths.PrismExecutable)
        {
            WorkingDirectory = PrismTestPaths.PrismDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        foreach (var argument in new[] { "mock", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        // Prism forks its HTTP server when NODE_ENV=production (--multiprocess); keep one process whatever the environment.
        start.ArgumentList.Add("--multiprocess=false");
        foreach (var option in options) start.ArgumentList.Add(option);
        start.ArgumentList.Add(specPath);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new PrismServer(process, new Uri($"http://127.0.0.1:{port}/"), specPath);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Could not start {PrismTestPaths.PrismExecutable}: {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return server;
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // flushes the redirected output
                var output = Output;
                if (output.Contains("EADDRINUSE", StringComparison.Ordinal)) throw new PortInUseException();
                throw new InvalidOperationException(
                    $"Prism exited with code {_process.ExitCode} before answering on {BaseAddress} ({SpecPath}). Output:{Environment.NewLine}{output}");
            }
            if (clock.Elapsed > timeout)
                throw new TimeoutException(
                    $"Prism did not answer on {BaseAddress} within {timeout.TotalSeconds:0} s ({SpecPath}). Output:{Environment.NewLine}{Output}");
            try
            {
                // Any HTTP answer (Prism's own 404 for "/") means it is listening.
                using var response = await Probe.GetAsync(BaseAddress);
                StartupTime = clock.Elapsed;
                return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > MaxOutputLines) _output.Dequeue();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    /// <summary>Kills Prism and its child processes.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { } // never started, or already gone
        _process.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class PortInUseException : Exception;

    // ---------------------------------------------------------------- availability

    private static string? FindUnavailableReason()
    {
        string prism;
        try
        {
            prism = PrismTestPaths.PrismExecutable;
        }
        catch (Exception e)
        {
            return $"Prism's location is unknown: the test assembly has no RepositoryRoot metadata (Prism.targets not imported?). {e.Message}";
        }
        if (!File.Exists(prism))
            return $"Prism is not installed: {prism} does not exist. The build of OpenApiClientGen.RuntimeTests runs " +
                   $"`npm ci --no-audit --no-fund` in {PrismTestPaths.PrismDirectory} (Prism.targets) and warns (PRISM001) when it fails, " +
                   "then does not retry (PRISM002) until `dotnet clean` or a change of package-lock.json. " +
                   "Install Node.js 18.20.1+ with npm and rebuild, or run that command there.";

        string version;
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            })!;
            version = node.StandardOutput.ReadToEnd().Trim();
            node.WaitForExit();
            if (node.ExitCode != 0) return $"Prism needs Node.js: `node --version` exited with code {node.ExitCode}.";
        }
        catch (Exception e)
        {
            return $"Prism needs Node.js {MinimumNode}+ on PATH: `node --version` could not run ({e.Message}).";
        }
        if (Version.TryParse(version.TrimStart('v'), out var parsed) && parsed < MinimumNode)
            return $"Prism needs Node.js {MinimumNode}+; `node --version` is {version}.";
        return null;
    }

    // ---------------------------------------------------------------- violations

    /// <summary>The prefix of the <c>type</c> of the problem+json documents Prism writes itself.</summary>
    public const string ProblemTypePrefix = "https://stoplight.io/prism/errors#";

    /// <summary>
    /// What Prism found wrong with the request that <paramref name="response"/> answers, as text (one line per
    /// violation, e.g. <c>Error required at request.body: Request body must have required property 'url'</c>), or
    /// <c>null</c> when it found nothing. See <see cref="ReadViolationsAsync"/>.
    /// </summary>
    public static async Task<string?> ViolationsAsync(HttpResponseMessage response, bool includeResponseViolations = false)
    {
        var violations = await ReadViolationsAsync(response, includeResponseViolations);
        return violations.Count == 0 ? null : string.Join(Environment.NewLine, violations);
    }

    /// <summary>
    /// What Prism found wrong with the request that <paramref name="response"/> answers (empty when nothing).
    /// </summary>
    /// <remarks>
    /// <para>
    /// <c>prism mock</c> validates every request (security, path, query, headers, body) against the document. When it
    /// finds an error it answers with the operation's own 422 response, else its 400 response, mocked from the
    /// document, and lists the findings in an <c>sl-violations</c> response header: a JSON array of
    /// <c>{"location":["request","body"],"severity":"Error","code":"required","message":"..."}</c> (text starting
    /// <c>Too many violations!</c>, cut, when longer than 8 kB). When the operation declares neither, Prism answers
    /// with its own <c>application/problem+json</c> 422 whose <c>type</c> is
    /// <c>https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY</c> and whose <c>validation</c> array holds the
    /// findings (locations without the <c>request</c> prefix), and no header. Missing credentials are a 401
    /// (<c>#UNAUTHORIZED</c> unless the document declares a 401), a wrong content type a 415
    /// (<c>#INVALID_CONTENT_TYPE</c>), an unknown route a 404 (<c>#NO_PATH_MATCHED_ERROR</c>) or 405.
    /// </para>
    /// <para>
    /// The header also lists violations of Prism's own mocked response (locations starting <c>response</c>), which
    /// are faults of the document or the mock, not of the request: they are left out unless
    /// <paramref name="includeResponseViolations"/>. <c>--errors</c> changes nothing for requests under
    /// <c>prism mock</c> (invalid requests are always refused); it turns a response violation of severity Error into
    /// a 500 problem+json of type <c>#VIOLATIONS</c>. Under <c>prism proxy</c> it makes Prism refuse invalid requests
    /// instead of forwarding them.
    /// </para>
    /// <para>
    /// Every problem+json whose type starts with <see cref="ProblemTypePrefix"/> is reported: it means Prism could not
    /// answer the request as the document describes. The response content is buffered, so it can still be read.
    /// </para>
    /// </remarks>
    public static async Task<IReadOnlyList<PrismViolation>> ReadViolationsAsync(HttpResponseMessage response, bool includeResponseViolations = false)
    {
        var violations = new List<PrismViolation>();

        if (response.Headers.TryGetValues("sl-violations", out var headers))
        {
            foreach (var header in headers)
            {
                if (!TryParseViolations(header, out var parsed) && !TryParseCut(header, out parsed))
                {
                    violations.Add(new PrismViolation("", "Error", "", header));
                    continue;
                }
                violations.AddRange(parsed.Where(v => includeResponseViolations || !v.Location.StartsWith("response", StringComparison.Ordinal)));
            }
        }

        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            await response.Content.LoadIntoBufferAsync();
            var body = await response.Content.ReadAsStringAsync();
            if (TryParseProblem(body, out var problem)) violations.AddRange(problem);
        }

        return violations;
    }

    private static bool TryParseViolations(string json, out List<PrismViolation> violations)
    {
        violations = [];
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return false;
            foreach (var item in document.RootElement.EnumerateArray()) violations.Add(Violation(item, locationPrefix: null));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Prism cuts an <c>sl-violations</c> header longer than 8 kB to <c>Too many violations! [{...},{...},{..</c>. It lists
    /// the request's violations first (prism-http-server addViolationHeader: input, then output), so the complete entries
    /// of the cut text tell whether the request had any; a cut text with no complete entry is not parsed (and is then
    /// reported as it is, as a request violation: the conservative reading).
    /// </summary>
    private static bool TryParseCut(string header, out List<PrismViolation> violations)
    {
        const string Cut = "Too many violations! ";
        violations = [];
        if (!header.StartsWith(Cut, StringComparison.Ordinal)) return false;
        var bytes = System.Text.Encoding.UTF8.GetBytes(header[Cut.Length..]);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip()) break; // the entry that was cut
                using var entry = JsonDocument.Parse(bytes.AsMemory(start, (int)reader.BytesConsumed - start));
                violations.Add(Violation(entry.RootElement, locationPrefix: null));
            }
        }
        catch (JsonException)
        {
        }
        return violations.Count > 0;
    }

    private static bool TryParseProblem(string json, out List<PrismViolation> violations)
    {
        violations = [];
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !type.GetString()!.StartsWith(ProblemTypePrefix, StringComparison.Ordinal))
                return false;

            var kind = type.GetString()![ProblemTypePrefix.Length..];
            // The VIOLATIONS problem (--errors) lists violations of the mocked response; the others, of the request.
            var prefix = kind == "VIOLATIONS" ? null : "request";
            if (root.TryGetProperty("validation", out var validation) && validation.ValueKind == JsonValueKind.Array && validation.GetArrayLength() > 0)
            {
                foreach (var item in validation.EnumerateArray()) violations.Add(Violation(item, prefix));
            }
            else
            {
                var title = root.TryGetProperty("title", out var t) ? t.ToString() : kind;
                var detail = root.TryGetProperty("detail", out var d) ? d.ToString() : "";
                violations.Add(new PrismViolation(prefix ?? "", "Error", kind, $"{title}: {detail}"));
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static PrismViolation Violation(JsonElement item, string? locationPrefix)
    {
        string Text(string name) => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) ? value.ToString() : "";

        var location = new List<string>();
        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("location", out var path) && path.ValueKind == JsonValueKind.Array)
            location.AddRange(path.EnumerateArray().Select(p => p.ToString()));
        if (locationPrefix is not null && (location.Count == 0 || location[0] != locationPrefix)) location.Insert(0, locationPrefix);
        return new PrismViolation(string.Join('.', location), Text("severity"), Text("code"), Text("message"));
    }
}

/// <summary>One finding of Prism's validator.</summary>
/// <param name="Location">Dotted, from <c>request</c> or <c>response</c>: <c>request.body.url</c>, <c>request.path.id</c>.</param>
/// <param name="Severity"><c>Error</c>, <c>Warning</c>, <c>Information</c> or <c>Hint</c>.</param>
/// <param name="Code">The JSON Schema keyword (<c>required</c>, <c>format</c>, ...) or Prism's problem kind (<c>UNAUTHORIZED</c>, ...).</param>
/// <param name="Message">Prism's message.</param>
public sealed record PrismViolation(string Location, string Severity, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Severity} {Code} at {Location}: {Message}";
}
