using System;
using System.Collections.Generic;

namespace OpenApiClientGen;

/// <summary>How a <see cref="ClientCredentialsTokenProvider"/> authenticates to the token endpoint (RFC 6749 §2.3.1).</summary>
public enum ClientAuthentication
{
    /// <summary>
    /// <c>client_secret_basic</c>: an <c>Authorization: Basic</c> header of the client id and secret, each
    /// form-urlencoded first (as RFC 6749 §2.3.1 asks). What every authorization server must support.
    /// </summary>
    BasicHeader,

    /// <summary><c>client_secret_post</c>: <c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    RequestBody,
}

/// <summary>The settings of a <see cref="ClientCredentialsTokenProvider"/>, read once when it is created.</summary>
public sealed class ClientCredentialsOptions
{
    /// <summary>The clock token lifetimes are measured on; null is <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// How long before it expires a token is renewed (default 30 s), so that it does not expire on its way to the
    /// server. For a token that lives less than twice as long, renewal happens halfway through its life instead.
    /// </summary>
    public TimeSpan ExpirySkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How the client authenticates to the token endpoint (default <see cref="ClientAuthentication.BasicHeader"/>).</summary>
    public ClientAuthentication Authentication { get; set; } = ClientAuthentication.BasicHeader;

    /// <summary>The scopes asked for when the request's <see cref="TokenContext.Scopes"/> is empty.</summary>
    public IList<string> DefaultScopes { get; } = new List<string>();

    /// <summary>
    /// More form parameters of the token request, e.g. <c>audience</c> or <c>resource</c>. They may not be
    /// <c>grant_type</c>, <c>scope</c>, <c>client_id</c> or <c>client_secret</c>, which the provider sets.
    /// </summary>
    public IDictionary<string, string> AdditionalParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
