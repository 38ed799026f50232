namespace OpenApiClientGen.Runtime.Tests.Auth;

/// <summary>TokenContext and TokenProvider.FromCallback.</summary>
public sealed class TokenProviderTests
{
    [Fact]
    public void A_context_holds_what_it_was_given()
    {
        var context = new TokenContext("petstore_auth", ["read:pets", "write:pets"], "addPet", "old-token");

        Assert.Equal("petstore_auth", context.Scheme);
        Assert.Equal(["read:pets", "write:pets"], context.Scopes);
        Assert.Equal("addPet", context.Operation);
        Assert.Equal("old-token", context.RejectedToken);
    }

    [Fact]
    public void A_context_shows_the_scheme_scopes_and_operation_but_never_the_token()
    {
        var rejected = new TokenContext("petstore_auth", ["read:pets", "write:pets"], "POST /pets", "sk-live-4242");
        var normal = new TokenContext("api_key", [], "listPets", null);

        Assert.Equal("petstore_auth [read:pets write:pets] for POST /pets (after a rejected token)", rejected.ToString());
        Assert.DoesNotContain("sk-live-4242", rejected.ToString());
        Assert.Equal("api_key [] for listPets", normal.ToString());
    }

    [Fact]
    public void A_context_needs_a_scheme_scopes_and_operation()
    {
        Assert.Throws<ArgumentNullException>(() => new TokenContext(null!, [], "op", null));
        Assert.Throws<ArgumentNullException>(() => new TokenContext("s", null!, "op", null));
        Assert.Throws<ArgumentNullException>(() => new TokenContext("s", [], null!, null));
    }

    [Fact]
    public async Task A_callback_gets_the_context_and_the_cancellation_token()
    {
        TokenContext? seen = null;
        CancellationToken seenToken = default;
        var provider = TokenProvider.FromCallback((context, cancellationToken) =>
        {
            seen = context;
            seenToken = cancellationToken;
            return Task.FromResult("tok-" + context.Scheme);
        });
        var context = new TokenContext("bearer", ["x"], "op", null);
        using var cancel = new CancellationTokenSource();

        Assert.Equal("tok-bearer", await provider.GetTokenAsync(context, cancel.Token));
        Assert.Same(context, seen);
        Assert.Equal(cancel.Token, seenToken);
    }

    [Fact]
    public async Task A_callback_without_a_context_is_asked_on_every_call()
    {
        var calls = 0;
        CancellationToken seenToken = default;
        var provider = TokenProvider.FromCallback(cancellationToken =>
        {
            seenToken = cancellationToken;
            return Task.FromResult("tok-" + Interlocked.Increment(ref calls));
        });
        using var cancel = new CancellationTokenSource();

        Assert.Equal("tok-1", await provider.GetTokenAsync(new TokenContext("a", [], "op", null), cancel.Token));
        Assert.Equal("tok-2", await provider.GetTokenAsync(new TokenContext("b", ["s"], "op2", "tok-1"), default));
        Assert.Equal(2, calls);
        Assert.Equal(default, seenToken);
    }

    [Fact]
    public async Task A_callback_s_exception_and_cancellation_reach_the_caller()
    {
        var failing = TokenProvider.FromCallback(_ => Task.FromException<string>(new InvalidTimeZoneException("vault down")));
        var cancelling = TokenProvider.FromCallback((_, cancellationToken) => Task.FromCanceled<string>(cancellationToken));
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.Equal("vault down", (await Assert.ThrowsAsync<InvalidTimeZoneException>(() => failing.GetTokenAsync(new("s", [], "op", null), default))).Message);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelling.GetTokenAsync(new("s", [], "op", null), cancel.Token));
    }

    [Fact]
    public async Task A_callback_that_returns_null_is_an_error_naming_the_context()
    {
        var nullToken = TokenProvider.FromCallback(_ => Task.FromResult<string>(null!));
        var nullTask = TokenProvider.FromCallback((_, _) => null!);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => nullToken.GetTokenAsync(new("oauth", ["read"], "listPets", null), default));
        Assert.Contains("oauth [read] for listPets", error.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => nullTask.GetTokenAsync(new("oauth", [], "listPets", null), default));
        await Assert.ThrowsAsync<ArgumentNullException>(() => nullToken.GetTokenAsync(null!, default));
    }

    [Fact]
    public void The_callbacks_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => TokenProvider.FromCallback((Func<TokenContext, CancellationToken, Task<string>>)null!));
        Assert.Throws<ArgumentNullException>(() => TokenProvider.FromCallback((Func<CancellationToken, Task<string>>)null!));
    }
}
