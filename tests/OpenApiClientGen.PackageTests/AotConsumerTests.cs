using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.PackageTests;

/// <summary>
/// tests/consumers/AotConsumer: a console app with PublishAot, a plain PackageReference to the package just packed and
/// specs/http-features-openapi.yaml (and its annotations) as its OpenApiClient, published with NativeAOT for this
/// machine's runtime identifier, every warning an error. The native binary then calls the generated client over real
/// HTTP against <see cref="ItemServer"/> (Kestrel in this process): a typed success, a typed error with its payload,
/// and two retries (a GET after a 503, a POST with an Idempotency-Key after a 429).
/// </summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "Package")]
public sealed partial class AotConsumerTests(PackedPackage package, ITestOutputHelper output)
{
    [Fact]
    public async Task NativeAot_publish_has_no_trim_or_AOT_warnings_and_the_native_binary_calls_the_client_over_http()
    {
        var root = Path.Combine(package.Root, "aot-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(TestPaths.CopyConsumerTemplates(root), "AotConsumer");
        var publishDirectory = Path.Combine(root, "publish");

        var publish = await DotNetCli.DotNet(output.WriteLine, project, package.ConsumerEnvironment,
        [
            "publish", "AotConsumer.csproj", "-c", "Release", "-r", TestPaths.PortableRid, "-p:PublishAot=true",
            "-o", publishDirectory, .. package.ConsumerProperties,
        ]);
        Assert.True(publish.ExitCode == 0,
            $"The NativeAOT publish failed (are the ILCompiler packages for {TestPaths.PortableRid} on the package source, and a C toolchain (clang or gcc) on PATH?):{Environment.NewLine}{publish}");
        Assert.Empty(publish.DiagnosticLines());
        Assert.DoesNotMatch(TrimOrAotWarning(), publish.Output);
        package.AssertRestoredFromFeed();
        PackageConsumerTests.AssertGenerated(Path.Combine(project, "obj"), "namespace HttpFeatures");

        // A native executable: no IL of the app, no CoreCLR, nothing for `dotnet` to run.
        var executable = Path.Combine(publishDirectory, OperatingSystem.IsWindows() ? "AotConsumer.exe" : "AotConsumer");
        Assert.True(File.Exists(executable), $"No native executable at {executable}.");
        Assert.False(File.Exists(Path.Combine(publishDirectory, "AotConsumer.dll")), "The publish holds AotConsumer.dll: not a NativeAOT publish.");
        Assert.Empty(Directory.GetFiles(publishDirectory, "*coreclr*"));
        Assert.Empty(Directory.GetFiles(publishDirectory, "*.dll"));
        var size = new FileInfo(executable).Length;
        output.WriteLine($"AotConsumer native binary: {size:N0} bytes ({size / 1024.0 / 1024.0:F1} MiB)");

        await using var server = await ItemServer.StartAsync();
        var run = await DotNetCli.Run(output.WriteLine, executable, publishDirectory, null, server.BaseAddress.ToString());
        Assert.True(run.ExitCode == 0, $"The native binary exited with {run.ExitCode}:{Environment.NewLine}{run}");
        var values = RoundTripOutput.Parse(run.StandardOutput);
        Assert.True(values.ContainsKey("done"), $"The native binary did not get to its end:{Environment.NewLine}{run}");

        // Really ahead-of-time code, with the generated JSON metadata as the only serializer.
        Assert.Equal("False", values["runtime.dynamicCode"]);
        Assert.Equal("False", values["reflection.enabledByDefault"]);
        Assert.StartsWith("OpenApiClientGen.Runtime ", values["runtime.assembly"], StringComparison.Ordinal);

        // A typed success: the request body as the generated metadata wrote it, the 201's body as it read it.
        Assert.Equal("201", values["create.status"]);
        Assert.Equal("1", values["create.id"]);
        Assert.Equal("lamp", values["create.name"]);
        Assert.Equal("12.5", values["create.price"]);
        Assert.Equal("blue", values["create.color"]);
        Assert.Equal("True", values["create.color.isKnown"]);
        Assert.Equal("desk,led", values["create.tags"]);
        Assert.Equal(ItemServer.CreatedAt, values["create.createdAt"]);

        // A typed error: the declared 404 as ApiException<NotFoundError> with its payload, not retried.
        Assert.Equal("ApiException<NotFoundError>", values["notFound.exception"]);
        Assert.Equal("404", values["notFound.status"]);
        Assert.Equal("item_not_found", values["notFound.code"]);
        Assert.Equal("No item has the identifier 'missing'.", values["notFound.message"]);
        Assert.Equal("getItem", values["notFound.operation"]);
        Assert.Equal("/api/items/missing", values["notFound.path"]);
        Assert.Equal("1", values["notFound.attempts"]);
        Assert.Equal("False", values["notFound.isRetryable"]);
        Assert.Equal("0", values["notFound.retries"]);

        // A retry: 503, then 200; two attempts.
        Assert.Equal("flaky", values["retry.name"]);
        Assert.Equal("1", values["retry.events"]);
        Assert.Equal("2", values["retry.attempts"]);
        Assert.Equal("getItem", values["retry[0].operation"]);
        Assert.Equal("1", values["retry[0].attempt"]);
        Assert.Equal("503", values["retry[0].status"]);

        // A POST retried with its Idempotency-Key: 429 with Retry-After: 0, then 201; two attempts.
        Assert.Equal("2", values["retryPost.id"]);
        Assert.Equal("1", values["retryPost.events"]);
        Assert.Equal("2", values["retryPost.attempts"]);
        Assert.Equal("429", values["retryPost[0].status"]);
        Assert.Equal("0", values["retryPost[0].retryAfter"]);

        // The wire, as the server saw it: these requests and no others, each with the bearer token.
        var requests = server.Requests.ToList();
        foreach (var request in requests) output.WriteLine($"server: {request.Method} {request.Path} -> {request.Status} (Idempotency-Key: {request.IdempotencyKey ?? "-"}) {request.Body}");
        Assert.Equal(
            ["POST /api/items 201", "GET /api/items/missing 404", "GET /api/items/flaky 503", "GET /api/items/flaky 200", "POST /api/items 429", "POST /api/items 201"],
            requests.Select(r => $"{r.Method} {r.Path} {r.Status}"));
        Assert.All(requests, r => Assert.Equal("Bearer " + ItemServer.BearerToken, r.Authorization));
        using (var sent = JsonDocument.Parse(requests[0].Body))
        {
            Assert.Equal(
                ["name=\"lamp\"", "price=12.5", "color=\"blue\"", "tags=[\"desk\",\"led\"]"],
                sent.RootElement.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetRawText()}"));
        }
        // createItem is `retry: idempotencyKey`: both attempts of the retried POST carry the same key; GETs carry none.
        Assert.NotNull(requests[4].IdempotencyKey);
        Assert.Equal(requests[4].IdempotencyKey, requests[5].IdempotencyKey);
        Assert.All(requests.Where(r => r.Method == "GET"), r => Assert.Null(r.IdempotencyKey));
    }

    /// <summary>Any trim (IL2xxx) or AOT (IL3xxx) analysis warning or error.</summary>
    [GeneratedRegex(@"\bIL[23][0-9]{3}\b")]
    private static partial Regex TrimOrAotWarning();
}
