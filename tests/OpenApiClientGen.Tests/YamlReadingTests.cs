using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using OpenApiClientGen.Reading;
using Xunit;
using Xunit.Abstractions;

namespace OpenApiClientGen.Tests;

/// <summary>
/// YAML the reader must survive or read (Reading/YamlSource.cs, YamlToJson.cs): alias bombs bounded, YamlDotNet's
/// position-less and non-YamlException failures located, and the literal block scalar with blank first lines it rejects.
/// </summary>
public sealed class YamlReadingTests(ITestOutputHelper output)
{
    private const string Header = "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n";

    // ------------------------------------------------------------------ alias bombs

    /// <summary>
    /// "Billion laughs": <paramref name="levels"/> lines, each a list of <paramref name="fanOut"/> aliases to the line
    /// above (fanOut^levels nodes): 9 × 9 is twelve lines; 20 × 60 is a 7.7 KB file.
    /// </summary>
    private static string Bomb(int levels, int fanOut, string prefix = "")
    {
        var text = new StringBuilder(prefix);
        text.Append("x-l0: &l0 [").Append(string.Join(", ", Enumerable.Repeat("lol", fanOut))).Append("]\n");
        for (var level = 1; level < levels; level++)
            text.Append($"x-l{level}: &l{level} [").Append(string.Join(", ", Enumerable.Repeat($"*l{level - 1}", fanOut))).Append("]\n");
        return text.ToString();
    }

    [Theory]
    [InlineData(9, 9)]
    [InlineData(20, 60)]
    public void An_alias_bomb_is_OAG001_at_the_alias_that_crosses_the_limit_within_a_second(int levels, int fanOut)
    {
        var spec = Bomb(levels, fanOut, Header);
        output.WriteLine($"{spec.Split('\n').Length - 1} lines, {spec.Length:N0} characters");

        var watch = Stopwatch.StartNew();
        var run = GeneratorHarness.Generate("bomb-openapi.yaml", spec, "Specs.Bomb");
        watch.Stop();
        output.WriteLine($"{watch.ElapsedMilliseconds} ms");

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG001", diagnostic.Id);
        Assert.Contains("aliases expand the document to more than 1,000,000 nodes", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("/project/bomb-openapi.yaml", diagnostic.Location.GetLineSpan().Path);
        // At an alias: the diagnostic's position is the '*' of the alias that would have crossed the limit.
        Assert.StartsWith("*l", spec.Substring(diagnostic.Location.SourceSpan.Start), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Sources, s => s.HintName.EndsWith(".Models.g.cs", StringComparison.Ordinal));
        // Unbounded, the twelve lines took 11 s and the 7.7 KB file more than a minute; bounded, ~0.2 s (a loose bound: a shared machine).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>The expansion is counted before the copy is made: the converter stops at the alias, whatever is around it.</summary>
    [Fact]
    public void The_converter_stops_at_the_first_alias_past_the_budget()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: [*a, *a, *a]\n";
        // 1 root + a (11) + b (1 + 3 × 11) + keys 2 = 48 nodes; a budget of 30 lets the first copy in, not the second.
        var error = Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => YamlToJson.Convert(yaml, nodeBudget: 30));
        Assert.Equal(2, error.Start.Line);
        Assert.Equal(9, error.Start.Column); // the second *a
        Assert.NotNull(YamlToJson.Convert(yaml, nodeBudget: 48));
    }

    /// <summary>An alias copies its anchor's whole height: replayed deep enough, it is refused like any document nesting too deep.</summary>
    [Fact]
    public void An_alias_that_would_nest_past_the_depth_limit_is_OAG001()
    {
        var text = new StringBuilder(Header);
        text.Append("x-deep: &deep ").Append(string.Concat(Enumerable.Repeat("[", 150))).Append(string.Concat(Enumerable.Repeat("]", 150))).Append('\n');
        text.Append("x-holder: ").Append(string.Concat(Enumerable.Repeat("[", 150))).Append("*deep").Append(string.Concat(Enumerable.Repeat("]", 150))).Append('\n');
        var spec = text.ToString();

        var run = GeneratorHarness.Generate("deep-alias-openapi.yaml", spec, "Specs.DeepAlias");

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG001", diagnostic.Id);
        Assert.Contains("deeper than 256", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.StartsWith("*deep", spec.Substring(diagnostic.Location.SourceSpan.Start), StringComparison.Ordinal);
    }

    /// <summary>Anchors as specs use them (a shared parameter, aliased and merged with an override) still read and generate.</summary>
    [Fact]
    public void Anchors_for_shared_parameters_still_read_and_generate()
    {
        const string spec = """
            openapi: 3.0.0
            info: {title: Shared, version: '1'}
            paths:
              /items:
                get:
                  operationId: listItems
                  parameters:
                    - &limit
                      name: limit
                      in: query
                      schema: {type: integer, format: int32}
                    - <<: *limit
                      name: offset
                  responses:
                    '200': {description: OK}
              /orders:
                get:
                  operationId: listOrders
                  parameters:
                    - *limit
                  responses:
                    '200': {description: OK}
            """;
        var run = GeneratorHarness.Generate("shared-openapi.yaml", spec, "Specs.Shared");

        Assert.Empty(run.GeneratorDiagnostics);
        var client = run.Source(".Client.g.cs");
        Assert.Equal(2, client.Split("requestUrl.AddQuery(\"limit\"").Length - 1);
        Assert.Single(client.Split("requestUrl.AddQuery(\"offset\"").Skip(1));
        Assert.Empty(run.CompileProblems());
    }

    // ------------------------------------------------------------------ YamlDotNet's failures, located

    /// <summary>
    /// A plain scalar in a flow sequence continued on a line indented less than the sequence: YamlDotNet's ScanPlainScalar
    /// throws InvalidOperationException (not a YamlException), which was OAG009, an internal error.
    /// </summary>
    [Fact]
    public void InvalidOperationException_from_YamlDotNet_is_OAG001_where_the_scanner_stopped()
    {
        var spec = Header + "x-list:\n  items: [foo\nbar]\n";

        var run = GeneratorHarness.Generate("flow-openapi.yaml", spec, "Specs.Flow");

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG001", diagnostic.Id);
        Assert.Contains("InvalidOperationException", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAt(diagnostic, "/project/flow-openapi.yaml", line: 6, column: 1);
    }

    /// <summary>
    /// YamlDotNet reports a tab in indentation without a position (it was located at 1,1), or, after a plain scalar, at
    /// the scalar on the line above: both at the tab.
    /// </summary>
    [Theory]
    [InlineData("openapi: 3.0.0\ninfo:\n\ttitle: T\n  version: '1'\npaths: {}\n", 3)]
    [InlineData("openapi: 3.0.0\ninfo:\n  title: T\n\tversion: '1'\npaths: {}\n", 4)]
    public void A_tab_in_indentation_is_OAG001_at_the_tab(string spec, int line)
    {
        var run = GeneratorHarness.Generate("tab-openapi.yaml", spec, "Specs.Tab");

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG001", diagnostic.Id);
        Assert.Contains("tab", diagnostic.GetMessage(), StringComparison.OrdinalIgnoreCase);
        AssertAt(diagnostic, "/project/tab-openapi.yaml", line, column: 1);
    }

    // ------------------------------------------------------------------ literal block scalars with blank first lines

    /// <summary>
    /// Valid YAML 1.2 (PyYAML reads it; the OpenAI document has one at line 63266) that YamlDotNet rejects with "found
    /// extra spaces in first line": a literal block whose first lines hold only spaces, with or without content after.
    /// </summary>
    [Fact]
    public void A_literal_block_scalar_whose_first_lines_hold_only_spaces_is_read()
    {
        // keep: no content line (the next line is a sibling key): the value is its one empty line. clip: two empty lines
        // (the first of 4 spaces, as many as the content's indentation), then the content.
        var node = YamlToJson.Convert("a:\n  keep: |+\n        \n  clip: |\n    \n\n    text\n    more\n  next: 1\nb: 2\n")!.AsObject();

        Assert.Equal("\n", (string)node["a"]!["keep"]!);
        Assert.Equal("\n\ntext\nmore\n", (string)node["a"]!["clip"]!);
        Assert.Equal(1, (int)node["a"]!["next"]!);
        Assert.Equal(2, (int)node["b"]!);
    }

    /// <summary>More spaces on a blank first line than on the first content line is invalid (YAML test W9L4): still OAG001.</summary>
    [Fact]
    public void A_blank_first_line_indented_past_the_content_is_still_OAG001()
    {
        var spec = Header + "x-text: |\n      \n  text\n";

        var run = GeneratorHarness.Generate("w9l4-openapi.yaml", spec, "Specs.W9L4");

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("OAG001", diagnostic.Id);
        AssertAt(diagnostic, "/project/w9l4-openapi.yaml", line: 6);
    }

    /// <summary>
    /// A spec with such blocks (as in the OpenAI one: <c>example: |+</c> over a line of spaces) generates, and what is
    /// reported after them is located in the original text: the repaired text has fewer characters.
    /// </summary>
    [Fact]
    public void A_spec_with_blank_first_lines_generates_and_later_diagnostics_are_located()
    {
        var spec = string.Join("\n",
            "openapi: 3.0.0",
            "info: {title: Blank, version: '1'}",
            "paths: {}",
            "components:",
            "  schemas:",
            "    Prompt:",
            "      oneOf:",
            "        - type: string",
            "          example: |+",
            new string(' ', 12),
            "          nullable: true",
            "        - type: array",
            "          items: {type: string}",
            "    Holder:",
            "      type: object",
            "      properties:",
            "        text:",
            "          type: string",
            "          description: |",
            new string(' ', 12),
            "            Text after a blank line.",
            "        broken:",
            "          $ref: '#/components/schemas/Nope'",
            "");

        var run = GeneratorHarness.Generate("blank-openapi.yaml", spec, "Specs.Blank");
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "OAG001");
        var unresolved = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG004");
        AssertAt(unresolved, "/project/blank-openapi.yaml", line: LineOf(spec, "$ref: '#/components/schemas/Nope'"));
        Assert.Contains("Text after a blank line.", run.Source(".Models.g.cs"), StringComparison.Ordinal);
        Assert.Empty(run.CompileProblems());
    }

    /// <summary>
    /// A stream that opens with empty documents (a directive's <c>---</c>, then another) holds the spec in the first
    /// document with a node; what is reported in it is located there.
    /// </summary>
    [Fact]
    public void Empty_documents_before_the_spec_are_passed_over_and_diagnostics_are_located_in_the_spec()
    {
        var spec = string.Join("\n",
            "%TAG ! tag:example.com,2000:",
            "---",
            "---",
            "openapi: 3.0.0",
            "info: {title: Later, version: '1'}",
            "paths: {}",
            "components:",
            "  schemas:",
            "    Holder:",
            "      type: object",
            "      properties:",
            "        broken:",
            "          $ref: '#/components/schemas/Nope'",
            "");

        var run = GeneratorHarness.Generate("later-openapi.yaml", spec, "Specs.Later");
        foreach (var d in run.GeneratorDiagnostics) output.WriteLine(d.ToString());

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "OAG001");
        var unresolved = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "OAG004");
        AssertAt(unresolved, "/project/later-openapi.yaml", line: LineOf(spec, "$ref: '#/components/schemas/Nope'"));
        Assert.Contains("record Holder", run.Source(".Models.g.cs"), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ annotations files: the same reader

    [Fact]
    public void An_alias_bomb_in_an_annotations_file_is_OAG011_at_the_alias_and_the_defaults_apply()
    {
        var annotations = Bomb(9, 9);
        var watch = Stopwatch.StartNew();
        var run = GeneratorHarness.GenerateWithAnnotations(
            AnnotationsDiagnosticsTests.SpecFile, AnnotationsDiagnosticsTests.Spec, "retry-openapi.annotations.yaml", annotations, AnnotationsDiagnosticsTests.Namespace);
        watch.Stop();

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine($"{diagnostic} ({watch.ElapsedMilliseconds} ms)");
        Assert.Equal("OAG011", diagnostic.Id);
        Assert.Equal("/project/retry-openapi.annotations.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.StartsWith("*l", annotations.Substring(diagnostic.Location.SourceSpan.Start), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.ElapsedMilliseconds} ms");
        AnnotationsDiagnosticsTests.AssertDefaults(run);
    }

    [Theory]
    [InlineData("policy:\n\tmaxAttempts: 5\n", 2)]
    [InlineData("policy:\n  maxAttempts: 5\n\tinitialDelay: 1s\n", 3)]
    public void A_tab_in_an_annotations_file_is_OAG011_at_the_tab(string annotations, int line)
    {
        var run = GeneratorHarness.GenerateWithAnnotations(
            AnnotationsDiagnosticsTests.SpecFile, AnnotationsDiagnosticsTests.Spec, "retry-openapi.annotations.yaml", annotations, AnnotationsDiagnosticsTests.Namespace);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        output.WriteLine(diagnostic.ToString());
        Assert.Equal("OAG011", diagnostic.Id);
        AssertAt(diagnostic, "/project/retry-openapi.annotations.yaml", line, column: 1);
        AnnotationsDiagnosticsTests.AssertDefaults(run);
    }

    // ------------------------------------------------------------------ helpers

    private static int LineOf(string document, string text)
    {
        var lines = document.Replace("\r\n", "\n").Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{text}' is not in the document.");
        return index + 1;
    }

    private static void AssertAt(Diagnostic diagnostic, string path, int line, int? column = null)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.True(line == span.StartLinePosition.Line + 1, $"{diagnostic} is on line {span.StartLinePosition.Line + 1}, expected {line}.");
        if (column is { } c) Assert.True(c == span.StartLinePosition.Character + 1, $"{diagnostic} is at column {span.StartLinePosition.Character + 1}, expected {c}.");
    }
}
