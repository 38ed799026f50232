using System;
using System.Collections.Generic;
using System.Text;

namespace OpenApiClientGen;

/// <summary>
/// What a request needs a token for: the security scheme, the scopes the operation requires of it, the operation, and,
/// when the server has just refused a token with 401, that token (so a caching provider drops it). Its
/// <see cref="ToString"/> never shows the token.
/// </summary>
public sealed class TokenContext
{
    /// <summary>Creates the context of a request.</summary>
    /// <param name="scheme">The security scheme's key in the API description (under <c>components/securitySchemes</c>).</param>
    /// <param name="scopes">The scopes the operation's security requirement lists for the scheme; empty when none.</param>
    /// <param name="operation">The operation's <c>operationId</c>, or <c>METHOD /path</c> when it has none.</param>
    /// <param name="rejectedToken">The token the server refused with 401 on the previous attempt; null on a normal request.</param>
    public TokenContext(string scheme, IReadOnlyList<string> scopes, string operation, string? rejectedToken)
    {
        Scheme = scheme ?? throw new ArgumentNullException(nameof(scheme));
        Scopes = scopes ?? throw new ArgumentNullException(nameof(scopes));
        Operation = operation ?? throw new ArgumentNullException(nameof(operation));
        RejectedToken = rejectedToken;
    }

    /// <summary>The security scheme's key in the API description.</summary>
    public string Scheme { get; }

    /// <summary>The scopes the operation's security requirement lists for the scheme; empty when none.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The operation's <c>operationId</c>, or <c>METHOD /path</c> when it has none.</summary>
    public string Operation { get; }

    /// <summary>
    /// The token the server just refused with 401, or null on a normal request. A caching provider must not return it
    /// again: it drops it and returns a fresh one (or a newer one it already holds).
    /// </summary>
    public string? RejectedToken { get; }

    /// <summary>The scheme, scopes and operation (never the token), e.g. <c>oauth [read write] for listPets</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Scheme).Append(" [");
        for (var i = 0; i < Scopes.Count; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(Scopes[i]);
        }
        text.Append("] for ").Append(Operation);
        if (RejectedToken is not null) text.Append(" (after a rejected token)");
        return text.ToString();
    }
}
