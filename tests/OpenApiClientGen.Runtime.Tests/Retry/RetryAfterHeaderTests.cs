using System.Globalization;

namespace OpenApiClientGen.Runtime.Tests.Retry;

/// <summary>RetryAfterHeader.Read: the wait a server asks for, as seconds, milliseconds or an HTTP-date.</summary>
public sealed class RetryAfterHeaderTests
{
    private readonly TestClock _clock = new();

    private TimeSpan? Read(params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)429);
        foreach (var (name, value) in headers) Assert.True(response.Headers.TryAddWithoutValidation(name, value));
        return RetryAfterHeader.Read(response, _clock);
    }

    private static string HttpDate(DateTimeOffset date) => date.ToString("R", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("5", 5)]
    [InlineData("120", 120)]
    [InlineData("1.5", 1.5)]
    [InlineData("0.25", 0.25)]
    [InlineData("3000000000", 3_000_000_000)]
    public void Seconds(string value, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Read(("Retry-After", value)));

    [Fact]
    public void An_HTTP_date_in_the_future_is_the_time_until_it()
    {
        Assert.Equal("Wed, 01 Jan 2025 00:00:30 GMT", HttpDate(TestClock.Start.AddSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(30), Read(("Retry-After", "Wed, 01 Jan 2025 00:00:30 GMT")));

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(20), Read(("Retry-After", "Wed, 01 Jan 2025 00:00:30 GMT")));
    }

    [Fact]
    public void An_HTTP_date_in_the_past_asks_for_no_wait()
    {
        Assert.Equal(TimeSpan.Zero, Read(("Retry-After", HttpDate(TestClock.Start.AddSeconds(-30)))));
        Assert.Equal(TimeSpan.Zero, Read(("Retry-After", HttpDate(TestClock.Start))));
    }

    [Theory]
    [InlineData("250", 250)]
    [InlineData("0", 0)]
    [InlineData("12.5", 12.5)]
    public void Retry_after_ms(string value, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Read(("retry-after-ms", value)));

    [Fact]
    public void Retry_after_ms_comes_before_Retry_After()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(250), Read(("Retry-After", "5"), ("retry-after-ms", "250")));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Read(("retry-after-ms", "250"), ("Retry-After", HttpDate(TestClock.Start.AddHours(1)))));
    }

    [Fact]
    public void An_unreadable_retry_after_ms_falls_back_to_Retry_After()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), Read(("retry-after-ms", "soon"), ("Retry-After", "2")));
        Assert.Equal(TimeSpan.FromSeconds(2), Read(("retry-after-ms", "-5"), ("Retry-After", "2")));
    }

    [Theory]
    [InlineData("Retry-After", "99999999999999999999")]
    [InlineData("Retry-After", "1e300")]
    [InlineData("Retry-After", "922337203685.4775807")]
    [InlineData("retry-after-ms", "99999999999999999999999")]
    [InlineData("retry-after-ms", "1.7976931348623157E+308")]
    public void A_number_too_large_to_hold_is_the_longest_wait(string name, string value) =>
        Assert.Equal(TimeSpan.MaxValue, Read((name, value)));

    [Theory]
    [InlineData("-1")]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData("Infinity")]
    [InlineData("NaN")]
    public void An_unreadable_Retry_After_is_no_wait_asked(string value) => Assert.Null(Read(("Retry-After", value)));

    [Fact]
    public void No_header_is_no_wait_asked() => Assert.Null(Read());
}
