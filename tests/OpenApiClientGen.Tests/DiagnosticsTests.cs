using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>
/// Diagnostics through the driver: reported with the right ID, in the spec file at the right line and column; and bad
/// input of any kind never makes the generator throw (which would drop every generated file) or crash the compiler.
/// </summary>
public sealed class DiagnosticsTests(ITestOutputHelper output)
{
    /// <summary>A property whose schema is a <c>$ref</c> to a schema that does not exist (line 13).</summary>
    public const string UnresolvedRefSpec = """
        openapi: 3.0.0
        info:
          title: Unresolved
          version: '1'
        paths: {}
        components:
          schemas:
            Holder:
              type: object
              properties:
                fine: { type: string }
                broken:
                  $ref: '#/components/schemas/Nope'
                inline: { $ref: '#/components/schemas/AlsoMissing' }
        """;

    private const string SmallYaml = """
        openapi: 3.0.0
        info:
          title: Small
          version: '1'
        paths: {}
        components:
          schemas:
            Item:
              type: object
              properties:
                name: { type: string }
        """;

    private static string Features => File.ReadAllText(Path.Combine(TestPaths.Specs, "features-openapi.yaml"));

    // ------------------------------------------------------------------ located diagnostics

    [Fact]
    public void Malformed_JSON_is_OAG001_at_the_offending_token()
    {
        const string json = """
            {
              "openapi": "3.0.0",
              "info": { "title": "T", "version": "1" }
              "paths": {}
            }
            """;
        var run = GeneratorHarness.Generate("broken-openapi.json", json, "Specs.Broken");

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        AssertAt(diagnostic, "/project/broken-openapi.json", line: 4, column: 3);
        Assert.DoesNotContain(run.Sources, s => s.HintName.EndsWith(".Models.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_YAML_is_OAG001_at_the_offending_line()
    {
        const string yaml = """
            openapi: 3.0.0
            info:
              title: T
              version: '1'
             bad: indentation
            paths: {}
            """;
        var run = GeneratorHarness.Generate("broken-openapi.yaml", yaml, "Specs.Broken");

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG001", diagnostic.Id);
        AssertAt(diagnostic, "/project/broken-openapi.yaml", line: 5);
    }

    [Fact]
    public void Unresolved_ref_is_OAG004_at_the_ref_and_the_code_still_compiles()
    {
        var run = GeneratorHarness.Generate("unresolved-openapi.yaml", UnresolvedRefSpec, "Specs.Unresolved");
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());

        var unresolved = run.GeneratorDiagnostics.Where(d => d.Id == "OAG004").OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ToList();
        Assert.Equal(2, unresolved.Count);
        Assert.All(unresolved, d => Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity));
        Assert.Contains("#/components/schemas/Nope", unresolved[0].GetMessage(), StringComparison.Ordinal);
        Assert.Equal("/project/unresolved-openapi.yaml", unresolved[0].Location.GetLineSpan().Path);
        Assert.Contains("#/components/schemas/AlsoMissing", unresolved[1].GetMessage(), StringComparison.Ordinal);
        AssertAt(unresolved[1], "/project/unresolved-openapi.yaml", line: LineOf(UnresolvedRefSpec, "$ref: '#/components/schemas/AlsoMissing'"));

        Assert.Contains("global::System.Text.Json.JsonElement? Broken", run.Source(".Models.g.cs"), StringComparison.Ordinal);
        Assert.Empty(run.CompileProblems());
    }

    /// <summary>A <c>$ref</c> written on its own line under the property key is located at the key, one line above.</summary>
    [Fact]
    public void Unresolved_block_style_ref_is_located_on_the_ref_line()
    {
        var run = GeneratorHarness.Generate("unresolved-openapi.yaml", UnresolvedRefSpec, "Specs.Unresolved");

        var nope = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG004" && d.GetMessage().Contains("/Nope'", StringComparison.Ordinal));
        AssertAt(nope, "/project/unresolved-openapi.yaml", line: LineOf(UnresolvedRefSpec, "$ref: '#/components/schemas/Nope'"));
    }

    [Fact]
    public void Invalid_namespace_option_is_OAG007()
    {
        var run = GeneratorHarness.Generate("small-openapi.yaml", SmallYaml, "1bad..ns");

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG007", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("1bad..ns", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("/project/small-openapi.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(run.Sources);
    }

    /// <summary>
    /// Each spec's sources are added from its own RegisterSourceOutput call, so the duplicate hint name is not detected by
    /// that call's AddSource (which the generator catches) but by Roslyn when it merges the calls' outputs: the generator
    /// is reported as having thrown (CS8785 in a build) and every generated file is dropped.
    /// </summary>
    [Fact]
    public void Two_specs_into_the_same_namespace_is_OAG008_not_an_exception()
    {
        var run = GeneratorHarness.GenerateAll(new (string, string, string?)[]
        {
            ("first-openapi.yaml", SmallYaml, "Specs.Same"),
            ("second-openapi.yaml", SmallYaml.Replace("Item", "Other", StringComparison.Ordinal), "Specs.Same"),
        });
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());

        var duplicate = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG008");
        Assert.Equal(DiagnosticSeverity.Error, duplicate.DefaultSeverity);
        Assert.Contains(run.Sources, s => s.HintName == "Specs.Same.Models.g.cs");
        Assert.Empty(run.CompileProblems());
    }

    [Fact]
    public void Renamed_property_is_OAG006_on_its_line()
    {
        var features = Features;
        var run = GeneratorHarness.Generate("features-openapi.yaml", features, "Specs.Features");

        var renamed = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG006" && d.GetMessage().Contains("'<any other metadata> '", StringComparison.Ordinal));
        output.WriteLine(renamed.ToString());
        Assert.Contains("'AnyOtherMetadata'", renamed.GetMessage(), StringComparison.Ordinal);
        AssertAt(renamed, "/project/features-openapi.yaml", line: LineOf(features, "'<any other metadata> ':"));
    }

    [Fact]
    public void Every_rename_in_the_features_spec_is_located_on_its_own_line()
    {
        var features = Features;
        var run = GeneratorHarness.Generate("features-openapi.yaml", features, "Specs.Features");
        var lines = features.Replace("\r\n", "\n").Split('\n');

        var renames = run.GeneratorDiagnostics.Where(d => d.Id == "OAG006").ToList();
        Assert.NotEmpty(renames);
        foreach (var d in renames)
        {
            // "'<json name>' is generated as ..." : the line must hold that JSON name as a key.
            var message = d.GetMessage();
            var jsonName = message.Substring(1, message.IndexOf("' is generated as", StringComparison.Ordinal) - 1);
            var line = lines[d.Location.GetLineSpan().StartLinePosition.Line];
            Assert.True(line.TrimStart().StartsWith(jsonName + ":", StringComparison.Ordinal) || line.TrimStart().StartsWith("'" + jsonName + "':", StringComparison.Ordinal),
                $"{d} is on the line '{line}'");
        }
    }

    /// <summary>
    /// JSON names containing '%' are located by a pointer the generator builds without percent-encoding, but the
    /// locator percent-decodes every segment, so "a%20b" is looked up as "a b" and the diagnostic lands on the parent.
    /// </summary>
    [Fact]
    public void Renamed_property_with_a_percent_sign_is_located_on_its_line()
    {
        var spec = SmallYaml + "\n        'a%20b': { type: string }\n";
        var run = GeneratorHarness.Generate("percent-openapi.yaml", spec, "Specs.Percent");

        var renamed = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG006");
        AssertAt(renamed, "/project/percent-openapi.yaml", line: LineOf(spec, "'a%20b'"));
    }

    // ------------------------------------------------------------------ garbage in, no exception out

    /// <summary>Inputs the generator handles as spec problems (no internal error) and where whatever it generates compiles.</summary>
    public static IEnumerable<object[]> Garbage() => new[]
    {
        new object[] { "empty.yaml", "" },
        new object[] { "empty-openapi.json", "" },
        new object[] { "whitespace-openapi.yaml", "  \n\t\n" },
        new object[] { "array-openapi.json", "[]" },
        new object[] { "array-openapi.yaml", "[]" },
        new object[] { "object-openapi.json", "{}" },
        new object[] { "scalar-openapi.yaml", "just a string" },
        new object[] { "null-openapi.json", "null" },
        new object[] { "version-only-openapi.json", "{\"openapi\":\"3.0.0\"}" },
        new object[] { "swagger-only-openapi.json", "{\"swagger\":\"2.0\"}" },
        new object[] { "bad-version-openapi.json", "{\"openapi\":\"9.9.9\",\"info\":{\"title\":\"T\",\"version\":\"1\"},\"paths\":{}}" },
        new object[] { "wrong-types-openapi.json", "{\"openapi\":3,\"info\":[],\"paths\":\"x\",\"components\":{\"schemas\":[1,2]}}" },
        new object[] { "binary-openapi.json", "\u0000\u0001\u0002{\u00ff" },
        new object[] { "bom-openapi.json", "\ufeff{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"T\",\"version\":\"1\"},\"paths\":{}}" },
        new object[] { "self-loops-openapi.yaml", "openapi: 3.0.0\ninfo: {title: Self, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n    L: {type: array, items: {$ref: '#/components/schemas/L'}}\n    M: {type: object, additionalProperties: {$ref: '#/components/schemas/M'}}\n    W: {allOf: [{$ref: '#/components/schemas/W'}]}\n    X: {allOf: [{$ref: '#/components/schemas/X'}, {type: object, properties: {x: {type: string}}}]}\n" },
        new object[] { "anchors-openapi.yaml", "openapi: 3.0.0\ninfo: &i {title: T, version: '1'}\npaths: {}\nx-alias: *i\nx-unknown: *nope\n" },
    };

    /// <summary>Inputs that currently end in OAG009 (an exception caught inside the generator) or in generated code that does not compile.</summary>
    public static IEnumerable<object[]> GarbageWithKnownBugs() => new[]
    {
        // NullReferenceException in SchemaBinder.EnumValues (Classify) for a component schema whose value is null or not an object.
        new object[] { "null-schema-openapi.yaml", "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: ~\n" },
        new object[] { "scalar-schemas-openapi.yaml", "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: 5\n    B: [1]\n" },
        // NullReferenceException in ApiBinder.BindContent for a media type whose value is null.
        new object[] { "null-media-openapi.yaml", "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n" },
        // InvalidOperationException "Circular reference detected" from OpenApiSchemaReference.ReadOnly, read by SchemaBinder.BindRecord.
        new object[] { "loop-openapi.yaml", "openapi: 3.0.0\ninfo: {title: Loop, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n    User:\n      type: object\n      properties:\n        a: {$ref: '#/components/schemas/A'}\n" },
        // ArgumentException from JsonObject (duplicate key), thrown after JsonNode.Parse, outside its JsonException catch: should be OAG001.
        new object[] { "duplicate-keys-openapi.json", "{\"openapi\":\"3.0.0\",\"openapi\":\"3.1.0\",\"info\":{\"title\":\"T\",\"version\":\"1\"},\"paths\":{}}" },
        // A union that has itself as a case: 'implicit operator U(U)' is CS0555.
        new object[] { "self-union-openapi.yaml", "openapi: 3.0.0\ninfo: {title: Self, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    U: {oneOf: [{$ref: '#/components/schemas/U'}, {type: string}]}\n" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    [MemberData(nameof(GarbageWithKnownBugs))]
    public void Garbage_never_makes_the_generator_throw(string file, string text) => AssertSurvives(file, text, strict: false);

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_is_a_spec_problem_not_an_internal_error(string file, string text) => AssertSurvives(file, text, strict: true);

    [Theory]
    [MemberData(nameof(GarbageWithKnownBugs))]
    public void Garbage_with_known_bugs_is_a_spec_problem_not_an_internal_error(string file, string text) => AssertSurvives(file, text, strict: true);

    public static IEnumerable<object[]> Truncations()
    {
        var length = File.ReadAllText(Path.Combine(TestPaths.Specs, "features-openapi.yaml")).Length;
        var random = new Random(20261121);
        return Enumerable.Range(0, 30).Select(_ => random.Next(1, length)).Distinct().Order().Select(n => new object[] { n });
    }

    [Theory]
    [MemberData(nameof(Truncations))]
    public void Truncated_spec_never_makes_the_generator_throw(int length) =>
        AssertSurvives("features-openapi.yaml", Features.Substring(0, Math.Min(length, Features.Length)), strict: false, compiles: true);

    /// <summary>Nesting past the reader's limit (256 levels of JSON/YAML) is refused with OAG001, in YAML and in JSON.</summary>
    [Theory]
    [InlineData("yaml", 2000)]
    [InlineData("json", 2000)]
    [InlineData("yaml", 130)]
    [InlineData("json", 130)]
    public void Nesting_deeper_than_the_limit_is_OAG001(string format, int depth)
    {
        var run = OnCompilerSizedStack(() => GeneratorHarness.Generate("deep-openapi." + format, DeepSpecs.NestedProperties(depth, format), "Specs.Deep"));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG001", diagnostic.Id);
        Assert.Contains("256", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>Just inside the limit, every stage (YamlDotNet, Microsoft.OpenApi, binder, emitters) fits a 1 MB stack and the code compiles.</summary>
    [Theory]
    [InlineData("yaml", 125)]
    [InlineData("json", 125)]
    public void Nesting_just_inside_the_limit_generates_code_that_compiles(string format, int depth)
    {
        var run = OnCompilerSizedStack(() => GeneratorHarness.Generate("deep-openapi." + format, DeepSpecs.NestedProperties(depth, format), "Specs.Deep"));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains(run.Sources, s => s.HintName == "Specs.Deep.Models.g.cs");
        Assert.Empty(run.CompileProblems());
    }

    /// <summary>Long <c>$ref</c> chains are not bounded by the document's depth: 2000 components, each referring to the next.</summary>
    [Theory]
    [InlineData("alias")]
    [InlineData("items")]
    [InlineData("record")]
    public void Reference_chains_2000_long_never_make_the_generator_throw(string kind)
    {
        var run = OnCompilerSizedStack(() => GeneratorHarness.Generate("chain-openapi.yaml", DeepSpecs.Chain(kind, 2000), "Specs.Chain"));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "OAG009");
    }

    /// <summary>
    /// Measured with the Debug build on a 1 MB thread: SchemaBinder.CollectProperties recurses once per allOf reference
    /// (fine at 901, overflow at 916), killing the process (csc, VBCSCompiler or the IDE's analyzer host).
    /// </summary>
    [Fact]
    public void AllOf_reference_chain_2000_long_does_not_overflow_the_stack()
    {
        var run = OnCompilerSizedStack(() => GeneratorHarness.Generate("chain-openapi.yaml", DeepSpecs.Chain("allof", 2000), "Specs.Chain"));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "OAG009");
    }

    /// <summary>
    /// Measured with the Debug build on a 1 MB thread: JsonEmitter.SharedShape recurses once per nested union (fine at
    /// 1242, overflow at 1257), killing the process.
    /// </summary>
    [Fact]
    public void Union_reference_chain_2000_long_does_not_overflow_the_stack()
    {
        var run = OnCompilerSizedStack(() => GeneratorHarness.Generate("chain-openapi.yaml", DeepSpecs.Chain("union", 2000), "Specs.Chain"));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "OAG009");
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>
    /// The generator did not throw (<see cref="GeneratorHarness.Run"/> fails the test if it did), its diagnostics are in
    /// the spec file; <paramref name="strict"/>: also no internal error (OAG009); <paramref name="compiles"/> (default: strict):
    /// whatever it generated compiles.
    /// </summary>
    private void AssertSurvives(string file, string text, bool strict, bool? compiles = null)
    {
        var run = OnCompilerSizedStack(() => GeneratorHarness.Generate(file, text, "Specs.Garbage"));
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());

        if (strict) Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "OAG009");
        foreach (var d in run.GeneratorDiagnostics)
        {
            Assert.Equal(LocationKind.ExternalFile, d.Location.Kind);
            Assert.Equal("/project/" + file, d.Location.GetLineSpan().Path);
            Assert.InRange(d.Location.SourceSpan.End, 0, text.Length);
        }

        // Bad input is reported on the spec, not as broken C#.
        if ((compiles ?? strict) && run.Sources.Any(s => s.HintName.EndsWith(".Models.g.cs", StringComparison.Ordinal)))
        {
            var errors = run.CompileProblems().Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("OAG", StringComparison.Ordinal)).ToList();
            foreach (var d in errors.Take(20)) output.WriteLine(d.ToString());
            Assert.Empty(errors);
        }
    }

    /// <summary>
    /// Runs on a thread with a 1 MB stack (Windows' default, and less than the compiler's and the IDE's threads get), so
    /// a recursion that would overflow there is caught by these tests, not by a user's build.
    /// </summary>
    private static T OnCompilerSizedStack<T>(Func<T> run)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = run(); }
            catch (Exception e) { failure = e; }
        }, maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return result;
    }

    /// <summary>The 1-based line of the first line containing <paramref name="text"/>.</summary>
    private static int LineOf(string document, string text)
    {
        var lines = document.Replace("\r\n", "\n").Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{text}' is not in the document.");
        return index + 1;
    }

    /// <summary>Asserts the file and the 1-based line (and column, when given) of a diagnostic.</summary>
    private static void AssertAt(Diagnostic diagnostic, string path, int line, int? column = null)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.True(line == span.StartLinePosition.Line + 1, $"{diagnostic} is on line {span.StartLinePosition.Line + 1}, expected {line}.");
        if (column is { } c) Assert.True(c == span.StartLinePosition.Character + 1, $"{diagnostic} is at column {span.StartLinePosition.Character + 1}, expected {c}.");
    }
}

/// <summary>Generated documents that nest deeply, directly or through <c>$ref</c> chains.</summary>
internal static class DeepSpecs
{
    /// <summary>An object schema whose property <c>a</c> is an object schema ... <paramref name="depth"/> levels deep (two JSON levels each).</summary>
    public static string NestedProperties(int depth, string format)
    {
        var text = new StringBuilder();
        if (format == "json")
        {
            text.Append("{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"Deep\",\"version\":\"1\"},\"paths\":{},\"components\":{\"schemas\":{\"Root\":");
            for (var i = 0; i < depth; i++) text.Append("{\"type\":\"object\",\"properties\":{\"a\":");
            text.Append("{\"type\":\"string\"}");
            for (var i = 0; i < depth; i++) text.Append("}}");
            text.Append("}}}");
        }
        else
        {
            text.Append("openapi: 3.0.0\ninfo: {title: Deep, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Root:\n");
            for (var i = 0; i < depth; i++)
            {
                var indent = new string(' ', 6 + i * 4);
                text.Append(indent).Append("type: object\n").Append(indent).Append("properties:\n").Append(indent).Append("  a:\n");
            }
            text.Append(new string(' ', 6 + depth * 4)).Append("type: string\n");
        }
        return text.ToString();
    }

    /// <summary>Components A0 … A<paramref name="length"/>, each referring to the next (shallow document, deep references).</summary>
    public static string Chain(string kind, int length)
    {
        var text = new StringBuilder("openapi: 3.0.0\ninfo: {title: Chain, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n");
        for (var i = 0; i < length; i++)
        {
            var next = $"{{$ref: '#/components/schemas/A{i + 1}'}}";
            text.Append("    A").Append(i).Append(": ").Append(kind switch
            {
                "alias" => next,
                "items" => $"{{type: array, items: {next}}}",
                "record" => $"{{type: object, properties: {{next: {next}}}}}",
                "allof" => $"{{allOf: [{next}, {{type: object, properties: {{p{i}: {{type: string}}}}}}]}}",
                "union" => $"{{oneOf: [{next}, {{type: integer}}]}}",
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            }).Append('\n');
        }
        text.Append("    A").Append(length).Append(": ").Append(kind switch
        {
            "union" => "{oneOf: [{type: string}, {type: boolean}]}",
            "record" or "allof" => "{type: object, properties: {last: {type: string}}}",
            _ => "{type: string}",
        }).Append('\n');
        return text.ToString();
    }
}
