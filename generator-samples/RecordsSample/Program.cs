using System.Text.Json;
using Features;

// Offline: typed records generated at build time from specs/features-openapi.yaml, read from real payload shapes.
Console.WriteLine("OpenApiClientGen records sample (spec: specs/features-openapi.yaml, namespace Features)");
Console.WriteLine();

// Firecrawl's GET /batch/scrape/{id}/errors response: `timestamp` is nullable, `id` optional.
const string errorsJson = """
    {"errors":[{"id":"job-1","timestamp":"2025-01-01T00:00:00Z","url":"https://example.com/a","error":"Timeout after 30s"},
               {"timestamp":null,"url":"https://example.com/b","error":"Blocked by robots.txt"}],
     "robotsBlocked":["https://example.com/private"]}
    """;
var errors = FeaturesJsonContext.Deserialize<CrawlErrorsResponseObj>(errorsJson)!;
Console.WriteLine("CrawlErrorsResponseObj:");
foreach (var item in errors.Errors ?? [])
    Console.WriteLine($"  id={item.Id ?? "(none)"} timestamp={item.Timestamp ?? "(null)"} url={item.Url} error={item.Error}");
Console.WriteLine($"  robotsBlocked={string.Join(", ", errors.RobotsBlocked ?? [])}");

// An enum value the spec does not list is kept, not rejected.
var status = FeaturesJsonContext.Deserialize<Status>("\"paused\"");
Console.WriteLine($"Status \"paused\": IsKnown={status.IsKnown} Value={status.Value}; Status.Completed={Status.Completed}");

// A discriminated oneOf reads into a hierarchy.
Pet pet = FeaturesJsonContext.Deserialize<Pet>("""{"petType":"dog","name":"Rex","goodBoy":true}""")!;
Console.WriteLine(pet switch
{
    Dog dog => $"Pet is a Dog: {dog.Name}, good boy: {dog.GoodBoy}",
    Cat cat => $"Pet is a Cat: {cat.Name}",
    _ => "Pet of another kind",
});

// A union without a discriminator tells its cases apart by shape.
var shape = FeaturesJsonContext.Deserialize<Shape>("""{"width":3,"height":2}""")!;
Console.WriteLine($"Shape: {(shape.Rectangle is { } r ? $"rectangle {r.Width}x{r.Height}" : "circle")}");

// A required property missing from the payload is a clear error.
try
{
    FeaturesJsonContext.Deserialize<Cat>("""{"petType":"cat"}""");
}
catch (JsonException e)
{
    Console.WriteLine($"Missing required property: {e.Message}");
}

// And records write back the wire names.
Console.WriteLine($"Serialized: {FeaturesJsonContext.Serialize<Pet>(new Cat { Name = "Tom", LivesLeft = 9 })}");
