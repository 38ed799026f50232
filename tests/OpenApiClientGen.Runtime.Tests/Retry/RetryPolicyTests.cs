namespace OpenApiClientGen.Runtime.Tests.Retry;

/// <summary>RetryPolicy: its defaults, the exponential wait and its jitter.</summary>
public sealed class RetryPolicyTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void Default_is_3_attempts_from_500_ms_doubling_to_8_s_with_20_percent_jitter()
    {
        var policy = RetryPolicy.Default;
        Assert.Equal(3, policy.MaxAttempts);
        Assert.Equal(Ms(500), policy.InitialDelay);
        Assert.Equal(2, policy.Multiplier);
        Assert.Equal(TimeSpan.FromSeconds(8), policy.MaxDelay);
        Assert.Equal(TimeSpan.Zero, policy.Jitter);
        Assert.Equal(0.2, policy.JitterRatio);
        Assert.True(policy.HonorRetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(60), policy.MaxRetryAfter);
        Assert.True(policy.RetryTransportErrors);
        Assert.True(policy.RetryTimeouts);
        Assert.False(policy.RetrySometimes);
        Assert.Equal(new RetryPolicy(), policy);
    }

    [Fact]
    public void None_makes_one_attempt_and_is_otherwise_the_default()
    {
        Assert.Equal(1, RetryPolicy.None.MaxAttempts);
        Assert.Equal(RetryPolicy.Default with { MaxAttempts = 1 }, RetryPolicy.None);
    }

    [Fact]
    public void With_derives_a_policy_and_leaves_the_original()
    {
        var derived = RetryPolicy.Default with { MaxAttempts = 5, RetrySometimes = true };

        Assert.Equal(5, derived.MaxAttempts);
        Assert.True(derived.RetrySometimes);
        Assert.Equal(RetryPolicy.Default.InitialDelay, derived.InitialDelay);
        Assert.Equal(3, RetryPolicy.Default.MaxAttempts);
        Assert.False(RetryPolicy.Default.RetrySometimes);
        Assert.NotEqual(RetryPolicy.Default, derived);
        Assert.Equal(derived, RetryPolicy.Default with { RetrySometimes = true, MaxAttempts = 5 });
    }

    [Theory]
    [InlineData(0, 500)]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(3, 2000)]
    [InlineData(4, 4000)]
    [InlineData(5, 8000)]
    [InlineData(6, 8000)]
    [InlineData(100, 8000)]
    [InlineData(100_000, 8000)]
    public void BaseDelay_doubles_up_to_the_cap(int retry, double expected) =>
        Assert.Equal(Ms(expected), RetryPolicy.Default.BaseDelay(retry));

    [Fact]
    public void BaseDelay_follows_the_multiplier_and_cap()
    {
        var policy = new RetryPolicy { InitialDelay = Ms(100), Multiplier = 3, MaxDelay = Ms(1000) };
        Assert.Equal([Ms(100), Ms(300), Ms(900), Ms(1000)], Enumerable.Range(1, 4).Select(policy.BaseDelay));

        var constant = new RetryPolicy { InitialDelay = Ms(250), Multiplier = 1 };
        Assert.Equal([Ms(250), Ms(250), Ms(250)], Enumerable.Range(1, 3).Select(constant.BaseDelay));
    }

    [Fact]
    public void BackoffDelay_without_jitter_is_the_base_delay()
    {
        var policy = RetryPolicy.Default with { JitterRatio = 0 };
        for (var retry = 1; retry <= 6; retry++)
            Assert.Equal(policy.BaseDelay(retry), policy.BackoffDelay(retry, new Random(retry)));
    }

    [Fact]
    public void BackoffDelay_stays_within_the_jitter_ratio_and_varies()
    {
        var policy = RetryPolicy.Default with { JitterRatio = 0.25 };
        for (var retry = 1; retry <= 6; retry++)
        {
            var baseDelay = policy.BaseDelay(retry).TotalMilliseconds;
            var delays = Enumerable.Range(0, 300).Select(seed => policy.BackoffDelay(retry, new Random(seed)).TotalMilliseconds).ToArray();
            Assert.All(delays, d => Assert.InRange(d, baseDelay * 0.75, baseDelay * 1.25));
            // Spread over the range, both sides of the base delay.
            Assert.True(delays.Min() < baseDelay * 0.8, $"min {delays.Min()} of {baseDelay}");
            Assert.True(delays.Max() > baseDelay * 1.2, $"max {delays.Max()} of {baseDelay}");
        }
    }

    [Fact]
    public void BackoffDelay_adds_up_to_the_additive_jitter()
    {
        var policy = RetryPolicy.Default with { JitterRatio = 0, Jitter = Ms(100) };
        var delays = Enumerable.Range(0, 300).Select(seed => policy.BackoffDelay(2, new Random(seed)).TotalMilliseconds).ToArray();
        Assert.All(delays, d => Assert.InRange(d, 1000, 1100));
        Assert.DoesNotContain(1100.0, delays);
        Assert.True(delays.Max() - delays.Min() > 80, $"spread {delays.Max() - delays.Min()}");
    }

    [Fact]
    public void BackoffDelay_combines_both_jitters()
    {
        var policy = RetryPolicy.Default with { JitterRatio = 0.5, Jitter = Ms(200) };
        var delays = Enumerable.Range(0, 300).Select(seed => policy.BackoffDelay(1, new Random(seed)).TotalMilliseconds).ToArray();
        Assert.All(delays, d => Assert.InRange(d, 250, 950));
    }

    [Fact]
    public void BackoffDelay_is_repeatable_with_the_same_seed()
    {
        var policy = RetryPolicy.Default with { Jitter = Ms(50) };
        Assert.Equal(policy.BackoffDelay(3, new Random(7)), policy.BackoffDelay(3, new Random(7)));
        Assert.NotEqual(policy.BackoffDelay(3, new Random(7)), policy.BackoffDelay(3, new Random(8)));
    }

    [Fact]
    public void BackoffDelay_without_a_random_uses_the_shared_one_within_the_same_bounds()
    {
        var policy = RetryPolicy.Default with { Jitter = Ms(10) };
        var delays = Enumerable.Range(0, 200).Select(_ => policy.BackoffDelay(1).TotalMilliseconds).ToArray();
        Assert.All(delays, d => Assert.InRange(d, 400, 610));
        Assert.True(delays.Distinct().Count() > 1);
    }

    [Fact]
    public void BackoffDelay_of_an_uncapped_policy_does_not_overflow()
    {
        var policy = new RetryPolicy { MaxDelay = TimeSpan.MaxValue, Jitter = TimeSpan.FromDays(1) };
        // The cap (TimeSpan.MaxValue, as near as a double of milliseconds gets).
        Assert.InRange(policy.BaseDelay(100), TimeSpan.MaxValue - TimeSpan.FromSeconds(1), TimeSpan.MaxValue);
        Assert.All(Enumerable.Range(0, 20), seed => Assert.InRange(policy.BackoffDelay(100, new Random(seed)), TimeSpan.FromDays(10_000), TimeSpan.MaxValue));
    }

    [Fact]
    public void BackoffDelay_is_never_negative()
    {
        var policy = RetryPolicy.Default with { JitterRatio = 1 };
        Assert.All(Enumerable.Range(0, 300), seed => Assert.True(policy.BackoffDelay(1, new Random(seed)) >= TimeSpan.Zero));
    }
}
