using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OpenApiClientGen.Model;
using static OpenApiClientGen.Model.OutputNames;

namespace OpenApiClientGen.Emitting;

/// <summary>
/// Writes the typed client of a spec: its interface, options, the client class with one async method per operation
/// (request building, the success results and the per-status error switch) and result classes. Everything else it calls
/// (exceptions, the retry loop, URL and body helpers) is the runtime library's.
/// </summary>
internal sealed partial class ClientEmitter
{
    private const string Task = "global::System.Threading.Tasks.Task";
    private const string CancellationToken = "global::System.Threading.CancellationToken";
    private const string HttpClient = "global::System.Net.Http.HttpClient";
    private const string HttpRequestMessage = "global::System.Net.Http.HttpRequestMessage";
    private const string HttpResponseMessage = "global::System.Net.Http.HttpResponseMessage";

    private readonly ApiModel _model;
    private readonly ClientModel _client;
    private readonly Dictionary<string, RecordModel> _records;
    private readonly Dictionary<EquatableArray<EquatableArray<SchemeUseModel>>, string> _securityFields = new();

    private ClientEmitter(ApiModel model, ClientModel client)
    {
        _model = model;
        _client = client;
        _records = model.Types.OfType<RecordModel>().ToDictionary(r => r.Name, StringComparer.Ordinal);
        var taken = new HashSet<string>(ClientMembers, StringComparer.Ordinal);
        // Requirements matter only where the client has schemes to satisfy them (an empty alternative alone needs none).
        foreach (var security in client.Operations.Select(o => o.Security).Where(s => s.Count > 0 && client.SecuritySchemes.Count > 0).Distinct())
        {
            var name = string.Join("Or", security.Select(a => a.Count == 0 ? "Anonymous" : string.Concat(a.Select(u => Identifiers.ToPascalCase(u.Scheme).TrimStart('_')))));
            _securityFields[security] = Identifiers.Unique(name + "Security", taken);
        }
    }

    public static string Emit(ApiModel model) => new ClientEmitter(model, model.Client!).Emit();

    private string Ns => _model.Namespace;

    private string Type(TypeRef type) => CSharpTypes.Of(type, Ns);

    private string TypeInfo(TypeRef type) => $"global::{Ns}.{_model.ContextName}.GetTypeInfo<{CSharpTypes.Of(type.WithNullable(false), Ns)}>()";

    private string Emit()
    {
        var w = new SourceWriter();
        w.Line(SourceWriter.Header);
        w.OpenNamespace(Ns, new[] { CallScopeAlias, ClientSupportAlias, ParameterStyleAlias, ParameterValueAlias, RedactorAlias, RequestUrlAlias }
            .Concat(_client.SecuritySchemes.Count > 0 ? new[] { SchemeUseAlias } : Array.Empty<string>())
            .Concat(_client.Operations.Any(o => o.Stream is not null) ? new[] { StreamFormatAlias } : Array.Empty<string>()).ToArray());
        EmitInterfaces(w);
        EmitOptions(w);
        w.Line();
        EmitClient(w);
        foreach (var operation in _client.Operations.Where(o => o.ResultName is not null))
        {
            w.Line();
            EmitResult(w, operation);
        }
        foreach (var operation in _client.Operations)
        {
            w.Line();
            EmitOutcome(w, operation);
        }
        w.Close();
        return w.ToString();
    }

    // ------------------------------------------------------------------ interface and options

    private void EmitOptions(SourceWriter w)
    {
        w.Line($"/// <summary>Settings of <see cref=\"{_client.Name}\"/>: where requests go, the credentials they carry, extra headers, retries.</summary>");
        w.Open($"public sealed partial class {_client.OptionsName} : {ApiClientOptionsType}");
        w.Summary($"Options with the defaults: User-Agent {_client.UserAgent}, retries as annotated (see {_client.Name}.RetryMetadata).");
        w.Line($"public {_client.OptionsName}() => UserAgent = {Identifiers.Literal(_client.UserAgent)};");
        w.Line();
        if (_client.DefaultBaseAddress is { } address)
        {
            w.Summary($"The first server of the API description: {address}.");
            w.Line($"public const string {DefaultBaseAddress} = {Identifiers.Literal(address)};");
        }
        var first = _client.DefaultBaseAddress is null;
        foreach (var scheme in _client.SecuritySchemes)
        {
            if (!first) w.Line();
            first = false;
            var about = scheme.Summary is null ? "" : " " + scheme.Summary;
            switch (scheme.Kind)
            {
                case SecurityKind.Basic:
                    w.Summary($"The user name sent with HTTP Basic authentication (security scheme {scheme.Key}).{about}");
                    w.Line($"public string? {scheme.PropertyName}Username {{ get; set; }}");
                    w.Line();
                    w.Summary($"The password sent with HTTP Basic authentication (security scheme {scheme.Key}).");
                    w.Line($"public string? {scheme.PropertyName}Password {{ get; set; }}");
                    break;
                case SecurityKind.Bearer:
                    w.Summary($"The token sent as Authorization: Bearer (security scheme {scheme.Key}).{about}");
                    w.Line($"public string? {scheme.PropertyName} {{ get; set; }}");
                    EmitProvider(w, scheme, "token", "the token");
                    break;
                default:
                    var where = scheme.Kind switch { SecurityKind.ApiKeyHeader => "header", SecurityKind.ApiKeyQuery => "query parameter", _ => "cookie" };
                    w.Summary($"The API key sent in the {where} {scheme.ParameterName} (security scheme {scheme.Key}).{about}");
                    w.Line($"public string? {scheme.PropertyName} {{ get; set; }}");
                    EmitProvider(w, scheme, "API key", "the key");
                    break;
            }
        }
        w.Close();
    }

    private static void EmitProvider(SourceWriter w, SecuritySchemeModel scheme, string what, string it)
    {
        w.Line();
        w.Summary($"Provides the {what} of each request (called per request, with the operation's scopes, and again with the rejected one after a 401); wins over {scheme.PropertyName}.");
        w.Line($"public {TokenProviderType}? {scheme.ProviderName} {{ get; set; }}");
        if (scheme.ClientCredentials is not { } flow) return;
        w.Line();
        w.Summary($"The token URL of the OAuth 2 client-credentials flow of security scheme {scheme.Key}.");
        w.Line($"public const string {flow.TokenUrlName} = {Identifiers.Literal(flow.TokenUrl)};");
        w.Line();
        w.Summary($"The client id of the OAuth 2 client-credentials flow (security scheme {scheme.Key}): with {flow.ClientSecretName}, the client gets {it} from {flow.TokenUrlName} and keeps it until it expires.");
        w.Line($"public string? {flow.ClientIdName} {{ get; set; }}");
        w.Line();
        w.Summary($"The client secret of the OAuth 2 client-credentials flow (security scheme {scheme.Key}); never shown in errors.");
        w.Line($"public string? {flow.ClientSecretName} {{ get; set; }}");
    }

    // ------------------------------------------------------------------ client class

    private void EmitClient(SourceWriter w)
    {
        w.Line($"/// <summary>");
        w.Line($"/// {SourceWriter.EscapeXml(_model.Title)} over HTTP. Thread-safe: one instance can serve many concurrent calls. Every method");
        w.Line($"/// throws <see cref=\"{ApiExceptionType}\"/> (or <see cref=\"{ApiExceptionOf("TPayload").Replace('<', '{').Replace('>', '}')}\"/> with the declared body) for error statuses.");
        w.Line($"/// </summary>");
        w.Open($"public partial class {_client.Name} : {_client.InterfaceName}, {RawResponsesInterface(_client.Name)}, {OutcomesInterface(_client.Name)}");
        var queryKeys = _client.SecuritySchemes.Where(s => s.Kind == SecurityKind.ApiKeyQuery).Select(s => Identifiers.Literal(s.ParameterName!)).ToList();
        w.Line($"private static readonly string[] {SecretQueryNames} = {(queryKeys.Count == 0 ? "global::System.Array.Empty<string>()" : "{ " + string.Join(", ", queryKeys) + " }")};");
        if (_client.SecuritySchemes.Count > 0 && _client.Operations.Any(o => o.Security.Count == 0))
            w.Line($"private static readonly {SchemeUseAlias}[][] {NoSecurity} = global::System.Array.Empty<{SchemeUseAlias}[]>();");
        foreach (var security in _securityFields)
        {
            var alternatives = security.Key.Select(a => a.Count == 0 ? $"global::System.Array.Empty<{SchemeUseAlias}>()"
                : "new[] { " + string.Join(", ", a.Select(u => $"new {SchemeUseAlias}({string.Join(", ", new[] { u.Scheme }.Concat(u.Scopes).Select(Identifiers.Literal))})")) + " }");
            w.Line($"private static readonly {SchemeUseAlias}[][] {security.Value} = {{ {string.Join(", ", alternatives)} }};");
        }
        w.Line();
        w.Line($"private readonly {HttpClient} {HttpClientField};");
        w.Line();
        w.Line("/// <summary>Creates a client that sends requests through <paramref name=\"httpClient\"/> (for example one from IHttpClientFactory).</summary>");
        w.Line("/// <param name=\"httpClient\">The HttpClient to send requests with; the client does not dispose it.</param>");
        w.Line("/// <param name=\"options\">Base address, credentials and headers; defaults when null.</param>");
        w.Open($"public {_client.Name}({HttpClient} httpClient, {_client.OptionsName}? options = null)");
        w.Line($"{HttpClientField} = httpClient ?? throw new global::System.ArgumentNullException(nameof(httpClient));");
        w.Line($"{Options} = options ?? new {_client.OptionsName}();");
        w.Close();
        w.Line();
        w.Summary("The options requests are built with (changes apply to later calls).");
        w.Line($"public {_client.OptionsName} {Options} {{ get; }}");
        EmitClientViews(w);
        foreach (var operation in _client.Operations)
        {
            w.Line();
            EmitOperation(w, operation);
            if (operation.Stream is { } stream)
            {
                w.Line();
                EmitStreamingOperation(w, operation, stream);
            }
        }
        w.Line();
        EmitPlumbing(w);
        w.Close();
    }

    private void EmitPlumbing(SourceWriter w)
    {
        w.Line($"private global::System.Uri {BaseAddress} =>");
        var fromClient = _client.RelativeBaseAddress is { } relative
            ? $"(_httpClient.BaseAddress is {{ }} clientBase ? new global::System.Uri(clientBase.AbsoluteUri.TrimEnd('/') + {Identifiers.Literal(relative.TrimEnd('/'))}) : null)"
            : "_httpClient.BaseAddress";
        var last = _client.DefaultBaseAddress is not null
            ? $"new global::System.Uri({_client.OptionsName}.{DefaultBaseAddress})"
            : $"throw new global::System.InvalidOperationException(\"The API description names no absolute server: set {_client.OptionsName}.BaseAddress or the HttpClient's BaseAddress.\")";
        w.Line($"    Options.BaseAddress ?? {fromClient} ?? {last};");
        w.Line();
        var schemes = _client.SecuritySchemes.Count > 0;
        w.Line($"private {Task}<TOutcome> {Call}<TOutcome>(");
        w.Line($"    global::System.Func<{HttpRequestMessage}> createRequest,");
        if (schemes) w.Line($"    {SchemeUseAlias}[][] security,");
        w.Line("    string operation,");
        w.Line("    string? operationId,");
        w.Line($"    {RequestOptionsType}? {RequestOptionsLocal},");
        w.Line($"    global::System.Func<{HttpResponseMessage}, {CallScopeAlias}, {Task}<TOutcome>> decode,");
        w.Line($"    {CancellationToken} {CancellationTokenLocal},");
        w.Line("    bool replayable = true,");
        w.Line("    bool streams = false)");
        w.Line($"    where TOutcome : {ApiOutcomeType} =>");
        var authenticate = schemes ? $"(request, call) => {Authenticate}(request, security, call)" : "null";
        w.Line($"    {ClientSupportAlias}.{nameof(Runtime.ClientSupport.CallAsync)}({HttpClientField}, createRequest, {authenticate}, {RetryMetadataProperty}, {Options}, operation, operationId, {RequestOptionsLocal}, new {RedactorAlias}({Secrets}(), {SecretQueryNames}), replayable, streams, decode, {CancellationTokenLocal});");
        if (_client.Operations.Any(o => o.Stream is not null))
        {
            w.Line();
            w.Line($"private global::System.Collections.Generic.IAsyncEnumerable<TEvent> {StreamCall}<TEvent>(");
            w.Line($"    global::System.Func<{HttpRequestMessage}> createRequest,");
            if (schemes) w.Line($"    {SchemeUseAlias}[][] security,");
            w.Line("    string operation,");
            w.Line("    string? operationId,");
            w.Line($"    {RequestOptionsType}? {RequestOptionsLocal},");
            w.Line($"    {StreamFormatAlias} format,");
            w.Line("    global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<TEvent> typeInfo,");
            w.Line($"    global::System.Func<{HttpResponseMessage}, {CallScopeAlias}, {Task}<{ApiExceptionType}>> error,");
            w.Line("    bool replayable,");
            w.Line($"    {CancellationToken} {CancellationTokenLocal}) =>");
            w.Line($"    {ClientSupportAlias}.{nameof(Runtime.ClientSupport.StreamAsync)}({HttpClientField}, createRequest, {authenticate}, {RetryMetadataProperty}, {Options}, operation, operationId, {RequestOptionsLocal}, new {RedactorAlias}({Secrets}(), {SecretQueryNames}), replayable, format, typeInfo, error, {CancellationTokenLocal});");
        }
        w.Line();
        w.Open($"private void {Prepare}({HttpRequestMessage} request)");
        w.Line("foreach (var header in Options.DefaultHeaders) request.Headers.TryAddWithoutValidation(header.Key, header.Value);");
        w.Line("if (!string.IsNullOrEmpty(Options.UserAgent)) request.Headers.TryAddWithoutValidation(\"User-Agent\", Options.UserAgent);");
        w.Close();
        if (schemes) EmitCredentials(w);
        w.Line();
        w.Summary("The configured credentials, which exceptions never show (tokens from providers are added per call).");
        var secrets = new List<string>();
        foreach (var scheme in _client.SecuritySchemes)
        {
            if (scheme.Kind == SecurityKind.Basic)
            {
                secrets.Add($"Options.{scheme.PropertyName}Password");
                secrets.Add($"Options.{scheme.PropertyName}Username is {{ }} {Identifiers.ToCamelCase(scheme.PropertyName + "User")} ? ClientSupport.BasicCredential({Identifiers.ToCamelCase(scheme.PropertyName + "User")}, Options.{scheme.PropertyName}Password) : null");
            }
            else
            {
                secrets.Add($"Options.{scheme.PropertyName}");
                if (scheme.ClientCredentials is { } flow) secrets.Add($"Options.{flow.ClientSecretName}");
            }
        }
        w.Line($"private string?[] {Secrets}() => {(secrets.Count == 0 ? "global::System.Array.Empty<string?>()" : "new[] { " + string.Join(", ", secrets) + " }")};");
    }

    /// <summary>
    /// Which alternative of a requirement the options can satisfy, and applying it: a static credential as it is, a
    /// provider's per request (through the call, which redacts it and renews it once after a 401), and for an OAuth 2
    /// client-credentials flow a provider the client makes from the configured id and secret.
    /// </summary>
    private void EmitCredentials(SourceWriter w)
    {
        w.Line();
        w.Line($"private bool {HasCredential}({SchemeUseAlias} use) => use.Scheme switch");
        w.Line("{");
        foreach (var scheme in _client.SecuritySchemes)
        {
            var test = scheme.Kind == SecurityKind.Basic ? $"Options.{scheme.PropertyName}Username is not null"
                : $"Options.{scheme.PropertyName} is not null || Options.{scheme.ProviderName} is not null"
                  + (scheme.ClientCredentials is { } flow ? $" || Options.{flow.ClientIdName} is not null" : "");
            w.Line($"    {Identifiers.Literal(scheme.Key)} => {test},");
        }
        w.Line("    _ => false,");
        w.Line("};");
        w.Line();
        // Basic credentials alone are never provided: then the method completes at once.
        var provided = _client.SecuritySchemes.Any(s => s.Kind != SecurityKind.Basic);
        w.Open($"private {(provided ? "async " : "")}{Task} {Authenticate}({HttpRequestMessage} request, {SchemeUseAlias}[][] security, {CallScopeAlias} call)");
        w.Open("foreach (var alternative in security)");
        w.Line($"if (!global::System.Array.TrueForAll(alternative, {HasCredential})) continue;");
        w.Open("foreach (var use in alternative)");
        w.Open("switch (use.Scheme)");
        foreach (var scheme in _client.SecuritySchemes)
        {
            w.Line($"case {Identifiers.Literal(scheme.Key)}:");
            var provider = scheme.ClientCredentials is not null ? ClientCredentialsProvider(scheme) + "()" : $"Options.{scheme.ProviderName}";
            var value = $"await call.{nameof(Runtime.CallScope.CredentialAsync)}(use, Options.{scheme.PropertyName}, {provider}).ConfigureAwait(false)";
            var statement = scheme.Kind switch
            {
                SecurityKind.Bearer => $"request.Headers.Authorization = new global::System.Net.Http.Headers.AuthenticationHeaderValue(\"Bearer\", {value});",
                SecurityKind.Basic => $"request.Headers.Authorization = new global::System.Net.Http.Headers.AuthenticationHeaderValue(\"Basic\", ClientSupport.BasicCredential(Options.{scheme.PropertyName}Username!, Options.{scheme.PropertyName}Password));",
                SecurityKind.ApiKeyHeader => $"request.Headers.TryAddWithoutValidation({Identifiers.Literal(scheme.ParameterName!)}, {value});",
                SecurityKind.ApiKeyQuery => $"ClientSupport.AddQueryCredential(request, {Identifiers.Literal(scheme.ParameterName!)}, {value});",
                _ => $"ClientSupport.AddCookie(request, {Identifiers.Literal(scheme.ParameterName!)}, {value}, explode: false);",
            };
            w.Line("    " + statement);
            w.Line("    break;");
        }
        w.Close();
        w.Close();
        w.Line(provided ? "return;" : $"break;");
        w.Close();
        if (!provided) w.Line($"return {Task}.CompletedTask;");
        w.Close();

        foreach (var scheme in _client.SecuritySchemes)
        {
            if (scheme.ClientCredentials is not { } flow) continue;
            var field = "_" + Identifiers.ToCamelCase(ClientCredentialsProvider(scheme));
            w.Line();
            w.Line($"private {ClientCredentialsTokenProviderType}? {field};");
            w.Line();
            w.Summary($"The options' provider of security scheme {scheme.Key}, else one made (once) from its client id and secret, else none.");
            w.Open($"private {TokenProviderType}? {ClientCredentialsProvider(scheme)}()");
            w.Line($"if (Options.{scheme.ProviderName} is {{ }} provider) return provider;");
            w.Line($"if (Options.{flow.ClientIdName} is not {{ }} clientId) return null;");
            w.Line($"if ({field} is {{ }} made) return made;");
            w.Line($"var tokenUrl = new global::System.Uri({BaseAddress}, {_client.OptionsName}.{flow.TokenUrlName});");
            w.Line($"var created = new {ClientCredentialsTokenProviderType}({HttpClientField}, tokenUrl, clientId, Options.{flow.ClientSecretName} ?? \"\", new {ClientCredentialsOptionsType} {{ TimeProvider = Options.TimeProvider }});");
            w.Line($"return global::System.Threading.Interlocked.CompareExchange(ref {field}, created, null) ?? created;");
            w.Close();
        }
    }

    private static string ClientCredentialsProvider(SecuritySchemeModel scheme) => Identifiers.ToPascalCase(scheme.Key).TrimStart('_') + "ClientCredentials";

    // ------------------------------------------------------------------ operations

    /// <summary>The type a call returns: nothing, the one success body (nullable when a success has none), or the result class.</summary>
    private string ReturnType(OperationModel operation)
    {
        if (operation.ResultName is { } result) return $"global::{Ns}.{result}";
        var body = operation.Successes.FirstOrDefault(s => s.Type is not null);
        if (body is null) return "";
        var nullable = operation.Successes.Any(s => s.Type is null);
        return Type(body.Type!.WithNullable(nullable || body.Type.Nullable));
    }

    private string Signature(OperationModel operation, View view, bool explicitImplementation)
    {
        var result = ReturnType(operation);
        var task = view switch
        {
            View.Outcome => $"{Task}<global::{Ns}.{operation.OutcomeName}>",
            View.RawResponse => result.Length == 0 ? $"{Task}<{ApiResponseType}>" : $"{Task}<{ApiResponseOf(result)}>",
            _ => result.Length == 0 ? Task : $"{Task}<{result}>",
        };
        var owner = explicitImplementation ? Declaring(operation, view) + "." : "";
        return $"{task} {owner}{operation.Name}Async({Parameters(operation, explicitImplementation)})";
    }

    /// <summary>The streaming method: the operation's parameters, a stream of events for its result.</summary>
    private string StreamSignature(OperationModel operation, StreamModel stream) =>
        $"{StreamReturnType(stream)} {stream.MethodName}Async({Parameters(operation, explicitImplementation: false)})";

    private string Parameters(OperationModel operation, bool explicitImplementation) => OperationSignature.Parameters(operation, Ns, explicitImplementation);

    private static string Arguments(OperationModel operation) => OperationSignature.Arguments(operation);

    private void EmitDocs(SourceWriter w, OperationModel operation)
    {
        var summary = operation.Summary ?? operation.Description ?? $"{operation.Method} {operation.Path}";
        w.Summary(summary);
        var remarks = new List<string>();
        if (operation.Summary is not null && operation.Description is not null && operation.Description != operation.Summary) remarks.Add(operation.Description);
        remarks.Add($"{operation.Method} {operation.Path}" + (operation.OperationId is { } id ? $" (operationId {id})." : "."));
        if (operation.Deprecated) remarks.Add("Deprecated in the API description.");
        Block(w, "remarks", string.Join("\n\n", remarks));
        foreach (var p in operation.Parameters.Where(p => p.IsRequired)) ParamDoc(w, p);
        if (operation.Body is { IsRequired: true } body) Block(w, $"param name=\"{body.Name}\"", body.Summary ?? $"The request body ({body.MediaType}).");
        foreach (var p in operation.Parameters.Where(p => !p.IsRequired)) ParamDoc(w, p);
        if (operation.Body is { IsRequired: false } optional) Block(w, $"param name=\"{optional.Name}\"", optional.Summary ?? $"The request body ({optional.MediaType}); none is sent when null.");
        w.Line($"/// <param name=\"{CancellationTokenLocal}\">Cancels the call.</param>");
        w.Line($"/// <param name=\"{RequestOptionsLocal}\">Headers, query parameters, a timeout, a retry policy or an idempotency key for this call only.</param>");
        if (ReturnType(operation).Length > 0)
        {
            var described = string.Join(" ", operation.Successes.Select(s => $"{s.Status}: {s.Summary ?? (s.Type is null ? "no content" : "the body")}" + (s.Summary?.TrimEnd().EndsWith(".", StringComparison.Ordinal) == true ? "" : ".")));
            Block(w, "returns", described);
        }
        var typed = operation.Errors.Where(e => e.Kind == BodyKind.Json && e.Type is not null)
            .GroupBy(e => CSharpTypes.Of(e.Type!.WithNullable(false), Ns).Replace("global::" + Ns + ".", ""))
            .Select(g => $"{string.Join(", ", g.Select(e => e.Status))} as ApiException<{g.Key}>")
            .ToList();
        Block(w, $"exception cref=\"{ApiExceptionType}\"", "The server answered with an error status" + (typed.Count == 0 ? "." : ": " + string.Join("; ", typed) + "."));
    }

    private void ParamDoc(SourceWriter w, ParameterModel p) =>
        Block(w, $"param name=\"{p.Name.TrimStart('@')}\"", (p.Summary ?? $"The {p.WireName} {p.In.ToString().ToLowerInvariant()} parameter.") + (p.Deprecated ? " Deprecated." : "") + (p.IsRequired ? "" : " Not sent when null."));

    private static void Block(SourceWriter w, string tag, string text)
    {
        var name = tag.Split(' ')[0];
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 1)
        {
            w.Line($"/// <{tag}>{SourceWriter.EscapeXml(text.Trim())}</{name}>");
            return;
        }
        w.Line($"/// <{tag}>");
        foreach (var line in lines) w.Line(line.TrimEnd().Length == 0 ? "///" : "/// " + SourceWriter.EscapeXml(line.TrimEnd()));
        w.Line($"/// </{name}>");
    }

    private string StreamReturnType(StreamModel stream) => $"global::System.Collections.Generic.IAsyncEnumerable<{Type(stream.EventType)}>";

    /// <summary>
    /// The streaming method of an operation with a streamed success: the same parameters, each event yielded as it
    /// arrives (the runtime sends, retries, decodes the error statuses with the switch below, and reads the events).
    /// </summary>
    private void EmitStreamingOperation(SourceWriter w, OperationModel operation, StreamModel stream)
    {
        w.Line("/// <inheritdoc/>");
        if (operation.Deprecated) w.Line(Obsolete);
        w.Open("public " + StreamSignature(operation, stream));
        foreach (var p in operation.Parameters.Where(p => p.IsRequired && !p.Type.IsValueType))
            w.Line($"if ({p.Name} is null) throw new global::System.ArgumentNullException(nameof({p.Name}));");
        if (operation.Body is { IsRequired: true } requiredBody && !requiredBody.Type.IsValueType)
            w.Line($"if ({requiredBody.Name} is null) throw new global::System.ArgumentNullException(nameof({requiredBody.Name}));");
        var id = operation.OperationId is { } operationId ? Identifiers.Literal(operationId) : "null";
        var security = _client.SecuritySchemes.Count == 0 ? "" : (operation.Security.Count == 0 ? NoSecurity : _securityFields[operation.Security]) + ", ";
        var format = stream.Kind == BodyKind.EventStream ? nameof(Runtime.StreamFormat.ServerSentEvents) : nameof(Runtime.StreamFormat.JsonLines);
        w.Line($"return {StreamCall}({CreateRequestLocal}, {security}{Identifiers.Literal(operation.Key)}, {id}, {RequestOptionsLocal}, {StreamFormatAlias}.{format}, {TypeInfo(stream.EventType)}, {DecodeLocal}, {Bool(operation.Body is not { IsReplayable: false })}, {CancellationTokenLocal});");
        w.Line();
        w.Open($"async {Task}<{ApiExceptionType}> {DecodeLocal}({HttpResponseMessage} {HttpResponseLocal}, {CallScopeAlias} {CallLocal})");
        w.Open($"switch ((int){HttpResponseLocal}.StatusCode)");
        foreach (var error in operation.Errors)
        {
            w.Line(CaseLabel(error));
            w.Line($"    return await {ErrorCall(error)}.ConfigureAwait(false);");
        }
        if (!operation.Errors.Any(e => e.IsDefault))
        {
            w.Line("default:");
            w.Line($"    return await {ClientSupportAlias}.{nameof(Runtime.ClientSupport.ErrorAsync)}({HttpResponseLocal}, {CallLocal}).ConfigureAwait(false);");
        }
        w.Close();
        w.Close();
        w.Line();
        EmitCreateRequest(w, operation, stream.MediaType);
        w.Close();
    }

    private void EmitOperation(SourceWriter w, OperationModel operation)
    {
        var result = ReturnType(operation);
        var outcome = $"(await {WithOutcome}.{operation.Name}Async({Arguments(operation)}).ConfigureAwait(false))";
        w.Line("/// <inheritdoc/>");
        if (operation.Deprecated) w.Line(Obsolete);
        w.Line("public async " + Signature(operation, View.Throwing, explicitImplementation: false) + " =>");
        w.Line(result.Length == 0 ? $"    {outcome}.{nameof(OpenApiClientGen.ApiOutcome.ThrowIfError)}();" : $"    {outcome}.{GetValueOrThrow}();");
        w.Line();

        w.Line("/// <inheritdoc/>");
        if (operation.Deprecated) w.Line(Obsolete);
        w.Open("async " + Signature(operation, View.RawResponse, explicitImplementation: true));
        w.Line($"var outcome = await {WithOutcome}.{operation.Name}Async({Arguments(operation)}).ConfigureAwait(false);");
        if (result.Length == 0)
        {
            w.Line($"outcome.{nameof(OpenApiClientGen.ApiOutcome.ThrowIfError)}();");
            w.Line("return outcome.Response;");
        }
        else
        {
            w.Line($"return new {ApiResponseOf(result)}(outcome.Response, outcome.{GetValueOrThrow}());");
        }
        w.Close();
        w.Line();

        w.Line("/// <inheritdoc/>");
        if (operation.Deprecated) w.Line(Obsolete);
        w.Open(Signature(operation, View.Outcome, explicitImplementation: true));
        // (Not ArgumentNullException.ThrowIfNull: netstandard2.0 consumers have no such method.)
        foreach (var p in operation.Parameters.Where(p => p.IsRequired && !p.Type.IsValueType))
            w.Line($"if ({p.Name} is null) throw new global::System.ArgumentNullException(nameof({p.Name}));");
        if (operation.Body is { IsRequired: true } requiredBody && !requiredBody.Type.IsValueType)
            w.Line($"if ({requiredBody.Name} is null) throw new global::System.ArgumentNullException(nameof({requiredBody.Name}));");
        var streams = operation.Successes.Any(s => s.Kind == BodyKind.Binary);
        var id = operation.OperationId is { } operationId ? Identifiers.Literal(operationId) : "null";
        var flags = (operation.Body is { IsReplayable: false } ? ", replayable: false" : "") + (streams ? ", streams: true" : "");
        var security = _client.SecuritySchemes.Count == 0 ? "" : (operation.Security.Count == 0 ? NoSecurity : _securityFields[operation.Security]) + ", ";
        w.Line($"return {Call}({CreateRequestLocal}, {security}{Identifiers.Literal(operation.Key)}, {id}, {RequestOptionsLocal}, {DecodeLocal}, {CancellationTokenLocal}{flags});");
        w.Line();
        w.Open($"async {Task}<global::{Ns}.{operation.OutcomeName}> {DecodeLocal}({HttpResponseMessage} {HttpResponseLocal}, {CallScopeAlias} {CallLocal})");
        EmitSwitch(w, operation, streams);
        w.Close();
        w.Line();
        EmitCreateRequest(w, operation);
        w.Close();
    }

    private void EmitSwitch(SourceWriter w, OperationModel operation, bool streams)
    {
        var outcome = $"global::{Ns}.{operation.OutcomeName}";
        var response = $"{CallLocal}.{nameof(Runtime.CallScope.Response)}({HttpResponseLocal})";
        w.Open($"switch ((int){HttpResponseLocal}.StatusCode)");
        foreach (var success in operation.Successes)
        {
            // A default that is the only success answers every 2xx; for other statuses it is the error below.
            w.Line(success.IsDefault ? "case >= 200 and <= 299:" : CaseLabel(success));
            var value = success.Kind switch
            {
                BodyKind.Json => $"await {ClientSupportAlias}.{nameof(Runtime.ClientSupport.ReadJsonAsync)}({HttpResponseLocal}, {TypeInfo(success.Type!)}, {CallLocal}).ConfigureAwait(false), ",
                BodyKind.Text => $"await {ClientSupportAlias}.{nameof(Runtime.ClientSupport.ReadTextAsync)}({HttpResponseLocal}, {CallLocal}).ConfigureAwait(false), ",
                BodyKind.Binary => $"await {ClientSupportAlias}.{nameof(Runtime.ClientSupport.ReadStreamAsync)}({HttpResponseLocal}, {CallLocal}).ConfigureAwait(false), ",
                _ => "",
            };
            // Of an operation whose other success streams, this success's response is disposed here (the call keeps it).
            var dispose = streams && success.Kind != BodyKind.Binary ? $"using ({HttpResponseLocal}) " : "";
            w.Line($"    {dispose}return new {outcome}.{success.CaseName}({value}{response});");
        }
        if (operation.Successes.Count == 0)
        {
            // No success declared: any 2xx is a success without a body.
            w.Line("case >= 200 and <= 299:");
            w.Line($"    return new {outcome}.{ImplicitSuccessCase(operation)}({response});");
        }
        foreach (var error in operation.Errors)
        {
            w.Line(CaseLabel(error));
            w.Line($"    return new {outcome}.{error.CaseName}(await {ErrorCall(error)}.ConfigureAwait(false), {response});");
        }
        if (operation.UndeclaredCase is { } undeclared)
        {
            w.Line("default:");
            w.Line($"    return new {outcome}.{undeclared}(await {ClientSupportAlias}.{nameof(Runtime.ClientSupport.ErrorAsync)}({HttpResponseLocal}, {CallLocal}).ConfigureAwait(false), {response});");
        }
        w.Close();
    }

    /// <summary>The outcome case of any 2xx when the operation declares no success.</summary>
    private static string ImplicitSuccessCase(OperationModel operation) =>
        Identifiers.Unique("Success", new HashSet<string>(operation.Errors.Select(e => e.CaseName).Concat(OutcomeMembers).Append(operation.OutcomeName)
            .Concat(operation.UndeclaredCase is { } u ? new[] { u } : Array.Empty<string>()), StringComparer.Ordinal));

    private string ErrorCall(ResponseModel error) => error.Kind == BodyKind.Json && error.Type is not null
        ? $"{ClientSupportAlias}.{nameof(Runtime.ClientSupport.ErrorAsync)}({HttpResponseLocal}, {TypeInfo(error.Type)}, {CallLocal})"
        : $"{ClientSupportAlias}.{nameof(Runtime.ClientSupport.ErrorAsync)}({HttpResponseLocal}, {CallLocal})";

    private static string CaseLabel(ResponseModel response)
    {
        if (response.Code is { } code) return $"case {code.ToString(CultureInfo.InvariantCulture)}:";
        if (response.RangeDigit is { } digit) return $"case >= {digit}00 and <= {digit}99:";
        return "default:";
    }

    private void EmitCreateRequest(SourceWriter w, OperationModel operation, string? accept = null)
    {
        var taken = new HashSet<string>(operation.Parameters.Select(p => p.Name).Concat(OutputNames.MethodLocals), StringComparer.Ordinal);
        if (operation.Body is { } b) taken.Add(b.Name);
        w.Open($"{HttpRequestMessage} {CreateRequestLocal}()");
        w.Line($"var {RequestUrlLocal} = new {RequestUrlAlias}({BaseAddress});");
        EmitPath(w, operation);
        foreach (var p in operation.Parameters.Where(p => p.In == ParameterLocation.Query))
            Optional(w, p, taken, value => $"{RequestUrlLocal}.AddQuery({Identifiers.Literal(p.WireName)}, {value}, ParameterStyle.{p.Style}, explode: {Bool(p.Explode)}, allowReserved: {Bool(p.AllowReserved)});");
        var method = operation.Method switch
        {
            "GET" or "PUT" or "POST" or "DELETE" or "HEAD" or "OPTIONS" or "TRACE" => "global::System.Net.Http.HttpMethod." + operation.Method.Substring(0, 1) + operation.Method.Substring(1).ToLowerInvariant(),
            // (HttpMethod.Patch is .NET Core 2.1+; netstandard2.0 has none.)
            "PATCH" => $"{ClientSupportAlias}.{nameof(Runtime.ClientSupport.Patch)}",
            _ => $"new global::System.Net.Http.HttpMethod({Identifiers.Literal(operation.Method)})",
        };
        w.Line($"var {HttpRequestLocal} = new {HttpRequestMessage}({method}, {RequestUrlLocal}.ToUri());");
        foreach (var p in operation.Parameters.Where(p => p.In == ParameterLocation.Header))
            Optional(w, p, taken, value => $"ClientSupport.AddHeader({HttpRequestLocal}, {Identifiers.Literal(p.WireName)}, {value}, explode: {Bool(p.Explode)});");
        foreach (var p in operation.Parameters.Where(p => p.In == ParameterLocation.Cookie))
            Optional(w, p, taken, value => $"ClientSupport.AddCookie({HttpRequestLocal}, {Identifiers.Literal(p.WireName)}, {value}, explode: {Bool(p.Explode)});");
        if (operation.Body is { } body) EmitBody(w, body, taken);
        var accepted = accept is not null
            ? new[] { accept }.Concat(operation.Errors.Select(r => r.MediaType))
            : operation.Successes.Concat(operation.Errors).Select(r => r.MediaType);
        foreach (var mediaType in accepted.Where(m => m is not null).Distinct())
            w.Line($"{HttpRequestLocal}.Headers.Accept.TryParseAdd({Identifiers.Literal(mediaType!)});");
        w.Line($"{Prepare}({HttpRequestLocal});");
        w.Line($"return {HttpRequestLocal};");
        w.Close();
    }

    private void EmitPath(SourceWriter w, OperationModel operation)
    {
        var path = operation.Path;
        var position = 0;
        while (position < path.Length)
        {
            var open = path.IndexOf('{', position);
            var close = open < 0 ? -1 : path.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                w.Line($"{RequestUrlLocal}.AppendPath({Identifiers.Literal(EscapePathLiteral(path.Substring(position)))});");
                break;
            }
            if (open > position) w.Line($"{RequestUrlLocal}.AppendPath({Identifiers.Literal(EscapePathLiteral(path.Substring(position, open - position)))});");
            var name = path.Substring(open + 1, close - open - 1);
            var parameter = operation.Parameters.First(p => p.In == ParameterLocation.Path && p.WireName == name);
            w.Line($"{RequestUrlLocal}.AppendPathParameter({Identifiers.Literal(name)}, {ValueExpression(parameter.Type.WithNullable(false), parameter.Name)}, ParameterStyle.{parameter.Style}, explode: {Bool(parameter.Explode)});");
            position = close + 1;
        }
    }

    /// <summary>The literal parts of a path template, escaped where the spec left characters a URL cannot hold.</summary>
    private static string EscapePathLiteral(string literal) =>
        string.Concat(literal.Select(c => c <= ' ' || c >= 127 || c is '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}' or '#' or '?' or '%'
            ? Uri.EscapeDataString(c.ToString())
            : c.ToString()));

    /// <summary>Writes a statement for a parameter, guarded by a null test when it is optional.</summary>
    private void Optional(SourceWriter w, ParameterModel p, HashSet<string> taken, Func<string, string> statement)
    {
        if (p.IsRequired)
        {
            w.Line(statement(ValueExpression(p.Type, p.Name)));
            return;
        }
        var local = Identifiers.Unique(p.Name.TrimStart('@') + "Value", taken);
        w.Open($"if ({p.Name} is {{ }} {local})");
        w.Line(statement(ValueExpression(p.Type.WithNullable(false), local)));
        w.Close();
    }

    /// <summary>A parameter value: text for scalars, a JSON element (through the JSON context) for the rest.</summary>
    private string ValueExpression(TypeRef type, string value) => type.Kind switch
    {
        TypeKind.String => value,
        TypeKind.Enum => $"{value}.ToString()",
        TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Single or TypeKind.Double or TypeKind.Decimal
            or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.Guid or TypeKind.Bytes => $"ClientSupport.Format({value})",
        TypeKind.Date => $"ClientSupport.{nameof(Runtime.ClientSupport.FormatDate)}({value})",
        TypeKind.Json => $"ParameterValue.From({value})",
        _ => $"ClientSupport.Value({value}, {TypeInfo(type)})",
    };

    private void EmitBody(SourceWriter w, RequestBodyModel body, HashSet<string> taken)
    {
        var value = body.Name;
        // An optional body, or a required one the document makes a nullable number (say): null sends no content.
        var unwrapped = !body.IsRequired || body.Type is { Nullable: true, IsValueType: true };
        if (unwrapped)
        {
            value = Identifiers.Unique(body.Name + "Value", taken);
            w.Open($"if ({body.Name} is {{ }} {value})");
        }
        var type = body.Type.WithNullable(false);
        switch (body.Kind)
        {
            case BodyKind.Json:
                w.Line($"{HttpRequestLocal}.Content = ClientSupport.Json({value}, {TypeInfo(type)}, {Identifiers.Literal(body.MediaType)});");
                break;
            case BodyKind.Text:
                w.Line($"{HttpRequestLocal}.Content = ClientSupport.Text({value}, {Identifiers.Literal(body.MediaType)});");
                break;
            case BodyKind.Binary:
                w.Line($"{HttpRequestLocal}.Content = ClientSupport.Binary({value}, {Identifiers.Literal(body.MediaType)});");
                break;
            case BodyKind.Form:
                var deepObject = body.DeepObjectProperties.Count == 0 ? "" : ", deepObject: new[] { " + string.Join(", ", body.DeepObjectProperties.Select(Identifiers.Literal)) + " }";
                w.Line($"{HttpRequestLocal}.Content = ClientSupport.Form({value}, {TypeInfo(type)}{deepObject});");
                break;
            default:
                EmitMultipart(w, type, value, taken);
                break;
        }
        if (unwrapped) w.Close();
    }

    private void EmitMultipart(SourceWriter w, TypeRef type, string value, HashSet<string> taken)
    {
        var multipart = Identifiers.Unique("multipart", taken);
        w.Line($"var {multipart} = new global::System.Net.Http.MultipartFormDataContent();");
        if (type.Kind == TypeKind.Record && _records.TryGetValue(type.Name!, out var record))
        {
            foreach (var property in record.Properties)
            {
                var name = Identifiers.Literal(property.JsonName);
                var access = $"{value}.{property.Name}";
                if (property.Type.Nullable)
                {
                    var local = Identifiers.Unique(Identifiers.ToCamelCase(property.Name).TrimStart('@') + "Part", taken);
                    w.Open($"if ({access} is {{ }} {local})");
                    EmitPart(w, multipart, name, property.Type.WithNullable(false), local, taken);
                    w.Close();
                }
                else
                {
                    EmitPart(w, multipart, name, property.Type, access, taken);
                }
            }
        }
        else
        {
            w.Line($"ClientSupport.AddParts({multipart}, {ValueExpression(type, value)});");
        }
        w.Line($"{HttpRequestLocal}.Content = {multipart};");
    }

    private void EmitPart(SourceWriter w, string multipart, string name, TypeRef type, string value, HashSet<string> taken)
    {
        if (type.Kind == TypeKind.File)
        {
            w.Line($"ClientSupport.AddPart({multipart}, {name}, {value});");
        }
        else if (type.Kind == TypeKind.Array && type.Element!.Kind == TypeKind.File)
        {
            var item = Identifiers.Unique("file", taken);
            w.Line($"foreach (var {item} in {value}) if ({item} is not null) ClientSupport.AddPart({multipart}, {name}, {item});");
        }
        else
        {
            w.Line($"ClientSupport.AddPart({multipart}, {name}, {ValueExpression(type, value)});");
        }
    }

    // ------------------------------------------------------------------ result classes

    private void EmitResult(SourceWriter w, OperationModel operation)
    {
        w.Line($"/// <summary>The result of <see cref=\"{Declaring(operation, View.Throwing)}.{operation.Name}Async\"/>: the status and the body of the success it answered with.</summary>");
        w.Open($"public sealed partial class {operation.ResultName}");
        w.Summary("The HTTP status code.");
        w.Line("public required int StatusCode { get; init; }");
        foreach (var success in operation.Successes.Where(s => s.PropertyName is not null))
        {
            w.Line();
            w.Summary($"The body of a {success.Status} response" + (success.Summary is { } s ? $" ({s.TrimEnd('.')})" : "") + "; null for other statuses.");
            w.Line($"public {Type(success.Type!.WithNullable(true))} {success.PropertyName} {{ get; init; }}");
        }
        w.Close();
    }

    // ------------------------------------------------------------------ outcomes

    private void EmitOutcome(SourceWriter w, OperationModel operation)
    {
        var name = operation.OutcomeName;
        var statuses = operation.Successes.Select(r => r.IsDefault ? "2xx" : r.Status).Concat(operation.Errors.Select(r => r.Status)).ToList();
        w.Line("/// <summary>");
        w.Line($"/// What <see cref=\"{Declaring(operation, View.Throwing)}.{operation.Name}Async\"/> ended with, as data: one nested case per status it declares");
        w.Line($"/// ({SourceWriter.EscapeXml(statuses.Count == 0 ? "none" : string.Join(", ", statuses))}){(operation.UndeclaredCase is { } u ? $" and <see cref=\"{u}\"/> for any other" : "")}. Switch on the cases; <see cref=\"{ApiOutcomeType}.Error\"/> is the");
        w.Line("/// exception the throwing method would have thrown.");
        w.Line("/// </summary>");
        w.Open($"public abstract partial class {name} : {ApiOutcomeType}");
        w.Line($"private {name}({ApiResponseType} response, {ApiExceptionType}? error) : base(response, error) {{ }}");
        var result = ReturnType(operation);
        if (result.Length > 0)
        {
            w.Line();
            w.Summary("What the throwing method returns for a success; for an error status, throws Error.");
            w.Line($"public {result} {GetValueOrThrow}() => this switch");
            w.Line("{");
            foreach (var success in operation.Successes)
            {
                var hasValue = success.Kind != BodyKind.None;
                if (operation.ResultName is { } resultName)
                {
                    var property = success.PropertyName is { } p && hasValue ? $", {p} = c.Value" : "";
                    w.Line($"    {success.CaseName} {(hasValue ? "c" : "_")} => new global::{Ns}.{resultName} {{ StatusCode = StatusCode{property} }},");
                }
                else
                {
                    w.Line(hasValue ? $"    {success.CaseName} c => c.Value," : $"    {success.CaseName} => null,");
                }
            }
            w.Line("    _ => throw Error!,");
            w.Line("};");
        }
        foreach (var success in operation.Successes)
        {
            var status = success.IsDefault ? "Any 2xx status (the API description's default)" : StatusText(success.Status);
            EmitCase(w, name, success.CaseName, status, success.Summary, success.Kind == BodyKind.None ? null : ValueType(success), error: null);
        }
        if (operation.Successes.Count == 0)
            EmitCase(w, name, ImplicitSuccessCase(operation), "Any 2xx status (the API description declares no success)", null, null, error: null);
        foreach (var error in operation.Errors)
        {
            var exception = error.Kind == BodyKind.Json && error.Type is not null ? ApiExceptionOf(Type(error.Type.WithNullable(false))) : ApiExceptionType;
            EmitCase(w, name, error.CaseName, error.IsDefault ? "Any other status (the API description's default)" : StatusText(error.Status), error.Summary, null, (exception, error.Type));
        }
        if (operation.UndeclaredCase is { } undeclared)
            EmitCase(w, name, undeclared, "A status the API description does not declare", null, null, (ApiExceptionType, null));
        w.Close();
    }

    private string ValueType(ResponseModel success) => success.Kind switch
    {
        BodyKind.Text => "string",
        BodyKind.Binary => "global::System.IO.Stream",
        _ => Type(success.Type!),
    };

    private static string StatusText(string status) =>
        ResponseModel.CodeOf(status) is { } ? "Status " + status : "A " + status + " status";

    private void EmitCase(SourceWriter w, string outcome, string name, string status, string? summary, string? valueType, (string Exception, TypeRef? Payload)? error)
    {
        // One line a member: an API has hundreds of operations of a few cases each, and every byte is compiled on every build.
        w.Line();
        w.Summary(status + (summary is { Length: > 0 } ? ": " + summary.TrimEnd() : "."));
        w.Open($"public sealed partial class {name} : {outcome}");
        w.Summary("Creates the case (a test double, say).");
        if (error is { } e)
        {
            w.Line($"public {name}({e.Exception} error, {ApiResponseType} response) : base(response, error) => Error = error;");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public new {e.Exception} Error {{ get; }}");
            if (e.Payload is { } payload && e.Exception != ApiExceptionType)
            {
                w.Line();
                w.Summary("The body as its declared type, or null when it did not match the schema (see Error.PayloadError).");
                w.Line($"public {Type(payload.WithNullable(true))} Payload => Error.Payload;");
            }
        }
        else if (valueType is not null)
        {
            w.Line($"public {name}({valueType} value, {ApiResponseType} response) : base(response, null) => Value = value;");
            w.Line();
            w.Summary(valueType == "global::System.IO.Stream" ? "The body as a stream that owns the response: dispose it." : "The body.");
            w.Line($"public {valueType} Value {{ get; }}");
        }
        else
        {
            w.Line($"public {name}({ApiResponseType} response) : base(response, null) {{ }}");
        }
        w.Close();
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
