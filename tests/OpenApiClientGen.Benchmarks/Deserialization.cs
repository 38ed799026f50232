using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Firecrawl;
using static Harness;

/// <summary>
/// A large Firecrawl response (a batch scrape status with 1,000 documents) read with the generated FirecrawlJsonContext
/// against System.Text.Json's source generator over the same records (<see cref="BaselineContext"/>), from UTF-8 bytes
/// and from a stream as the generated client reads a response. BenchmarkDotNet, in-process, MemoryDiagnoser.
/// </summary>
internal static class Deserialization
{
    public const int Documents = 1000;

    public static void Run(bool quick)
    {
        var json = FirecrawlResponse.Build(Documents);
        FirecrawlResponse.Check(json);
        Progress($"deserialization: {Documents} documents, {Bytes(json.Length)} of JSON; BenchmarkDotNet (in-process{(quick ? ", quick" : "")}), log in {ArtifactsPath}");

        // Warm-up until stable (BenchmarkDotNet's default): each call takes milliseconds, and a fixed short warm-up measured
        // the first case before tiered compilation had optimized it.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithIterationCount(quick ? 7 : 15)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(quick ? 200 : 400));
        Directory.CreateDirectory(ArtifactsPath);
        var logPath = Path.Combine(ArtifactsPath, "deserialization.log");
        using var log = new StreamLogger(logPath);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(log)
            .WithArtifactsPath(ArtifactsPath)
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<FirecrawlDeserialization>(config);
        log.Flush();
        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success))
            throw new InvalidOperationException("BenchmarkDotNet failed; see " + logPath);

        (double Ns, double Bytes) Result(string method)
        {
            var report = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
            return (report.ResultStatistics!.Median, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? double.NaN);
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var (path, baseline, ours, target) in new[]
        {
            ("UTF-8 bytes: JsonSerializer.Deserialize(ReadOnlySpan<byte>, typeInfo)", nameof(FirecrawlDeserialization.BaselineBytes), nameof(FirecrawlDeserialization.GeneratedBytes), 1.0),
            ("a stream of unknown length: await JsonSerializer.DeserializeAsync(Stream, typeInfo), read in chunks as they come", nameof(FirecrawlDeserialization.BaselineStream), nameof(FirecrawlDeserialization.GeneratedStream), 0.9),
            ("a body of known length: a whole call over an in-memory HttpMessageHandler (JSON with Content-Length), the generated client's GetBatchScrapeStatusAsync against HttpClient + DeserializeAsync of the response stream", nameof(FirecrawlDeserialization.BaselineCall), nameof(FirecrawlDeserialization.GeneratedCall), 0.9),
        })
        {
            var b = Result(baseline);
            var o = Result(ours);
            var throughput = b.Ns / o.Ns;
            var allocations = o.Bytes / b.Bytes;
            rows.Add(new[]
            {
                path,
                $"{Ms(b.Ns / 1e6)} ({Throughput(json.Length, b.Ns)})", $"{Ms(o.Ns / 1e6)} ({Throughput(json.Length, o.Ns)})",
                Ratio(throughput), Invariant($"≥ {target:0.0}×"), Met(throughput >= target),
                Bytes(b.Bytes), Bytes(o.Bytes), Ratio(allocations), "≤ 1.1×", Met(allocations <= 1.1),
            });
        }
        var wholeBuffer = Result(nameof(FirecrawlDeserialization.GeneratedStreamWholeBuffer));
        rows.Add(new[]
        {
            "stream, ours with DefaultBufferSize = 4 MB (≥ the body): informational, the stream row read in one buffer",
            "", $"{Ms(wholeBuffer.Ns / 1e6)} ({Throughput(json.Length, wholeBuffer.Ns)})", Ratio(Result(nameof(FirecrawlDeserialization.BaselineStream)).Ns / wholeBuffer.Ns), "", "",
            "", Bytes(wholeBuffer.Bytes), "", "", "",
        });
        Table($"Deserialization: a Firecrawl batch scrape status with {Documents:N0} documents ({Bytes(json.Length)} of JSON), generated FirecrawlJsonContext against System.Text.Json's source generator",
            new[]
            {
                "read from", "STJ source-generated (baseline):", "generated FirecrawlJsonContext:", "throughput, ours ÷ baseline:", "target", "",
                "allocated, baseline:", "ours:", "ours ÷ baseline:", "target", "",
            },
            rows,
            new[]
            {
                $"BenchmarkDotNet 0.14.0, in-process toolchain, MemoryDiagnoser; medians per operation (ops/s and MB/s of JSON in brackets). Throughput ratio = baseline time ÷ ours (> 1: ours faster). Full BenchmarkDotNet log: {Path.GetRelativePath(RepositoryRoot, logPath)}.",
                "Baseline: `[JsonSerializable(typeof(BatchScrapeStatusResponse))] partial class BaselineContext : JsonSerializerContext` over the same generated records, copied into namespace FirecrawlBaseline at build time (the copy step removes any record's `[JsonConverter]` attribute; records no longer carry one). The string-enum structs keep the generated converters in both. Default options (no RespectNullableAnnotations): the baseline does not check the nulls the generated creators reject.",
                "Design: records are System.Text.Json object metadata (JsonMetadataServices.CreateObjectInfo, one line per property through the runtime's JsonObjectBuilder; init-only and required properties are parameters of a creator, as System.Text.Json's own generator does for them), lists and maps its collection metadata, primitives its value converters; the string-enum structs, unions and hierarchies keep small generated converters. So the serializer reads a stream resumably as its bytes arrive (no read-ahead of the whole body) and the options apply as they do to its own generated metadata; from bytes it runs the same object reader as the baseline (≈ 1.0×). The informational row is the stream read with a first buffer that holds the whole body.",
                "A context over the generated records as they are does not compile: in the generated records' own compilation System.Text.Json's generator cannot see them (SYSLIB1030), and from another assembly the string enums' `[JsonConverter]` types, nested `internal` in FirecrawlJsonContext, are inaccessible to it (SYSLIB1220). Both sides' results were checked to write back the original JSON before timing.",
            });
    }

    private static string ArtifactsPath => Path.Combine(RepositoryRoot, "artifacts", "benchmarks");

    private static string Throughput(long bytes, double ns) =>
        Invariant($"{1e9 / ns:N0} ops/s, {bytes / (ns / 1e9) / (1 << 20):N0} MB/s");
}

/// <summary>The benchmark cases (public for BenchmarkDotNet).</summary>
[MemoryDiagnoser]
public class FirecrawlDeserialization
{
    private byte[] _json = Array.Empty<byte>();
    private JsonTypeInfo<BatchScrapeStatusResponse> _generated = null!;
    private JsonTypeInfo<BatchScrapeStatusResponse> _generatedWholeBuffer = null!;
    private HttpClient _http = null!;
    private FirecrawlClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = FirecrawlResponse.Build(Deserialization.Documents);
        _generated = FirecrawlJsonContext.GetTypeInfo<BatchScrapeStatusResponse>();
        var wholeBuffer = new JsonSerializerOptions { TypeInfoResolver = FirecrawlJsonContext.Default, DefaultBufferSize = 1 << 22 };
        _generatedWholeBuffer = (JsonTypeInfo<BatchScrapeStatusResponse>)wholeBuffer.GetTypeInfo(typeof(BatchScrapeStatusResponse));
        _http = new HttpClient(new JsonHandler(_json));
        _client = new FirecrawlClient(_http, new FirecrawlClientOptions { BaseAddress = new Uri("https://api.example/v2"), BearerToken = "fc-benchmark" });
    }

    [Benchmark(Baseline = true)]
    public FirecrawlBaseline.BatchScrapeStatusResponse? BaselineBytes() =>
        JsonSerializer.Deserialize(_json, BaselineContext.Default.BatchScrapeStatusResponse);

    [Benchmark]
    public BatchScrapeStatusResponse? GeneratedBytes() => JsonSerializer.Deserialize(_json, _generated);

    [Benchmark]
    public async Task<FirecrawlBaseline.BatchScrapeStatusResponse?> BaselineStream() =>
        await JsonSerializer.DeserializeAsync(new MemoryStream(_json, writable: false), BaselineContext.Default.BatchScrapeStatusResponse).ConfigureAwait(false);

    [Benchmark]
    public async Task<BatchScrapeStatusResponse?> GeneratedStream() =>
        await JsonSerializer.DeserializeAsync(new MemoryStream(_json, writable: false), _generated).ConfigureAwait(false);

    /// <summary>A hand-written call with the source-generated context: send, then deserialize the response stream.</summary>
    [Benchmark]
    public async Task<FirecrawlBaseline.BatchScrapeStatusResponse?> BaselineCall()
    {
        using var response = await _http.GetAsync("https://api.example/v2/batch/scrape/6e9c3ee4-2b41-4c52-9d8b-2f0a8f3e5a11", HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, BaselineContext.Default.BatchScrapeStatusResponse).ConfigureAwait(false);
    }

    /// <summary>The generated client's call (request built, retry loop, status switch, its read of a body of known length).</summary>
    [Benchmark]
    public Task<BatchScrapeStatusResponse> GeneratedCall() => _client.GetBatchScrapeStatusAsync(Guid.Parse("6e9c3ee4-2b41-4c52-9d8b-2f0a8f3e5a11"));

    /// <summary>The same, with a first buffer that holds the whole body (one read, no resumption).</summary>
    [Benchmark]
    public async Task<BatchScrapeStatusResponse?> GeneratedStreamWholeBuffer() =>
        await JsonSerializer.DeserializeAsync(new MemoryStream(_json, writable: false), _generatedWholeBuffer).ConfigureAwait(false);
}

/// <summary>System.Text.Json's source generator over the baseline copy of the generated records (no record-level converters).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FirecrawlBaseline.BatchScrapeStatusResponse))]
internal sealed partial class BaselineContext : JsonSerializerContext;

/// <summary>The response, built from the generated records, deterministically.</summary>
internal static class FirecrawlResponse
{
    public static byte[] Build(int documents)
    {
        var data = new List<Document>(documents);
        for (var i = 0; i < documents; i++) data.Add(Document(i));
        var response = new BatchScrapeStatusResponse
        {
            Status = BatchScrapeStatusResponseStatus.Completed,
            Total = documents * 3L,
            Completed = documents * 2L,
            CreditsUsed = documents * 2L,
            ExpiresAt = new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero),
            Next = $"https://api.firecrawl.dev/v2/batch/scrape/8f14e45f-ceea-467f-a8c1-5b7a9f2c8d31?skip={documents}",
            Data = data,
        };
        return JsonSerializer.SerializeToUtf8Bytes(response, FirecrawlJsonContext.GetTypeInfo<BatchScrapeStatusResponse>());
    }

    private static Document Document(int i)
    {
        var url = $"https://docs.example.com/guides/section-{i / 50}/page-{i}";
        var markdown = new StringBuilder();
        markdown.Append("# Page ").Append(i).Append(" of the guide\n\n");
        for (var p = 0; p < 4 + i % 5; p++)
        {
            markdown.Append("Paragraph ").Append(p).Append(" of page ").Append(i)
                .Append(": the quick brown fox jumps over the lazy dog, \"quoted\" text, an é and a ✓, ")
                .Append("a [link](").Append(url).Append("#p").Append(p).Append(") and `inline code`.\n\n");
        }
        return new Document
        {
            Markdown = markdown.ToString(),
            Summary = i % 3 == 0 ? $"Page {i} explains part {i % 17} of the guide in a few sentences." : null,
            Html = i % 4 == 0 ? $"<html><head><title>Page {i}</title></head><body><h1>Page {i}</h1><p>Short body.</p></body></html>" : null,
            Screenshot = i % 10 == 0 ? $"https://cdn.example.com/screenshots/{i}.png" : null,
            Links = Enumerable.Range(0, 8 + i % 7).Select(l => $"https://docs.example.com/guides/section-{(i + l) / 50}/page-{i + l}").ToList(),
            Json = i % 5 == 0 ? JsonDocument.Parse(Invariant($$"""{"title":"Page {{i}}","price":{{i * 1.25}},"tags":["a","b"],"inStock":{{(i % 2 == 0 ? "true" : "false")}}}""")).RootElement.Clone() : null,
            Warning = i % 50 == 7 ? "The page was truncated at 1 MB." : null,
            Metadata = new DocumentMetadata
            {
                Title = $"Page {i} of the guide",
                Description = $"Everything about topic {i % 23}, with examples.",
                Language = i % 9 == 0 ? null : "en",
                SourceURL = url,
                Url = url,
                StatusCode = i % 40 == 0 ? 404 : 200,
                ContentType = "text/html; charset=utf-8",
                Error = i % 40 == 0 ? "Not Found" : null,
            },
        };
    }

    /// <summary>Both readers read the same thing: each result, written back by its own context, is the original JSON.</summary>
    public static void Check(byte[] json)
    {
        var original = JsonNode.Parse(json);
        var ours = JsonSerializer.Deserialize(json, FirecrawlJsonContext.GetTypeInfo<BatchScrapeStatusResponse>())!;
        var baseline = JsonSerializer.Deserialize(json, BaselineContext.Default.BatchScrapeStatusResponse)!;
        if (ours.Data.Count != Deserialization.Documents || baseline.Data.Count != Deserialization.Documents)
            throw new InvalidOperationException("A reader lost documents.");
        if (!JsonNode.DeepEquals(original, JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(ours, FirecrawlJsonContext.GetTypeInfo<BatchScrapeStatusResponse>()))))
            throw new InvalidOperationException("The generated context does not round-trip the response.");
        if (!JsonNode.DeepEquals(original, JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(baseline, BaselineContext.Default.BatchScrapeStatusResponse))))
            throw new InvalidOperationException("The baseline context reads the response differently.");
    }
}

/// <summary>Answers every request with the same JSON body (its Content-Length known), in memory: no sockets in the measurement.</summary>
internal sealed class JsonHandler(byte[] json) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
