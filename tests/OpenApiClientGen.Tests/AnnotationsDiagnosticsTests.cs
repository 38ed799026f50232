using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>
/// Problems in an annotations file (OAG011–OAG015): each reported with its ID and severity, in the annotations file at the
/// offending key (or at the syntax error), and never at the cost of the client: it is still generated, with its retry
/// metadata made of what could be read and the defaults for the rest, and it compiles.
/// </summary>
public sealed class AnnotationsDiagnosticsTests(ITestOutputHelper output)
{
    /// <summary>
    /// listItems (GET, declares 200 and 429), createItem (POST, declares 201 and 4XX), and GET /health without an operationId.
    /// </summary>
    public const string Spec = """
        openapi: 3.0.0
        info:
          title: Retry
          version: '1'
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                '200':
                  description: OK
                  content:
                    application/json:
                      schema: { type: array, items: { type: string } }
                '429':
                  description: Too many requests
            post:
              operationId: createItem
              responses:
                '201':
                  description: Created
                '4XX':
                  description: Client error
          /health:
            get:
              responses:
                '200':
                  description: OK
        """;

    public const string SpecFile = "retry-openapi.yaml";
    public const string Namespace = "Specs.Retry";
    private const string YamlPath = "/project/retry-openapi.annotations.yaml";
    private const string JsonPath = "/project/retry-openapi.annotations.json";

    // ------------------------------------------------------------------ the file cannot be read

    [Fact]
    public void Malformed_JSON_is_OAG011_at_the_syntax_error_and_the_defaults_apply()
    {
        const string json = """
            {
              "policy": {
                "maxAttempts": 5
                "initialDelay": "1s"
              }
            }
            """;
        var run = Generate(json, JsonPath);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG011", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        AssertAt(diagnostic, JsonPath, Position(json, "\"initialDelay\""));
        AssertDefaults(run);
    }

    [Fact]
    public void Malformed_YAML_is_OAG011_at_the_offending_line_and_the_defaults_apply()
    {
        const string yaml = """
            policy:
              maxAttempts: 5
             initialDelay: 1s
            """;
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG011", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        AssertAt(diagnostic, YamlPath, (Line: 3, Column: null));
        AssertDefaults(run);
    }

    [Theory]
    [InlineData("retry-openapi.annotations.json", "[1, 2]")]
    [InlineData("retry-openapi.annotations.json", "\"retry\"")]
    [InlineData("retry-openapi.annotations.json", "42")]
    [InlineData("retry-openapi.annotations.yaml", "- status: 429\n  retryable: yes\n")]
    [InlineData("retry-openapi.annotations.yaml", "just some text")]
    public void A_file_that_is_not_an_object_is_OAG011_at_its_start(string file, string text)
    {
        var run = Generate(text, "/project/" + file);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG011", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Contains("one object", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, "/project/" + file, (1, 1));
        AssertDefaults(run);
    }

    /// <summary>An empty file says nothing: no diagnostic, the defaults.</summary>
    [Theory]
    [InlineData("retry-openapi.annotations.yaml", "")]
    [InlineData("retry-openapi.annotations.yaml", " \n\t\n")]
    [InlineData("retry-openapi.annotations.json", "{}")]
    [InlineData("retry-openapi.annotations.yaml", "{}")]
    public void An_empty_file_is_no_problem(string file, string text)
    {
        var run = Generate(text, "/project/" + file);

        Assert.Empty(run.GeneratorDiagnostics);
        AssertDefaults(run);
    }

    /// <summary>
    /// A YAML file with comments only (everything commented out, or a header written before the first key) is an empty
    /// YAML stream, as an empty file is. Currently OAG011 "the file must hold one object", an error that fails the build:
    /// AnnotationsReader.ReadFile treats a null tree as empty only when the text is blank.
    /// </summary>
    [Fact]
    public void A_YAML_file_with_comments_only_is_an_empty_file()
    {
        var run = Generate("# Retry metadata of the Retry API.\n# policy:\n#   maxAttempts: 5\n");

        Assert.Empty(run.GeneratorDiagnostics);
        AssertDefaults(run);
    }

    [Fact]
    public void Annotations_metadata_naming_a_file_that_is_not_an_AdditionalFile_is_OAG011_at_the_spec()
    {
        var run = GeneratorHarness.GenerateProject(new[] { new ProjectFile("/project/" + SpecFile, Spec, GeneratorHarness.SpecMetadata(Namespace, "retry.annotations.yaml")) });
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG011", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Contains("'retry.annotations.yaml'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("not among the AdditionalFiles", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, "/project/" + SpecFile, (1, 1));
        AssertDefaults(run);
    }

    /// <summary>The named file wins over the conventional one: when it is missing, the conventional file is not a fallback.</summary>
    [Fact]
    public void A_missing_named_file_is_OAG011_even_when_a_conventional_one_exists()
    {
        var run = GeneratorHarness.GenerateProject(new[]
        {
            new ProjectFile("/project/" + SpecFile, Spec, GeneratorHarness.SpecMetadata(Namespace, "custom.yaml")),
            new ProjectFile(YamlPath, "policy: { maxAttempts: 9 }"),
        });

        Assert.Equal("OAG011", Assert.Single(run.GeneratorDiagnostics).Id);
        AssertDefaults(run);
    }

    // ------------------------------------------------------------------ unknown keys

    [Fact]
    public void Misspelt_key_is_OAG013_warning_at_the_key_and_the_rest_is_read()
    {
        const string yaml = """
            policy:
              maxAtempts: 5
              initialDelay: 2s
            """;
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG013", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        Assert.Contains("'maxAtempts'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("maxAttempts", diagnostic.GetMessage().Replace("'maxAtempts'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, Position(yaml, "maxAtempts"));

        var retry = AssertGenerated(run);
        Assert.Contains("InitialDelay = global::System.TimeSpan.FromMilliseconds(2000),", retry, StringComparison.Ordinal);
        Assert.DoesNotContain("MaxAttempts", retry, StringComparison.Ordinal);
        using var loaded = run.Load();
        var policy = RetryMetadataOf(loaded).Policy;
        Assert.Equal(OpenApiClientGen.RetryPolicy.Default with { InitialDelay = TimeSpan.FromSeconds(2) }, policy);
    }

    [Fact]
    public void A_rule_with_a_code_in_a_file_without_an_error_code_pointer_is_OAG012_at_the_code()
    {
        // The code is read at errorCode.pointer: without one the rule could never match, silently.
        const string yaml = """
            errors:
              - status: 429
                retryable: yes
              - status: 429
                code: quota
                retryable: no
            """;
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Contains("errorCode.pointer", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, Position(yaml, "code: quota"));
        AssertGenerated(run);
    }

    [Theory]
    [InlineData("{ \"maxAtempts\": 5 }", "\"maxAtempts\"")]
    [InlineData("{ \"policy\": { \"maxAttempts\": 5, \"jiter\": \"1s\" } }", "\"jiter\"")]
    [InlineData("{ \"errors\": [ { \"status\": 429, \"retryable\": \"yes\", \"retriable\": \"no\" } ] }", "\"retriable\"")]
    [InlineData("{ \"errorCode\": { \"pointer\": \"/error\", \"matches\": \"prefix\" } }", "\"matches\"")]
    [InlineData("{ \"operations\": { \"listItems\": { \"retries\": \"never\" } } }", "\"retries\"")]
    public void Unknown_key_anywhere_is_OAG013_at_that_key(string json, string key)
    {
        var run = Generate(json, JsonPath);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG013", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        AssertAt(diagnostic, JsonPath, Position(json, key));
        AssertGenerated(run);
    }

    [Fact]
    public void The_schema_key_is_not_an_unknown_annotation()
    {
        var run = Generate("$schema: ../src/OpenApiClientGen/build/openapi-annotations.schema.json\npolicy: { maxAttempts: 2 }\n");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("MaxAttempts = 2,", AssertGenerated(run), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ invalid values

    [Theory]
    [InlineData("initialDelay: soon")]
    [InlineData("initialDelay: -1s")]
    [InlineData("initialDelay: -2")]
    [InlineData("initialDelay: '2'")]
    [InlineData("maxDelay: 25h")]
    [InlineData("maxDelay: 90000")]
    [InlineData("maxRetryAfter: 1441m")]
    [InlineData("maxRetryAfter: [60]")]
    public void Invalid_duration_is_OAG012_at_its_key_and_the_rest_of_the_policy_is_read(string line)
    {
        var yaml = "policy:\n  maxAttempts: 5\n  " + line + "\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Contains("duration", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, (3, 3));

        // The bad value is left to the default, the good one is kept.
        var retry = AssertGenerated(run);
        Assert.Contains("MaxAttempts = 5,", retry, StringComparison.Ordinal);
        var field = line.Substring(0, line.IndexOf(':'));
        Assert.DoesNotContain($"{char.ToUpperInvariant(field[0])}{field.Substring(1)} =", retry, StringComparison.Ordinal);
        using var loaded = run.Load();
        Assert.Equal(OpenApiClientGen.RetryPolicy.Default with { MaxAttempts = 5 }, RetryMetadataOf(loaded).Policy);
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("1s", 1000)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120000)]
    [InlineData("1h", 3600000)]
    [InlineData("24h", 86400000)]
    [InlineData("3", 3000)]
    [InlineData("0.25", 250)]
    [InlineData("0", 0)]
    public void Valid_durations_are_read(string value, long milliseconds)
    {
        var run = Generate("policy:\n  maxDelay: " + value + "\n");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains($"MaxDelay = global::System.TimeSpan.FromMilliseconds({milliseconds}),", AssertGenerated(run), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maxAttempts: 0", "maxAttempts")]
    [InlineData("maxAttempts: 101", "maxAttempts")]
    [InlineData("maxAttempts: 2.5", "maxAttempts")]
    [InlineData("maxAttempts: three", "maxAttempts")]
    [InlineData("multiplier: 0.5", "multiplier")]
    [InlineData("jitter: 2", "jitter")]
    [InlineData("jitter: 150%", "jitter")]
    [InlineData("jitter: lots", "jitter")]
    [InlineData("retryAfter: sometimes", "retryAfter")]
    [InlineData("transportErrors: 1", "transportErrors")]
    public void Invalid_policy_value_is_OAG012_at_its_key(string line, string key)
    {
        var yaml = "policy:\n  initialDelay: 3s\n  " + line + "\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Contains(key, diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, (3, 3));
        Assert.Contains("InitialDelay = global::System.TimeSpan.FromMilliseconds(3000),", AssertGenerated(run), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6XX")]
    [InlineData("abc")]
    [InlineData("600")]
    [InlineData("99")]
    [InlineData("4X")]
    [InlineData("'42X'")]
    [InlineData("[429]")]
    public void Invalid_status_is_OAG012_at_the_rules_status_and_the_other_rules_are_kept(string status)
    {
        var yaml = "errors:\n  - status: 429\n    retryable: yes\n  - status: " + status + "\n    retryable: yes\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Contains("not a status", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, (4, 5));

        // The error table is authoritative when present: the valid rule, and not the defaults.
        var retry = AssertGenerated(run);
        Assert.Contains("new(\"429\", null, Retryability.Yes, null, null),", retry, StringComparison.Ordinal);
        Assert.DoesNotContain("new(\"503\"", retry, StringComparison.Ordinal);
        Assert.Single(retry.Split('\n'), l => l.Contains("Retryability.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("1")]
    [InlineData("~")]
    public void Invalid_retryable_is_OAG012_at_its_key(string value)
    {
        var yaml = "errors:\n  - status: 503\n    retryable: " + value + "\n  - status: 500\n    retryable: true\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Contains("retryable", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, (3, 5));
        var retry = AssertGenerated(run);
        Assert.Contains("new(\"500\", null, Retryability.Yes, null, null),", retry, StringComparison.Ordinal);
        Assert.DoesNotContain("new(\"503\"", retry, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_without_retryable_is_OAG012_at_the_rule()
    {
        const string yaml = "errors:\n  - status: 503\n    cause: Down.\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Contains("needs retryable", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, (2, 5));
        AssertGenerated(run);
    }

    [Theory]
    [InlineData("error")]
    [InlineData("error/type")]
    [InlineData("#/error")]
    public void Pointer_that_is_not_a_JSON_pointer_is_OAG012_at_its_key(string pointer)
    {
        var yaml = "errorCode:\n  pointer: '" + pointer + "'\n  match: prefix\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Contains("not a JSON pointer", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, (2, 3));

        // No pointer: error codes are not read; the match is still taken.
        var retry = AssertGenerated(run);
        Assert.Contains("    AnnotatedPolicy,\n            null,\n            ErrorCodeMatch.Prefix,", retry.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_match_is_OAG012_at_its_key()
    {
        const string yaml = "errorCode:\n  pointer: /error\n  match: startsWith\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Contains("exact, prefix, contains", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, (3, 3));
        Assert.Contains("\"/error\",\n            ErrorCodeMatch.Exact,", AssertGenerated(run).Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_retry_mode_is_OAG012_at_its_key()
    {
        const string yaml = "operations:\n  listItems:\n    retry: sometimes\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Contains("default, never, always, idempotencyKey", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, (3, 5));
        Assert.Contains("new(\"listItems\", RetryMode.Default),", AssertGenerated(run), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Idempotency Key")]
    [InlineData("'Idempotency-Key:'")]
    [InlineData("Clé")]
    [InlineData("''")]
    public void Invalid_idempotency_key_header_is_OAG012_and_the_default_header_is_used(string header)
    {
        var yaml = "operations:\n  createItem:\n    retry: idempotencyKey\n    idempotencyKeyHeader: " + header + "\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Contains("not a valid HTTP header name", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, (4, 5));
        Assert.Contains("new(\"createItem\", RetryMode.IdempotencyKey, idempotencyKeyHeader: \"Idempotency-Key\"),", AssertGenerated(run), StringComparison.Ordinal);
    }

    [Fact]
    public void Idempotency_key_header_without_the_idempotencyKey_mode_is_OAG012()
    {
        const string yaml = "operations:\n  createItem:\n    retry: always\n    idempotencyKeyHeader: X-Request-Key\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Contains("only with retry: idempotencyKey", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, (4, 5));
        AssertGenerated(run);
    }

    [Fact]
    public void A_custom_idempotency_key_header_is_emitted()
    {
        var run = Generate("operations:\n  createItem:\n    retry: idempotencyKey\n    idempotencyKeyHeader: X-Request-Key\n");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("new(\"createItem\", RetryMode.IdempotencyKey, idempotencyKeyHeader: \"X-Request-Key\"),", AssertGenerated(run), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"policy\": 5 }", "/policy")]
    [InlineData("{ \"errorCode\": \"/error\" }", "/errorCode")]
    [InlineData("{ \"errors\": { \"status\": 429 } }", "/errors")]
    [InlineData("{ \"errors\": [ 429 ] }", "/errors/0")]
    [InlineData("{ \"operations\": [ \"listItems\" ] }", "/operations")]
    [InlineData("{ \"operations\": { \"listItems\": \"never\" } }", "/operations/listItems")]
    public void A_part_of_the_wrong_type_is_OAG012_at_it(string json, string pointer)
    {
        var run = Generate(json, JsonPath);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG012", diagnostic.Id);
        var last = pointer.Substring(pointer.LastIndexOf('/') + 1);
        AssertAt(diagnostic, JsonPath, last == "0" ? Position(json, "429") : Position(json, "\"" + last + "\""));
        AssertGenerated(run);
    }

    // ------------------------------------------------------------------ operations the document does not have

    [Fact]
    public void Unknown_operationId_is_OAG014_warning_at_the_operation_key()
    {
        const string yaml = """
            operations:
              listItems:
                retry: never
              lisItems:
                retry: always
            """;
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG014", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        Assert.Contains("'lisItems'", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, Position(yaml, "lisItems:"));

        var retry = AssertGenerated(run);
        Assert.Contains("new(\"listItems\", RetryMode.Never),", retry, StringComparison.Ordinal);
        Assert.DoesNotContain("lisItems", retry, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_route_key_is_OAG014_in_JSON_too()
    {
        const string json = """
            {
              "operations": {
                "GET /health": { "retry": "never" },
                "GET /healthz": { "retry": "never" }
              }
            }
            """;
        var run = Generate(json, JsonPath);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG014", diagnostic.Id);
        Assert.Contains("'GET /healthz'", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, JsonPath, Position(json, "\"GET /healthz\""));
        Assert.Contains("new(\"GET /health\", RetryMode.Never),", AssertGenerated(run), StringComparison.Ordinal);
    }

    /// <summary>An operation without operationId is keyed "METHOD /path", the method in any case.</summary>
    [Theory]
    [InlineData("GET /health")]
    [InlineData("get /health")]
    public void Operation_without_operationId_is_annotated_by_method_and_path(string key)
    {
        var run = Generate("operations:\n  " + key + ":\n    retry: never\n");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("new(\"GET /health\", RetryMode.Never),", AssertGenerated(run), StringComparison.Ordinal);
    }

    /// <summary>
    /// The format keys operations "by operationId or METHOD /path", and the binder reports an operation annotated both
    /// ways: so an operation that has an operationId can be keyed by its route too. Currently OAG014: RetryBinder.Bind
    /// registers <c>KeyOf(operation)</c> as the route, which is the operationId again when there is one.
    /// </summary>
    [Theory]
    [InlineData("GET /items", "listItems")]
    [InlineData("post /items", "createItem")]
    public void Operation_with_an_operationId_can_be_annotated_by_method_and_path(string key, string operationId)
    {
        var run = Generate("operations:\n  " + key + ":\n    retry: never\n");
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains($"new(\"{operationId}\", RetryMode.Never),", AssertGenerated(run), StringComparison.Ordinal);
    }

    /// <summary>Fails with OAG014 instead, for the same reason as <see cref="Operation_with_an_operationId_can_be_annotated_by_method_and_path"/>.</summary>
    [Fact]
    public void An_operation_annotated_by_operationId_and_by_route_is_OAG012_at_the_second_entry()
    {
        const string yaml = "operations:\n  listItems:\n    retry: never\n  GET /items:\n    retry: always\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Contains("annotated twice", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, (4, 3));
        Assert.Contains("new(\"listItems\", RetryMode.Never),", AssertGenerated(run), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ statuses an operation does not declare

    [Fact]
    public void Per_operation_rule_for_an_undeclared_status_is_OAG015_at_the_rules_status_and_is_kept()
    {
        const string yaml = """
            operations:
              listItems:
                errors:
                  - status: 429
                    retryable: no
                  - status: 503
                    retryable: yes
              createItem:
                errors:
                  - status: 409
                    retryable: yes
                  - status: 5XX
                    retryable: yes
                  - status: default
                    retryable: no
            """;
        var run = Generate(yaml);
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());

        // 429 is declared, 409 is covered by 4XX, default covers anything: only 503 (listItems) and 5XX (createItem).
        var undeclared = run.GeneratorDiagnostics.OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ToList();
        Assert.Equal(2, undeclared.Count);
        Assert.All(undeclared, d => Assert.Equal("OAG015", d.Id));
        Assert.All(undeclared, d => Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity));
        Assert.Contains("'listItems'", undeclared[0].GetMessage(), StringComparison.Ordinal);
        Assert.Contains("503", undeclared[0].GetMessage(), StringComparison.Ordinal);
        AssertAt(undeclared[0], YamlPath, Position(yaml, "status: 503"));
        Assert.Contains("'createItem'", undeclared[1].GetMessage(), StringComparison.Ordinal);
        Assert.Contains("5XX", undeclared[1].GetMessage(), StringComparison.Ordinal);
        AssertAt(undeclared[1], YamlPath, Position(yaml, "status: 5XX"));

        // The rules are kept all the same.
        var retry = AssertGenerated(run);
        Assert.Contains("new(\"503\", null, Retryability.Yes, null, null),", retry, StringComparison.Ordinal);
        Assert.Contains("new(\"5XX\", null, Retryability.Yes, null, null),", retry, StringComparison.Ordinal);
    }

    /// <summary>The file's own error table is API-wide: a status no operation declares is not reported.</summary>
    [Fact]
    public void File_wide_rule_for_a_status_no_operation_declares_is_not_reported()
    {
        var run = Generate("errors:\n  - status: 418\n    retryable: no\n");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("new(\"418\", null, Retryability.No, null, null),", AssertGenerated(run), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ several problems at once

    [Fact]
    public void Every_problem_of_a_file_is_reported_each_at_its_own_place()
    {
        const string yaml = """
            errorCode:
              pointer: error
            policy:
              maxAttempts: 4
              initialDelay: soon
              maxAtempts: 5
            errors:
              - status: 6XX
                retryable: yes
              - status: 429
                retryable: maybe
              - status: 503
                retryable: yes
            operations:
              lisItems:
                retry: never
              listItems:
                errors:
                  - status: 500
                    retryable: no
            """;
        var run = Generate(yaml);
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());

        var expected = new (string Id, (int, int?) At)[]
        {
            ("OAG012", Position(yaml, "pointer: error")),
            ("OAG012", Position(yaml, "initialDelay: soon")),
            ("OAG013", Position(yaml, "maxAtempts")),
            ("OAG012", Position(yaml, "status: 6XX")),
            ("OAG012", Position(yaml, "retryable: maybe")),
            ("OAG014", Position(yaml, "lisItems:")),
            ("OAG015", Position(yaml, "status: 500")),
        };
        var actual = run.GeneratorDiagnostics
            .Select(d => (d.Id, At: (d.Location.GetLineSpan().StartLinePosition.Line + 1, (int?)(d.Location.GetLineSpan().StartLinePosition.Character + 1))))
            .OrderBy(d => d.At.Item1).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected.OrderBy(e => e.At.Item1).ThenBy(e => e.Id, StringComparer.Ordinal), actual);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(YamlPath, d.Location.GetLineSpan().Path));

        var retry = AssertGenerated(run);
        Assert.Contains("MaxAttempts = 4,", retry, StringComparison.Ordinal);
        Assert.Contains("new(\"503\", null, Retryability.Yes, null, null),", retry, StringComparison.Ordinal);
        Assert.Contains("new(\"500\", null, Retryability.No, null, null),", retry, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ garbage in, no exception out

    public static IEnumerable<object[]> Garbage() => new[]
    {
        new object[] { "a.json", "" },
        new object[] { "b.json", "null" },
        new object[] { "c.json", "{ \"policy\": null, \"errors\": null, \"operations\": null, \"errorCode\": null }" },
        new object[] { "d.json", "{ \"errors\": [ null, 1, \"x\", [], {}, { \"status\": null, \"retryable\": null } ] }" },
        new object[] { "e.json", "{ \"operations\": { \"\": {}, \"listItems\": null, \"GET\": {}, \" \": { \"errors\": 5 } } }" },
        new object[] { "f.json", "{ \"policy\": { \"maxAttempts\": 1e400 } }" },
        new object[] { "g.json", "{ \"policy\": { \"initialDelay\": 1e400, \"jitter\": -1e400, \"multiplier\": 1e400 } }" },
        new object[] { "h.json", "{ \"policy\": 1, \"policy\": 2 }" },
        new object[] { "j.json", "\u0000\u0001{\u00ff" },
        new object[] { "k.json", "\ufeff{ \"policy\": { \"maxAttempts\": 2 } }" },
        new object[] { "m.yaml", "policy:\n  maxAttempts: 1e400\n" },
        new object[] { "n.yaml", "policy: &p\n  maxAttempts: 2\noperations:\n  listItems:\n    policy: *p\n  createItem:\n    policy: *nope\n" },
        new object[] { "o.yaml", "errors:\n  - status: 0x1F5\n    retryable: yes\n  - status: !!str 429\n    retryable: !!bool true\n" },
        new object[] { "p.yaml", "? [complex, key]\n: 1\noperations:\n  ? { a: 1 }\n  : retry: never\n" },
        new object[] { "q.yaml", string.Concat(Enumerable.Repeat("- ", 300)) + "x\n" },
        new object[] { "r.yaml", "operations:\n  \"GET /items/{id}\":\n    retry: never\n  \"~1/~0\":\n    retry: never\n  \"a/b\":\n    retry: never\n" },
    };

    /// <summary>Inputs that currently make the generator throw (CS8785 in a build: every generated file of the project is dropped).</summary>
    public static IEnumerable<object[]> GarbageWithKnownBugs() => new[]
    {
        // ArgumentException from JsonObject (duplicate key) in a nested object: SpecReader.ParseTree only forces the root
        // object's properties (`_ = o.Count`), nested ones are read lazily by AnnotationsReader, outside any catch.
        new object[] { "dup-policy.json", "{ \"policy\": { \"maxAttempts\": 5, \"maxAttempts\": 6 } }" },
        new object[] { "dup-operations.json", "{ \"operations\": { \"listItems\": { \"retry\": \"never\" }, \"listItems\": { \"retry\": \"always\" } } }" },
        // InvalidOperationException "A value of type 'System.Int64' cannot be converted to a 'System.Double'": YamlToJson
        // makes a hex scalar a JsonValue<long>, and AnnotationsReader.Number/DurationMs/Ratio call GetValue<double>().
        new object[] { "hex-attempts.yaml", "policy:\n  maxAttempts: 0x10\n" },
        new object[] { "hex-delay.yaml", "policy:\n  initialDelay: 0x10\n" },
        new object[] { "hex-jitter.yaml", "policy:\n  jitter: 0x1\n" },
    };

    /// <summary>
    /// Whatever the annotations file (named by the Annotations metadata) holds, the generator does not throw (which would
    /// drop every generated file, CS8785), reports only annotation problems, in that file, and the client compiles.
    /// </summary>
    [Theory]
    [MemberData(nameof(Garbage))]
    [MemberData(nameof(GarbageWithKnownBugs))]
    public void Garbage_annotations_never_make_the_generator_throw(string name, string text)
    {
        var run = GeneratorHarness.GenerateWithAnnotations(SpecFile, Spec, name, text, Namespace, annotationsMetadata: name);
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "OAG009");
        foreach (var d in run.GeneratorDiagnostics)
        {
            Assert.StartsWith("OAG01", d.Id, StringComparison.Ordinal);
            Assert.Equal(LocationKind.ExternalFile, d.Location.Kind);
            Assert.Equal("/project/" + name, d.Location.GetLineSpan().Path);
            Assert.InRange(d.Location.SourceSpan.End, 0, text.Length);
        }
        AssertGenerated(run);
    }

    // ------------------------------------------------------------------ helpers

    // ------------------------------------------------------------------ pagination

    [Fact]
    public void A_pagination_annotation_gives_the_operation_its_pages_and_items_methods_in_a_file_of_their_own()
    {
        const string yaml = """
            operations:
              listItems:
                pagination: { style: link }
            """;
        var run = Generate(yaml);

        Assert.Empty(run.GeneratorDiagnostics);
        AssertGenerated(run);
        var pagination = Assert.Single(run.Sources, s => s.HintName == Namespace + ".Pagination.g.cs").SourceText.ToString();
        Assert.Contains("ListItemsPagesAsync(global::System.Threading.CancellationToken cancellationToken = default, global::OpenApiClientGen.RequestOptions? requestOptions = null);", pagination, StringComparison.Ordinal);
        Assert.Contains("global::System.Collections.Generic.IAsyncEnumerable<string> ListItemsItemsAsync(", pagination, StringComparison.Ordinal);
        Assert.Contains("new(PageStyle.Link, \"\")", pagination, StringComparison.Ordinal);
        // Annotated for its pages only: no retry metadata of its own.
        Assert.DoesNotContain("\"listItems\"", run.Source(".Retry.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_pages_of_a_deprecated_operation_are_deprecated_too_and_compile_clean()
    {
        var spec = Spec.Replace("      operationId: listItems\n", "      operationId: listItems\n      deprecated: true\n", StringComparison.Ordinal);
        Assert.NotEqual(Spec, spec);
        var run = GeneratorHarness.GenerateWithAnnotations(SpecFile, spec, "retry-openapi.annotations.yaml", "operations:\n  listItems:\n    pagination: { style: link }\n", Namespace);

        Assert.Empty(run.GeneratorDiagnostics);
        AssertGenerated(run);
        var pagination = run.Source(".Pagination.g.cs");
        Assert.Equal(4, pagination.Split("[global::System.Obsolete(", StringSplitOptions.None).Length - 1);
    }

    [Fact]
    public void Items_that_lead_to_no_list_are_OAG012_at_the_pagination_and_the_operation_is_not_paged()
    {
        const string yaml = """
            operations:
              listItems:
                pagination: { style: nextUrl, items: /data }
            """;
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Contains("items '/data' does not lead to a list", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, YamlPath, Position(yaml, "pagination"));
        AssertGenerated(run);
        Assert.DoesNotContain(run.Sources, s => s.HintName.EndsWith(".Pagination.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_that_is_no_JSON_body_is_OAG012()
    {
        const string yaml = """
            operations:
              createItem:
                pagination: { style: page }
            """;
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG012", diagnostic.Id);
        Assert.Contains("a page must be the operation's one JSON success body", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertGenerated(run);
    }

    [Theory]
    [InlineData("pagination: { items: /data }", "OAG012", "pagination needs a style")]
    [InlineData("pagination: { style: sideways }", "OAG012", "style must be one of nextUrl, cursor, link, offset, page")]
    [InlineData("pagination: { style: cursor, next: data }", "OAG012", "next must be a JSON pointer")]
    [InlineData("pagination: { style: cursor, nextPage: /x }", "OAG013", "'nextPage'")]
    [InlineData("pagination: [1]", "OAG012", "pagination must be an object")]
    public void A_malformed_pagination_is_located_in_the_annotations_file(string entry, string id, string message)
    {
        var yaml = "operations:\n  listItems:\n    " + entry + "\n";
        var run = Generate(yaml);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(YamlPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        AssertGenerated(run);
    }

    private static GeneratorRun Generate(string annotations, string path = YamlPath) =>
        GeneratorHarness.GenerateWithAnnotations(SpecFile, Spec, path.Substring("/project/".Length), annotations, Namespace);

    /// <summary>The client and its retry metadata were generated and compile clean; returns the retry metadata's text.</summary>
    internal static string AssertGenerated(GeneratorRun run, string ns = Namespace)
    {
        Assert.Contains(run.Sources, s => s.HintName == ns + ".Client.g.cs");
        var retry = Assert.Single(run.Sources, s => s.HintName == ns + ".Retry.g.cs").SourceText.ToString();
        var problems = run.CompileProblems();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        return retry;
    }

    /// <summary>
    /// The client was generated with the default retry metadata: the runtime's default policy (3 attempts, 500 ms ×2 up
    /// to 8 s, ±20 %) and error table (408, 429, 500, 502, 503, 504 retryable), no operation overrides — read from the
    /// compiled client, not from its text.
    /// </summary>
    internal static void AssertDefaults(GeneratorRun run, string ns = Namespace)
    {
        var retry = AssertGenerated(run, ns);
        Assert.Contains("RetryPolicy.Default;", retry, StringComparison.Ordinal);
        using var loaded = run.Load();
        var metadata = RetryMetadataOf(loaded, ns);
        Assert.Same(OpenApiClientGen.RetryPolicy.Default, metadata.Policy);
        Assert.Equal(3, metadata.Policy.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), metadata.Policy.InitialDelay);
        Assert.Equal(0.2, metadata.Policy.JitterRatio);
        Assert.Equal(
            new[] { "408", "429", "500", "502", "503", "504" },
            metadata.Errors.Where(r => r.Code is null && r.Retryable == OpenApiClientGen.Retryability.Yes).Select(r => r.Status));
        Assert.Equal(6, metadata.Errors.Count);
        Assert.Empty(metadata.Operations);
    }

    /// <summary>The <c>RetryMetadata</c> of the (one) generated client of <paramref name="ns"/>.</summary>
    internal static OpenApiClientGen.RetryMetadata RetryMetadataOf(LoadedAssembly loaded, string ns = Namespace)
    {
        var client = Assert.Single(loaded.Assembly.GetTypes(), t => t.Namespace == ns && t.GetProperty("RetryMetadata", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static) is not null);
        return (OpenApiClientGen.RetryMetadata)loaded.Static(client.FullName!, "RetryMetadata");
    }

    /// <summary>The 1-based line and column of the first occurrence of <paramref name="text"/>.</summary>
    internal static (int Line, int? Column) Position(string document, string text)
    {
        var lines = document.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(text, StringComparison.Ordinal);
            if (column >= 0) return (i + 1, column + 1);
        }
        Assert.Fail($"'{text}' is not in the document.");
        return default;
    }

    /// <summary>Asserts the file and the 1-based line (and column, when given) of a diagnostic.</summary>
    internal static void AssertAt(Diagnostic diagnostic, string path, (int Line, int? Column) at)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.True(at.Line == span.StartLinePosition.Line + 1, $"{diagnostic} is on line {span.StartLinePosition.Line + 1}, expected {at.Line}.");
        if (at.Column is { } c) Assert.True(c == span.StartLinePosition.Character + 1, $"{diagnostic} is at column {span.StartLinePosition.Character + 1}, expected {c}.");
    }
}
