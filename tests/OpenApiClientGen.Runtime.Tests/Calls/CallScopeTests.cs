using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace OpenApiClientGen.Runtime.Tests.Calls;

/// <summary>CallScope on its own: the timeout it sets, the per-call query and headers it applies, and the credentials it asks for.</summary>
public sealed class CallScopeTests
{
    private static readonly Redactor Client = new(["static-key"], ["api_key"]);

    private static CallScope Scope(RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        new("listPets", "listPets", options, Client, cancellationToken);

    // ------------------------------------------------------------------ timeout

    [Theory]
    [InlineData(0)]
    [InlineData(-2)] // -1 ms is Timeout.InfiniteTimeSpan
    [InlineData(-60_000)]
    public void A_timeout_that_is_not_positive_is_refused(int milliseconds)
    {
        var options = new RequestOptions { Timeout = TimeSpan.FromMilliseconds(milliseconds) };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Scope(options));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void An_infinite_timeout_sets_no_limit()
    {
        using var caller = new CancellationTokenSource();
        using var call = Scope(new RequestOptions { Timeout = Timeout.InfiniteTimeSpan }, caller.Token);
        Assert.Equal(caller.Token, call.Token);
        Assert.Equal(caller.Token, call.CallerToken);
    }

    [Fact]
    public void No_options_or_no_timeout_use_the_callers_token()
    {
        using var caller = new CancellationTokenSource();
        using var none = Scope(null, caller.Token);
        using var noTimeout = Scope(new RequestOptions(), caller.Token);
        Assert.Equal(caller.Token, none.Token);
        Assert.Equal(caller.Token, noTimeout.Token);
        Assert.False(none.TimedOut(new OperationCanceledException()));
    }

    [Fact]
    public async Task A_timeout_cancels_the_token_and_TimedOut_says_so()
    {
        using var call = Scope(new RequestOptions { Timeout = TimeSpan.FromMilliseconds(50) });
        Assert.NotEqual(CancellationToken.None, call.Token);
        Assert.False(call.TimedOut(new OperationCanceledException()), "Not timed out before the timeout.");

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, call.Token)).Within();

        Assert.True(call.Token.IsCancellationRequested);
        Assert.True(call.TimedOut(error));
        Assert.False(call.TimedOut(new InvalidOperationException()), "Only a cancellation is a timeout.");
        var timeout = call.TimeoutError(error);
        Assert.Equal("listPets did not finish within its RequestOptions.Timeout of 0.05 s.", timeout.Message);
        Assert.Same(error, timeout.InnerException);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_timeout()
    {
        using var caller = new CancellationTokenSource();
        using var call = Scope(new RequestOptions { Timeout = TimeSpan.FromHours(1) }, caller.Token);

        caller.Cancel();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, call.Token)).Within();

        Assert.True(call.Token.IsCancellationRequested, "The call's token follows the caller's.");
        Assert.False(call.TimedOut(error));
    }

    [Fact]
    public void The_constructor_refuses_nulls()
    {
        Assert.Throws<ArgumentNullException>(() => new CallScope(null!, null, null, Client, default));
        Assert.Throws<ArgumentNullException>(() => new CallScope("op", null, null, null!, default));
    }

    // ------------------------------------------------------------------ Apply

    [Fact]
    public void Apply_appends_query_parameters_escaped()
    {
        using var call = Scope(new RequestOptions().WithQuery("a b", "x&y=z").WithQuery("empty", "").WithQuery("ü", "1+1"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.test/pets");

        call.Apply(request);

        Assert.Equal("https://api.test/pets?a%20b=x%26y%3Dz&empty=&%C3%BC=1%2B1", request.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void Apply_appends_to_an_existing_query_with_an_ampersand()
    {
        using var call = Scope(new RequestOptions().WithQuery("trace", "1").WithQuery("trace", "2"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.test/pets?limit=10");

        call.Apply(request);

        Assert.Equal("https://api.test/pets?limit=10&trace=1&trace=2", request.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void Apply_keeps_an_escaped_path_as_it_was_built()
    {
        var url = new RequestUrl(new Uri("https://api.test"));
        url.AppendPath("/files/");
        url.AppendPathParameter("name", "..", ParameterStyle.Simple, false);
        using var request = new HttpRequestMessage(HttpMethod.Get, url.ToUri());
        using var call = Scope(new RequestOptions().WithQuery("v", "2"));

        call.Apply(request);

        Assert.Equal("https://api.test/files/%2E%2E?v=2", request.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void Apply_adds_headers_replacing_one_of_the_same_name()
    {
        using var call = Scope(new RequestOptions().WithHeader("x-trace", "per-call").WithHeader("X-Extra", "yes"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.test/pets");
        request.Headers.TryAddWithoutValidation("X-Trace", "client-default");

        call.Apply(request);

        Assert.Equal(["per-call"], request.Headers.GetValues("X-Trace"));
        Assert.Equal(["yes"], request.Headers.GetValues("X-Extra"));
    }

    [Fact]
    public void Apply_replaces_the_Authorization_header()
    {
        using var call = Scope(new RequestOptions().WithHeader("Authorization", "Bearer per-call"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.test/pets");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "from-authenticate");

        call.Apply(request);

        Assert.Equal(["Bearer per-call"], request.Headers.GetValues("Authorization"));
    }

    /// <summary>
    /// A content header (Content-Language) must go on the content. HttpRequestHeaders.Remove throws
    /// InvalidOperationException ("Misused header name") for a content header name, so Apply must not call it for one.
    /// </summary>
    [Fact]
    public void Apply_puts_a_content_header_on_the_content()
    {
        using var call = Scope(new RequestOptions().WithHeader("Content-Language", "fr"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.test/pets") { Content = new StringContent("{}") };
        request.Content.Headers.ContentLanguage.Add("en");

        call.Apply(request);

        Assert.Equal(["fr"], request.Content.Headers.GetValues("Content-Language"));
        Assert.False(request.Headers.TryGetValues("Content-Language", out _));
    }

    [Fact]
    public void Apply_without_options_changes_nothing()
    {
        using var call = Scope(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.test/pets?x=1");
        request.Headers.TryAddWithoutValidation("X-Trace", "kept");

        call.Apply(request);

        Assert.Equal("https://api.test/pets?x=1", request.RequestUri!.AbsoluteUri);
        Assert.Equal(["kept"], request.Headers.GetValues("X-Trace"));
    }

    // ------------------------------------------------------------------ credentials

    [Fact]
    public async Task Without_a_provider_the_configured_value_is_the_credential()
    {
        using var call = Scope();
        Assert.Equal("static-key", await call.CredentialAsync(new SchemeUse("apiKey"), "static-key", null));
        Assert.Equal("", await call.CredentialAsync(new SchemeUse("apiKey"), null, null));
        Assert.Null(call.ProvidedCredential);
        Assert.Same(Client, call.Redactor);
    }

    [Fact]
    public async Task A_provider_is_asked_with_the_scheme_scopes_and_operation_and_its_token_is_redacted()
    {
        var contexts = new ConcurrentQueue<TokenContext>();
        var provider = TokenProvider.FromCallback((context, _) =>
        {
            contexts.Enqueue(context);
            return Task.FromResult("tok-live-1");
        });
        using var call = Scope();

        var token = await call.CredentialAsync(new SchemeUse("oauth", "pets:read", "pets:write"), "ignored-static", provider);

        Assert.Equal("tok-live-1", token);
        var context = Assert.Single(contexts);
        Assert.Equal(("oauth", "listPets", (string?)null), (context.Scheme, context.Operation, context.RejectedToken));
        Assert.Equal(["pets:read", "pets:write"], context.Scopes);
        Assert.Equal("tok-live-1", call.ProvidedCredential);
        Assert.Null(call.RejectedCredential);
        Assert.Equal("*** and ***", call.Redactor.Text("tok-live-1 and static-key"));
        Assert.Equal("tok-live-1", Client.Text("tok-live-1"));
    }

    [Fact]
    public async Task The_provided_token_is_redacted_from_the_calls_response()
    {
        var provider = TokenProvider.FromCallback(_ => Task.FromResult("tok-live-2"));
        using var call = Scope();
        await call.CredentialAsync(new SchemeUse("bearer"), null, provider);
        using var message = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://api.test/pets?access_token=tok-live-2") };
        message.Headers.TryAddWithoutValidation("X-Echo", "tok-live-2");

        var response = call.Response(message);

        Assert.Equal("https://api.test/pets?access_token=***", response.RequestUri!.AbsoluteUri);
        Assert.Equal("***", response.Header("x-echo"));
    }

    [Fact]
    public async Task A_provider_that_gives_no_token_fails_the_call()
    {
        var provider = TokenProvider.FromCallback(_ => Task.FromResult(""));
        using var call = Scope();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => call.CredentialAsync(new SchemeUse("oauth"), "static", provider));
        Assert.Contains("'oauth'", error.Message);
        Assert.Contains("listPets", error.Message);
        Assert.Null(call.ProvidedCredential);
    }

    [Fact]
    public async Task The_provider_gets_the_calls_token()
    {
        var seen = new ConcurrentQueue<CancellationToken>();
        var provider = TokenProvider.FromCallback(cancellationToken =>
        {
            seen.Enqueue(cancellationToken);
            return Task.FromResult("t");
        });
        using var call = Scope(new RequestOptions { Timeout = TimeSpan.FromHours(1) });

        await call.CredentialAsync(new SchemeUse("oauth"), null, provider);

        Assert.Equal(call.Token, Assert.Single(seen));
        Assert.True(call.Token.CanBeCanceled);
    }
}
