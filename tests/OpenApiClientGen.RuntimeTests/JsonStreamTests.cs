using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Features;
using Firecrawl;
using Xunit;

namespace OpenApiClientGen.RuntimeTests;

/// <summary>
/// The generated metadata read from a stream of unknown length as System.Text.Json reads its own source-generated
/// metadata: resumably (never holding the whole body), to the same result as from bytes, and honouring the options.
/// </summary>
public sealed class JsonStreamTests
{
    private const int Documents = 400;

    [Fact]
    public async Task A_chunked_stream_of_unknown_length_reads_the_same_as_bytes_without_buffering_the_whole_body()
    {
        var json = BatchStatus(Documents);
        var typeInfo = FirecrawlJsonContext.GetTypeInfo<BatchScrapeStatusResponse>();
        var options = new JsonSerializerOptions { TypeInfoResolver = FirecrawlJsonContext.Default, DefaultBufferSize = 1024 };
        var stream = new ChunkedStream(json, chunk: 61);

        var fromStream = await JsonSerializer.DeserializeAsync(stream, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<BatchScrapeStatusResponse>)options.GetTypeInfo(typeof(BatchScrapeStatusResponse)));
        var fromBytes = JsonSerializer.Deserialize(json, typeInfo);

        Assert.NotNull(fromStream);
        Assert.Equal(Documents, fromStream.Data.Count);
        Assert.Equal($"Page {Documents - 1} of the guide", fromStream.Data[Documents - 1].Metadata!.Title);
        Assert.Equal(BatchScrapeStatusResponseStatus.Completed, fromStream.Status);
        Assert.Equal(JsonSerializer.Serialize(fromBytes!, typeInfo), JsonSerializer.Serialize(fromStream, typeInfo));

        // Resumable: the serializer asked for no more than a few of its buffers at a time. Metadata that needs the whole
        // value in memory (a converter) makes it grow its buffer until the entire body fits.
        Assert.True(json.Length > 100_000, $"{json.Length} bytes");
        Assert.True(stream.LargestRequest <= 16 * 1024, $"The serializer asked for {stream.LargestRequest} bytes at once: it buffered the body.");
    }

    [Fact]
    public async Task A_converter_in_the_options_is_used_for_the_records_properties()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = FeaturesJsonContext.Default };
        options.Converters.Add(new UpperCaseStrings());
        const string json = """{"requiredNonNull":"abc","requiredNullable":"def","requiredNullable31":null,"requiredViaAnyOf":null,"optional":"ghi"}""";

        var value = (await JsonSerializer.DeserializeAsync<Nullability>(new ChunkedStream(Encoding.UTF8.GetBytes(json), chunk: 5), options))!;

        Assert.Equal("ABC", value.RequiredNonNull);
        Assert.Equal("DEF", value.RequiredNullable);
        Assert.Equal("GHI", value.Optional);
        Assert.Contains("\"requiredNonNull\":\"abc\"", JsonSerializer.Serialize(value, options), StringComparison.Ordinal); // written by it too
    }

    [Fact]
    public void Unmapped_member_handling_Disallow_rejects_a_property_the_record_does_not_declare()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = FeaturesJsonContext.Default, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
        const string json = """{"value":"root","children":[{"value":"a","colour":"red"}]}""";

        Assert.NotNull(JsonSerializer.Deserialize<TreeNode>(json, FeaturesJsonContext.Options)); // the default: skipped
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TreeNode>(json, options));
        Assert.Contains("colour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Number_handling_case_insensitive_names_comments_and_trailing_commas_come_from_the_options()
    {
        const string json = """
            {
              // a comment
              "COUNT": "3",
              "createdAt": "2024-05-01T10:20:30+02:00",
              "id": "6f1c1f3e-5a7c-4bde-9a5c-0c0c6f0c9d11",
              "tags": ["a", "b",],
            }
            """;
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Formats>(json, FeaturesJsonContext.Options));

        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = FeaturesJsonContext.Default,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };
        var value = JsonSerializer.Deserialize<Formats>(json, options)!;

        Assert.Equal(3, value.Count);
        Assert.Equal(["a", "b"], value.Tags!);
        Assert.Equal(10, value.Limit); // absent: the API description's default
    }

    [Fact]
    public void Max_depth_from_the_options_limits_nested_records()
    {
        var json = new StringBuilder();
        for (var i = 0; i < 20; i++) json.Append("""{"value":"n","children":[""");
        json.Append("""{"value":"leaf"}""");
        for (var i = 0; i < 20; i++) json.Append("]}");

        Assert.NotNull(JsonSerializer.Deserialize<TreeNode>(json.ToString(), FeaturesJsonContext.Options));
        var options = new JsonSerializerOptions { TypeInfoResolver = FeaturesJsonContext.Default, MaxDepth = 16 };
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TreeNode>(json.ToString(), options));
    }

    [Fact]
    public async Task Missing_and_null_required_properties_fail_from_a_stream_too()
    {
        var missing = await Assert.ThrowsAsync<JsonException>(async () => await JsonSerializer.DeserializeAsync<Nullability>(
            new ChunkedStream("""{"requiredNullable":null,"requiredNullable31":null,"requiredViaAnyOf":null}"""u8.ToArray(), chunk: 3), FeaturesJsonContext.Options));
        Assert.Contains("requiredNonNull", missing.Message, StringComparison.Ordinal);

        var nullValue = await Assert.ThrowsAsync<JsonException>(async () => await JsonSerializer.DeserializeAsync<Nullability>(
            new ChunkedStream("""{"requiredNonNull":null,"requiredNullable":null,"requiredNullable31":null,"requiredViaAnyOf":null}"""u8.ToArray(), chunk: 3), FeaturesJsonContext.Options));
        Assert.Contains("requiredNonNull", nullValue.Message, StringComparison.Ordinal);
        Assert.Contains("does not allow", nullValue.Message, StringComparison.Ordinal);
    }

    /// <summary>A batch scrape status as the API sends it, with many documents (written by hand: independent of the writer).</summary>
    private static byte[] BatchStatus(int documents)
    {
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $$"""{"status":"completed","total":{{documents}},"completed":{{documents}},"creditsUsed":{{documents}},"expiresAt":"2025-06-30T12:00:00+00:00","data":[""");
        for (var i = 0; i < documents; i++)
        {
            if (i > 0) json.Append(',');
            json.Append(CultureInfo.InvariantCulture, $$$"""{"markdown":"# Page {{{i}}}\n\nThe quick brown fox jumps over the lazy dog, \"quoted\", again and again and again and again and again and again.","links":["https://example.com/{{{i}}}/a","https://example.com/{{{i}}}/b"],"metadata":{"title":"Page {{{i}}} of the guide","sourceURL":"https://example.com/{{{i}}}","statusCode":200}}""");
        }
        json.Append("]}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>A non-seekable stream of unknown length that hands out at most a few bytes per read, and notes the largest read asked for.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public int LargestRequest { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
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
    private sealed class UpperCaseStrings : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString()!.ToUpperInvariant();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToLowerInvariant());
    }
}
