using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>
/// Which annotations file a spec gets (beside it by convention, or named by its <c>Annotations</c> metadata), and the
/// retry metadata generated from it: as text in <c>&lt;Namespace&gt;.Retry.g.cs</c>, and compiled and called
/// (<c>&lt;Client&gt;.RetryMetadata</c>: Classify, ReadErrorCode, PolicyFor).
/// </summary>
public sealed class RetryMetadataTests(ITestOutputHelper output)
{
    private const string Spec = AnnotationsDiagnosticsTests.Spec;
    private const string Namespace = AnnotationsDiagnosticsTests.Namespace;
    private const string Client = Namespace + ".RetryClient";
    private const string Seven = "policy:\n  maxAttempts: 7\n";

    // ------------------------------------------------------------------ which file

    [Theory]
    [InlineData("retry-openapi.annotations.yaml", Seven)]
    [InlineData("retry-openapi.annotations.yml", Seven)]
    [InlineData("retry-openapi.annotations.json", "{ \"policy\": { \"maxAttempts\": 7 } }")]
    [InlineData("Retry-OpenAPI.Annotations.YAML", Seven)]
    public void The_file_beside_the_spec_by_convention_is_picked_up(string file, string text)
    {
        var run = GeneratorHarness.GenerateWithAnnotations("retry-openapi.yaml", Spec, file, text, Namespace);

        Assert.Empty(run.GeneratorDiagnostics);
        var retry = AnnotationsDiagnosticsTests.AssertGenerated(run);
        Assert.Contains("MaxAttempts = 7,", retry, StringComparison.Ordinal);
        Assert.Contains($"from {file}:", retry, StringComparison.Ordinal);
        Assert.Contains($"\"{file}\",", retry, StringComparison.Ordinal);
    }

    [Fact]
    public void The_conventional_name_is_looked_for_beside_the_spec_only()
    {
        var run = GeneratorHarness.GenerateProject(new[]
        {
            new ProjectFile("/project/specs/retry-openapi.yaml", Spec, GeneratorHarness.SpecMetadata(Namespace)),
            new ProjectFile("/project/retry-openapi.annotations.yaml", Seven),
            new ProjectFile("/project/specs/other/retry-openapi.annotations.yaml", Seven),
            new ProjectFile("/project/specs/retry.annotations.yaml", Seven),
        });

        Assert.Empty(run.GeneratorDiagnostics);
        AnnotationsDiagnosticsTests.AssertDefaults(run);
    }

    [Fact]
    public void Windows_paths_are_matched_by_convention()
    {
        var run = GeneratorHarness.GenerateProject(new[]
        {
            new ProjectFile(@"C:\repo\specs\retry-openapi.yaml", Spec, GeneratorHarness.SpecMetadata(Namespace)),
            new ProjectFile(@"C:\repo\specs\retry-openapi.annotations.yaml", Seven),
        });

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("MaxAttempts = 7,", AnnotationsDiagnosticsTests.AssertGenerated(run), StringComparison.Ordinal);
    }

    /// <summary>JSON before YAML before YML when several conventional files sit beside the spec.</summary>
    [Fact]
    public void Of_several_conventional_files_the_JSON_one_is_used()
    {
        var run = GeneratorHarness.GenerateProject(new[]
        {
            new ProjectFile("/project/retry-openapi.yaml", Spec, GeneratorHarness.SpecMetadata(Namespace)),
            new ProjectFile("/project/retry-openapi.annotations.yml", "policy: { maxAttempts: 9 }"),
            new ProjectFile("/project/retry-openapi.annotations.yaml", "policy: { maxAttempts: 8 }"),
            new ProjectFile("/project/retry-openapi.annotations.json", "{ \"policy\": { \"maxAttempts\": 7 } }"),
        });

        Assert.Contains("MaxAttempts = 7,", AnnotationsDiagnosticsTests.AssertGenerated(run), StringComparison.Ordinal);
    }

    /// <summary>The <c>Annotations</c> metadata: relative to the spec's folder, to the project (the MSBuild item path), or absolute.</summary>
    [Theory]
    [InlineData("/project/specs/retry.json", "retry.json")]
    [InlineData("/project/specs/retry.json", "./retry.json")]
    [InlineData("/project/specs/annotations/retry.yaml", "annotations/retry.yaml")]
    [InlineData("/project/shared/retry.yaml", "../shared/retry.yaml")]
    [InlineData("/project/specs/x.annotations.json", "specs/x.annotations.json")]
    [InlineData("/project/specs/x.annotations.json", @"specs\x.annotations.json")]
    [InlineData("/project/config/retry.yml", "config/retry.yml")]
    [InlineData("/elsewhere/retry.yaml", "/elsewhere/retry.yaml")]
    public void The_file_the_Annotations_metadata_names_is_picked_up(string path, string metadata)
    {
        var text = path.EndsWith(".json", StringComparison.Ordinal) ? "{ \"policy\": { \"maxAttempts\": 7 } }" : Seven;
        var run = GeneratorHarness.GenerateProject(new[]
        {
            new ProjectFile("/project/specs/retry-openapi.yaml", Spec, GeneratorHarness.SpecMetadata(Namespace, metadata)),
            new ProjectFile(path, text),
            // By convention, but the metadata names another file: not used.
            new ProjectFile("/project/specs/retry-openapi.annotations.yaml", "policy: { maxAttempts: 9 }"),
        });
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());

        Assert.Empty(run.GeneratorDiagnostics);
        var retry = AnnotationsDiagnosticsTests.AssertGenerated(run);
        Assert.Contains("MaxAttempts = 7,", retry, StringComparison.Ordinal);
        Assert.Contains($"from {path.Substring(path.LastIndexOf('/') + 1)}:", retry, StringComparison.Ordinal);
    }

    /// <summary>
    /// A name relative to the spec's folder means the file in that folder, even when another AdditionalFile elsewhere has
    /// the same name (say another API's annotations, named the same way). Currently the other one is used:
    /// AnnotationsLocator.Matches also accepts any file whose path ends with "/retry.yaml" (the project-relative case),
    /// and AnnotationsLocator.Find takes the first match by ordinal path ("/project/other/..." before "/project/specs/...").
    /// </summary>
    [Fact]
    public void A_name_relative_to_the_spec_folder_wins_over_a_file_of_the_same_name_elsewhere()
    {
        var run = GeneratorHarness.GenerateProject(new[]
        {
            new ProjectFile("/project/specs/retry-openapi.yaml", Spec, GeneratorHarness.SpecMetadata(Namespace, "retry.yaml")),
            new ProjectFile("/project/specs/retry.yaml", Seven),
            new ProjectFile("/project/other/retry.yaml", "policy: { maxAttempts: 9 }"),
        });

        Assert.Contains("MaxAttempts = 7,", AnnotationsDiagnosticsTests.AssertGenerated(run), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_specs_each_get_their_own_annotations()
    {
        var run = GeneratorHarness.GenerateProject(new[]
        {
            new ProjectFile("/project/a-openapi.yaml", Spec, GeneratorHarness.SpecMetadata("Specs.A")),
            new ProjectFile("/project/a-openapi.annotations.yaml", "policy: { maxAttempts: 4 }"),
            new ProjectFile("/project/b/b-openapi.yaml", Spec, GeneratorHarness.SpecMetadata("Specs.B", "../shared/b.json")),
            new ProjectFile("/project/shared/b.json", "{ \"policy\": { \"maxAttempts\": 6 } }"),
            new ProjectFile("/project/c-openapi.yaml", Spec, GeneratorHarness.SpecMetadata("Specs.C")),
        });

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("MaxAttempts = 4,", AnnotationsDiagnosticsTests.AssertGenerated(run, "Specs.A"), StringComparison.Ordinal);
        Assert.Contains("MaxAttempts = 6,", AnnotationsDiagnosticsTests.AssertGenerated(run, "Specs.B"), StringComparison.Ordinal);
        AnnotationsDiagnosticsTests.AssertDefaults(run, "Specs.C");
    }

    /// <summary>An annotations file is not a spec, even when its name ends like one (…openapi.annotations.yaml) and nobody claims it.</summary>
    [Fact]
    public void An_annotations_file_without_a_spec_generates_and_reports_nothing()
    {
        var run = GeneratorHarness.GenerateProject(new[] { new ProjectFile("/project/orphan-openapi.annotations.yaml", "policy: { maxAttempts: soon }") });

        Assert.Empty(run.Sources);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    /// <summary>A spec without operations has no client, so no retry metadata: its annotations file is not bound.</summary>
    [Fact]
    public void A_spec_without_operations_gets_no_retry_metadata()
    {
        const string models = "openapi: 3.0.0\ninfo: {title: M, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n";
        var run = GeneratorHarness.GenerateWithAnnotations("models-openapi.yaml", models, "models-openapi.annotations.yaml", "operations:\n  nope: {}\n", "Specs.Models");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Sources, s => s.HintName.EndsWith(".Retry.g.cs", StringComparison.Ordinal));
        Assert.Empty(run.CompileProblems());
    }

    // ------------------------------------------------------------------ what is generated

    [Fact]
    public void A_spec_without_annotations_gets_the_defaults()
    {
        var run = GeneratorHarness.Generate("retry-openapi.yaml", Spec, Namespace);

        Assert.Empty(run.GeneratorDiagnostics);
        AnnotationsDiagnosticsTests.AssertDefaults(run);
        var retry = run.Source(".Retry.g.cs");
        Assert.Contains("the defaults (the API description has no annotations file)", retry, StringComparison.Ordinal);
        // The defaults are the runtime's: the generated file names them, it does not restate them.
        Assert.DoesNotContain("MaxDelay", retry, StringComparison.Ordinal);

        using var assembly = run.Load();
        dynamic metadata = assembly.Static(Client, "RetryMetadata");
        Assert.Null((string?)metadata.Source);
        Assert.Null((string?)metadata.ErrorCodePointer);
        Assert.Equal(3, (int)metadata.Policy.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), (TimeSpan)metadata.Policy.InitialDelay);
        Assert.Equal(0.2, (double)metadata.Policy.JitterRatio);
        Assert.True((bool)metadata.Policy.HonorRetryAfter);
        foreach (var status in new[] { 408, 429, 500, 502, 503, 504 })
            Assert.Equal("Yes", Verdict(metadata.Classify("listItems", status, null)));
        foreach (var status in new[] { 400, 401, 404, 409, 501, 505 })
            Assert.Null(Verdict(metadata.Classify("listItems", status, null)));
        Assert.Equal("Default", ((object)metadata.For("createItem").Mode).ToString());
    }

    [Fact]
    public void Every_annotation_is_emitted_and_means_what_the_format_says()
    {
        const string yaml = """
            errorCode:
              pointer: /error/code
              match: contains
            policy:
              maxAttempts: 5
              initialDelay: 1.5s
              multiplier: 3
              maxDelay: 2m
              jitter: 250ms
              retryAfter: false
              maxRetryAfter: 30s
              transportErrors: false
              timeouts: false
              sometimes: true
            errors:
              - status: 429
                retryable: yes
                cause: Too many requests.
                remedy: Slow down.
              - status: 429
                code: quota
                retryable: no
                cause: Out of quota.
              - status: 4XX
                retryable: no
              - status: 503
                retryable: sometimes
              - status: default
                retryable: yes
            operations:
              listItems:
                policy:
                  maxAttempts: 2
                  jitter: 10%
                errors:
                  - status: 429
                    retryable: no
                    cause: Listing is not retried when throttled.
              createItem:
                retry: idempotencyKey
              GET /health:
                retry: never
            """;
        var run = GeneratorHarness.GenerateWithAnnotations("retry-openapi.yaml", Spec, "retry-openapi.annotations.yaml", yaml, Namespace);
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());
        Assert.Empty(run.GeneratorDiagnostics);

        var retry = AnnotationsDiagnosticsTests.AssertGenerated(run);
        output.WriteLine(retry);
        foreach (var expected in new[]
        {
            "MaxAttempts = 5,", "InitialDelay = global::System.TimeSpan.FromMilliseconds(1500),", "Multiplier = 3,",
            "MaxDelay = global::System.TimeSpan.FromMilliseconds(120000),", "Jitter = global::System.TimeSpan.FromMilliseconds(250),",
            "JitterRatio = 0,", "HonorRetryAfter = false,", "MaxRetryAfter = global::System.TimeSpan.FromMilliseconds(30000),",
            "RetryTransportErrors = false,", "RetryTimeouts = false,", "RetrySometimes = true,",
            "\"/error/code\",", "ErrorCodeMatch.Contains,",
            "new(\"429\", null, Retryability.Yes, \"Too many requests.\", \"Slow down.\"),",
            "new(\"429\", \"quota\", Retryability.No, \"Out of quota.\", null),",
            "new(\"4XX\", null, Retryability.No, null, null),",
            "new(\"503\", null, Retryability.Sometimes, null, null),",
            "new(\"default\", null, Retryability.Yes, null, null),",
            "new(\"GET /health\", RetryMode.Never),",
            "new(\"createItem\", RetryMode.IdempotencyKey, idempotencyKeyHeader: \"Idempotency-Key\"),",
            "new(\"listItems\", RetryMode.Default, policy: AnnotatedPolicy with { MaxAttempts = 2, Jitter = global::System.TimeSpan.FromMilliseconds(0), JitterRatio = 0.1 }, errors:",
        })
        {
            Assert.Contains(expected, retry, StringComparison.Ordinal);
        }

        using var assembly = run.Load();
        dynamic metadata = assembly.Static(Client, "RetryMetadata");
        Assert.Equal("retry-openapi.annotations.yaml", (string)metadata.Source);

        // The operation's policy is over the file's: its own fields, the file's for the rest.
        var listing = metadata.PolicyFor("listItems");
        Assert.Equal(2, (int)listing.MaxAttempts);
        Assert.Equal(0.1, (double)listing.JitterRatio);
        Assert.Equal(TimeSpan.Zero, (TimeSpan)listing.Jitter);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), (TimeSpan)listing.InitialDelay);
        Assert.False((bool)listing.HonorRetryAfter);
        Assert.Equal(5, (int)metadata.PolicyFor("createItem").MaxAttempts);
        Assert.Equal(5, (int)metadata.PolicyFor("not an operation").MaxAttempts);

        // Backoff: 1.5 s, ×3, capped at 2 min (before jitter).
        Assert.Equal(TimeSpan.FromSeconds(1.5), (TimeSpan)metadata.Policy.BaseDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(4.5), (TimeSpan)metadata.Policy.BaseDelay(2));
        Assert.Equal(TimeSpan.FromMinutes(2), (TimeSpan)metadata.Policy.BaseDelay(6));

        // Modes.
        Assert.Equal("IdempotencyKey", ((object)metadata.For("createItem").Mode).ToString());
        Assert.Equal("Idempotency-Key", (string)metadata.For("createItem").IdempotencyKeyHeader);
        Assert.Equal("Never", ((object)metadata.For("GET /health").Mode).ToString());
        Assert.Equal("Default", ((object)metadata.For("listItems").Mode).ToString());

        // Rules: the operation's first; exact beats range beats default; a matching code beats no code; a code that
        // does not match is skipped.
        Assert.Equal("No", Verdict(metadata.Classify("listItems", 429, null)));
        Assert.Equal("Listing is not retried when throttled.", (string)metadata.Classify("listItems", 429, null).Cause);
        Assert.Equal("Yes", Verdict(metadata.Classify("createItem", 429, null)));
        Assert.Equal("Yes", Verdict(metadata.Classify("createItem", 429, "rate")));
        Assert.Equal("No", Verdict(metadata.Classify("createItem", 429, "daily QUOTA exceeded")));
        Assert.Equal("No", Verdict(metadata.Classify("createItem", 404, null)));
        Assert.Equal("Sometimes", Verdict(metadata.Classify("createItem", 503, null)));
        Assert.Equal("Yes", Verdict(metadata.Classify("createItem", 500, null)));
        Assert.Equal("quota", (string?)metadata.ReadErrorCode("{\"error\":{\"code\":\"quota\"}}"));
        Assert.Null((string?)metadata.ReadErrorCode("not json"));
    }

    /// <summary>Text from the file reaches C# string literals and an XML comment: any character must survive both.</summary>
    [Fact]
    public void Causes_codes_and_file_names_with_any_characters_compile_and_read_back()
    {
        const string cause = "Say \"hi\" \\ back\nslash, tab\t, <xml> & {braces} \u00e9\u00e8 \ud83d\ude00 */ // #if";
        const string code = "quota \"exceeded\" \\ {0}";
        var json = "{ \"errorCode\": { \"pointer\": \"/a~1b/c~0d\" }, \"errors\": [ { \"status\": 429, \"code\": " + System.Text.Json.JsonSerializer.Serialize(code)
            + ", \"retryable\": \"yes\", \"cause\": " + System.Text.Json.JsonSerializer.Serialize(cause) + ", \"remedy\": \"\\u2028 line\\u2029 separators\" } ] }";
        const string file = "retry <&> \"odd\" {name}.json";
        var run = GeneratorHarness.GenerateProject(new[]
        {
            new ProjectFile("/project/retry-openapi.yaml", Spec, GeneratorHarness.SpecMetadata(Namespace, file)),
            new ProjectFile("/project/" + file, json),
        });
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());
        Assert.Empty(run.GeneratorDiagnostics);
        AnnotationsDiagnosticsTests.AssertGenerated(run);

        using var assembly = run.Load();
        dynamic metadata = assembly.Static(Client, "RetryMetadata");
        Assert.Equal(file, (string)metadata.Source);
        Assert.Equal("/a~1b/c~0d", (string)metadata.ErrorCodePointer);
        Assert.Equal(code, (string?)metadata.ReadErrorCode("{\"a/b\":{\"c~d\":" + System.Text.Json.JsonSerializer.Serialize(code) + "}}"));
        var rule = metadata.Classify("listItems", 429, code);
        Assert.Equal(cause, (string)rule.Cause);
        Assert.Equal("\u2028 line\u2029 separators", (string)rule.Remedy);
    }

    /// <summary>An empty error table is authoritative too: nothing is retryable.</summary>
    [Fact]
    public void An_empty_error_table_makes_nothing_retryable()
    {
        var run = GeneratorHarness.GenerateWithAnnotations("retry-openapi.yaml", Spec, "retry-openapi.annotations.yaml", "errors: []\noperations:\n  listItems:\n    errors: []\n", Namespace);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("global::System.Array.Empty<ErrorRule>(),", AnnotationsDiagnosticsTests.AssertGenerated(run), StringComparison.Ordinal);
        using var assembly = run.Load();
        dynamic metadata = assembly.Static(Client, "RetryMetadata");
        Assert.Null(Verdict(metadata.Classify("listItems", 503, null)));
    }

    // ------------------------------------------------------------------ the project's annotated specs, compiled and called

    [Fact]
    public void Firecrawl_rate_limit_message_is_retryable_with_its_cause()
    {
        using var assembly = GenerateProjectSpec("firecrawl-v2-openapi.yaml").Load();
        dynamic metadata = assembly.Static("FirecrawlV2.FirecrawlClient", "RetryMetadata");
        Assert.Equal("firecrawl-v2-openapi.annotations.yaml", (string)metadata.Source);
        Assert.Equal(5, (int)metadata.Policy.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), (TimeSpan)metadata.Policy.Jitter);
        Assert.Equal(0.0, (double)metadata.Policy.JitterRatio);

        // The real message goes on after the catalog's "typical" one: matched by prefix, case-insensitive.
        var code = (string?)metadata.ReadErrorCode("{\"success\":false,\"error\":\"Rate limit exceeded. Consumed (req/min): 11\"}");
        Assert.Equal("Rate limit exceeded. Consumed (req/min): 11", code);
        var rule = metadata.Classify("scrapeAndExtractFromUrl", 429, code);
        Assert.Equal("Yes", Verdict(rule));
        Assert.Equal("Too many requests for your plan's per-minute limit.", (string)rule.Cause);
        Assert.StartsWith("Back off and retry after `Retry-After` seconds.", (string)rule.Remedy, StringComparison.Ordinal);

        var concurrency = metadata.Classify("crawlUrls", 429, "concurrency limit reached for team");
        Assert.Equal("Concurrent browser limit for your plan reached.", (string)concurrency.Cause);

        // 400: the generic rule, unless the message says the URL is invalid.
        Assert.Equal("Request body failed schema validation (missing or invalid fields).", (string)metadata.Classify("scrapeAndExtractFromUrl", 400, "Bad Request").Cause);
        Assert.Contains("`url`", (string)metadata.Classify("scrapeAndExtractFromUrl", 400, "Invalid URL: ftp://x").Cause, StringComparison.Ordinal);
        Assert.Equal("No", Verdict(metadata.Classify("scrapeAndExtractFromUrl", 402, null)));
        Assert.Equal("Sometimes", Verdict(metadata.Classify("scrapeAndExtractFromUrl", 422, null)));
        Assert.Equal("Yes", Verdict(metadata.Classify("scrapeAndExtractFromUrl", 503, null)));

        // Scrape and map may be repeated although they are POSTs; starting a crawl or a batch scrape keeps the default.
        Assert.Equal("Always", ((object)metadata.For("scrapeAndExtractFromUrl").Mode).ToString());
        Assert.Equal("Always", ((object)metadata.For("mapUrls").Mode).ToString());
        Assert.Equal("Default", ((object)metadata.For("crawlUrls").Mode).ToString());
    }

    /// <summary>
    /// A 429 whose message is neither of the catalog's two falls to the code-less 429 row (the catalog's "429 responses"
    /// section): retryable, with the general cause, not the cause of either specific row.
    /// </summary>
    [Fact]
    public void Firecrawl_429_with_another_message_falls_to_the_general_429_row()
    {
        using var assembly = GenerateProjectSpec("firecrawl-v2-openapi.yaml").Load();
        dynamic metadata = assembly.Static("FirecrawlV2.FirecrawlClient", "RetryMetadata");

        foreach (var message in new[] { "Too many requests", null })
        {
            var rule = metadata.Classify("scrapeAndExtractFromUrl", 429, message);
            Assert.Equal("Yes", Verdict(rule));
            Assert.Null((string?)rule.Code);
            Assert.Equal("Too many requests.", (string)rule.Cause);
        }
        Assert.Equal("Rate limit exceeded", (string)metadata.Classify("scrapeAndExtractFromUrl", 429, "Rate limit exceeded. Consumed (req/min): 11").Code);
    }

    [Fact]
    public void ScrapeGraph_validation_error_is_not_retryable_and_server_errors_are()
    {
        using var assembly = GenerateProjectSpec("scrapegraphai-openapi.yaml").Load();
        dynamic metadata = assembly.Static("Scrapegraphai.ScrapeGraphAIClient", "RetryMetadata");
        Assert.Equal("scrapegraphai-openapi.annotations.yaml", (string)metadata.Source);
        Assert.Equal("/error/type", (string)metadata.ErrorCodePointer);

        var code = (string?)metadata.ReadErrorCode("{\"error\":{\"type\":\"validation\",\"message\":\"Validation failed\",\"details\":[]}}");
        Assert.Equal("validation", code);
        var validation = metadata.Classify("smartScraper", 400, code);
        Assert.Equal("No", Verdict(validation));
        Assert.Equal("Fix the request body.", (string)validation.Remedy);

        Assert.Equal("Yes", Verdict(metadata.Classify("smartScraper", 429, "rate_limited")));
        // A 5xx with the envelope, and a proxy's 502 page without it: both transient.
        Assert.Equal("An error occurred while processing the request.", (string)metadata.Classify("smartScraper", 500, "internal_error").Cause);
        Assert.Equal("Transient server error.", (string)metadata.Classify("smartScraper", 502, (string?)metadata.ReadErrorCode("<html>Bad gateway</html>")).Cause);
        // Exact matching: a code that only starts like a row's is not that row.
        Assert.Null(Verdict(metadata.Classify("smartScraper", 400, "validation_error")));
        Assert.Equal(5, (int)metadata.PolicyFor("smartScraper").MaxAttempts);
        Assert.Equal("Always", ((object)metadata.For("smartScraper").Mode).ToString());
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>A spec of specs/ with the annotations file beside it, under its default namespace.</summary>
    private GeneratorRun GenerateProjectSpec(string file)
    {
        var annotations = ProjectSpecsTests.AnnotationsOf(file) ?? throw new Xunit.Sdk.XunitException($"{file} has no annotations file.");
        var run = GeneratorHarness.GenerateProject(new[]
        {
            new ProjectFile("/project/" + file, File.ReadAllText(Path.Combine(TestPaths.Specs, file)), GeneratorHarness.SpecMetadata()),
            new ProjectFile("/project/" + annotations, File.ReadAllText(Path.Combine(TestPaths.Specs, annotations))),
        });
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());
        Assert.Contains(run.Sources, s => s.HintName.EndsWith(".Retry.g.cs", StringComparison.Ordinal));
        return run;
    }

    /// <summary>The verdict of a rule (<c>Yes</c>, <c>No</c>, <c>Sometimes</c>), or null when no rule applies.</summary>
    private static string? Verdict(dynamic? rule) => rule is null ? null : ((object)rule.Retryable).ToString();
}
