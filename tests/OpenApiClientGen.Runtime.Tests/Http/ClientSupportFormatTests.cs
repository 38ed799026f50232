using System.Globalization;

namespace OpenApiClientGen.Runtime.Tests.Http;

/// <summary>ClientSupport.Format: parameters as they are sent, whatever the current culture.</summary>
public sealed class ClientSupportFormatTests
{
    /// <summary>Runs <paramref name="action"/> under a culture whose decimal separator, minus sign and digits grouping differ from the invariant ones.</summary>
    private static void InOddCulture(Action action)
    {
        var odd = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        odd.NumberFormat.NumberDecimalSeparator = ",";
        odd.NumberFormat.NegativeSign = "~";
        odd.NumberFormat.NumberGroupSeparator = ".";
        odd.NumberFormat.PositiveInfinitySymbol = "inf";
        odd.DateTimeFormat.DateSeparator = ".";
        odd.DateTimeFormat.TimeSeparator = "h";
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = odd;
        try
        {
            // The culture took: a culture-sensitive format would differ.
            Assert.Equal("~1,5", (-1.5).ToString(CultureInfo.CurrentCulture));
            action();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Booleans_are_lowercase()
    {
        Assert.Equal("true", ClientSupport.Format(true));
        Assert.Equal("false", ClientSupport.Format(false));
    }

    [Fact]
    public void Integers_are_invariant() => InOddCulture(() =>
    {
        Assert.Equal("-2147483648", ClientSupport.Format(int.MinValue));
        Assert.Equal("9223372036854775807", ClientSupport.Format(long.MaxValue));
        Assert.Equal("-42", ClientSupport.Format(-42L));
    });

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e21, "1E+21")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void Doubles_are_invariant(double value, string expected) => InOddCulture(() => Assert.Equal(expected, ClientSupport.Format(value)));

    [Theory]
    [InlineData(1.0 / 3)]
    [InlineData(0.30000000000000004)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    [InlineData(-2.2250738585072014E-308)]
    public void Doubles_round_trip(double value) => InOddCulture(() =>
    {
        var text = ClientSupport.Format(value);
        Assert.Equal(value, double.Parse(text, CultureInfo.InvariantCulture));
    });

    [Fact]
    public void Floats_round_trip_as_floats() => InOddCulture(() =>
    {
        Assert.Equal("0.1", ClientSupport.Format(0.1f));
        var third = 1f / 3;
        Assert.Equal(third, float.Parse(ClientSupport.Format(third), CultureInfo.InvariantCulture));
        Assert.Equal("-3.5", ClientSupport.Format(-3.5f));
    });

    [Fact]
    public void Decimals_keep_their_scale() => InOddCulture(() =>
    {
        Assert.Equal("1.50", ClientSupport.Format(1.50m));
        Assert.Equal("-79228162514264337593543950335", ClientSupport.Format(decimal.MinValue));
    });

    [Fact]
    public void DateTimeOffsets_are_RFC_3339_with_their_offset_and_only_the_fraction_they_have() => InOddCulture(() =>
    {
        Assert.Equal("2024-01-02T03:04:05+00:00", ClientSupport.Format(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        Assert.Equal("2024-01-02T03:04:05+02:00", ClientSupport.Format(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2))));
        Assert.Equal("2024-12-31T23:59:59-05:30", ClientSupport.Format(new DateTimeOffset(2024, 12, 31, 23, 59, 59, TimeSpan.FromMinutes(-330))));
        Assert.Equal("2024-01-02T03:04:05.5+00:00", ClientSupport.Format(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 500, TimeSpan.Zero)));
        Assert.Equal("2024-01-02T03:04:05.1234567+00:00", ClientSupport.Format(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567)));
    });

    [Fact]
    public void A_DateTimeOffset_round_trips_through_its_text()
    {
        var value = new DateTimeOffset(2031, 7, 9, 18, 1, 2, TimeSpan.FromHours(9)).AddTicks(42);
        Assert.Equal(value, DateTimeOffset.Parse(ClientSupport.Format(value), CultureInfo.InvariantCulture));
        Assert.Equal(value.Offset, DateTimeOffset.Parse(ClientSupport.Format(value), CultureInfo.InvariantCulture).Offset);
    }

    [Fact]
    public void FormatDate_is_the_date_part_only() => InOddCulture(() =>
    {
        Assert.Equal("2024-02-29", ClientSupport.FormatDate(new DateTime(2024, 2, 29, 23, 59, 59)));
        Assert.Equal("0001-01-01", ClientSupport.FormatDate(DateTime.MinValue));
    });

#if !RUNTIME_NETSTANDARD2_0
    [Fact]
    public void DateOnly_is_yyyy_MM_dd() => InOddCulture(() => Assert.Equal("2024-02-29", ClientSupport.Format(new DateOnly(2024, 2, 29))));
#endif

    [Fact]
    public void Guids_are_lowercase_with_hyphens() =>
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", ClientSupport.Format(Guid.Parse("0F8FAD5B-D9CB-469F-A165-70867728950E")));

    [Fact]
    public void Bytes_are_standard_base64_with_padding()
    {
        Assert.Equal("AAEC+/8=", ClientSupport.Format(new byte[] { 0, 1, 2, 0xFB, 0xFF }));
        Assert.Equal("", ClientSupport.Format(Array.Empty<byte>()));
    }

    [Theory]
    [InlineData("""{"a":1}""", "{\"a\":1}")]
    [InlineData("\"x\"", "x")]
    [InlineData("null", "")]
    [InlineData("false", "false")]
    [InlineData("1.0e3", "1.0e3")]
    public void ScalarText_is_a_string_unquoted_and_anything_else_as_written(string json, string expected) =>
        Assert.Equal(expected, ClientSupport.ScalarText(TestJson.Parse(json)));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a b", "a%20b")]
    [InlineData("a#b", "a%23b")]
    [InlineData(":/?[]@!$&'()*+,;=", ":/?[]@!$&'()*+,;=")]
    [InlineData("100%", "100%25")]
    [InlineData("é", "%C3%A9")]
    public void EscapeAllowingReserved_keeps_RFC_3986_reserved_characters_but_the_hash(string value, string expected) =>
        Assert.Equal(expected, ClientSupport.EscapeAllowingReserved(value));
}
