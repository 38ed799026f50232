namespace OpenApiClientGen.Runtime.Tests.Auth;

/// <summary>
/// ClientCredentialsTokenProvider under concurrent callers, over a token endpoint that holds its answers until the test
/// lets them go: callers of one set of scopes share one request, sets of scopes do not wait for each other, and a
/// cancelled caller neither blocks the others nor poisons the cache.
/// </summary>
public sealed class ClientCredentialsConcurrencyTests : IDisposable
{
    private readonly GatedTokenEndpoint _endpoint = new();
    private readonly HttpClient _http;
    private readonly ClientCredentialsTokenProvider _provider;

    public ClientCredentialsConcurrencyTests()
    {
        _http = new HttpClient(_endpoint);
        _provider = new ClientCredentialsTokenProvider(_http, new Uri("https://auth.test/token"), "client", "secret");
    }

    public void Dispose()
    {
        _provider.Dispose();
        _http.Dispose();
    }

    private static TokenContext Context(string? rejected = null, params string[] scopes) => new("oauth", scopes, "op", rejected);

    [Fact]
    public async Task Twenty_callers_waiting_at_once_share_one_request()
    {
        // Each call runs until it waits: the first on the endpoint, the others on the first.
        var calls = Enumerable.Range(0, 20).Select(_ => _provider.GetTokenAsync(Context(null, "read"), default)).ToArray();
        await _endpoint.ArrivalAsync();
        Assert.Equal(1, _endpoint.Count);
        Assert.All(calls, call => Assert.False(call.IsCompleted));

        _endpoint.Open();
        var tokens = await Task.WhenAll(calls).Within();

        Assert.All(tokens, token => Assert.Equal("token-1", token));
        Assert.Equal(1, _endpoint.Count);
    }

    [Fact]
    public async Task Twenty_callers_on_the_thread_pool_share_one_request()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            // Scopes in different orders are the same set.
            return await _provider.GetTokenAsync(Context(null, i % 2 == 0 ? ["a", "b"] : ["b", "a"]), default);
        })).ToArray();
        start.SetResult();
        await _endpoint.ArrivalAsync();
        _endpoint.Open();

        var tokens = await Task.WhenAll(calls).Within();

        Assert.All(tokens, token => Assert.Equal("token-1", token));
        Assert.Equal(1, _endpoint.Count);
    }

    [Fact]
    public async Task Callers_refused_the_same_token_at_once_share_one_renewal()
    {
        _endpoint.Open();
        Assert.Equal("token-1", await _provider.GetTokenAsync(Context(), default).Within());

        _endpoint.Close();
        var calls = Enumerable.Range(0, 10).Select(_ => _provider.GetTokenAsync(Context("token-1"), default)).ToArray();
        await _endpoint.ArrivalAsync(); // the first token's request
        await _endpoint.ArrivalAsync(); // the renewal, held
        Assert.Equal(2, _endpoint.Count);
        _endpoint.Open();

        var tokens = await Task.WhenAll(calls).Within();
        Assert.All(tokens, token => Assert.Equal("token-2", token));
        Assert.Equal(2, _endpoint.Count);
    }

    [Fact]
    public async Task Sets_of_scopes_fetch_their_tokens_side_by_side()
    {
        var read = _provider.GetTokenAsync(Context(null, "read"), default);
        var write = _provider.GetTokenAsync(Context(null, "write"), default);

        // Both requests are out before either is answered.
        await _endpoint.ArrivalAsync();
        await _endpoint.ArrivalAsync();
        Assert.Equal(2, _endpoint.Count);
        _endpoint.Open();

        Assert.Equal("token-1", await read.Within());
        Assert.Equal("token-2", await write.Within());
        Assert.Equal(new[] { "scope=read", "scope=write" }, _endpoint.Bodies.Select(body => body.Split('&').Single(p => p.StartsWith("scope="))));
    }

    [Fact]
    public async Task A_caller_cancelled_while_waiting_for_another_s_request_leaves_at_once()
    {
        var first = _provider.GetTokenAsync(Context(), default);
        await _endpoint.ArrivalAsync();
        using var cancel = new CancellationTokenSource();
        var second = _provider.GetTokenAsync(Context(), cancel.Token);
        Assert.False(second.IsCompleted);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.Within());
        Assert.False(first.IsCompleted);
        _endpoint.Open();
        Assert.Equal("token-1", await first.Within());
        Assert.Equal("token-1", await _provider.GetTokenAsync(Context(), default).Within());
        Assert.Equal(1, _endpoint.Count);
    }

    [Fact]
    public async Task A_cancelled_request_lets_the_next_caller_ask_and_caches_nothing()
    {
        using var cancel = new CancellationTokenSource();
        var first = _provider.GetTokenAsync(Context(), cancel.Token);
        await _endpoint.ArrivalAsync();
        var second = _provider.GetTokenAsync(Context(), default);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Within());
        // The waiting caller goes on with a request of its own.
        await _endpoint.ArrivalAsync();
        Assert.Equal(2, _endpoint.Count);
        _endpoint.Open();
        Assert.Equal("token-2", await second.Within());
        Assert.Equal("token-2", await _provider.GetTokenAsync(Context(), default).Within());
        Assert.Equal(2, _endpoint.Count);
    }
}
