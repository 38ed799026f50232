using System;
using System.Collections.Generic;

namespace OpenApiClientGen.Runtime;

/// <summary>One security scheme of an operation's security requirement, with the scopes the operation asks of it.</summary>
public sealed class SchemeUse
{
    /// <summary>A scheme and its scopes (generated clients create these once per requirement).</summary>
    /// <param name="scheme">The scheme's key in <c>components/securitySchemes</c>.</param>
    /// <param name="scopes">The scopes (OAuth 2) or roles the requirement lists; none for most schemes.</param>
    public SchemeUse(string scheme, params string[] scopes)
    {
        Scheme = scheme ?? throw new ArgumentNullException(nameof(scheme));
        Scopes = scopes ?? Array.Empty<string>();
    }

    /// <summary>The scheme's key in <c>components/securitySchemes</c>.</summary>
    public string Scheme { get; }

    /// <summary>The scopes the requirement lists.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The scheme and its scopes.</summary>
    public override string ToString() => Scopes.Count == 0 ? Scheme : Scheme + " [" + string.Join(" ", Scopes) + "]";
}
