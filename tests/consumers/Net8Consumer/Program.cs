// The .NET 8 consumer (Net8Consumer.csproj): the records and JSON contexts OpenApiClientGen generates, run on
// System.Text.Json 8. Prints key=value lines that OpenApiClientGen.PackageTests (Net8ConsumerTests) asserts on; each
// check catches what it throws and prints it, so one failure does not hide the others.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Features;
using Firecrawl;
using Wide;
using FeaturesDocument = Features.Document;

Print("runtime.framework", RuntimeInformation.FrameworkDescription);
Print("runtime.version", Environment.Version);
Print("stj.version", typeof(JsonSerializer).Assembly.GetName().Version);
Print("runtime.directory", RuntimeEnvironment.GetRuntimeDirectory());
Print("app.directory", AppContext.BaseDirectory);
Print("reflection.enabledByDefault", JsonSerializer.IsReflectionEnabledByDefault);

// --- Round trips: deserialize, serialize, and the test compares the JSON (the properties in any order). ---
const string FormatsJson = """{"count":3,"total":9007199254740993,"big":-5,"ratio":0.5,"score":1.25,"price":12.50,"enabled":true,"createdAt":"2024-05-01T10:20:30+02:00","birthday":"2024-02-29","id":"6f1c1f3e-5a7c-4bde-9a5c-0c0c6f0c9d11","homepage":"https://example.com/","avatar":"AQID","tags":["a","b"],"labels":{"k":"v"},"matrix":[[1,2],[3]],"anything":{"x":[1,null,"s"]},"freeform":{"y":true},"limit":7,"mode":"slow"}""";
RoundTrip<Formats>("formats", FormatsJson, FeaturesJsonContext.Options);
RoundTrip<Nullability>("nullability", """{"requiredNonNull":"a","requiredNullable":null,"requiredNullable31":"b","requiredViaAnyOf":"completed","optional":"o","optionalNumber":4}""", FeaturesJsonContext.Options);
RoundTrip<Pet>("pet.cat", """{"petType":"cat","name":"Tom","livesLeft":9}""", FeaturesJsonContext.Options);
RoundTrip<Pet>("pet.dog", """{"petType":"dog","name":"Rex","goodBoy":true}""", FeaturesJsonContext.Options);
RoundTrip<Pet>("pet.unknown", """{"petType":"bird","name":"Tweety","wings":2}""", FeaturesJsonContext.Options);
RoundTrip<Shape>("shape.circle", """{"radius":1.5}""", FeaturesJsonContext.Options);
RoundTrip<Shape>("shape.rectangle", """{"width":2,"height":3}""", FeaturesJsonContext.Options);
RoundTrip<StringOrNumber>("union.number", """42""", FeaturesJsonContext.Options);
RoundTrip<FeaturesDocument>("document", """{"createdBy":"me","title":"Notes","status":"IN_PROGRESS"}""", FeaturesJsonContext.Options);
RoundTrip<TreeNode>("tree", """{"value":"root","children":[{"value":"a","children":[{"value":"a1"}]},{"value":"b"}],"parent":{"value":"up"}}""", FeaturesJsonContext.Options);
RoundTrip<Ping>("ping", """{"ping":{"ping":{"ping":{}}}}""", FeaturesJsonContext.Options);
RoundTrip<Message>("message", """{"type":"message","content":"hi","id":"1","secret":"s","legacy":"old"}""", FeaturesJsonContext.Options);
RoundTrip<OddNames>("oddNames", """{"<any other metadata> ":"a","DateCreated<":"b","class":"c","2fa":true,"ToString":"d","odd_names":"e","OddNames":"f","snake_case":"g","snakeCase":"h"}""", FeaturesJsonContext.Options);
// (Without "next": null, which an optional property leaves out when written: as faithful, but not the same JSON.)
RoundTrip<BatchScrapeStatusResponse>("firecrawl.batchStatus", Encoding.UTF8.GetString(BatchStatus(3)).Replace("\"next\":null,", "", StringComparison.Ordinal), FirecrawlJsonContext.Options);
RoundTrip<Wide.Wide>("wide", WideJson(), WideJsonContext.Options);

// --- A non-seekable stream of unknown length handing out a few bytes per read: the same object as from bytes. ---
await FromStream<Formats>("formats", Encoding.UTF8.GetBytes(FormatsJson), FeaturesJsonContext.Default, chunk: 3);
await FromStream<Wide.Wide>("wide", Encoding.UTF8.GetBytes(WideJson()), WideJsonContext.Default, chunk: 5);
await FromStream<Pet>("pet", """{"petType":"cat","name":"Tom","livesLeft":9}"""u8.ToArray(), FeaturesJsonContext.Default, chunk: 2);
await FromStream<BatchScrapeStatusResponse>("firecrawl", BatchStatus(400), FirecrawlJsonContext.Default, chunk: 61);

// --- Required properties: missing, or null where the type does not allow it, is a JsonException naming the property. ---
Expect("missing.formats.count", () => FeaturesJsonContext.Deserialize<Formats>("""{"createdAt":"2024-05-01T10:20:30+02:00","id":"6f1c1f3e-5a7c-4bde-9a5c-0c0c6f0c9d11"}"""));
Expect("missing.cat.name", () => FeaturesJsonContext.Deserialize<Pet>("""{"petType":"cat","livesLeft":1}"""));
Expect("missing.wide.w70", () => WideJsonContext.Deserialize<Wide.Wide>(WideJson(without: "w70")));
Expect("missing.wide.w65", () => WideJsonContext.Deserialize<Wide.Wide>(WideJson(without: "w65")));
Expect("missing.wide.w68", () => WideJsonContext.Deserialize<Wide.Wide>(WideJson(without: "w68")));
await ExpectAsync("missing.stream.nullability.requiredNonNull", () => JsonSerializer.DeserializeAsync(
    new ChunkedStream("""{"requiredNullable":null,"requiredNullable31":null,"requiredViaAnyOf":null}"""u8.ToArray(), 3), FeaturesJsonContext.GetTypeInfo<Nullability>()).AsTask());
Expect("null.cat.name", () => FeaturesJsonContext.Deserialize<Pet>("""{"petType":"cat","name":null}"""));
Expect("null.nullability.requiredNonNull", () => FeaturesJsonContext.Deserialize<Nullability>("""{"requiredNonNull":null,"requiredNullable":null,"requiredNullable31":null,"requiredViaAnyOf":null}"""));
Expect("null.wide.w65", () => WideJsonContext.Deserialize<Wide.Wide>(WideJson().Replace("\"w65\":\"s65\"", "\"w65\":null", StringComparison.Ordinal)));
Expect("null.formats.count", () => FeaturesJsonContext.Deserialize<Formats>(FormatsJson.Replace("\"count\":3", "\"count\":null", StringComparison.Ordinal)));
await ExpectAsync("null.stream.wide.w65", () => JsonSerializer.DeserializeAsync(
    new ChunkedStream(Encoding.UTF8.GetBytes(WideJson().Replace("\"w65\":\"s65\"", "\"w65\":null", StringComparison.Ordinal)), 4), WideJsonContext.GetTypeInfo<Wide.Wide>()).AsTask());
// A required but nullable property may be null (and is written back as null).
Check("null.allowed.nullability", () => FeaturesJsonContext.Serialize(FeaturesJsonContext.Deserialize<Nullability>("""{"requiredNonNull":"x","requiredNullable":null,"requiredNullable31":null,"requiredViaAnyOf":null}""")!));

// --- Defaults from the document apply to an absent property (not to an explicit null). ---
Check("default.formats", () =>
{
    var value = FeaturesJsonContext.Deserialize<Formats>("""{"count":1,"createdAt":"2024-05-01T10:20:30+02:00","id":"6f1c1f3e-5a7c-4bde-9a5c-0c0c6f0c9d11"}""")!;
    return $"limit={value.Limit} mode={value.Mode}";
});
Check("default.formats.explicitNull", () =>
{
    var value = FeaturesJsonContext.Deserialize<Formats>("""{"count":1,"createdAt":"2024-05-01T10:20:30+02:00","id":"6f1c1f3e-5a7c-4bde-9a5c-0c0c6f0c9d11","limit":null,"mode":null}""")!;
    return $"limit={value.Limit?.ToString(CultureInfo.InvariantCulture) ?? "<null>"} mode={value.Mode ?? "<null>"}";
});
Check("default.wide", () => WideJsonContext.Serialize(WideJsonContext.Deserialize<Wide.Wide>(WideJson(only: ["w01", "w33", "w64", "w65", "w68", "w70"]))!));
Check("default.stream.wide", () =>
{
    var bytes = Encoding.UTF8.GetBytes(WideJson(only: ["w01", "w33", "w64", "w65", "w68", "w70"]));
    var value = JsonSerializer.DeserializeAsync(new ChunkedStream(bytes, 3), WideJsonContext.GetTypeInfo<Wide.Wide>()).AsTask().GetAwaiter().GetResult();
    return WideJsonContext.Serialize(value!);
});

// --- The options are honoured. ---
Check("options.converter.strings", () =>
{
    var options = new JsonSerializerOptions { TypeInfoResolver = FeaturesJsonContext.Default };
    options.Converters.Add(new UpperCaseStrings());
    var value = JsonSerializer.Deserialize("""{"requiredNonNull":"abc","requiredNullable":"def","requiredNullable31":null,"requiredViaAnyOf":null,"optional":"ghi"}""", Info<Nullability>(options))!;
    return $"{value.RequiredNonNull},{value.RequiredNullable},{value.Optional} {JsonSerializer.Serialize(value, Info<Nullability>(options))}";
});
Check("options.converter.record", () =>
{
    var options = new JsonSerializerOptions { TypeInfoResolver = FeaturesJsonContext.Default };
    options.Converters.Add(new FixedCat());
    var pet = JsonSerializer.Deserialize("""{"petType":"cat","name":"Tom"}""", Info<Pet>(options))!;
    return $"{(pet as Cat)?.Name} {JsonSerializer.Serialize(pet, Info<Pet>(options))}";
});
Check("options.unmapped.skip", () => FeaturesJsonContext.Serialize(FeaturesJsonContext.Deserialize<TreeNode>("""{"value":"root","children":[{"value":"a","colour":"red"}]}""")!));
Expect("options.unmapped.disallow", () => JsonSerializer.Deserialize("""{"value":"root","children":[{"value":"a","colour":"red"}]}""",
    Info<TreeNode>(new JsonSerializerOptions { TypeInfoResolver = FeaturesJsonContext.Default, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow })));
Expect("options.unmapped.disallow.wide", () => JsonSerializer.Deserialize(WideJson().Replace("{", "{\"w99\":1,", StringComparison.Ordinal),
    Info<Wide.Wide>(new JsonSerializerOptions { TypeInfoResolver = WideJsonContext.Default, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow })));
Expect("options.numbers.strict", () => FeaturesJsonContext.Deserialize<Formats>(FormatsJson.Replace("\"count\":3", "\"count\":\"3\"", StringComparison.Ordinal)));
Check("options.numbers.fromString", () => JsonSerializer.Deserialize(FormatsJson.Replace("\"count\":3", "\"count\":\"3\"", StringComparison.Ordinal),
    Info<Formats>(new JsonSerializerOptions { TypeInfoResolver = FeaturesJsonContext.Default, NumberHandling = JsonNumberHandling.AllowReadingFromString }))!.Count);
Check("options.caseInsensitive", () => JsonSerializer.Deserialize(FormatsJson.Replace("\"count\":3", "\"COUNT\":4", StringComparison.Ordinal),
    Info<Formats>(new JsonSerializerOptions { TypeInfoResolver = FeaturesJsonContext.Default, PropertyNameCaseInsensitive = true }))!.Count);

// --- The generated clients over real HTTP (a listener on 127.0.0.1). ---
var batch = BatchStatus(400);
var port = FreePort();
using (var listener = new HttpListener())
{
    listener.Prefixes.Add($"http://127.0.0.1:{port}/");
    listener.Start();
    var requests = new List<string>();
    var server = Task.Run(async () =>
    {
        try
        {
            while (true)
            {
                var context = await listener.GetContextAsync();
                var request = context.Request;
                string body;
                using (var reader = new StreamReader(request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
                lock (requests) requests.Add($"{request.HttpMethod} {request.Url!.AbsolutePath} auth={request.Headers["Authorization"] ?? "-"} {body}");
                context.Response.ContentType = "application/json";
                if (request.HttpMethod == "POST" && request.Url.AbsolutePath.EndsWith("/pets", StringComparison.Ordinal))
                {
                    // The pet sent, answered back.
                    context.Response.StatusCode = 201;
                    var bytes = Encoding.UTF8.GetBytes(body);
                    await context.Response.OutputStream.WriteAsync(bytes);
                }
                else if (request.HttpMethod == "GET" && request.Url.AbsolutePath.StartsWith("/v2/batch/scrape/", StringComparison.Ordinal))
                {
                    // Chunked transfer of unknown length, in small writes.
                    context.Response.StatusCode = 200;
                    context.Response.SendChunked = true;
                    for (var offset = 0; offset < batch.Length; offset += 4096)
                    {
                        await context.Response.OutputStream.WriteAsync(batch.AsMemory(offset, Math.Min(4096, batch.Length - offset)));
                        await context.Response.OutputStream.FlushAsync();
                    }
                }
                else
                {
                    context.Response.StatusCode = 500;
                }
                context.Response.Close();
            }
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The listener was stopped.
        }
    });

    using var http = new HttpClient();
    await CheckAsync("client.firecrawl", async () =>
    {
        var client = new FirecrawlClient(http, new FirecrawlClientOptions { BaseAddress = new Uri($"http://127.0.0.1:{port}/v2"), BearerToken = "net8-token" });
        var status = await client.GetBatchScrapeStatusAsync(Guid.Parse("6a1b7c0e-7f7a-4d6e-9a55-2b8c1d6a9e01"));
        Print("client.firecrawl.count", status.Data.Count);
        Print("client.firecrawl.lastTitle", status.Data[status.Data.Count - 1].Metadata?.Title);
        Print("client.firecrawl.sha256", Sha256(FirecrawlJsonContext.Serialize(status)));
        Print("client.firecrawl.fromBytes.sha256", Sha256(FirecrawlJsonContext.Serialize(JsonSerializer.Deserialize(batch, FirecrawlJsonContext.GetTypeInfo<BatchScrapeStatusResponse>())!)));
        return status.Status.Value;
    });
    await CheckAsync("client.features.createPet", async () =>
    {
        var client = new FeaturesClient(http, new FeaturesClientOptions { BaseAddress = new Uri($"http://127.0.0.1:{port}/v1") });
        var created = await client.CreatePetAsync(new Cat { Name = "Tom", LivesLeft = 8 });
        return $"{created.GetType().FullName} {FeaturesJsonContext.Serialize(created)}";
    });
    listener.Stop();
    await server;
    lock (requests)
    {
        for (var i = 0; i < requests.Count; i++) Print($"server.request[{i}]", requests[i]);
        Print("server.requests", requests.Count);
    }
}

Print("done", true);

static void RoundTrip<T>(string name, string json, JsonSerializerOptions options)
{
    Print($"roundtrip.{name}.in", json);
    Check($"roundtrip.{name}.out", () =>
    {
        var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var value = JsonSerializer.Deserialize(json, typeInfo)!;
        return JsonSerializer.Serialize(value, typeInfo);
    });
}

static async Task FromStream<T>(string name, byte[] json, IJsonTypeInfoResolver resolver, int chunk)
{
    await CheckAsync($"stream.{name}", async () =>
    {
        // A small buffer too: the serializer must resume mid-value many times.
        var options = new JsonSerializerOptions { TypeInfoResolver = resolver, DefaultBufferSize = 128 };
        var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        var stream = new ChunkedStream(json, chunk);
        var fromStream = (await JsonSerializer.DeserializeAsync(stream, typeInfo))!;
        var fromBytes = JsonSerializer.Deserialize(json, typeInfo)!;
        var streamJson = JsonSerializer.Serialize(fromStream, typeInfo);
        var bytesJson = JsonSerializer.Serialize(fromBytes, typeInfo);
        Print($"stream.{name}.bytes", json.Length);
        Print($"stream.{name}.reads", stream.Reads);
        Print($"stream.{name}.largestRequest", stream.LargestRequest);
        Print($"stream.{name}.fromStream.sha256", Sha256(streamJson));
        Print($"stream.{name}.fromBytes.sha256", Sha256(bytesJson));
        Print($"stream.{name}.in.sha256", Sha256(Encoding.UTF8.GetString(json)));
        if (json.Length < 8192)
        {
            Print($"stream.{name}.fromStream", streamJson);
            Print($"stream.{name}.fromBytes", bytesJson);
        }
        return streamJson == bytesJson;
    });
}

static JsonTypeInfo<T> Info<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

static void Check(string name, Func<object?> check)
{
    try
    {
        Print(name, check());
    }
    catch (Exception e)
    {
        Print(name + ".error", $"{e.GetType().FullName}: {e.Message}".ReplaceLineEndings(" "));
    }
}

static async Task CheckAsync(string name, Func<Task<object?>> check)
{
    try
    {
        Print(name, await check());
    }
    catch (Exception e)
    {
        Print(name + ".error", $"{e.GetType().FullName}: {e.Message}".ReplaceLineEndings(" "));
    }
}

static void Expect(string name, Func<object?> action)
{
    try
    {
        var value = action();
        Print(name + ".exception", "<none>");
        Print(name + ".value", value is null ? null : value.GetType().FullName);
    }
    catch (Exception e)
    {
        Print(name + ".exception", e.GetType().FullName);
        Print(name + ".message", e.Message.ReplaceLineEndings(" "));
    }
}

static async Task ExpectAsync<T>(string name, Func<Task<T>> action)
{
    try
    {
        await action();
        Print(name + ".exception", "<none>");
    }
    catch (Exception e)
    {
        Print(name + ".exception", e.GetType().FullName);
        Print(name + ".message", e.Message.ReplaceLineEndings(" "));
    }
}

static void Print(string key, object? value) =>
    Console.WriteLine($"{key}={(value is null ? "<null>" : Convert.ToString(value, CultureInfo.InvariantCulture))}");

static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

static int FreePort()
{
    using var socket = new TcpListener(IPAddress.Loopback, 0);
    socket.Start();
    return ((IPEndPoint)socket.LocalEndpoint).Port;
}

// A Wide record's JSON: w01..w70 and W01, by the type the document gives each (a property left out, or only some).
static string WideJson(string? without = null, string[]? only = null)
{
    var json = new StringBuilder("{");
    var names = new List<string> { "w01", "W01" };
    for (var i = 2; i <= 70; i++) names.Add("w" + i.ToString("00", CultureInfo.InvariantCulture));
    foreach (var name in names)
    {
        if (name == without || (only is not null && Array.IndexOf(only, name) < 0)) continue;
        var i = int.Parse(name.AsSpan(1), CultureInfo.InvariantCulture);
        var value = name switch
        {
            "W01" => "\"upper\"",
            "w66" => "6",
            "w67" => "\"dark\"",
            "w68" => "null",
            "w69" => "\"nine\"",
            _ => ((i - 1) % 4) switch
            {
                0 => $"\"s{i}\"",
                1 => i.ToString(CultureInfo.InvariantCulture),
                2 => i % 2 == 0 ? "true" : "false",
                _ => i.ToString(CultureInfo.InvariantCulture) + ".5",
            },
        };
        if (json.Length > 1) json.Append(',');
        json.Append('"').Append(name).Append("\":").Append(value);
    }
    return json.Append('}').ToString();
}

// A batch scrape status as the API sends it, with many documents (written by hand: independent of the writer).
static byte[] BatchStatus(int documents)
{
    var json = new StringBuilder();
    json.Append(CultureInfo.InvariantCulture, $$"""{"status":"completed","total":{{documents}},"completed":{{documents}},"creditsUsed":{{documents}},"expiresAt":"2025-06-30T12:00:00+00:00","next":null,"data":[""");
    for (var i = 0; i < documents; i++)
    {
        if (i > 0) json.Append(',');
        json.Append(CultureInfo.InvariantCulture, $$$"""{"markdown":"# Page {{{i}}}\n\nThe quick brown fox jumps over the lazy dog, \"quoted\", again and again and again and again and again and again.","links":["https://example.com/{{{i}}}/a","https://example.com/{{{i}}}/b"],"metadata":{"title":"Page {{{i}}} of the guide","sourceURL":"https://example.com/{{{i}}}","statusCode":200}}""");
    }
    json.Append("]}");
    return Encoding.UTF8.GetBytes(json.ToString());
}

/// <summary>A non-seekable stream of unknown length that hands out at most a few bytes per read.</summary>
internal sealed class ChunkedStream(byte[] data, int chunk) : Stream
{
    private int _position;

    public int LargestRequest { get; private set; }

    public int Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Reads++;
        LargestRequest = Math.Max(LargestRequest, buffer.Length);
        var count = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Reads every JSON string upper-cased and writes it lower-cased.</summary>
internal sealed class UpperCaseStrings : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!.ToUpperInvariant();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToLowerInvariant());
}

/// <summary>A converter for a record in the options: it wins over the generated object metadata.</summary>
internal sealed class FixedCat : JsonConverter<Cat>
{
    public override Cat Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        reader.Skip();
        return new Cat { Name = "from the options' converter" };
    }

    public override void Write(Utf8JsonWriter writer, Cat value, JsonSerializerOptions options) => writer.WriteStringValue("a cat");
}
