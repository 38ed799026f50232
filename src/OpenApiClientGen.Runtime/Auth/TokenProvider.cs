using System;
using System.Threading;
using System.Threading.Tasks;

namespace OpenApiClientGen;

/// <summary>Token providers built from a delegate.</summary>
public static class TokenProvider
{
    /// <summary>A provider that asks <paramref name="callback"/> for each token, with the request's context.</summary>
    /// <param name="callback">Returns the token for a context; it caches, renews and drops rejected tokens itself, if it should.</param>
    public static ITokenProvider FromCallback(Func<TokenContext, CancellationToken, Task<string>> callback) =>
        new CallbackTokenProvider(callback ?? throw new ArgumentNullException(nameof(callback)));

    /// <summary>A provider that asks <paramref name="callback"/> for each token, whatever the scheme, scopes or operation.</summary>
    /// <param name="callback">Returns the token; it caches and renews it itself, if it should.</param>
    public static ITokenProvider FromCallback(Func<CancellationToken, Task<string>> callback)
    {
        if (callback is null) throw new ArgumentNullException(nameof(callback));
        return new CallbackTokenProvider((_, cancellationToken) => callback(cancellationToken));
    }

    private sealed class CallbackTokenProvider : ITokenProvider
    {
        private readonly Func<TokenContext, CancellationToken, Task<string>> _callback;

        public CallbackTokenProvider(Func<TokenContext, CancellationToken, Task<string>> callback) => _callback = callback;

        public async Task<string> GetTokenAsync(TokenContext context, CancellationToken cancellationToken)
        {
            if (context is null) throw new ArgumentNullException(nameof(context));
            var pending = _callback(context, cancellationToken)
                ?? throw new InvalidOperationException($"The token callback returned no task (for {context}).");
            return await pending.ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The token callback returned null (for {context}).");
        }

        public override string ToString() => "TokenProvider.FromCallback";
    }
}
