using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Firecrawl;
using OpenApiClientGen.RuntimeTests.Http;
using OpenApiClientGen.RuntimeTests.Prism;
using Xunit;
using Xunit.Abstractions;
using OpenApiClientGen;

namespace OpenApiClientGen.RuntimeTests.Retry;

/// <summary>
/// 1,000 concurrent calls through one generated client against Kestrel, with faults injected on about 30 % of them: every
/// call must succeed, no call may reach the server more than MaxAttempts times, and the server must see exactly one
/// request per call plus one per injected fault. The figures go to the test output and to artifacts/retry-load.txt.
/// </summary>
/// <remarks>
/// Real time (TimeProvider.System), with a fast policy so that the test takes seconds: the Firecrawl policy (5 attempts,
/// Retry-After honored) with a 20 ms first backoff, 200 ms cap and [0, 20 ms) jitter. Some faults carry
/// <c>Retry-After: 1</c> (a second's wait), some <c>retry-after-ms: 50</c>, some no header (backoff). No assertion is
/// about time: a shared, noisy 2-core machine makes the figures vary, not the outcome.
/// </remarks>
public sealed class RetryLoadTests(RecordingServer server, ITestOutputHelper output) : IClassFixture<RecordingServer>
{
    private const int Calls = 1000;
    private const int Seed = 20250314;

    /// <summary>The faults a call gets before its 200: on about 30 % of the calls, one or two of four kinds.</summary>
    private static (string Kind, Reply Reply)[] Plan(Guid id)
    {
        var random = new Random(BitConverter.ToInt32(id.ToByteArray(), 0)); // deterministic from the id
        if (random.NextDouble() >= 0.30) return [];
        var faults = new (string, Reply)[random.Next(1, 3)];
        for (var i = 0; i < faults.Length; i++)
        {
            faults[i] = random.Next(4) switch
            {
                0 => ("429 Retry-After: 1", new Reply(429, Error("Rate limit exceeded. Consumed (req/min): 501, Remaining (req/min): 0."), "application/json", ("Retry-After", "1"))),
                1 => ("429 retry-after-ms: 50", new Reply(429, Error("Concurrency limit reached: 50 concurrent browsers."), "application/json", ("retry-after-ms", "50"))),
                2 => ("503", new Reply(503, Error("Service Unavailable"))),
                _ => ("502", new Reply(502, Error("Bad Gateway"))),
            };
        }
        return faults;
    }

    private static string Error(string message) => JsonSerializer.Serialize(new { success = false, error = message });

    private static string Success(Guid id) =>
        $$"""{"status": "completed", "total": 1, "completed": 1, "data": [], "next": "https://api.firecrawl.dev/v2/batch/scrape/{{id:D}}?skip=1"}""";

    [Fact]
    public async Task A_thousand_concurrent_calls_with_injected_faults_all_succeed_within_MaxAttempts()
    {
        var random = new Random(Seed);
        var ids = Enumerable.Range(0, Calls).Select(_ =>
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes);
        }).ToArray();
        Assert.Equal(Calls, ids.Distinct().Count());
        var plans = ids.ToDictionary(id => id, Plan);
        var injected = plans.Values.Sum(p => p.Length);

        // The server's view: how many times each id came, and when (Stopwatch timestamps).
        var attempts = new ConcurrentDictionary<Guid, int>();
        var arrivals = new ConcurrentDictionary<Guid, ConcurrentQueue<long>>();
        var scenario = server.NewScenario((context, request) =>
        {
            var id = Guid.Parse(request.RawPath.Split('/')[^1]);
            arrivals.GetOrAdd(id, _ => new ConcurrentQueue<long>()).Enqueue(Stopwatch.GetTimestamp());
            var attempt = attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            var plan = plans[id];
            return attempt <= plan.Length ? plan[attempt - 1].Reply.WriteAsync(context) : RecordingServer.Reply(context, 200, Success(id));
        });

        var retries = 0;
        var transportRetries = 0;
        // The waits the client scheduled for each call (OnRetry runs in the call's async flow, so an AsyncLocal finds it).
        var scheduled = new double[Calls];
        var current = new AsyncLocal<int>();
        var policy = FirecrawlClient.RetryMetadata.Policy with
        {
            InitialDelay = TimeSpan.FromMilliseconds(20),
            MaxDelay = TimeSpan.FromMilliseconds(200),
            Jitter = TimeSpan.FromMilliseconds(20),
        };
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromMinutes(2) };
        var client = new FirecrawlClient(http, new FirecrawlClientOptions
        {
            BaseAddress = server.Address("v2"),
            BearerToken = "fc-load-test",
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
            Retry = policy,
            OnRetry = e =>
            {
                Interlocked.Increment(ref retries);
                if (e.StatusCode is null) Interlocked.Increment(ref transportRetries);
                scheduled[current.Value] += e.Delay.TotalMilliseconds; // one call's retries are sequential
            },
        });

        // Warm-up, on a scenario of its own (not counted): one call through a retry, so that the burst does not pay for JIT.
        var warmUp = server.Sequence(new Reply(503, Error("Service Unavailable")), new Reply(200, Success(Guid.Empty)));
        await new FirecrawlClient(http, new FirecrawlClientOptions
        {
            BaseAddress = server.Address("v2"),
            DefaultHeaders = { [RecordingServer.ScenarioHeader] = warmUp.Id },
            Retry = policy,
        }).GetBatchScrapeStatusAsync(Guid.Empty);
        Assert.Equal(2, warmUp.Requests.Count);

        var durations = new double[Calls];
        var wall = Stopwatch.StartNew();
        var results = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            await Task.Yield();
            current.Value = i;
            var started = Stopwatch.GetTimestamp();
            var result = await client.GetBatchScrapeStatusAsync(id);
            durations[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return (Id: id, Result: result);
        }));
        wall.Stop();

        // Every call succeeded, with its own response.
        Assert.All(results, r =>
        {
            Assert.Equal(BatchScrapeStatusResponseStatus.Completed, r.Result.Status);
            Assert.Contains(r.Id.ToString("D"), r.Result.Next);
        });

        // Server-side counts: one request per call and per injected fault, never more than MaxAttempts for one call.
        Assert.Equal(Calls, attempts.Count);
        Assert.All(ids, id => Assert.Equal(plans[id].Length + 1, attempts[id]));
        var most = attempts.Values.Max();
        Assert.True(most <= policy.MaxAttempts, $"A call reached the server {most} times (MaxAttempts {policy.MaxAttempts}).");
        Assert.Equal(Calls + injected, scenario.Requests.Count);
        Assert.Equal(Calls + injected, attempts.Values.Sum());
        // And the client retried exactly the faults: nothing else (no connection failure) under load.
        Assert.Equal(0, transportRetries);
        Assert.Equal(injected, retries);

        // Added latency of a call = the server's arrival time of its last attempt minus that of its first: the time the
        // retries added on top of a plain call (0 for a call without faults). Measured on the server so that client-side
        // queuing under 1,000 concurrent calls does not count.
        var added = ids.Select(id =>
        {
            var times = arrivals[id].ToArray();
            return Stopwatch.GetElapsedTime(times.Min(), times.Max()).TotalMilliseconds;
        }).ToArray();
        var faultedIndexes = Enumerable.Range(0, Calls).Where(i => plans[ids[i]].Length > 0).ToArray();
        var faulted = faultedIndexes.Select(i => added[i]).ToArray();
        var waits = faultedIndexes.Select(i => scheduled[i]).ToArray();
        var overhead = faultedIndexes.Select(i => added[i] - scheduled[i]).ToArray();
        Assert.All(Enumerable.Range(0, Calls).Except(faultedIndexes), i => Assert.Equal(0, scheduled[i]));
        var byKind = plans.Values.SelectMany(p => p).GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Count()}");
        var twice = plans.Values.Count(p => p.Length == 2);

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Retry load test ({DateTimeOffset.UtcNow:u}, {Environment.ProcessorCount} cores): Firecrawl getBatchScrapeStatus through one FirecrawlClient, Kestrel on 127.0.0.1")
            .AppendLine(CultureInfo.InvariantCulture, $"policy: MaxAttempts {policy.MaxAttempts}, InitialDelay {policy.InitialDelay.TotalMilliseconds} ms x{policy.Multiplier}, MaxDelay {policy.MaxDelay.TotalMilliseconds} ms, Jitter +[0, {policy.Jitter.TotalMilliseconds} ms), Retry-After honored")
            .AppendLine(CultureInfo.InvariantCulture, $"calls: {Calls} concurrent, all succeeded")
            .AppendLine(CultureInfo.InvariantCulture, $"calls with injected faults: {faulted.Length} ({100.0 * faulted.Length / Calls:0.0} %)")
            .AppendLine(CultureInfo.InvariantCulture, $"injected faults: {injected} ({string.Join(", ", byKind)}); {twice} calls got two faults")
            .AppendLine(CultureInfo.InvariantCulture, $"retries (OnRetry): {retries}")
            .AppendLine(CultureInfo.InvariantCulture, $"server requests: {scenario.Requests.Count} = calls + injected faults")
            .AppendLine(CultureInfo.InvariantCulture, $"most attempts for one call: {most} (MaxAttempts {policy.MaxAttempts})")
            .AppendLine(CultureInfo.InvariantCulture, $"added latency (server arrival of the last attempt - of the first), all calls: p50 {Percentile(added, 0.50):0.0} ms, p99 {Percentile(added, 0.99):0.0} ms")
            .AppendLine(CultureInfo.InvariantCulture, $"added latency, faulted calls only: p50 {Percentile(faulted, 0.50):0.0} ms, p99 {Percentile(faulted, 0.99):0.0} ms, max {faulted.Max():0.0} ms")
            .AppendLine(CultureInfo.InvariantCulture, $"  of which scheduled waits (sum of OnRetry delays per faulted call): p50 {Percentile(waits, 0.50):0.0} ms, p99 {Percentile(waits, 0.99):0.0} ms")
            .AppendLine(CultureInfo.InvariantCulture, $"  and the rest (added latency - scheduled waits: timer, connection and scheduling delays): p50 {Percentile(overhead, 0.50):0.0} ms, p99 {Percentile(overhead, 0.99):0.0} ms")
            .AppendLine(CultureInfo.InvariantCulture, $"client-side call duration: p50 {Percentile(durations, 0.50):0.0} ms, p99 {Percentile(durations, 0.99):0.0} ms")
            .AppendLine(CultureInfo.InvariantCulture, $"wall time for all calls: {wall.Elapsed.TotalMilliseconds:0} ms")
            .ToString();
        output.WriteLine(report);
        var artifacts = Path.Combine(PrismTestPaths.RepositoryRoot, "artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "retry-load.txt"), report);

        // The plan is what the seed says (so the figures above are comparable between runs).
        Assert.InRange(faulted.Length, Calls * 25 / 100, Calls * 35 / 100);
    }

    /// <summary>The nearest-rank percentile.</summary>
    private static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
