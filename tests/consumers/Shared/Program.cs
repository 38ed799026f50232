// Linked into every consumer template (PackageConsumer, ProjectReferenceConsumer): round-trips real JSON through the
// records and the FeaturesJsonContext that OpenApiClientGen generates from specs/features-openapi.yaml, and prints
// key=value lines that OpenApiClientGen.PackageTests asserts on. Any unexpected exception ends the program with a
// non-zero exit code, which the tests report with its stack trace.
using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Features;

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
Expect("unknown.petType", () => FeaturesJsonContext.Deserialize<Pet>("""{"petType":"bird","name":"Tweety"}"""));

Print("done", true);
return 0;

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
