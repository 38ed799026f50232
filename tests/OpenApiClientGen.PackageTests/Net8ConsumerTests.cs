using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.PackageTests;

/// <summary>
/// tests/consumers/Net8Consumer: a net8.0 console app with a plain PackageReference to the package just packed and three
/// documents (specs/features-openapi.yaml, specs/firecrawl-v2-openapi.yaml, and its own wide-openapi.yaml: a record of
/// 71 properties), built self-contained for this machine's runtime identifier so that it runs on the .NET 8 runtime of
/// the runtime pack, with System.Text.Json 8 in-box, although only .NET 10 is installed. The generated metadata is
/// System.Text.Json object metadata (JsonMetadataServices), whose handling differs between versions 8 and 10: the
/// program round-trips JSON, reads it from a chunked stream, provokes the required/null errors, reads defaults, sets
/// options, and calls two generated clients over HTTP, printing what this test asserts.
/// </summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "Package")]
public sealed class Net8ConsumerTests(PackedPackage package, ITestOutputHelper output)
{
    private static readonly string[] RoundTrips =
    [
        "formats", "nullability", "pet.cat", "pet.dog", "pet.unknown", "shape.circle", "shape.rectangle", "union.number", "document",
        "tree", "ping", "message", "oddNames", "firecrawl.batchStatus", "wide",
    ];

    [Fact]
    public async Task Self_contained_net8_consumer_runs_the_generated_json_metadata_and_clients_on_System_Text_Json_8()
    {
        var root = Path.Combine(package.Root, "net8-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(TestPaths.CopyConsumerTemplates(root), "Net8Consumer");

        var build = await DotNetCli.DotNet(output.WriteLine, project, package.ConsumerEnvironment,
        [
            "build", "Net8Consumer.csproj", "-c", "Release", "-r", TestPaths.PortableRid, "-p:SelfContained=true", .. package.ConsumerProperties,
        ]);
        Assert.True(build.ExitCode == 0, $"The net8.0 consumer does not build (is the {TestPaths.PortableRid} .NET 8 runtime pack on the package source?):{Environment.NewLine}{build}");
        Assert.Empty(build.DiagnosticLines());
        package.AssertRestoredFromFeed();
        PackageConsumerTests.AssertGenerated(Path.Combine(project, "obj"), "namespace Features");
        PackageConsumerTests.AssertGenerated(Path.Combine(project, "obj"), "namespace Firecrawl");
        PackageConsumerTests.AssertGenerated(Path.Combine(project, "obj"), "namespace Wide");

        var outputDirectory = Path.Combine(project, "bin", "Release", "net8.0", TestPaths.PortableRid);
        // The runtime library's net8.0 build reached the app; the runtime itself is in the folder.
        Assert.True(File.Exists(Path.Combine(outputDirectory, "OpenApiClientGen.Runtime.dll")), "OpenApiClientGen.Runtime.dll is not in the output.");
        Assert.True(File.Exists(Path.Combine(outputDirectory, OperatingSystem.IsWindows() ? "coreclr.dll" : OperatingSystem.IsMacOS() ? "libcoreclr.dylib" : "libcoreclr.so")), "The build is not self-contained.");
        var runtimeAssets = File.ReadAllText(Path.Combine(project, "obj", "project.assets.json"));
        Assert.Contains("lib/net8.0/OpenApiClientGen.Runtime.dll", runtimeAssets, StringComparison.Ordinal);

        var executable = Path.Combine(outputDirectory, OperatingSystem.IsWindows() ? "Net8Consumer.exe" : "Net8Consumer");
        var run = await DotNetCli.Run(output.WriteLine, executable, outputDirectory, null);
        Assert.True(run.ExitCode == 0, $"The consumer exited with {run.ExitCode}:{Environment.NewLine}{run}");
        var values = RoundTripOutput.Parse(run.StandardOutput);
        Assert.True(values.ContainsKey("done"), $"The consumer did not get to its end:{Environment.NewLine}{run}");
        // No check failed with an exception it did not expect (each prints <name>.error instead of its value).
        Assert.Empty(values.Where(v => v.Key.EndsWith(".error", StringComparison.Ordinal)).Select(v => $"{v.Key}={v.Value}"));

        // It ran on .NET 8 from its own folder (the runtime pack), with System.Text.Json 8 and reflection off.
        Assert.StartsWith(".NET 8.", values["runtime.framework"], StringComparison.Ordinal);
        Assert.Equal(8, Version.Parse(values["runtime.version"]).Major);
        Assert.Equal(8, Version.Parse(values["stj.version"]).Major);
        Assert.Equal(Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory)), Path.TrimEndingDirectorySeparator(values["runtime.directory"]));
        Assert.Equal("False", values["reflection.enabledByDefault"]);

        // Round trips: what was written back is the JSON that was read (properties in any order, strings and numbers
        // compared by value), for every kind of record and for the 71-property one.
        foreach (var name in RoundTrips)
        {
            Assert.True(values.ContainsKey($"roundtrip.{name}.out"), $"No round trip of {name}.");
            AssertJsonEqual(values[$"roundtrip.{name}.in"], values[$"roundtrip.{name}.out"], $"round trip of {name}");
        }

        // From a non-seekable stream of unknown length, a few bytes per read through a small buffer: the same as from bytes.
        foreach (var name in new[] { "formats", "wide", "pet", "firecrawl" })
        {
            Assert.Equal("True", values[$"stream.{name}"]);
            Assert.Equal(values[$"stream.{name}.fromBytes.sha256"], values[$"stream.{name}.fromStream.sha256"]);
            var bytes = int.Parse(values[$"stream.{name}.bytes"], CultureInfo.InvariantCulture);
            Assert.True(int.Parse(values[$"stream.{name}.reads"], CultureInfo.InvariantCulture) > bytes / 64, $"{name}: {values[$"stream.{name}.reads"]} reads for {bytes} bytes: not read in small chunks.");
        }
        foreach (var name in new[] { "formats", "wide", "pet" })
        {
            AssertJsonEqual(values[$"roundtrip.{(name == "pet" ? "pet.cat" : name)}.in"], values[$"stream.{name}.fromStream"], $"{name} from a stream");
        }
        // Resumable: the serializer never asked for the whole body (123 KB) at once.
        Assert.True(int.Parse(values["stream.firecrawl.bytes"], CultureInfo.InvariantCulture) > 100_000);
        Assert.True(int.Parse(values["stream.firecrawl.largestRequest"], CultureInfo.InvariantCulture) <= 16 * 1024, $"The serializer asked for {values["stream.firecrawl.largestRequest"]} bytes at once: it buffered the body.");

        // A missing required property is a JsonException that says it is missing (System.Text.Json's own message, or
        // the generated creator's, which System.Text.Json 8 calls before its own check), naming the property; also past
        // the 64th property, and from a stream.
        AssertMissing(values, "missing.formats.count", "count");
        AssertMissing(values, "missing.cat.name", "name");
        AssertMissing(values, "missing.wide.w70", "w70");
        AssertMissing(values, "missing.wide.w65", "w65");
        AssertMissing(values, "missing.wide.w68", "w68");
        AssertMissing(values, "missing.stream.nullability.requiredNonNull", "requiredNonNull");
        // Null where the type allows none: a JsonException naming the property and the null.
        foreach (var (key, property) in new[] { ("null.cat.name", "name"), ("null.nullability.requiredNonNull", "requiredNonNull"), ("null.wide.w65", "w65"), ("null.stream.wide.w65", "w65") })
        {
            Assert.Equal("System.Text.Json.JsonException", values[key + ".exception"]);
            Assert.Contains($"'{property}'", values[key + ".message"], StringComparison.Ordinal);
            Assert.Contains("null", values[key + ".message"], StringComparison.Ordinal);
        }
        Assert.Equal("System.Text.Json.JsonException", values["null.formats.count.exception"]);
        Assert.Contains("$.count", values["null.formats.count.message"], StringComparison.Ordinal);
        // A required property that allows null may be null, and is written back as null.
        AssertJsonEqual("""{"requiredNonNull":"x","requiredNullable":null,"requiredNullable31":null,"requiredViaAnyOf":null}""", values["null.allowed.nullability"], "required nullable properties");

        // Defaults from the document: an absent property reads as its default, an explicit null as null; past the 64th
        // property too (w66, w69), from bytes and from a stream. Optional properties absent stay absent when written.
        Assert.Equal("limit=10 mode=fast", values["default.formats"]);
        Assert.Equal("limit=<null> mode=<null>", values["default.formats.explicitNull"]);
        const string WideDefaults = """{"w01":"s1","w33":"s33","w64":64.5,"w65":"s65","w66":66,"w68":null,"w69":"sixty-nine","w70":70}""";
        AssertJsonEqual(WideDefaults, values["default.wide"], "the wide record's defaults");
        AssertJsonEqual(WideDefaults, values["default.stream.wide"], "the wide record's defaults from a stream");

        // The options: a converter in options.Converters for the properties' type and one for a record, unmapped members
        // skipped by default and rejected when disallowed, strict numbers unless told otherwise, case-insensitive names.
        Assert.Equal("""ABC,DEF,GHI {"requiredNonNull":"abc","requiredNullable":"def","requiredNullable31":null,"requiredViaAnyOf":null,"optional":"ghi"}""", values["options.converter.strings"]);
        Assert.Equal("from the options' converter \"a cat\"", values["options.converter.record"]);
        AssertJsonEqual("""{"value":"root","children":[{"value":"a"}]}""", values["options.unmapped.skip"], "unmapped members skipped");
        Assert.Equal("System.Text.Json.JsonException", values["options.unmapped.disallow.exception"]);
        Assert.Contains("'colour'", values["options.unmapped.disallow.message"], StringComparison.Ordinal);
        Assert.Equal("System.Text.Json.JsonException", values["options.unmapped.disallow.wide.exception"]);
        Assert.Contains("'w99'", values["options.unmapped.disallow.wide.message"], StringComparison.Ordinal);
        Assert.Equal("System.Text.Json.JsonException", values["options.numbers.strict.exception"]);
        Assert.Equal("3", values["options.numbers.fromString"]);
        Assert.Equal("4", values["options.caseInsensitive"]);

        // The generated clients over HTTP: a 123 KB body sent chunked in 4 KB writes, typed, as read from bytes; a POST
        // of a hierarchy's case, with its discriminator, answered back and read as that case.
        Assert.Equal("completed", values["client.firecrawl"]);
        Assert.Equal("400", values["client.firecrawl.count"]);
        Assert.Equal("Page 399 of the guide", values["client.firecrawl.lastTitle"]);
        Assert.Equal(values["client.firecrawl.fromBytes.sha256"], values["client.firecrawl.sha256"]);
        Assert.Equal("""Features.Cat {"petType":"cat","name":"Tom","livesLeft":8}""", values["client.features.createPet"]);
        Assert.Equal("2", values["server.requests"]);
        Assert.Equal("GET /v2/batch/scrape/6a1b7c0e-7f7a-4d6e-9a55-2b8c1d6a9e01 auth=Bearer net8-token ", values["server.request[0]"]);
        Assert.Equal("""POST /v1/pets auth=- {"petType":"cat","name":"Tom","livesLeft":8}""", values["server.request[1]"]);
    }

    private static void AssertMissing(Dictionary<string, string> values, string key, string property)
    {
        Assert.Equal("System.Text.Json.JsonException", values[key + ".exception"]);
        var message = values[key + ".message"];
        // STJ 8: "...was missing required properties, including the following: count"; STJ 10: "...including: 'count'.";
        // the creator's on STJ 8: "The JSON for Cat has no 'name' property or null for it, ...".
        var says = Regex.IsMatch(message, $@"missing required properties[^:]*: '?{property}\b")
            || message.Contains($"has no '{property}' property", StringComparison.Ordinal);
        Assert.True(says, $"{key}: the message does not say that '{property}' is missing: {message}");
    }

    private static void AssertJsonEqual(string expected, string actual, string what)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        using var actualDocument = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(expectedDocument.RootElement, actualDocument.RootElement),
            $"{what}: the JSON differs.{Environment.NewLine}expected: {expected}{Environment.NewLine}actual:   {actual}");
    }
}
