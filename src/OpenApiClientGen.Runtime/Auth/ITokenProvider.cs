using System.Threading;
using System.Threading.Tasks;

namespace OpenApiClientGen;

/// <summary>
/// An asynchronous source of a credential (a bearer or access token, or an API key), which a generated client asks for
/// on each request of an operation secured by the scheme it was configured for. A provider that caches tokens returns
/// the cached one while it is valid, and a fresh one when the context names it as <see cref="TokenContext.RejectedToken"/>.
/// It may be called from several requests at once.
/// </summary>
public interface ITokenProvider
{
    /// <summary>The credential to send with a request.</summary>
    /// <param name="context">The security scheme, scopes and operation of the request, and the token the server just refused, if any.</param>
    /// <param name="cancellationToken">Cancels the request the token is for.</param>
    /// <returns>The token, without any scheme prefix (the client adds <c>Bearer </c> where the scheme calls for it).</returns>
    Task<string> GetTokenAsync(TokenContext context, CancellationToken cancellationToken);
}
