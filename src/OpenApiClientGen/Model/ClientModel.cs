using System.Linq;
using OpenApiClientGen.Runtime;

namespace OpenApiClientGen.Model;

/// <summary>The typed client of one spec: its names, defaults, credentials and operations.</summary>
/// <param name="DefaultBaseAddress">The first server's absolute URL (variables at their defaults), if it has one.</param>
/// <param name="RelativeBaseAddress">The first server's URL when it is relative (resolved against the HttpClient's base address).</param>
/// <param name="UserAgent">The default User-Agent: client name and API version.</param>
/// <param name="Groups">The sub-clients by tag (each operation's <see cref="OperationModel.Group"/> names one); empty for one flat client.</param>
internal sealed record ClientModel(
    string Name,
    string InterfaceName,
    string OptionsName,
    string? DefaultBaseAddress,
    string? RelativeBaseAddress,
    string UserAgent,
    EquatableArray<SecuritySchemeModel> SecuritySchemes,
    EquatableArray<OperationModel> Operations,
    EquatableArray<GroupModel> Groups)
{
    /// <summary>The sub-client <paramref name="operation"/> belongs to; null for a flat client.</summary>
    public GroupModel? GroupOf(OperationModel operation) =>
        operation.Group is { } name ? Groups.First(g => g.PropertyName == name) : null;
}

/// <summary>
/// A sub-client: the operations of one tag (the first an operation lists; untagged ones in a default group), as a
/// property of the client whose interface the client itself implements, with its raw-response and outcome views.
/// </summary>
/// <param name="Tag">The tag, or null for the group of untagged operations.</param>
/// <param name="PropertyName">The client's property (<c>client.Scraping</c>).</param>
internal sealed record GroupModel(
    string? Tag,
    string PropertyName,
    string InterfaceName,
    string RawResponsesInterfaceName,
    string OutcomesInterfaceName,
    string? Summary);

internal enum SecurityKind
{
    /// <summary>HTTP bearer, OAuth 2 or OpenID Connect: an <c>Authorization: Bearer</c> token.</summary>
    Bearer,
    Basic,
    ApiKeyHeader,
    ApiKeyQuery,
    ApiKeyCookie,
}

/// <summary>A security scheme the client can apply: the options properties that hold its credential or provide it.</summary>
/// <param name="Key">The scheme's name in <c>components/securitySchemes</c>.</param>
/// <param name="PropertyName">The options property (for basic, the prefix of its user name and password properties).</param>
/// <param name="ParameterName">For an API key, the header, query parameter or cookie that carries it.</param>
/// <param name="ProviderName">The options property of its <c>ITokenProvider</c> (null for basic).</param>
/// <param name="ClientCredentials">For OAuth 2 with a client-credentials flow: its token URL and the options properties of the client's id and secret.</param>
internal sealed record SecuritySchemeModel(string Key, string PropertyName, SecurityKind Kind, string? ParameterName, string? Summary, string? ProviderName, ClientCredentialsModel? ClientCredentials);

/// <summary>An OAuth 2 client-credentials flow: where tokens come from, and the options properties of the client's id and secret.</summary>
/// <param name="TokenUrl">The flow's <c>tokenUrl</c>, absolute or relative to the server.</param>
internal sealed record ClientCredentialsModel(string TokenUrl, string ClientIdName, string ClientSecretName, string TokenUrlName);

/// <summary>One scheme of a security requirement and the scopes the operation asks of it.</summary>
internal sealed record SchemeUseModel(string Scheme, EquatableArray<string> Scopes);

/// <summary>One operation: an async method of the client.</summary>
/// <param name="Name">The method name without the Async suffix.</param>
/// <param name="Security">The alternatives of the operation's security requirement, each a set of schemes with their scopes; empty for none.</param>
/// <param name="ResultName">The result class when several success statuses carry different bodies.</param>
/// <param name="OutcomeName">The outcome type: one case per declared status (see <see cref="ResponseModel.CaseName"/>).</param>
/// <param name="UndeclaredCase">The outcome case for a status the operation does not declare; null when a default error takes those.</param>
internal sealed record OperationModel(
    string Name,
    string Method,
    string Path,
    string? OperationId,
    string? Summary,
    string? Description,
    bool Deprecated,
    EquatableArray<ParameterModel> Parameters,
    RequestBodyModel? Body,
    EquatableArray<ResponseModel> Successes,
    EquatableArray<ResponseModel> Errors,
    EquatableArray<EquatableArray<SchemeUseModel>> Security,
    string? ResultName,
    string OutcomeName,
    string? UndeclaredCase)
{
    /// <summary>How the client and the annotations name the operation: its operationId, else "METHOD /path".</summary>
    public string Key => OperationId ?? Route;

    /// <summary>The <see cref="GroupModel.PropertyName"/> of the sub-client the operation belongs to; null for a flat client.</summary>
    public string? Group { get; init; }

    /// <summary>The success the operation can stream, event by event; null for none.</summary>
    public StreamModel? Stream { get; init; }

    /// <summary>How the operation pages, as the document's own extension says (the annotations may say otherwise); null for none.</summary>
    public PaginationModel? Paging { get; init; }

    /// <summary>"METHOD /path".</summary>
    public string Route => Method + " " + Path;
}

internal enum ParameterLocation
{
    Path,
    Query,
    Header,
    Cookie,
}

/// <summary>A path, query, header or cookie parameter.</summary>
/// <param name="Name">The C# parameter name (camelCase, unique in the method, escaped when a keyword).</param>
/// <param name="WireName">The name on the wire.</param>
internal sealed record ParameterModel(
    string Name,
    string WireName,
    ParameterLocation In,
    TypeRef Type,
    bool IsRequired,
    ParameterStyle Style,
    bool Explode,
    bool AllowReserved,
    string? Summary,
    bool Deprecated);

internal enum BodyKind
{
    None,
    Json,
    Text,
    Binary,
    Form,
    Multipart,

    /// <summary><c>text/event-stream</c>: server-sent events.</summary>
    EventStream,

    /// <summary>JSON Lines: <c>application/x-ndjson</c>, <c>application/jsonl</c>, <c>application/json-seq</c>.</summary>
    JsonLines,
}

/// <summary>
/// A success response an operation can stream (server-sent events or JSON Lines): the client gets a method that yields
/// its events as they arrive, beside the operation's method.
/// </summary>
/// <param name="MethodName">The streaming method's name without the Async suffix (<c>CreateChatCompletionStreaming</c>).</param>
/// <param name="Kind"><see cref="BodyKind.EventStream"/> or <see cref="BodyKind.JsonLines"/>.</param>
/// <param name="EventType">The type of each event's data.</param>
internal sealed record StreamModel(string MethodName, string Status, string MediaType, BodyKind Kind, TypeRef EventType);

/// <summary>The request body: the media type sent and the C# parameter that carries it.</summary>
/// <param name="DeepObjectProperties">Form properties whose <c>encoding</c> is deepObject: arrays are sent as <c>name[0]</c>, <c>name[1]</c>.</param>
/// <param name="IsReplayable">Whether the body can be sent again (false for a stream or a multipart body with files), so the call can be retried.</param>
internal sealed record RequestBodyModel(string Name, string MediaType, BodyKind Kind, TypeRef Type, bool IsRequired, string? Summary, EquatableArray<string> DeepObjectProperties, bool IsReplayable);

/// <summary>A declared response: an exact status (<c>404</c>), a range (<c>4XX</c>) or <c>default</c>, and its body.</summary>
/// <param name="Type">The body's C# type (null when there is none).</param>
/// <param name="PropertyName">For a success status of an operation with a result class, the property holding its body.</param>
internal sealed record ResponseModel(string Status, BodyKind Kind, string? MediaType, TypeRef? Type, string? Summary, string? PropertyName)
{
    /// <summary>The nested class of the operation's outcome for this status (Ok, NotFound, ClientError, Default, …).</summary>
    public string CaseName { get; init; } = "";

    /// <summary>An exact status code, or null for a range or <c>default</c>.</summary>
    public int? Code => CodeOf(Status);

    /// <summary>The first digit of a range such as <c>4XX</c>, or null.</summary>
    public int? RangeDigit => RangeDigitOf(Status);

    public bool IsDefault => Status == "default";

    /// <summary>Whether a <c>responses</c> key is an HTTP status, a range or <c>default</c>.</summary>
    public static bool IsStatusKey(string status) => status == "default" || RangeDigitOf(status) is not null || CodeOf(status) is >= 100 and <= 599;

    /// <summary>The exact status code a key names (<c>404</c>), or null.</summary>
    public static int? CodeOf(string status) =>
        int.TryParse(status, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;

    /// <summary>The first digit of a range key (<c>4XX</c>, <c>4xx</c>), or null.</summary>
    public static int? RangeDigitOf(string status) =>
        status.Length == 3 && status[0] is >= '1' and <= '5' && (status[1] is 'X' or 'x') && (status[2] is 'X' or 'x') ? status[0] - '0' : null;
}
