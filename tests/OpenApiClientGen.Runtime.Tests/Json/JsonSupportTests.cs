using System.Buffers;

namespace OpenApiClientGen.Runtime.Tests.Json;

/// <summary>JsonSupport: the reading and writing helpers the generated converters call, and their error messages.</summary>
public sealed class JsonSupportTests
{
    private delegate T ReaderFunc<T>(ref Utf8JsonReader reader);

    /// <summary>Runs <paramref name="read"/> on a reader at the first token of <paramref name="json"/>; also returns the token it ended on.</summary>
    private static (T Value, JsonTokenType End) Read<T>(string json, ReaderFunc<T> read)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        var value = read(ref reader);
        return (value, reader.TokenType);
    }

    private static JsonException Fails<T>(string json, ReaderFunc<T> read)
    {
        try
        {
            Read(json, read);
        }
        catch (JsonException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException($"No JsonException reading {json}.");
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan.ToArray());
    }

    private static string ReadString(ref Utf8JsonReader reader) => JsonSupport.ReadString(ref reader);

    // ------------------------------------------------------------------ scalars

    [Fact]
    public void ReadString_reads_strings_unescaped()
    {
        Assert.Equal("a\"b/é", Read("\"a\\\"b\\/\\u00e9\"", ReadString).Value);
        Assert.Equal("", Read("\"\"", ReadString).Value);
    }

    [Theory]
    [InlineData("1", "Expected a string but found a number.")]
    [InlineData("null", "Expected a string but found null.")]
    [InlineData("true", "Expected a string but found a boolean.")]
    [InlineData("false", "Expected a string but found a boolean.")]
    [InlineData("{}", "Expected a string but found an object.")]
    [InlineData("[]", "Expected a string but found an array.")]
    public void ReadString_of_anything_else_says_what_was_found(string json, string message) =>
        Assert.Equal(message, Fails(json, ReadString).Message);

    [Fact]
    public void Expect_names_the_type_being_read()
    {
        Assert.Equal("Expected an object for Pet but found an array.", Fails("[]", (ref Utf8JsonReader r) => { JsonSupport.Expect(ref r, JsonTokenType.StartObject, "Pet"); return 0; }).Message);
        Assert.Equal("Expected a string for PetId but found a number.", Fails("5", (ref Utf8JsonReader r) => { JsonSupport.Expect(ref r, JsonTokenType.String, "PetId"); return 0; }).Message);
        Assert.Equal(JsonTokenType.StartObject, Read("{}", (ref Utf8JsonReader r) => { JsonSupport.Expect(ref r, JsonTokenType.StartObject, "Pet"); return 0; }).End);
    }

    [Fact]
    public void ReadDateTime_reads_a_date_only()
    {
        var date = Read("\"2024-02-29\"", JsonSupport.ReadDateTime).Value;
        Assert.Equal(new DateTime(2024, 2, 29), date);
        Assert.Equal(TimeSpan.Zero, date.TimeOfDay);
    }

    [Theory]
    [InlineData("\"2024-02-30\"", "'2024-02-30' is not a date (yyyy-MM-dd).")]
    [InlineData("\"2024-02-29T10:00:00Z\"", "'2024-02-29T10:00:00Z' is not a date (yyyy-MM-dd).")]
    [InlineData("\"29/02/2024\"", "'29/02/2024' is not a date (yyyy-MM-dd).")]
    [InlineData("\"2024-2-9\"", "'2024-2-9' is not a date (yyyy-MM-dd).")]
    [InlineData("20240229", "Expected a string but found a number.")]
    public void ReadDateTime_of_anything_else_says_what_it_read(string json, string message) =>
        Assert.Equal(message, Fails(json, JsonSupport.ReadDateTime).Message);

    [Fact]
    public void WriteDateTime_writes_the_date_part()
    {
        Assert.Equal("\"2024-02-29\"", Write(w => JsonSupport.WriteDateTime(w, new DateTime(2024, 2, 29, 23, 59, 59))));
        Assert.Equal("\"0001-01-01\"", Write(w => JsonSupport.WriteDateTime(w, DateTime.MinValue)));
    }

    [Theory]
    [InlineData("\"2024-01-31\"", true)]
    [InlineData("\"2024-13-01\"", false)]
    [InlineData("\"2024-01-31T00:00:00\"", false)]
    [InlineData("\"hello\"", false)]
    public void IsDate_tells_a_date_string(string json, bool isDate) =>
        Assert.Equal(isDate, Read(json, JsonSupport.IsDate).Value);

#if !RUNTIME_NETSTANDARD2_0
    [Fact]
    public void ReadDate_and_WriteDate_are_yyyy_MM_dd()
    {
        Assert.Equal(new DateOnly(2024, 2, 29), Read("\"2024-02-29\"", JsonSupport.ReadDate).Value);
        Assert.Equal("'2023-02-29' is not a date (yyyy-MM-dd).", Fails("\"2023-02-29\"", JsonSupport.ReadDate).Message);
        Assert.Equal("\"2024-02-29\"", Write(w => JsonSupport.WriteDate(w, new DateOnly(2024, 2, 29))));
        Assert.Equal("\"9999-12-31\"", Write(w => JsonSupport.WriteDate(w, DateOnly.MaxValue)));
    }
#endif

    // ------------------------------------------------------------------ unions

    private static string? Peek(string json, string property)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var start = (reader.TokenType, reader.BytesConsumed);
        var value = JsonSupport.PeekDiscriminator(reader, Encoding.UTF8.GetBytes(property));
        // A copy was read: the caller's reader has not moved.
        Assert.Equal(start, (reader.TokenType, reader.BytesConsumed));
        return value;
    }

    [Theory]
    [InlineData("""{"type":"dog","name":"Rex"}""", "dog")]
    [InlineData("""{"name":"Rex","nested":{"type":"inner"},"list":[{"type":"x"}],"type":"cat"}""", "cat")]
    [InlineData("""{"\u0074ype":"escaped"}""", "escaped")]
    [InlineData("""{"Type":"wrong case"}""", null)]
    [InlineData("""{"type":5}""", null)]
    [InlineData("""{"type":null}""", null)]
    [InlineData("""{"name":"Rex"}""", null)]
    [InlineData("{}", null)]
    [InlineData("""["type","dog"]""", null)]
    [InlineData("\"type\"", null)]
    public void PeekDiscriminator_finds_a_top_level_string_property(string json, string? expected) =>
        Assert.Equal(expected, Peek(json, "type"));

    private static readonly JsonObjectCase[] Pets =
    [
        new(required: ["name"], known: ["name", "meows"], constants: []),
        new(required: ["name"], known: ["name", "barks"], constants: []),
        new(required: ["kind"], known: ["kind", "size"], constants: ["kind", "box"]),
        new(required: ["version"], known: ["version", "on"], constants: ["version", "2", "on", "true"]),
    ];

    private static int Select(string json, JsonObjectCase[] cases)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var start = reader.BytesConsumed;
        var index = JsonSupport.SelectObjectCase(reader, cases);
        Assert.Equal(start, reader.BytesConsumed);
        return index;
    }

    [Theory]
    [InlineData("""{"name":"Tom","meows":true}""", 0)]
    [InlineData("""{"name":"Rex","barks":true}""", 1)]
    [InlineData("""{"barks":true,"name":"Rex","color":"brown"}""", 1)]
    // Both fit equally: the first.
    [InlineData("""{"name":"Rex"}""", 0)]
    // A property of a nested object is not one of the object's.
    [InlineData("""{"name":"Rex","owner":{"barks":true},"toys":[{"barks":1}]}""", 0)]
    [InlineData("""{"kind":"box","size":3}""", 2)]
    [InlineData("""{"version":2,"on":true}""", 3)]
    public void SelectObjectCase_picks_the_case_that_fits_and_knows_most(string json, int expected) =>
        Assert.Equal(expected, Select(json, Pets));

    [Fact]
    public void A_case_that_fits_beats_one_that_knows_more_but_does_not()
    {
        JsonObjectCase[] cases =
        [
            new(required: ["id", "extra"], known: ["id", "extra", "name", "x"], constants: []),
            new(required: ["id"], known: ["id"], constants: []),
        ];
        Assert.Equal(1, Select("""{"id":1,"name":"n","x":2}""", cases));
        Assert.Equal(0, Select("""{"id":1,"name":"n","x":2,"extra":true}""", cases));
    }

    [Fact]
    public void Constants_must_match_as_written()
    {
        JsonObjectCase[] cases =
        [
            new(required: [], known: ["kind"], constants: ["kind", "box"]),
            new(required: [], known: ["kind"], constants: ["kind", "ball"]),
            new(required: [], known: ["version"], constants: ["version", "2"]),
            new(required: [], known: ["version"], constants: ["version", "2.0"]),
            new(required: [], known: ["on"], constants: ["on", "false"]),
        ];
        Assert.Equal(1, Select("""{"kind":"ball"}""", cases));
        Assert.Equal(0, Select("""{"kind":"box"}""", cases));
        Assert.Equal(3, Select("""{"version":2.0}""", cases));
        Assert.Equal(2, Select("""{"version":2}""", cases));
        Assert.Equal(4, Select("""{"on":false}""", cases));
    }

    [Fact]
    public void With_no_case_fitting_the_one_knowing_most_wins()
    {
        // kind is not "box" and no name: nothing fits; case 2 knows both properties.
        Assert.Equal(2, Select("""{"kind":"ball","size":1}""", Pets));
        // Fewest unknown properties breaks a tie in what is known... which here is the same count: the first.
        Assert.Equal(0, Select("""{"other":1}""", Pets));
    }

    [Fact]
    public void SelectObjectCase_reads_a_number_split_across_segments()
    {
        // A reader over a multi-segment sequence: a number value may span segments (HasValueSequence).
        var bytes = Encoding.UTF8.GetBytes("""{"version":2,"on":true}""");
        var split = Array.IndexOf(bytes, (byte)'2');
        var sequence = Segments(bytes[..split], bytes[split..(split + 1)], bytes[(split + 1)..]);
        var reader = new Utf8JsonReader(sequence);
        reader.Read();
        Assert.Equal(3, JsonSupport.SelectObjectCase(reader, Pets));
    }

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts.Skip(1)) last = last.Append(part);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    [Fact]
    public void JsonObjectCase_keeps_its_description()
    {
        var @case = new JsonObjectCase(["a"], ["a", "b", "a"], ["a", "1"]);
        Assert.Equal(["a"], @case.Required);
        Assert.Equal(new HashSet<string> { "a", "b" }, @case.Known);
        Assert.Equal(["a", "1"], @case.Constants);
    }

    // ------------------------------------------------------------------ error messages

    [Fact]
    public void Error_messages_name_the_type_and_property()
    {
        Assert.Equal("The JSON for Pet has no 'name' property, which the API description requires.", JsonSupport.MissingProperty("Pet", "name").Message);
        Assert.Equal("The JSON for Pet has null for 'name', which the API description does not allow.", JsonSupport.NullProperty("Pet", "name").Message);
        Assert.Equal("The JSON an array matches none of the cases of Shape.", JsonSupport.NoMatchingCase("Shape", JsonTokenType.StartArray).Message);
        Assert.Equal("The JSON a boolean matches none of the cases of Shape.", JsonSupport.NoMatchingCase("Shape", JsonTokenType.False).Message);
    }

    [Fact]
    public void A_creators_null_error_can_be_said_of_a_property_that_may_be_absent_instead()
    {
        // What JsonObjectBuilder throws on System.Text.Json 8, whose creator runs before the required-property check
        // (Net8ConsumerTests runs it there).
        Assert.Equal("The JSON for Pet has no 'name' property or null for it, which the API description does not allow.",
            JsonSupport.NullOrMissingProperty(JsonSupport.NullProperty("Pet", "name"))?.Message);
        Assert.Null(JsonSupport.NullOrMissingProperty(JsonSupport.MissingProperty("Pet", "name")));
        Assert.Null(JsonSupport.NullOrMissingProperty(new JsonException("The JSON for Pet has null for 'name', which the API description does not allow.")));
    }

    [Fact]
    public void This_System_Text_Json_checks_required_properties_before_it_creates_a_record()
    {
        // System.Text.Json 9 and later do; the probe must find that out rather than assume it (on 8 it finds the opposite).
        Assert.True(typeof(JsonSerializer).Assembly.GetName().Version!.Major >= 9);
        Assert.False(JsonMetadata.CreatesBeforeRequiredCheck);
    }
}
