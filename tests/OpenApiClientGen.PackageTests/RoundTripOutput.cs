using System.Text.Json;
using Xunit;

namespace OpenApiClientGen.PackageTests;

/// <summary>
/// What tests/consumers/Shared/Program.cs must print, whichever way the generator reached the consumer (package,
/// trimmed self-contained publish, ProjectReference). The program prints key=value lines; this checks each of them.
/// </summary>
internal static class RoundTripOutput
{
    public static void AssertExpected(ProcessResult run)
    {
        Assert.True(run.ExitCode == 0, $"The consumer exited with {run.ExitCode}:{Environment.NewLine}{run}");
        var values = Parse(run.StandardOutput);
        Assert.True(values.ContainsKey("done"), $"The consumer did not get to its end:{Environment.NewLine}{run}");

        // Reflection-based serialization is off in every consumer: the generated metadata did all of the work below.
        Assert.Equal("False", values["reflection.enabledByDefault"]);

        // A nullable property sent as null and an optional property left out both read as null.
        Assert.Equal("1", values["crawl.errors.count"]);
        Assert.Equal("<null>", values["crawl.errors[0].id"]);
        Assert.Equal("<null>", values["crawl.errors[0].timestamp"]);
        Assert.Equal("https://example.com/a", values["crawl.errors[0].url"]);
        Assert.Equal("Timed out", values["crawl.errors[0].error"]);
        Assert.Equal("https://example.com/private", values["crawl.robotsBlocked"]);
        using (var crawl = JsonDocument.Parse(values["crawl.json"]))
        {
            var item = crawl.RootElement.GetProperty("errors")[0];
            // `id` is optional but not nullable: written back, it must be left out, never null.
            Assert.False(item.TryGetProperty("id", out _), $"'id' was written: {values["crawl.json"]}");
            // `timestamp` is nullable: left out or null are both faithful.
            Assert.True(!item.TryGetProperty("timestamp", out var timestamp) || timestamp.ValueKind == JsonValueKind.Null, values["crawl.json"]);
            Assert.Equal("https://example.com/a", item.GetProperty("url").GetString());
            Assert.Equal("Timed out", item.GetProperty("error").GetString());
            Assert.Equal("https://example.com/private", crawl.RootElement.GetProperty("robotsBlocked")[0].GetString());
        }
        Assert.Equal("True", values["crawl.reread.equal"]);

        // An enum value the spec does not list survives reading and writing.
        Assert.Equal("paused", values["status.value"]);
        Assert.Equal("False", values["status.isKnown"]);
        Assert.Equal("\"paused\"", values["status.json"]);
        Assert.Equal("True", values["status.completed.isKnown"]);
        Assert.Equal("True", values["status.completed.equalsStatic"]);

        // A discriminated union read through its base type, and written back with its discriminator.
        Assert.Equal("Features.Cat", values["pet.type"]);
        Assert.Equal("True", values["pet.isCat"]);
        Assert.Equal("Tom", values["pet.name"]);
        AssertJsonObject(values["pet.json"], ("petType", "cat"), ("name", "Tom"));
        Assert.Equal("Features.Dog", values["resolver.pet.type"]);
        AssertJsonObject(values["resolver.pet.json"], ("petType", "dog"), ("name", "Rex"), ("goodBoy", true));

        // A missing required property is a JsonException; an unknown discriminator value is kept and written back.
        Assert.Equal("System.Text.Json.JsonException", values["missing.name.exception"]);
        Assert.Contains("'name'", values["missing.name.message"], StringComparison.Ordinal);
        Assert.Equal("UnknownPet", values["unknown.petType.type"]);
        AssertJsonObject(values["unknown.petType.json"], ("petType", "bird"), ("name", "Tweety"));

        // The generated client over HTTP: the typed body.
        Assert.Equal("https://example.com/a", values["client.errors[0].url"]);

        // A 429 with Retry-After: 1 is retried (GET, 429 retryable by the annotations), after the wait the server asked
        // for, and the call returns the next answer's body.
        Assert.Equal("https://example.com/a", values["client.retry.url"]);
        Assert.Equal("1", values["client.retry.count"]);
        Assert.Equal("getBatchScrapeErrors", values["client.retry[0].operation"]);
        Assert.Equal("1", values["client.retry[0].attempt"]);
        Assert.Equal("429", values["client.retry[0].status"]);
        Assert.Equal("1", values["client.retry[0].retryAfter"]);
        Assert.Equal("1", values["client.retry[0].delay"]);
        Assert.Equal("True", values["client.retry.waitedForRetryAfter"]);

        // With RetryPolicy.None, the declared 429 is a typed exception at once, carrying the Retry-After and what the
        // annotations file named by the Annotations metadata (tests/consumers/Shared/features.annotations.yaml) says.
        Assert.Equal("429", values["client.429.status"]);
        Assert.Equal("Rate limit exceeded", values["client.429.error"]);
        Assert.Equal("3", values["client.429.retryAfter"]);
        Assert.Equal("/v1/batch/scrape/00000000-0000-0000-0000-000000000000/errors", values["client.429.path"]);
        Assert.Equal("1", values["client.429.attempts"]);
        Assert.Equal("True", values["client.429.isRetryable"]);
        Assert.Equal("3", values["client.429.retryAfterSeconds"]);
        Assert.Equal("The consumer test server throttles some requests.", values["client.429.cause"]);

        // A 503 is not in that file's error table (authoritative when present): not retried.
        Assert.Equal("503", values["client.503.status"]);
        Assert.Equal("1", values["client.503.attempts"]);
        Assert.Equal("False", values["client.503.isRetryable"]);
        Assert.Equal("No", values["client.503.retryable"]);

        // The server saw exactly these requests: no retry beyond the one above.
        Assert.Equal("200,429,200,429,503", values["server.answered"]);
        Assert.Equal("1", values["client.retry.count.end"]);
    }

    /// <summary>The key=value lines a consumer printed (the last value of a key wins).</summary>
    internal static Dictionary<string, string> Parse(string stdout)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in stdout.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0) values[line[..equals]] = line[(equals + 1)..];
        }
        return values;
    }

    /// <summary>The JSON is an object with exactly these properties and values.</summary>
    private static void AssertJsonObject(string json, params (string Name, object Value)[] expected)
    {
        using var document = JsonDocument.Parse(json);
        var actual = document.RootElement.EnumerateObject()
            .Select(p => p.Name + "=" + (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()))
            .Order(StringComparer.Ordinal);
        var wanted = expected
            .Select(e => e.Name + "=" + (e.Value is bool b ? (b ? "true" : "false") : e.Value))
            .Order(StringComparer.Ordinal);
        Assert.Equal(wanted, actual);
    }
}
