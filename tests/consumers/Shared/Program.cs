// Linked into every consumer template (PackageConsumer, ProjectReferenceConsumer): round-trips real JSON through the
// records and the FeaturesJsonContext that OpenApiClientGen generates from specs/features-openapi.yaml, calls the
// generated FeaturesClient over HTTP, and prints
// key=value lines that OpenApiClientGen.PackageTests asserts on. Any unexpected exception ends the program with a
// non-zero exit code, which the tests report with its stack trace.
using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using Features;
using OpenApiClientGen;

// The consumers set JsonSerializerIsReflectionEnabledByDefault=false (a trimmed publish does too): every line below
// must work with the generated metadata alone.
Print("reflection.enabledByDefault", JsonSerializer.IsReflectionEnabledByDefault);

// Optional and nullable properties: an explicit null ("timestamp") and a missing property ("id") both read as null.
const string CrawlJson = """
    {"errors":[{"timestamp":null,"url":"https://example.com/a","error":"Timed out"}],"robotsBlocked":["https://example.com/private"]}
    """;
var crawl = FeaturesJsonContext.Deserialize<CrawlErrorsResponseObj>(CrawlJson)!;
var item = crawl.Errors![0];
Print("crawl.errors.count", crawl.Errors.Count);
Print("crawl.errors[0].id", item.Id);
Print("crawl.errors[0].timestamp", item.Timestamp);
Print("crawl.errors[0].url", item.Url);
Print("crawl.errors[0].error", item.Error);
var robotsBlocked = crawl.RobotsBlocked!;
Print("crawl.robotsBlocked", string.Join(",", robotsBlocked));
var crawlJson = FeaturesJsonContext.Serialize(crawl);
Print("crawl.json", crawlJson);
var crawlAgain = FeaturesJsonContext.Deserialize<CrawlErrorsResponseObj>(crawlJson)!;
Print("crawl.reread.equal", crawlAgain.Errors!.SequenceEqual(crawl.Errors) && crawlAgain.RobotsBlocked!.SequenceEqual(robotsBlocked));

// An enum value the spec does not list is kept, not rejected, and written back as it came.
var status = FeaturesJsonContext.Deserialize<Status>("\"paused\"");
Print("status.value", status.Value);
Print("status.isKnown", status.IsKnown);
Print("status.json", FeaturesJsonContext.Serialize(status));
var completed = FeaturesJsonContext.Deserialize<Status>("\"completed\"");
Print("status.completed.isKnown", completed.IsKnown);
Print("status.completed.equalsStatic", completed == Status.Completed);

// A discriminated union read through its base type.
var pet = FeaturesJsonContext.Deserialize<Pet>("""{"petType":"cat","name":"Tom"}""");
Print("pet.type", pet?.GetType().FullName);
Print("pet.isCat", pet is Cat);
Print("pet.name", (pet as Cat)?.Name);
Print("pet.json", FeaturesJsonContext.Serialize(pet));

// The same through FeaturesJsonContext.Default used as the TypeInfoResolver of caller-owned options.
var options = new JsonSerializerOptions { TypeInfoResolver = FeaturesJsonContext.Default };
var petInfo = (JsonTypeInfo<Pet>)options.GetTypeInfo(typeof(Pet));
var dog = JsonSerializer.Deserialize("""{"petType":"dog","name":"Rex","goodBoy":true}""", petInfo)!;
Print("resolver.pet.type", dog.GetType().FullName);
Print("resolver.pet.json", JsonSerializer.Serialize(dog, petInfo));

// A required property that is missing is a JsonException, not a record with a null where the type says non-null.
Expect("missing.name", () => FeaturesJsonContext.Deserialize<Pet>("""{"petType":"cat"}"""));
// A discriminator value the spec does not list is kept as it came (a case added since), and written back the same.
var bird = FeaturesJsonContext.Deserialize<Pet>("""{"petType":"bird","name":"Tweety"}""");
Print("unknown.petType.type", bird?.GetType().Name);
Print("unknown.petType.json", FeaturesJsonContext.Serialize(bird!));

// The generated client over real HTTP (a listener on 127.0.0.1), after trimming too: a typed success; a 429 with
// Retry-After retried once, then a success; the declared 429 as a typed exception when retries are off; and a status
// the annotations (Shared/features.annotations.yaml, named by the spec's Annotations metadata) do not make retryable.
var port = FreePort();
using (var listener = new HttpListener())
{
    listener.Prefixes.Add($"http://127.0.0.1:{port}/");
    listener.Start();
    // What the server answers, request by request; any request beyond these (a retry that should not happen) gets a 500.
    var answers = new (int Status, string? RetryAfter, string Body)[]
    {
        (200, null, CrawlJson),
        (429, "1", """{"error":"Rate limit exceeded"}"""),
        (200, null, CrawlJson),
        (429, "3", """{"error":"Rate limit exceeded"}"""),
        (503, null, """{"error":"Unavailable"}"""),
    };
    var answered = new System.Collections.Generic.List<int>();
    var server = Task.Run(async () =>
    {
        try
        {
            while (true)
            {
                var context = await listener.GetContextAsync();
                var ok = context.Request.Url!.AbsolutePath.EndsWith("/errors", StringComparison.Ordinal) && context.Request.Headers["Authorization"] is null;
                var (status, retryAfter, text) = ok && answered.Count < answers.Length ? answers[answered.Count] : (500, null, """{"error":"unexpected request"}""");
                answered.Add(status);
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                if (retryAfter is not null) context.Response.Headers["Retry-After"] = retryAfter;
                var body = Encoding.UTF8.GetBytes(text);
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The listener was stopped: no more requests.
        }
    });
    using var http = new HttpClient();
    var baseAddress = new Uri($"http://127.0.0.1:{port}/v1");
    var retries = new System.Collections.Generic.List<RetryEvent>();
    var client = new FeaturesClient(http, new FeaturesClientOptions { BaseAddress = baseAddress, OnRetry = retries.Add });
    var fetched = await client.GetBatchScrapeErrorsAsync(Guid.Parse("6a1b7c0e-7f7a-4d6e-9a55-2b8c1d6a9e01"));
    Print("client.errors[0].url", fetched.Errors![0].Url);

    // 429 with Retry-After: 1, then 200: the call succeeds, after waiting what the server asked.
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var retried = await client.GetBatchScrapeErrorsAsync(Guid.Parse("6a1b7c0e-7f7a-4d6e-9a55-2b8c1d6a9e02"));
    watch.Stop();
    Print("client.retry.url", retried.Errors![0].Url);
    Print("client.retry.count", retries.Count);
    Print("client.retry[0].operation", retries[0].Operation);
    Print("client.retry[0].attempt", retries[0].Attempt);
    Print("client.retry[0].status", retries[0].StatusCode);
    Print("client.retry[0].retryAfter", retries[0].RetryAfter?.TotalSeconds);
    Print("client.retry[0].delay", retries[0].Delay.TotalSeconds);
    Print("client.retry.waitedForRetryAfter", watch.Elapsed >= TimeSpan.FromSeconds(0.9));

    // Retries off: the declared 429 ends the call as its typed exception, with what the annotations say of it.
    var once = new FeaturesClient(http, new FeaturesClientOptions { BaseAddress = baseAddress, Retry = RetryPolicy.None });
    try
    {
        await once.GetBatchScrapeErrorsAsync(Guid.Empty);
        Print("client.429", "<no exception>");
    }
    catch (ApiException<GetBatchScrapeErrors429Response> e)
    {
        Print("client.429.status", e.StatusCode);
        Print("client.429.error", e.Payload?.Error);
        Print("client.429.retryAfter", string.Join(",", e.ResponseHeaders["Retry-After"]));
        Print("client.429.path", e.RequestUri?.AbsolutePath);
        Print("client.429.attempts", e.Attempts);
        Print("client.429.isRetryable", e.IsRetryable);
        Print("client.429.retryAfterSeconds", e.RetryAfter?.TotalSeconds);
        Print("client.429.cause", e.Cause);
    }

    // 503: not in the annotations' error table (which, when present, is the whole list), so not retried.
    try
    {
        await client.GetBatchScrapeErrorsAsync(Guid.Empty);
        Print("client.503", "<no exception>");
    }
    catch (ApiException e)
    {
        Print("client.503.status", e.StatusCode);
        Print("client.503.attempts", e.Attempts);
        Print("client.503.isRetryable", e.IsRetryable);
        Print("client.503.retryable", e.Retryable);
    }

    listener.Stop();
    await server;
    Print("server.answered", string.Join(",", answered));
    Print("client.retry.count.end", retries.Count);
}

Print("done", true);
return 0;

static int FreePort()
{
    var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    var port = ((IPEndPoint)probe.LocalEndpoint).Port;
    probe.Stop();
    return port;
}

static void Print(string key, object? value) => Console.WriteLine($"{key}={value ?? "<null>"}");

static void Expect(string key, Func<object?> read)
{
    try
    {
        var value = read();
        Print(key + ".exception", "<none>");
        Print(key + ".value", value);
    }
    catch (JsonException e)
    {
        Print(key + ".exception", e.GetType().FullName);
        Print(key + ".message", e.Message);
    }
}
