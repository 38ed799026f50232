using System;
using System.Collections.Generic;
using System.Linq;
using OpenApiClientGen.Runtime;

namespace OpenApiClientGen.Model;

/// <summary>
/// The one owner of the names the generated output occupies: the runtime types it calls (read from the runtime
/// assembly itself, so a rename there is a compile error here, not in a user's build), the short aliases generated
/// files declare, the members a generated client, options class or record declares, and the locals of a client method.
/// The binder keeps user-derived names clear of these; the emitters write them.
/// </summary>
internal static class OutputNames
{
    // ---------------------------------------------------------------- runtime types (global::-qualified)

    public static readonly string ApiExceptionType = Global(typeof(ApiException));
    public static readonly string ApiClientOptionsType = Global(typeof(ApiClientOptions));
    public static readonly string FileContentType = Global(typeof(FileContent));
    public static readonly string RequestOptionsType = Global(typeof(RequestOptions));
    public static readonly string TokenProviderType = Global(typeof(ITokenProvider));
    public static readonly string ClientCredentialsTokenProviderType = Global(typeof(ClientCredentialsTokenProvider));
    public static readonly string ClientCredentialsOptionsType = Global(typeof(ClientCredentialsOptions));
    public static readonly string ApiResponseType = Global(typeof(ApiResponse));
    public static readonly string ApiOutcomeType = Global(typeof(ApiOutcome));

    /// <summary><c>ApiResponse&lt;T&gt;</c> of a result type.</summary>
    public static string ApiResponseOf(string type) => ApiResponseType + "<" + type + ">";

    /// <summary><c>ApiException&lt;TPayload&gt;</c> of a payload type.</summary>
    public static string ApiExceptionOf(string payload) => ApiExceptionType + "<" + payload + ">";

    /// <summary>The runtime assembly's name: what a consuming compilation must reference.</summary>
    public static readonly string RuntimeAssembly = typeof(ApiException).Assembly.GetName().Name!;

    /// <summary>The runtime version the emitted code is written against.</summary>
    public static readonly Version RuntimeVersion = typeof(ApiException).Assembly.GetName().Version!;

    // ---------------------------------------------------------------- aliases

    /// <summary>
    /// Short names generated files declare as aliases inside the spec's namespace (only those a file uses), so generated
    /// code reads like hand-written code. No generated type may take these names.
    /// </summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Aliases = new[]
    {
        Alias(typeof(ClientSupport)),
        Alias(typeof(JsonObjectCase)),
        Alias(typeof(JsonSupport)),
        Alias(typeof(JsonMetadata)),
        Alias(typeof(JsonMemberKind)),
        Alias(typeof(ParameterStyle)),
        Alias(typeof(ParameterValue)),
        Alias(typeof(Redactor)),
        Alias(typeof(RequestUrl)),
        Alias(typeof(RetryLoop)),
        Alias(typeof(CallScope)),
        Alias(typeof(SchemeUse)),
        Alias(typeof(StreamFormat)),
        Alias(typeof(Pagination)),
        Alias(typeof(PageRule)),
        Alias(typeof(PageStyle)),
        Alias(typeof(OpenApiClientGen.RetryPolicy)),
        Alias(typeof(OpenApiClientGen.RetryMetadata)),
        Alias(typeof(OpenApiClientGen.ErrorRule)),
        Alias(typeof(OpenApiClientGen.OperationRetry)),
        Alias(typeof(OpenApiClientGen.Retryability)),
        Alias(typeof(OpenApiClientGen.RetryMode)),
        Alias(typeof(OpenApiClientGen.ErrorCodeMatch)),
        new KeyValuePair<string, string>("JsonConverterAttribute", "global::System.Text.Json.Serialization.JsonConverterAttribute"),
        new KeyValuePair<string, string>("JsonEncodedText", "global::System.Text.Json.JsonEncodedText"),
        new KeyValuePair<string, string>("JsonException", "global::System.Text.Json.JsonException"),
        new KeyValuePair<string, string>("JsonPropertyNameAttribute", "global::System.Text.Json.Serialization.JsonPropertyNameAttribute"),
        new KeyValuePair<string, string>("JsonSerializerOptions", "global::System.Text.Json.JsonSerializerOptions"),
        new KeyValuePair<string, string>("JsonTokenType", "global::System.Text.Json.JsonTokenType"),
        new KeyValuePair<string, string>("JsonTypeInfo", "global::System.Text.Json.Serialization.Metadata.JsonTypeInfo"),
        new KeyValuePair<string, string>("Utf8JsonReader", "global::System.Text.Json.Utf8JsonReader"),
        new KeyValuePair<string, string>("Utf8JsonWriter", "global::System.Text.Json.Utf8JsonWriter"),
    };

    // The alias names emitters write (each one of Aliases).
    public const string ClientSupportAlias = nameof(Runtime.ClientSupport);
    public const string JsonSupportAlias = nameof(Runtime.JsonSupport);
    public const string JsonObjectCaseAlias = nameof(Runtime.JsonObjectCase);
    public const string JsonMetadataAlias = nameof(Runtime.JsonMetadata);
    public const string JsonMemberKindAlias = nameof(Runtime.JsonMemberKind);
    public const string JsonTypeInfoAlias = "JsonTypeInfo";
    public const string ParameterStyleAlias = nameof(Runtime.ParameterStyle);
    public const string ParameterValueAlias = nameof(Runtime.ParameterValue);
    public const string RedactorAlias = nameof(Runtime.Redactor);
    public const string RequestUrlAlias = nameof(Runtime.RequestUrl);
    public const string RetryLoopAlias = nameof(Runtime.RetryLoop);
    public const string CallScopeAlias = nameof(Runtime.CallScope);
    public const string SchemeUseAlias = nameof(Runtime.SchemeUse);
    public const string StreamFormatAlias = nameof(Runtime.StreamFormat);
    public const string PaginationAlias = nameof(Runtime.Pagination);
    public const string PageRuleAlias = nameof(Runtime.PageRule);
    public const string PageStyleAlias = nameof(Runtime.PageStyle);
    public const string RetryPolicyAlias = nameof(OpenApiClientGen.RetryPolicy);
    public const string RetryMetadataAlias = nameof(OpenApiClientGen.RetryMetadata);
    public const string ErrorRuleAlias = nameof(OpenApiClientGen.ErrorRule);
    public const string OperationRetryAlias = nameof(OpenApiClientGen.OperationRetry);
    public const string RetryabilityAlias = nameof(OpenApiClientGen.Retryability);
    public const string RetryModeAlias = nameof(OpenApiClientGen.RetryMode);
    public const string ErrorCodeMatchAlias = nameof(OpenApiClientGen.ErrorCodeMatch);
    public const string JsonConverterAlias = "JsonConverter";
    public const string JsonPropertyNameAlias = "JsonPropertyName";
    public const string JsonEncodedTextAlias = "JsonEncodedText";
    public const string JsonExceptionAlias = "JsonException";
    public const string JsonSerializerOptionsAlias = "JsonSerializerOptions";
    public const string JsonTokenTypeAlias = "JsonTokenType";
    public const string ReaderAlias = "Utf8JsonReader";
    public const string WriterAlias = "Utf8JsonWriter";

    /// <summary>
    /// Type names a schema may not take in a spec's namespace: the aliases (with the attribute names as written in code)
    /// and the runtime's public types, which a user imports beside the spec's namespace (<c>using OpenApiClientGen;</c>).
    /// </summary>
    public static readonly ISet<string> ReservedTypeNames = new HashSet<string>(
        Aliases.Select(a => a.Key)
            .Concat(new[] { JsonConverterAlias, JsonPropertyNameAlias })
            .Concat(typeof(ApiException).Assembly.GetExportedTypes().Where(t => t.Namespace == typeof(ApiException).Namespace).Select(t => TypeName(t))),
        StringComparer.Ordinal);

    // ---------------------------------------------------------------- generated client members

    /// <summary>The client's options.</summary>
    public const string Options = "Options";

    /// <summary>The client's retry metadata (a public static property).</summary>
    public const string RetryMetadataProperty = "RetryMetadata";

    /// <summary>The annotated API-wide policy (a private static field of the retry file).</summary>
    public const string AnnotatedPolicy = "AnnotatedPolicy";

    public const string HttpClientField = "_httpClient";
    public const string SecretQueryNames = "SecretQueryNames";
    public const string NoSecurity = "NoSecurity";
    public const string BaseAddress = "BaseAddress";
    public const string Prepare = "Prepare";
    public const string HasCredential = "HasCredential";
    public const string Authenticate = "AuthenticateAsync";
    public const string Secrets = "Secrets";

    public const string Call = "CallAsync";
    public const string StreamCall = "StreamEventsAsync";
    public const string Redactor = "Redactor";

    /// <summary>The sub-client of the operations without a tag, when the others have tags.</summary>
    public const string DefaultGroup = "Default";

    /// <summary>The client's view whose methods return the typed result with its raw response.</summary>
    public const string WithRawResponse = "WithRawResponse";

    /// <summary>The client's view whose methods return the operation's outcome instead of throwing.</summary>
    public const string WithOutcome = "WithOutcome";

    /// <summary>The interface of a client's raw-response view.</summary>
    public static string RawResponsesInterface(string clientName) => "I" + clientName + "RawResponses";

    /// <summary>The interface of a client's outcome view.</summary>
    public static string OutcomesInterface(string clientName) => "I" + clientName + "Outcomes";

    /// <summary>The static class of a client's dependency-injection registration.</summary>
    public static string ServiceCollectionExtensions(string clientName) => clientName + "ServiceCollectionExtensions";

    /// <summary>Every member a generated client class declares besides its operations (and what every object has).</summary>
    public static readonly IReadOnlyList<string> ClientMembers = new[]
    {
        Options, RetryMetadataProperty, AnnotatedPolicy, HttpClientField, SecretQueryNames, NoSecurity, BaseAddress, Prepare,
        HasCredential, Authenticate, Secrets, Call, StreamCall, Redactor, WithRawResponse, WithOutcome,
        "Dispose", "Equals", "GetHashCode", "ToString", "GetType",
    };

    /// <summary>The outcome's method that returns what the throwing method returns, or throws its error.</summary>
    public const string GetValueOrThrow = "GetValueOrThrow";

    /// <summary>The members of a generated options class besides its credentials: the runtime base class's, and the default server.</summary>
    public static readonly IReadOnlyList<string> OptionsMembers = new[]
    {
        nameof(OpenApiClientGen.ApiClientOptions.BaseAddress), nameof(OpenApiClientGen.ApiClientOptions.DefaultHeaders),
        nameof(OpenApiClientGen.ApiClientOptions.UserAgent), nameof(OpenApiClientGen.ApiClientOptions.Retry),
        nameof(OpenApiClientGen.ApiClientOptions.TimeProvider), nameof(OpenApiClientGen.ApiClientOptions.OnRetry),
        DefaultBaseAddress, "Equals", "GetHashCode", "ToString", "GetType",
    };

    /// <summary>The constant of the first server's URL in a generated options class.</summary>
    public const string DefaultBaseAddress = "DefaultBaseAddress";

    // ---------------------------------------------------------------- client method locals

    public const string CancellationTokenLocal = "cancellationToken";
    public const string RequestOptionsLocal = "requestOptions";
    public const string CallLocal = "call";
    public const string RequestUrlLocal = "requestUrl";
    public const string HttpRequestLocal = "httpRequest";
    public const string HttpResponseLocal = "httpResponse";
    public const string CreateRequestLocal = "CreateRequest";
    public const string PageOptionsLocal = "pageOptions";
    public const string PageTokenLocal = "pageToken";
    public const string DecodeLocal = "DecodeAsync";

    /// <summary>Names every client method body declares; parameters (and the emitter's own locals) avoid them.</summary>
    public static readonly IReadOnlyList<string> MethodLocals = new[] { CancellationTokenLocal, RequestOptionsLocal, CallLocal, RequestUrlLocal, HttpRequestLocal, HttpResponseLocal, CreateRequestLocal, DecodeLocal, PageOptionsLocal, PageTokenLocal };

    // ---------------------------------------------------------------- record members

    /// <summary>Members every record (or union/enum struct) already has; a property may not take these names.</summary>
    public static readonly ISet<string> ReservedMemberNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "EqualityContract", "Equals", "GetHashCode", "ToString", "GetType", "PrintMembers", "Deconstruct", "Clone",
        "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    /// <summary>What a generated enum struct declares besides its values (ModelEmitter.EmitEnum): its values avoid these.</summary>
    public static readonly ISet<string> EnumMemberNames = new HashSet<string>(ReservedMemberNames.Concat(new[] { "Value", "IsKnown", "IsKnownValue", "_value" }), StringComparer.Ordinal);

    /// <summary>What a generated union declares besides its cases (ModelEmitter.EmitUnion): its cases avoid these.</summary>
    public static readonly ISet<string> UnionMemberNames = new HashSet<string>(ReservedMemberNames.Concat(new[] { "Value", "Match" }), StringComparer.Ordinal);

    /// <summary>
    /// Type names a schema may not take: a type cannot be named like a member it declares (CS0542), so a schema called
    /// <c>ToString</c>, <c>Equals</c>, <c>Match</c> or <c>Value</c> is renamed whatever shape it gets.
    /// </summary>
    public static readonly ISet<string> TypeMemberNames = new HashSet<string>(EnumMemberNames.Concat(UnionMemberNames), StringComparer.Ordinal);

    /// <summary>
    /// What a generated outcome type has besides its cases (the runtime base's members, its own GetValueOrThrow, a
    /// case's Value, Error and Payload): its cases avoid these.
    /// </summary>
    public static readonly ISet<string> OutcomeMembers = new HashSet<string>(ReservedMemberNames.Concat(new[]
    {
        nameof(OpenApiClientGen.ApiOutcome.Response), nameof(OpenApiClientGen.ApiOutcome.StatusCode), nameof(OpenApiClientGen.ApiOutcome.Error),
        nameof(OpenApiClientGen.ApiOutcome.IsSuccess), nameof(OpenApiClientGen.ApiOutcome.ThrowIfError), GetValueOrThrow, "Value", "Payload",
    }), StringComparer.Ordinal);

    private static KeyValuePair<string, string> Alias(Type type) => new(TypeName(type), Global(type));

    private static string TypeName(Type type) => type.Name.IndexOf('`') is var tick and >= 0 ? type.Name.Substring(0, tick) : type.Name;

    private static string Global(Type type) => "global::" + type.Namespace + "." + TypeName(type);
}
