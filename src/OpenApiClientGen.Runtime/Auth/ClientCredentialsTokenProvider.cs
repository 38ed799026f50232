using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenApiClientGen.Runtime;

namespace OpenApiClientGen;

/// <summary>
/// Access tokens from the OAuth 2.0 client-credentials grant (RFC 6749 §4.4): a form POST of
/// <c>grant_type=client_credentials</c> (and <c>scope</c>) to the token endpoint, authenticated with the client id and
/// secret. Each set of scopes (in any order) has its own token, kept until shortly before it expires (see
/// <see cref="ClientCredentialsOptions.ExpirySkew"/>) or until the server rejects it; concurrent requests for a set of
/// scopes share one token request. A failed token request is an <see cref="ApiException"/> whose message, body and
/// headers never hold the client secret or an access token. The <see cref="HttpClient"/> given is not disposed.
/// </summary>
public sealed class ClientCredentialsTokenProvider : ITokenProvider, IDisposable
{
    /// <summary>The <see cref="ApiException.OperationId"/> of a failed token request.</summary>
    public const string TokenOperationId = "oauth2 token";

    private const int MessageBodyLength = 512;

    /// <summary>A token lifetime past which a token is kept until rejected (and TimeSpan arithmetic stays in range).</summary>
    private const double LongestLifetimeSeconds = 1e10;

    private static readonly string[] ReservedParameters = { "grant_type", "scope", "client_id", "client_secret" };

    private readonly HttpClient _httpClient;
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly TimeProvider _time;
    private readonly TimeSpan _skew;
    private readonly ClientAuthentication _authentication;
    private readonly string[] _defaultScopes;
    private readonly KeyValuePair<string, string>[] _parameters;
    private readonly string _basicCredentials;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>Creates the provider of a confidential client.</summary>
    /// <param name="httpClient">Sends the token requests; not disposed by the provider.</param>
    /// <param name="tokenUrl">The absolute URL of the token endpoint (the security scheme's <c>tokenUrl</c>).</param>
    /// <param name="clientId">The client identifier.</param>
    /// <param name="clientSecret">The client secret.</param>
    /// <param name="options">The clock, expiry skew, client authentication, default scopes and extra parameters; null for the defaults.</param>
    public ClientCredentialsTokenProvider(HttpClient httpClient, Uri tokenUrl, string clientId, string clientSecret, ClientCredentialsOptions? options = null)
    {
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        TokenUrl = tokenUrl ?? throw new ArgumentNullException(nameof(tokenUrl));
        if (!tokenUrl.IsAbsoluteUri) throw new ArgumentException($"The token URL '{tokenUrl}' is not absolute.", nameof(tokenUrl));
        _clientId = clientId ?? throw new ArgumentNullException(nameof(clientId));
        if (clientId.Length == 0) throw new ArgumentException("The client id is empty.", nameof(clientId));
        _clientSecret = clientSecret ?? throw new ArgumentNullException(nameof(clientSecret));

        options ??= new ClientCredentialsOptions();
        if (options.ExpirySkew < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.ExpirySkew, "ExpirySkew may not be negative.");
        if (options.Authentication is not (ClientAuthentication.BasicHeader or ClientAuthentication.RequestBody))
            throw new ArgumentOutOfRangeException(nameof(options), options.Authentication, "Authentication is not a ClientAuthentication.");
        _time = options.TimeProvider ?? TimeProvider.System;
        _skew = options.ExpirySkew;
        _authentication = options.Authentication;
        _defaultScopes = new List<string>(options.DefaultScopes).ToArray();
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var parameter in options.AdditionalParameters)
        {
            if (Array.IndexOf(ReservedParameters, parameter.Key) >= 0)
                throw new ArgumentException($"The token request parameter '{parameter.Key}' is set by the provider, not by AdditionalParameters.", nameof(options));
            parameters.Add(new KeyValuePair<string, string>(parameter.Key, parameter.Value ?? ""));
        }
        _parameters = parameters.ToArray();
        _basicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(FormEncode(clientId) + ":" + FormEncode(clientSecret)));
    }

    /// <summary>The token endpoint.</summary>
    public Uri TokenUrl { get; }

    /// <summary>The client identifier.</summary>
    public string ClientId => _clientId;

    /// <summary>
    /// The access token for the context's scopes (<see cref="ClientCredentialsOptions.DefaultScopes"/> when it has none):
    /// the cached one while it is valid and not the <see cref="TokenContext.RejectedToken"/>, else a new one from the
    /// token endpoint.
    /// </summary>
    /// <param name="context">The request's scheme, scopes and operation, and the token the server refused, if any.</param>
    /// <param name="cancellationToken">Cancels this caller's wait and, if it is the one asking, the token request.</param>
    /// <exception cref="ApiException">The token endpoint answered with an error, or with a body that holds no access token.</exception>
    public async Task<string> GetTokenAsync(TokenContext context, CancellationToken cancellationToken)
    {
        if (context is null) throw new ArgumentNullException(nameof(context));
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();

        var scopes = Distinct(context.Scopes.Count > 0 ? context.Scopes : _defaultScopes);
        var key = Key(scopes);
        if (!_slots.TryGetValue(key, out var slot)) slot = _slots.GetOrAdd(key, new Slot(string.Join(" ", scopes)));

        // A valid token that is not the one refused: also the one another caller fetched after the same refusal.
        var cached = slot.Token;
        if (IsUsable(cached, context.RejectedToken)) return cached!.Value;

        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            cached = slot.Token;
            if (cached is not null && cached.Value == context.RejectedToken) slot.Token = cached = null;
            if (IsUsable(cached, null)) return cached!.Value;

            var token = await RequestAsync(slot.Scope, context, cancellationToken).ConfigureAwait(false);
            if (!_disposed) slot.Token = token;
            return token.Value;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Drops the cached tokens; the provider then refuses to give more. The HttpClient is left open.</summary>
    public void Dispose()
    {
        _disposed = true;
        _slots.Clear();
    }

    /// <summary>The token URL and client id (never the secret or a token).</summary>
    public override string ToString() => $"ClientCredentialsTokenProvider for {TokenUrl.AbsoluteUri} (client_id {_clientId})";

    private void ThrowIfDisposed()
    {
        if (_disposed) throw new ObjectDisposedException(nameof(ClientCredentialsTokenProvider));
    }

    private bool IsUsable(CachedToken? token, string? rejected) =>
        token is not null
        && token.Value != rejected
        && (token.RenewAfter is not { } renewAfter || _time.GetElapsedTime(token.ObtainedAt) < renewAfter);

    private async Task<CachedToken> RequestAsync(string scope, TokenContext context, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string?, string?>> { new("grant_type", "client_credentials") };
        if (scope.Length > 0) form.Add(new("scope", scope));
        foreach (var parameter in _parameters) form.Add(new(parameter.Key, parameter.Value));
        if (_authentication == ClientAuthentication.RequestBody)
        {
            form.Add(new("client_id", _clientId));
            form.Add(new("client_secret", _clientSecret));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, TokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_authentication == ClientAuthentication.BasicHeader) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basicCredentials);

        // Lifetimes count from before the request: the server's count starts later, so the token is renewed in time.
        var obtainedAt = _time.GetTimestamp();
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = response.Content is null ? "" : await Platform.ReadAsStringAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is < 200 or > 299) throw ErrorResponse(response, body, context);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw Unusable(response, body, context, "the body is not JSON", e, Array.Empty<string>());
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Unusable(response, body, context, "the body is not a JSON object", null, Array.Empty<string>());
            var tokens = TokenValues(root);
            if (!root.TryGetProperty("access_token", out var accessToken) || accessToken.ValueKind != JsonValueKind.String || accessToken.GetString() is not { Length: > 0 } value)
                throw Unusable(response, body, context, "the body has no access_token", null, tokens);
            if (!TryReadExpiresIn(root, out var expiresIn))
                throw Unusable(response, body, context, "the body's expires_in is not a number of seconds", null, tokens);
            return new CachedToken(value, obtainedAt, RenewAfter(expiresIn));
        }
    }

    /// <summary>When to renew a token that lives <paramref name="expiresIn"/> seconds: the skew before, but not before half its life.</summary>
    private TimeSpan? RenewAfter(double? expiresIn)
    {
        if (expiresIn is not { } seconds || seconds >= LongestLifetimeSeconds) return null;
        return TimeSpan.FromSeconds(Math.Max(seconds - _skew.TotalSeconds, seconds / 2));
    }

    /// <summary>expires_in: absent or null (no expiry known), a number, or a numeric string; false when it is anything else.</summary>
    private static bool TryReadExpiresIn(JsonElement root, out double? seconds)
    {
        seconds = null;
        if (!root.TryGetProperty("expires_in", out var element) || element.ValueKind == JsonValueKind.Null) return true;
        double value;
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (!element.TryGetDouble(out value)) return false;
        }
        else if (element.ValueKind == JsonValueKind.String)
        {
            if (!double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        }
        else
        {
            return false;
        }
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0) return false;
        seconds = value;
        return true;
    }

    private ApiException ErrorResponse(HttpResponseMessage response, string body, TokenContext context)
    {
        var redactor = RedactorFor(context, TokensIn(body));
        string? error = null, description = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                error = StringProperty(document.RootElement, "error");
                description = StringProperty(document.RootElement, "error_description");
            }
        }
        catch (JsonException)
        {
            // Not an OAuth error body (an HTML page, a proxy's text): the message shows the body instead.
        }

        var message = Describe(response).Append('.');
        if (error is not null)
        {
            message.Append(" OAuth error: ").Append(error);
            if (description is not null) message.Append(" (").Append(description).Append(')');
            message.Append('.');
        }
        else
        {
            AppendBody(message, body);
        }
        return Exception(response, redactor, message, body, error, null);
    }

    private ApiException Unusable(HttpResponseMessage response, string body, TokenContext context, string why, JsonException? error, IEnumerable<string> tokens)
    {
        var all = new List<string>(tokens);
        all.AddRange(TokensIn(body));
        var redactor = RedactorFor(context, all);
        var message = Describe(response).Append(", but ").Append(why).Append('.');
        AppendBody(message, body);
        // The parser's message quotes at most a character of the body; redacted all the same, and without its stack.
        var payloadError = error is null ? null : new JsonException(redactor.Text(error.Message));
        return Exception(response, redactor, message, body, null, payloadError);
    }

    /// <summary>"The token request of client 'id' to URL returned 401 (Unauthorized)", redacted later with the rest.</summary>
    private StringBuilder Describe(HttpResponseMessage response)
    {
        var message = new StringBuilder("The token request of client '").Append(_clientId).Append("' to POST ").Append(TokenUrl.AbsoluteUri)
            .Append(" returned ").Append(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(response.ReasonPhrase)) message.Append(" (").Append(response.ReasonPhrase).Append(')');
        return message;
    }

    private static void AppendBody(StringBuilder message, string body)
    {
        if (body.Length == 0) return;
        message.Append(" Body: ").Append(body.Length <= MessageBodyLength ? body : body.Substring(0, MessageBodyLength) + "…");
    }

    private ApiException Exception(HttpResponseMessage response, Redactor redactor, StringBuilder message, string body, string? error, Exception? payloadError)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers) headers[header.Key] = Redacted(redactor, header.Value);
        if (response.Content is not null)
        {
            foreach (var header in response.Content.Headers) headers[header.Key] = Redacted(redactor, header.Value);
        }
        return new ApiException(redactor.Text(message.ToString()), (int)response.StatusCode, "POST", TokenUrl, body.Length == 0 ? null : redactor.Text(body), headers, payloadError)
        {
            ReasonPhrase = response.ReasonPhrase is { } reason ? redactor.Text(reason) : null,
            OperationId = TokenOperationId,
            ErrorCode = error is null ? null : redactor.Text(error),
        };
    }

    /// <summary>A redactor of the client secret in every form the request carried it, and of every token known.</summary>
    private Redactor RedactorFor(TokenContext context, IEnumerable<string> more)
    {
        var secrets = new List<string?> { _clientSecret, FormEncode(_clientSecret), _basicCredentials, context.RejectedToken };
        foreach (var slot in _slots.Values) secrets.Add(slot.Token?.Value);
        secrets.AddRange(more);
        // Longest first, so that a secret holding another is replaced whole.
        secrets.Sort((a, b) => (b?.Length ?? 0).CompareTo(a?.Length ?? 0));
        return new Redactor(secrets.ToArray(), Array.Empty<string>());
    }

    /// <summary>The string values of a token response's token properties (access_token, refresh_token, id_token).</summary>
    private static List<string> TokenValues(JsonElement root)
    {
        var values = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            if (IsTokenName(property.Name)
                && property.Value.ValueKind == JsonValueKind.String
                && property.Value.GetString() is { Length: > 0 } value)
            {
                values.Add(value);
            }
        }
        return values;
    }

    /// <summary>Token values in a body of any shape: a JSON object's token properties, or a form's (access_token=...&amp;...).</summary>
    private static List<string> TokensIn(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return TokenValues(document.RootElement);
        }
        catch (JsonException)
        {
            // Not JSON: perhaps a form-encoded token response.
        }
        var values = new List<string>();
        foreach (var part in body.Split('&'))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0 || !IsTokenName(part.Substring(0, equals))) continue;
            var value = part.Substring(equals + 1).Trim();
            if (value.Length == 0) continue;
            values.Add(value);
            values.Add(WebUtility.UrlDecode(value));
        }
        return values;
    }

    /// <summary>Whether a parameter names a token value (access_token, refresh_token, id_token; not token_type).</summary>
    private static bool IsTokenName(string name) => name.EndsWith("token", StringComparison.OrdinalIgnoreCase);

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string[] Redacted(Redactor redactor, IEnumerable<string> values)
    {
        var list = new List<string>();
        foreach (var value in values) list.Add(redactor.Text(value));
        return list.ToArray();
    }

    /// <summary>The scopes without empty entries and repeats, in their first order.</summary>
    private static List<string> Distinct(IReadOnlyList<string> scopes)
    {
        var list = new List<string>(scopes.Count);
        foreach (var scope in scopes)
        {
            if (!string.IsNullOrEmpty(scope) && !list.Contains(scope)) list.Add(scope);
        }
        return list;
    }

    /// <summary>The cache key of a set of scopes: the same whatever their order.</summary>
    private static string Key(List<string> scopes)
    {
        var sorted = new List<string>(scopes);
        sorted.Sort(StringComparer.Ordinal);
        return string.Join(" ", sorted);
    }

    /// <summary>application/x-www-form-urlencoded, as FormUrlEncodedContent writes it (RFC 6749 §2.3.1 for the Basic header).</summary>
    private static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+");

    /// <summary>The token of one set of scopes, and the gate its requests pass one at a time.</summary>
    private sealed class Slot
    {
        private volatile CachedToken? _token;

        public Slot(string scope) => Scope = scope;

        /// <summary>The scope parameter of its token requests (space-separated, empty for none).</summary>
        public string Scope { get; }

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public CachedToken? Token
        {
            get => _token;
            set => _token = value;
        }
    }

    private sealed class CachedToken
    {
        public CachedToken(string value, long obtainedAt, TimeSpan? renewAfter)
        {
            Value = value;
            ObtainedAt = obtainedAt;
            RenewAfter = renewAfter;
        }

        public string Value { get; }

        /// <summary>The <see cref="TimeProvider.GetTimestamp"/> taken before the token was asked for.</summary>
        public long ObtainedAt { get; }

        /// <summary>How long after <see cref="ObtainedAt"/> it is renewed; null to keep it until it is rejected.</summary>
        public TimeSpan? RenewAfter { get; }
    }
}
