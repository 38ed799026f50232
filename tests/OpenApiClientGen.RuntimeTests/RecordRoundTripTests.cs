using System.Text.Json;
using Features;
using Xunit;

namespace OpenApiClientGen.RuntimeTests;

/// <summary>Generated records read and write real payload shapes through the generated, reflection-free metadata.</summary>
public sealed class RecordRoundTripTests
{
    [Fact]
    public void Null_where_nullable_and_missing_optional_come_back_null()
    {
        // The shape of Firecrawl's GET /batch/scrape/{id}/errors response (seed 000/001).
        const string json = """
            {"errors":[{"id":"a1","timestamp":null,"url":"https://example.com/x","error":"Timeout"},
                       {"url":"https://example.com/y","error":"Blocked"}],
             "robotsBlocked":["https://example.com/private"]}
            """;
        var result = FeaturesJsonContext.Deserialize<CrawlErrorsResponseObj>(json)!;

        Assert.Equal(2, result.Errors!.Count);
        Assert.Equal("a1", result.Errors[0].Id);
        Assert.Null(result.Errors[0].Timestamp);
        Assert.Null(result.Errors[1].Id);
        Assert.Null(result.Errors[1].Timestamp);
        Assert.Equal("Blocked", result.Errors[1].Error);
        Assert.Equal(["https://example.com/private"], result.RobotsBlocked!);

        var again = FeaturesJsonContext.Deserialize<CrawlErrorsResponseObj>(FeaturesJsonContext.Serialize(result))!;
        Assert.Equal(result.Errors[0], again.Errors![0]);
        Assert.Equal(result.Errors[1], again.Errors[1]);
    }

    [Fact]
    public void Unknown_enum_value_is_kept_and_written_back()
    {
        var status = FeaturesJsonContext.Deserialize<Status>("\"paused\"");
        Assert.False(status.IsKnown);
        Assert.Equal("paused", status.Value);
        Assert.Equal("\"paused\"", FeaturesJsonContext.Serialize(status));

        var known = FeaturesJsonContext.Deserialize<Status>("\"IN_PROGRESS\"");
        Assert.True(known.IsKnown);
        Assert.Equal(Status.InProgress, known);
        Assert.Equal("\"IN_PROGRESS\"", FeaturesJsonContext.Serialize(Status.InProgress));
    }

    [Fact]
    public void Integer_enum_tolerates_unlisted_values()
    {
        Assert.Equal(Priority.Value2, FeaturesJsonContext.Deserialize<Priority>("2"));
        var unlisted = FeaturesJsonContext.Deserialize<Priority>("7");
        Assert.False(unlisted.IsKnown);
        Assert.Equal("7", FeaturesJsonContext.Serialize(unlisted));
    }

    [Fact]
    public void Missing_required_property_is_a_clear_error()
    {
        var error = Assert.Throws<JsonException>(() => FeaturesJsonContext.Deserialize<Nullability>(
            """{"requiredNullable":null,"requiredNullable31":null,"requiredViaAnyOf":null}"""));
        Assert.Contains("requiredNonNull", error.Message);
        Assert.Contains("Nullability", error.Message);
    }

    [Fact]
    public void Null_for_a_non_nullable_required_property_is_a_clear_error()
    {
        var error = Assert.Throws<JsonException>(() => FeaturesJsonContext.Deserialize<Nullability>(
            """{"requiredNonNull":null,"requiredNullable":null,"requiredNullable31":null,"requiredViaAnyOf":null}"""));
        Assert.Contains("requiredNonNull", error.Message);
    }

    [Fact]
    public void Required_nullable_properties_accept_null_and_are_written_as_null()
    {
        var value = FeaturesJsonContext.Deserialize<Nullability>(
            """{"requiredNonNull":"x","requiredNullable":null,"requiredNullable31":"y","requiredViaAnyOf":"failed"}""")!;
        Assert.Equal("x", value.RequiredNonNull);
        Assert.Null(value.RequiredNullable);
        Assert.Equal("y", value.RequiredNullable31);
        Assert.Equal(Status.Failed, value.RequiredViaAnyOf);
        Assert.Null(value.Optional);

        using var written = JsonDocument.Parse(FeaturesJsonContext.Serialize(value));
        Assert.Equal(JsonValueKind.Null, written.RootElement.GetProperty("requiredNullable").ValueKind);
        Assert.False(written.RootElement.TryGetProperty("optional", out _));
    }

    [Fact]
    public void Formats_map_to_their_CSharp_types()
    {
        const string json = """
            {"count":3,"total":9007199254740993,"big":-5,"ratio":0.5,"score":1.25,"price":19.99,"enabled":true,
             "createdAt":"2024-05-01T10:20:30+02:00","birthday":"1990-12-31","id":"6f1c1f3e-5a7c-4bde-9a5c-0c0c6f0c9d11",
             "homepage":"https://example.com/a?b=c","avatar":"AQID","tags":["a","b"],"labels":{"k":"v"},
             "matrix":[[1,2],[3]],"anything":{"deep":[1,{"x":null}]},"freeform":{"a":1}}
            """;
        var f = FeaturesJsonContext.Deserialize<Formats>(json)!;

        Assert.Equal(3, f.Count);
        Assert.Equal(9007199254740993L, f.Total);
        Assert.Equal(0.5f, f.Ratio);
        Assert.Equal(19.99m, f.Price);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.FromHours(2)), f.CreatedAt);
        Assert.Equal(new DateOnly(1990, 12, 31), f.Birthday);
        Assert.Equal(Guid.Parse("6f1c1f3e-5a7c-4bde-9a5c-0c0c6f0c9d11"), f.Id);
        Assert.Equal("https://example.com/a?b=c", f.Homepage);

        // format: uri is the text as sent: a host System.Uri rejects (valid by RFC 3986) does not fail the read.
        Assert.Equal("http://a+b.example/x y", FeaturesJsonContext.Deserialize<Formats>(json.Replace("https://example.com/a?b=c", "http://a+b.example/x y"))!.Homepage);
        Assert.Equal(new byte[] { 1, 2, 3 }, f.Avatar);
        Assert.Equal("v", f.Labels!["k"]);
        Assert.Equal(3, f.Matrix![1][0]);
        Assert.Equal(JsonValueKind.Object, f.Anything!.Value.ValueKind);
        Assert.Equal(10, f.Limit); // default from the spec
        Assert.Equal("fast", f.Mode);

        using var original = JsonDocument.Parse(json);
        using var written = JsonDocument.Parse(FeaturesJsonContext.Serialize(f));
        foreach (var property in original.RootElement.EnumerateObject())
        {
            Assert.True(written.RootElement.TryGetProperty(property.Name, out var back), property.Name);
            if (property.Name is "createdAt" or "ratio") continue; // same instant and value, another spelling
            Assert.Equal(property.Value.GetRawText().Replace(" ", ""), back.GetRawText());
        }
    }

    [Fact]
    public void Discriminated_oneOf_reads_into_the_hierarchy_and_writes_the_discriminator()
    {
        var pet = FeaturesJsonContext.Deserialize<Pet>("""{"name":"Tom","petType":"cat","livesLeft":9}""");
        var cat = Assert.IsType<Cat>(pet);
        Assert.Equal("Tom", cat.Name);
        Assert.Equal(9, cat.LivesLeft);
        Assert.Equal("cat", cat.PetType);

        var dog = new Dog { Name = "Rex", GoodBoy = true };
        using var written = JsonDocument.Parse(FeaturesJsonContext.Serialize<Pet>(dog));
        Assert.Equal("dog", written.RootElement.GetProperty("petType").GetString());
        Assert.IsType<Dog>(FeaturesJsonContext.Deserialize<Pet>(written.RootElement.GetRawText()));

    }

    [Fact]
    public void An_unknown_discriminator_value_is_kept_as_it_came_and_written_back_the_same()
    {
        const string json = """{"petType":"fish","name":"Nemo","fins":2,"tags":["orange",{"x":null}]}""";

        var pet = FeaturesJsonContext.Deserialize<Pet>(json);

        var unknown = Assert.IsType<UnknownPet>(pet);
        Assert.Equal("fish", unknown.Discriminator);
        Assert.Equal(2, unknown.Json.GetProperty("fins").GetInt32());
        Assert.Equal(json, FeaturesJsonContext.Serialize<Pet>(unknown));

        // Without the discriminator at all: unknown too, with no value.
        var bare = Assert.IsType<UnknownPet>(FeaturesJsonContext.Deserialize<Pet>("""{"name":"Nobody"}"""));
        Assert.Null(bare.Discriminator);
    }

    [Fact]
    public void Union_without_discriminator_tells_its_cases_apart_and_round_trips()
    {
        var circle = FeaturesJsonContext.Deserialize<Shape>("""{"radius":2.5}""")!;
        Assert.NotNull(circle.Circle);
        Assert.Null(circle.Rectangle);
        Assert.Equal(2.5, circle.Circle!.Radius);

        var rectangle = FeaturesJsonContext.Deserialize<Shape>("""{"height":2,"width":3}""")!;
        Assert.Equal(3, rectangle.Rectangle!.Width);
        Assert.Equal("""{"width":3,"height":2}""", FeaturesJsonContext.Serialize(rectangle));

        Assert.Equal("abc", FeaturesJsonContext.Deserialize<StringOrNumber>("\"abc\"")!.String);
        Assert.Equal(42, FeaturesJsonContext.Deserialize<StringOrNumber>("42")!.Integer);
        Assert.Equal("42", FeaturesJsonContext.Serialize<StringOrNumber>(42L));
        Assert.Equal("small", FeaturesJsonContext.Deserialize<StringOrNumber>("\"small\"")!.Match(s => s, n => n.ToString()));
    }

    [Fact]
    public void AllOf_composes_and_recursive_schemas_nest()
    {
        var document = FeaturesJsonContext.Deserialize<Document>("""{"createdBy":"ann","title":"T","status":"completed"}""")!;
        Assert.Equal("ann", document.CreatedBy);
        Assert.Equal(Status.Completed, document.Status);

        var tree = FeaturesJsonContext.Deserialize<TreeNode>("""{"value":"root","children":[{"value":"a","children":[{"value":"b"}]}]}""")!;
        Assert.Equal("b", tree.Children![0].Children![0].Value);

        var ping = FeaturesJsonContext.Deserialize<Ping>("""{"ping":{"ping":{"ping":{}}}}""")!;
        Assert.NotNull(ping.Ping2.Ping);
    }

    [Fact]
    public void Const_read_only_and_odd_names()
    {
        var message = new Message { Content = "hi" };
        Assert.Equal("message", message.Type);
        var read = FeaturesJsonContext.Deserialize<Message>("""{"type":"message","content":"hi","id":"m1"}""")!;
        Assert.Equal("m1", read.Id); // read-only: present in responses, optional when building requests

        var odd = FeaturesJsonContext.Deserialize<OddNames>("""{"<any other metadata> ":"x","DateCreated<":"d","class":"c","2fa":true,"ToString":"t"}""")!;
        Assert.Equal("x", odd.AnyOtherMetadata);
        Assert.Equal("d", odd.DateCreated);
        Assert.Equal("c", odd.Class);
        Assert.True(odd._2fa);
        Assert.Equal("t", odd.ToString2);
        Assert.Contains("\"<any other metadata> \"", FeaturesJsonContext.Serialize(odd).Replace("\\u003C", "<").Replace("\\u003E", ">"));
    }
}
