// The AotConsumer's program, compiled to a native binary by NativeAOT: calls the HttpFeaturesClient that OpenApiClientGen
// generates from specs/http-features-openapi.yaml over real HTTP, against the server whose base address is the first
// argument (OpenApiClientGen.PackageTests hosts it: Kestrel on 127.0.0.1), and prints key=value lines the test asserts
// on. Any unexpected exception ends the program with a non-zero exit code and its stack trace.
using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using HttpFeatures;
using OpenApiClientGen;

if (args.Length != 1 || !Uri.TryCreate(args[0], UriKind.Absolute, out var baseAddress))
{
    Console.Error.WriteLine("usage: AotConsumer <base address of the test server, e.g. http://127.0.0.1:5000/api>");
    return 2;
}

// Compiled ahead of time: no JIT, and no reflection-based serialization to fall back on.
Print("runtime.dynamicCode", RuntimeFeature.IsDynamicCodeSupported);
Print("reflection.enabledByDefault", JsonSerializer.IsReflectionEnabledByDefault);
Print("runtime.assembly", typeof(ApiException).Assembly.GetName().Name + " " + typeof(ApiException).Assembly.GetName().Version);

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
var retries = new List<RetryEvent>();
var client = new HttpFeaturesClient(http, new HttpFeaturesClientOptions
{
    BaseAddress = baseAddress,
    BearerToken = "aot-token",
    OnRetry = retries.Add,
    // The annotated policy (3 attempts, 500 ms backoff) with a short first wait: the same retry, sooner.
    Retry = RetryPolicy.Default with { InitialDelay = TimeSpan.FromMilliseconds(20) },
});

// A typed success: the request body serialized and the 201's body read by the generated JSON metadata.
var created = await client.CreateItemAsync(new NewItem { Name = "lamp", Price = 12.5, Color = Color.Blue, Tags = ["desk", "led"] });
Print("create.status", created is null ? "204" : "201");
Print("create.id", created?.Id);
Print("create.name", created?.Name);
Print("create.price", created?.Price);
Print("create.color", created?.Color?.Value);
Print("create.color.isKnown", created?.Color?.IsKnown);
Print("create.tags", created?.Tags is { } tags ? string.Join(",", tags) : null);
Print("create.createdAt", created?.CreatedAt.ToString("O"));

// A typed error: the declared 404 is an ApiException<NotFoundError> with its payload read, not retried.
try
{
    await client.GetItemAsync("missing");
    Print("notFound", "<no exception>");
}
catch (ApiException<NotFoundError> e)
{
    Print("notFound.exception", "ApiException<NotFoundError>");
    Print("notFound.status", e.StatusCode);
    Print("notFound.code", e.Payload?.Code);
    Print("notFound.message", e.Payload?.Message);
    Print("notFound.operation", e.OperationId);
    Print("notFound.path", e.RequestUri?.AbsolutePath);
    Print("notFound.attempts", e.Attempts);
    Print("notFound.isRetryable", e.IsRetryable);
}
Print("notFound.retries", retries.Count);

// A retry: a 503 (retryable by the default error table, a GET may be repeated), then the 200 that ends the call.
retries.Clear();
var flaky = await client.GetItemAsync("flaky");
Print("retry.name", flaky.Name);
Print("retry.events", retries.Count);
Print("retry.attempts", retries.Count + 1);
if (retries.Count > 0)
{
    Print("retry[0].operation", retries[0].Operation);
    Print("retry[0].attempt", retries[0].Attempt);
    Print("retry[0].status", retries[0].StatusCode);
}

// A POST retried: createItem is annotated `retry: idempotencyKey`; a 429 with Retry-After: 0, then the 201.
retries.Clear();
var again = await client.CreateItemAsync(new NewItem { Name = "retry-me", Price = 1 });
Print("retryPost.id", again?.Id);
Print("retryPost.events", retries.Count);
Print("retryPost.attempts", retries.Count + 1);
if (retries.Count > 0)
{
    Print("retryPost[0].status", retries[0].StatusCode);
    Print("retryPost[0].retryAfter", retries[0].RetryAfter?.TotalSeconds);
}

Print("done", true);
return 0;

static void Print(string key, object? value) => Console.WriteLine($"{key}={value switch
{
    null => "<null>",
    IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
    _ => value.ToString(),
}}");
