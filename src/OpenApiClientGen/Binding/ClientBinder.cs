using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.OpenApi;
using OpenApiClientGen.Diagnostics;
using OpenApiClientGen.Model;
using OpenApiClientGen.Reading;
using ModelLocation = OpenApiClientGen.Model.ParameterLocation;
using ModelStyle = OpenApiClientGen.Runtime.ParameterStyle;

namespace OpenApiClientGen.Binding;

/// <summary>
/// Paths, operations, servers and security schemes → the <see cref="ClientModel"/>: one async method per operation with
/// its parameters, body, success results and per-status errors. Schemas met on the way are bound by the <see cref="SchemaBinder"/>.
/// </summary>
internal sealed class ClientBinder
{
    private readonly SchemaBinder _schemas;
    private readonly Problems _problems;
    private readonly Dictionary<string, TypeRef> _valueTypes = new(StringComparer.Ordinal);
    // Operation names (before "Async") clear of the client's own members, with or without that suffix.
    private readonly HashSet<string> _methodNames = new(
        OutputNames.ClientMembers.Concat(OutputNames.ClientMembers.Where(m => m.EndsWith("Async", StringComparison.Ordinal)).Select(m => m.Substring(0, m.Length - "Async".Length))),
        StringComparer.Ordinal);

    public ClientBinder(SchemaBinder schemas, Problems problems)
    {
        _schemas = schemas;
        _problems = problems;
    }

    /// <summary>
    /// Types without declared metadata (lists, maps, primitives, JsonElement) that operations read or write as a whole
    /// body or parameter: the JSON context gets a converter for each.
    /// </summary>
    public EquatableArray<TypeRef> ValueTypes => _valueTypes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToEquatableArray();

    /// <summary>The names the client's own types take; schemas bound later must not use them (runtime types and aliases: <see cref="OutputNames.ReservedTypeNames"/>).</summary>
    public static IEnumerable<string> ReservedTypeNames(string clientName) => new[]
    {
        clientName, "I" + clientName, clientName + "Options", OutputNames.RawResponsesInterface(clientName), OutputNames.OutcomesInterface(clientName),
        OutputNames.ServiceCollectionExtensions(clientName),
    };

    public ClientModel? Bind(OpenApiDocument document, string clientName, string version, bool groupByTag)
    {
        if (document.Paths is not { Count: > 0 }) return null;
        var schemes = BindSecuritySchemes(document);
        var operations = new List<(OperationModel Model, string? Tag)>();
        foreach (var pathItem in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (pathItem.Value?.Operations is null) continue;
            foreach (var operation in pathItem.Value.Operations.OrderBy(o => o.Key.Method, StringComparer.Ordinal))
            {
                if (operation.Value is null) continue;
                var pointer = "#/paths/" + PointerLocator.Escape(pathItem.Key) + "/" + operation.Key.Method.ToLowerInvariant();
                var tag = operation.Value.Tags?.Select(t => t?.Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n))?.Trim();
                operations.Add((BindOperation(document, pathItem.Key, pathItem.Value, operation.Key.Method.ToUpperInvariant(), operation.Value, pointer, schemes), tag));
            }
        }

        var groups = groupByTag ? BindGroups(document, operations) : new Dictionary<string, GroupModel>();
        var (absolute, relative) = BaseAddress(document);
        return new ClientModel(
            clientName, "I" + clientName, clientName + "Options", absolute, relative,
            clientName + "/" + (string.IsNullOrWhiteSpace(version) ? "1.0" : version.Trim()),
            schemes.ToEquatableArray(),
            operations.Select(o => groups.Count == 0 ? o.Model : o.Model with { Group = groups[o.Tag ?? ""].PropertyName }).ToEquatableArray(),
            groups.Values.OrderBy(g => g.PropertyName, StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>
    /// A sub-client per tag (by the first tag an operation lists; untagged operations in a default group), in the order
    /// the document lists its tags; none when every operation would land in one group.
    /// </summary>
    private Dictionary<string, GroupModel> BindGroups(OpenApiDocument document, List<(OperationModel Model, string? Tag)> operations)
    {
        var groups = new Dictionary<string, GroupModel>(StringComparer.Ordinal);
        var tags = operations.Select(o => o.Tag ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count < 2) return groups;
        var declared = (document.Tags ?? new HashSet<OpenApiTag>()).Where(t => t?.Name is not null).GroupBy(t => t.Name!.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var taken = new HashSet<string>(OutputNames.ClientMembers, StringComparer.Ordinal);
        foreach (var tag in tags.OrderBy(t => t, StringComparer.Ordinal))
        {
            var pascal = Identifiers.ToPascalCase(tag).TrimStart('_');
            var property = Identifiers.Unique(tag.Length == 0 ? OutputNames.DefaultGroup : pascal.Length == 0 || char.IsDigit(pascal[0]) ? "Tag" + pascal : pascal, taken);
            var summary = declared.TryGetValue(tag, out var declaredTag) ? Clean(declaredTag.Description) : null;
            groups[tag] = new GroupModel(
                tag.Length == 0 ? null : tag, property,
                _schemas.ReserveTypeName("I" + property + "Client"),
                _schemas.ReserveTypeName("I" + property + "ClientRawResponses"),
                _schemas.ReserveTypeName("I" + property + "ClientOutcomes"),
                summary);
        }
        return groups;
    }

    /// <summary>The C# name of an operation: its <c>operationId</c>, else the method and path (<c>GET /pets/{id}</c> → <c>GetPetsById</c>).</summary>
    public static string OperationName(string method, string path, string? operationId)
    {
        if (!string.IsNullOrWhiteSpace(operationId)) return Identifiers.ToPascalCase(operationId!);
        var words = path.Split('/').Where(s => s.Length > 0)
            .Select(s => s.StartsWith("{", StringComparison.Ordinal) ? "By" + Identifiers.ToPascalCase(s.Trim('{', '}')) : Identifiers.ToPascalCase(s));
        return Identifiers.ToPascalCase(method.ToLowerInvariant()) + string.Concat(words);
    }

    // ------------------------------------------------------------------ operations

    private OperationModel BindOperation(OpenApiDocument document, string path, IOpenApiPathItem pathItem, string method, OpenApiOperation operation, string pointer, List<SecuritySchemeModel> schemes)
    {
        var typeName = OperationName(method, path, operation.OperationId);
        var name = Identifiers.Unique(typeName.TrimStart('_') is { Length: > 0 } n && !char.IsDigit(n[0]) ? n : "Call" + typeName, _methodNames);
        if (operation.OperationId is { Length: > 0 } id && name != Identifiers.ToPascalCase(id))
            _problems.Add(DiagnosticDescriptors.RenamedIdentifier, pointer + "/operationId", id, name + "Async", "another operation already has that name");

        var taken = new HashSet<string>(OutputNames.MethodLocals, StringComparer.Ordinal);
        var parameters = BindParameters(path, pathItem, operation, pointer, typeName, taken);
        var body = BindBody(operation.RequestBody, pointer + "/requestBody", typeName, taken);
        var (successes, errors, resultName) = BindResponses(operation, pointer, typeName);
        var (outcomeName, undeclared) = NameOutcome(typeName, ref successes, ref errors);

        var requirements = operation.Security ?? document.Security;
        var security = (requirements ?? new List<OpenApiSecurityRequirement>())
            .Select(r => r.Where(p => p.Key.Reference?.Id is { } k && schemes.Any(s => s.Key == k))
                .Select(p => new SchemeUseModel(p.Key.Reference.Id!, (p.Value ?? new List<string>()).Where(scope => !string.IsNullOrEmpty(scope)).Distinct(StringComparer.Ordinal).ToEquatableArray()))
                .OrderBy(u => u.Scheme, StringComparer.Ordinal).ToEquatableArray())
            // Alternatives with credentials come first, so an optional requirement ({}) does not win over a configured key.
            .OrderBy(a => a.Count == 0 ? 1 : 0)
            .Distinct()
            .ToEquatableArray();

        return new OperationModel(
            name, method, path, operation.OperationId, Clean(operation.Summary), Clean(operation.Description), operation.Deprecated,
            parameters, body, successes, errors, security, resultName, outcomeName, undeclared)
        {
            Stream = BindStream(operation, pointer, name, typeName),
            Paging = PagingExtensions.Read(operation.Extensions),
        };
    }

    /// <summary>
    /// The operation's outcome type and its cases: one per declared status (a default that answers successes has a
    /// success case and an error case), named after the status, and one for any status it does not declare unless a
    /// default error takes those.
    /// </summary>
    private (string OutcomeName, string? Undeclared) NameOutcome(string typeName, ref EquatableArray<ResponseModel> successes, ref EquatableArray<ResponseModel> errors)
    {
        var outcomeName = _schemas.ReserveTypeName(typeName + "Outcome");
        var taken = new HashSet<string>(OutputNames.OutcomeMembers, StringComparer.Ordinal) { outcomeName };
        successes = successes.Select(s => s with { CaseName = Identifiers.Unique(s.IsDefault ? "Success" : StatusMemberName(s.Status), taken) }).ToEquatableArray();
        errors = errors.Select(e => e with { CaseName = Identifiers.Unique(StatusMemberName(e.Status), taken) }).ToEquatableArray();
        var undeclared = errors.Any(e => e.IsDefault) ? null : Identifiers.Unique("Undeclared", taken);
        return (outcomeName, undeclared);
    }

    private EquatableArray<ParameterModel> BindParameters(string path, IOpenApiPathItem pathItem, OpenApiOperation operation, string pointer, string typeName, HashSet<string> taken)
    {
        // Operation parameters override path-item parameters of the same name and location.
        // (Each parameter as its target, resolved once, and its description: a reference overrides nothing else, and
        // Microsoft.OpenApi resolves the target anew on every read of a reference's property.)
        var declared = new List<(IOpenApiParameter Parameter, string? Description, string Pointer)>();
        var pathLevel = pathItem.Parameters ?? new List<IOpenApiParameter>();
        var operationLevel = operation.Parameters ?? new List<IOpenApiParameter>();
        for (var i = 0; i < operationLevel.Count; i++)
        {
            if (Target(operationLevel[i]) is { Name: not null } p) declared.Add((p, operationLevel[i].Description, pointer + "/parameters/" + i.ToString(CultureInfo.InvariantCulture)));
        }
        for (var i = 0; i < pathLevel.Count; i++)
        {
            if (Target(pathLevel[i]) is { Name: not null } p && !declared.Any(d => d.Parameter.Name == p.Name && d.Parameter.In == p.In))
                declared.Add((p, pathLevel[i].Description, pointer.Substring(0, pointer.LastIndexOf('/')) + "/parameters/" + i.ToString(CultureInfo.InvariantCulture)));
        }

        var templateNames = PathTemplateNames(path);
        var result = new List<ParameterModel>();
        foreach (var (parameter, description, parameterPointer) in declared)
        {
            var location = parameter.In switch
            {
                Microsoft.OpenApi.ParameterLocation.Path => ModelLocation.Path,
                Microsoft.OpenApi.ParameterLocation.Header => ModelLocation.Header,
                Microsoft.OpenApi.ParameterLocation.Cookie => ModelLocation.Cookie,
                _ => ModelLocation.Query,
            };
            var wireName = parameter.Name!;
            if (location == ModelLocation.Header && wireName.ToLowerInvariant() is "accept" or "content-type" or "authorization")
                continue; // OpenAPI: such header parameters are ignored (the client sets them).
            if (location == ModelLocation.Path && !templateNames.Contains(wireName))
            {
                _problems.Add(DiagnosticDescriptors.OperationAdjusted, parameterPointer, $"The path parameter '{wireName}' does not appear in the path '{path}'; it is left out of the method");
                continue;
            }

            var schema = parameter.Schema ?? parameter.Content?.Values.FirstOrDefault()?.Schema;
            var type = _schemas.Resolve(schema, typeName + Identifiers.ToPascalCase(wireName), parameterPointer + "/schema");
            var required = parameter.Required || location == ModelLocation.Path;
            type = type.WithNullable(!required || type.Nullable && type.Kind != TypeKind.Json);
            if (!IsScalar(type.Kind)) AddValueType(type);

            var style = parameter.Style switch
            {
                Microsoft.OpenApi.ParameterStyle.Label => ModelStyle.Label,
                Microsoft.OpenApi.ParameterStyle.Matrix => ModelStyle.Matrix,
                Microsoft.OpenApi.ParameterStyle.Form => ModelStyle.Form,
                Microsoft.OpenApi.ParameterStyle.SpaceDelimited => ModelStyle.SpaceDelimited,
                Microsoft.OpenApi.ParameterStyle.PipeDelimited => ModelStyle.PipeDelimited,
                Microsoft.OpenApi.ParameterStyle.DeepObject => ModelStyle.DeepObject,
                Microsoft.OpenApi.ParameterStyle.Simple => ModelStyle.Simple,
                _ => location is ModelLocation.Query or ModelLocation.Cookie ? ModelStyle.Form : ModelStyle.Simple,
            };
            var csharpName = Identifiers.Unique(Identifiers.ToCamelCase(Identifiers.ToPascalCase(wireName)), taken);
            result.Add(new ParameterModel(csharpName, wireName, location, type, required, style, parameter.Explode, parameter.AllowReserved,
                Clean(description), parameter.Deprecated));
        }

        foreach (var missing in templateNames.Where(t => !result.Any(p => p.In == ModelLocation.Path && p.WireName == t)))
        {
            _problems.Add(DiagnosticDescriptors.OperationAdjusted, pointer, $"The path '{path}' has the parameter '{{{missing}}}' that the operation does not declare; it is added as a required string");
            result.Add(new ParameterModel(Identifiers.Unique(Identifiers.ToCamelCase(Identifiers.ToPascalCase(missing)), taken), missing, ModelLocation.Path,
                TypeRef.Of(TypeKind.String), true, ModelStyle.Simple, false, false, null, false));
        }

        // Required parameters first, path parameters in template order.
        return result
            .OrderBy(p => p.IsRequired ? 0 : 1)
            .ThenBy(p => p.In == ModelLocation.Path ? templateNames.IndexOf(p.WireName) : int.MaxValue)
            .ToEquatableArray();
    }

    private static IOpenApiParameter? Target(IOpenApiParameter? parameter) =>
        parameter is OpenApiParameterReference { Target: { } target } ? target : parameter;

    private static List<string> PathTemplateNames(string path)
    {
        var names = new List<string>();
        for (var start = path.IndexOf('{'); start >= 0; start = path.IndexOf('{', start + 1))
        {
            var end = path.IndexOf('}', start);
            if (end < 0) break;
            names.Add(path.Substring(start + 1, end - start - 1));
        }
        return names;
    }

    /// <summary>An object schema that admits only <c>{}</c>: no properties, no additional ones, no composition.</summary>
    private static bool IsEmptyObject(IOpenApiSchema? schema) =>
        schema is not null and not OpenApiSchemaReference
        && schema.Properties is not { Count: > 0 }
        && (!schema.AdditionalPropertiesAllowed || schema.AdditionalProperties is { Not: not null })
        && schema.AllOf is not { Count: > 0 } && schema.OneOf is not { Count: > 0 } && schema.AnyOf is not { Count: > 0 }
        && (schema.Type is null || schema.Type == JsonSchemaType.Object);

    private RequestBodyModel? BindBody(IOpenApiRequestBody? body, string pointer, string typeName, HashSet<string> taken)
    {
        if (body?.Content is not { Count: > 0 } content) return null;
        var (mediaType, media, kind) = content
            .Select(c => (MediaType: c.Key, Media: c.Value, Kind: Classify(c.Key, c.Value?.Schema)))
            .OrderBy(c => c.Kind switch { BodyKind.Json => 0, BodyKind.Multipart => 1, BodyKind.Form => 2, BodyKind.Text => 3, _ => 4 })
            .ThenBy(c => c.MediaType, StringComparer.Ordinal)
            .First();
        // An event stream or JSON Lines sent as a request body is sent as it is: a stream of your own.
        if (kind is BodyKind.EventStream or BodyKind.JsonLines) kind = BodyKind.Binary;
        // A body that can hold nothing (an object with no properties and no others allowed, as Stripe declares on its
        // GET operations) is no parameter at all.
        if (kind is BodyKind.Json or BodyKind.Form or BodyKind.Multipart && IsEmptyObject(media?.Schema)) return null;
        var type = kind switch
        {
            BodyKind.Text => TypeRef.Of(TypeKind.String),
            BodyKind.Binary => TypeRef.Of(TypeKind.Stream),
            _ => _schemas.Resolve(media?.Schema, typeName + "Request", pointer + "/content/" + PointerLocator.Escape(mediaType) + "/schema"),
        };
        if (kind == BodyKind.Json && type.Kind == TypeKind.File)
        {
            kind = BodyKind.Binary;
            type = TypeRef.Of(TypeKind.Stream);
        }
        if (kind is BodyKind.Json or BodyKind.Form) AddValueType(type);
        // A stream is read once: such a body cannot be sent again, so its operation is never retried.
        var replayable = kind != BodyKind.Binary;
        if (kind == BodyKind.Multipart)
        {
            // Parts are written property by property: the JSON context needs the non-scalar property types.
            if (type.Kind == TypeKind.Record && _schemas.Types.OfType<RecordModel>().FirstOrDefault(r => r.Name == type.Name) is { } record)
            {
                foreach (var property in record.Properties)
                {
                    var isFile = property.Type.Kind == TypeKind.File || property.Type.Element?.Kind == TypeKind.File;
                    replayable &= !isFile;
                    if (!IsScalar(property.Type.Kind) && !isFile) AddValueType(property.Type);
                }
            }
            else
            {
                AddValueType(type);
            }
        }
        var required = body.Required;
        var deepObject = kind == BodyKind.Form && media?.Encoding is { } encoding
            ? encoding.Where(e => e.Value?.Style == Microsoft.OpenApi.ParameterStyle.DeepObject).Select(e => e.Key).OrderBy(k => k, StringComparer.Ordinal).ToEquatableArray()
            : EquatableArray<string>.Empty;
        return new RequestBodyModel(Identifiers.Unique("body", taken), mediaType, kind, type.WithNullable(!required || type.Nullable && type.Kind != TypeKind.Json), required, Clean(body.Description), deepObject, replayable);
    }

    private (EquatableArray<ResponseModel> Successes, EquatableArray<ResponseModel> Errors, string? ResultName) BindResponses(OpenApiOperation operation, string pointer, string typeName)
    {
        var successes = new List<ResponseModel>();
        var errors = new List<ResponseModel>();
        if (operation.Responses is null) return (successes.ToEquatableArray(), errors.ToEquatableArray(), null);

        var hasSuccess = operation.Responses.Keys.Any(IsSuccessStatus);
        var successNamed = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var response in operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var status = response.Key.Length == 3 ? response.Key.ToUpperInvariant() : response.Key.ToLowerInvariant();
            if (!ResponseModel.IsStatusKey(status))
            {
                _problems.Add(DiagnosticDescriptors.OperationAdjusted, pointer + "/responses/" + PointerLocator.Escape(response.Key), $"'{response.Key}' is not an HTTP status, a range such as 4XX, or default; the response is ignored");
                continue;
            }
            // Status keys are case-insensitive (2XX and 2xx are one range): the first, in ordinal order, answers.
            if (!seen.Add(status))
            {
                _problems.Add(DiagnosticDescriptors.OperationAdjusted, pointer + "/responses/" + PointerLocator.Escape(response.Key), $"'{response.Key}' repeats the status of another response (status keys are case-insensitive); it is ignored");
                continue;
            }
            var isSuccess = IsSuccessStatus(status) || status == "default" && !hasSuccess;
            var suffix = isSuccess && !successNamed ? "Response" : (status == "default" ? "Default" : status) + "Response";
            successNamed |= isSuccess;
            var (kind, mediaType, type) = ResponseBody(response.Value, typeName + suffix, pointer + "/responses/" + PointerLocator.Escape(response.Key));
            var model = new ResponseModel(status, kind, mediaType, type, Clean(response.Value?.Description), null);
            if (isSuccess) successes.Add(model);
            if (!isSuccess || status == "default") errors.Add(model);
        }

        // Exact codes before ranges before default, as the switch tests them.
        static List<ResponseModel> InSwitchOrder(List<ResponseModel> responses) =>
            responses.OrderBy(e => e.Code is not null ? 0 : e.IsDefault ? 2 : 1).ThenBy(e => e.Status, StringComparer.Ordinal).ToList();
        errors = InSwitchOrder(errors);
        successes = InSwitchOrder(successes);

        string? resultName = null;
        var bodies = successes.Where(s => s.Type is not null).Select(s => s.Type!.WithNullable(false)).Distinct().Count();
        if (bodies > 1)
        {
            resultName = _schemas.ReserveTypeName(typeName + "Result");
            var members = new HashSet<string>(StringComparer.Ordinal) { "StatusCode", resultName };
            successes = successes.Select(s => s.Type is null ? s : s with { PropertyName = Identifiers.Unique(StatusMemberName(s.Status), members) }).ToList();
        }
        return (successes.ToEquatableArray(), errors.ToEquatableArray(), resultName);
    }

    private static bool IsSuccessStatus(string status) => status.Length == 3 && status[0] == '2';

    /// <summary>
    /// The success the operation can stream: the first 2xx response (in status order) with a server-sent-events or JSON
    /// Lines media type. Its schema is the type of each event's data (JsonElement without one).
    /// </summary>
    private StreamModel? BindStream(OpenApiOperation operation, string pointer, string name, string typeName)
    {
        foreach (var response in (operation.Responses ?? new OpenApiResponses()).Where(r => IsSuccessStatus(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            foreach (var media in (response.Value?.Content ?? new Dictionary<string, IOpenApiMediaType>()).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                var kind = Classify(media.Key, media.Value?.Schema);
                if (kind is not (BodyKind.EventStream or BodyKind.JsonLines)) continue;
                var type = media.Value?.Schema is { } schema
                    ? _schemas.Resolve(schema, typeName + "StreamEvent", pointer + "/responses/" + PointerLocator.Escape(response.Key) + "/content/" + PointerLocator.Escape(media.Key) + "/schema")
                    : TypeRef.Of(TypeKind.Json);
                type = type.WithNullable(false);
                AddValueType(type);
                return new StreamModel(Identifiers.Unique(name + "Streaming", _methodNames), response.Key, media.Key, kind, type);
            }
        }
        return null;
    }

    private (BodyKind Kind, string? MediaType, TypeRef? Type) ResponseBody(IOpenApiResponse? response, string contextName, string pointer)
    {
        if (response?.Content is not { Count: > 0 } content) return (BodyKind.None, null, null);
        var (mediaType, media, kind) = content
            .Select(c => (MediaType: c.Key, Media: c.Value, Kind: Classify(c.Key, c.Value?.Schema)))
            .OrderBy(c => c.Kind switch { BodyKind.Json => 0, BodyKind.Text => 1, BodyKind.EventStream or BodyKind.JsonLines => 3, _ => 2 })
            .ThenBy(c => c.MediaType, StringComparer.Ordinal)
            .First();
        switch (kind)
        {
            case BodyKind.Json:
                if (media?.Schema is null) return (BodyKind.Json, mediaType, TypeRef.Of(TypeKind.Json));
                var type = _schemas.Resolve(media.Schema, contextName, pointer + "/content/" + PointerLocator.Escape(mediaType) + "/schema");
                if (type.Kind == TypeKind.File) return (BodyKind.Binary, mediaType, TypeRef.Of(TypeKind.Stream));
                type = type.IsValueType ? type.WithNullable(false) : type;
                AddValueType(type);
                return (BodyKind.Json, mediaType, type);
            case BodyKind.Text:
                return (BodyKind.Text, mediaType, TypeRef.Of(TypeKind.String));
            default:
                return (BodyKind.Binary, mediaType, TypeRef.Of(TypeKind.Stream));
        }
    }

    private static BodyKind Classify(string mediaType, IOpenApiSchema? schema)
    {
        var type = mediaType.Split(';')[0].Trim().ToLowerInvariant();
        if (type == "text/event-stream") return BodyKind.EventStream;
        if (type is "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines" or "application/jsonlines" or "application/json-seq")
            return BodyKind.JsonLines;
        if (type.StartsWith("application/json", StringComparison.Ordinal) || type.EndsWith("+json", StringComparison.Ordinal) || type == "text/json")
            return BodyKind.Json;
        if (type == "application/x-www-form-urlencoded") return BodyKind.Form;
        if (type.StartsWith("multipart/", StringComparison.Ordinal)) return BodyKind.Multipart;
        if (type.StartsWith("text/", StringComparison.Ordinal)) return BodyKind.Text;
        if (type == "*/*" && schema is not null && schema.Format != "binary") return BodyKind.Json;
        return BodyKind.Binary;
    }

    private static string StatusMemberName(string status) => status switch
    {
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "NonAuthoritativeInformation",
        "204" => "NoContent",
        "205" => "ResetContent",
        "206" => "PartialContent",
        "207" => "MultiStatus",
        "208" => "AlreadyReported",
        "226" => "ImUsed",
        "2XX" => "Success",
        "1XX" => "Informational",
        "3XX" => "Redirection",
        "4XX" => "ClientError",
        "5XX" => "ServerError",
        "300" => "MultipleChoices",
        "301" => "MovedPermanently",
        "302" => "Found",
        "303" => "SeeOther",
        "304" => "NotModified",
        "307" => "TemporaryRedirect",
        "308" => "PermanentRedirect",
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "402" => "PaymentRequired",
        "403" => "Forbidden",
        "404" => "NotFound",
        "405" => "MethodNotAllowed",
        "406" => "NotAcceptable",
        "407" => "ProxyAuthenticationRequired",
        "408" => "RequestTimeout",
        "409" => "Conflict",
        "410" => "Gone",
        "411" => "LengthRequired",
        "412" => "PreconditionFailed",
        "413" => "ContentTooLarge",
        "414" => "UriTooLong",
        "415" => "UnsupportedMediaType",
        "416" => "RangeNotSatisfiable",
        "417" => "ExpectationFailed",
        "418" => "ImATeapot",
        "421" => "MisdirectedRequest",
        "422" => "UnprocessableEntity",
        "423" => "Locked",
        "424" => "FailedDependency",
        "425" => "TooEarly",
        "426" => "UpgradeRequired",
        "428" => "PreconditionRequired",
        "429" => "TooManyRequests",
        "431" => "RequestHeaderFieldsTooLarge",
        "451" => "UnavailableForLegalReasons",
        "500" => "InternalServerError",
        "501" => "NotImplemented",
        "502" => "BadGateway",
        "503" => "ServiceUnavailable",
        "504" => "GatewayTimeout",
        "505" => "HttpVersionNotSupported",
        "507" => "InsufficientStorage",
        "508" => "LoopDetected",
        "511" => "NetworkAuthenticationRequired",
        "default" => "Default",
        _ => "Status" + status,
    };

    private static bool IsScalar(TypeKind kind) => kind is TypeKind.String or TypeKind.Boolean or TypeKind.Int32 or TypeKind.Int64
        or TypeKind.Single or TypeKind.Double or TypeKind.Decimal or TypeKind.DateTimeOffset or TypeKind.DateOnly or TypeKind.Date or TypeKind.Guid
        or TypeKind.Enum or TypeKind.Bytes;

    /// <summary>Records a type the JSON context needs metadata for when it is not one of the declared types.</summary>
    private void AddValueType(TypeRef type)
    {
        if (type.Kind is TypeKind.Record or TypeKind.Hierarchy or TypeKind.Enum or TypeKind.Union or TypeKind.Stream) return;
        var normalized = type.WithNullable(false);
        var key = ValueTypeKey(normalized);
        if (!_valueTypes.ContainsKey(key)) _valueTypes[key] = normalized;
    }

    /// <summary>Equal for types the CLR does not tell apart (<c>IReadOnlyList&lt;string?&gt;</c> and <c>IReadOnlyList&lt;string&gt;</c>).</summary>
    private static string ValueTypeKey(TypeRef type) => type.Kind + "(" + type.Name + (type.Element is { } e ? ValueTypeKey(e) : "") + (type.Nullable && type.IsValueType ? "?" : "") + ")";

    // ------------------------------------------------------------------ servers and security

    private static (string? Absolute, string? Relative) BaseAddress(OpenApiDocument document)
    {
        if (document.Servers is not { Count: > 0 } servers || servers[0]?.Url is not { Length: > 0 } url) return (null, null);
        if (servers[0].Variables is { } variables)
        {
            foreach (var variable in variables)
                url = url.Replace("{" + variable.Key + "}", variable.Value?.Default ?? "");
        }
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && (absolute.Scheme == "http" || absolute.Scheme == "https"))
            return (absolute.AbsoluteUri, null);
        return url.StartsWith("/", StringComparison.Ordinal) && url.IndexOf('{') < 0 ? (null, url) : (null, null);
    }

    private List<SecuritySchemeModel> BindSecuritySchemes(OpenApiDocument document)
    {
        var result = new List<SecuritySchemeModel>();
        if (document.Components?.SecuritySchemes is not { Count: > 0 } declared) return result;

        var kinds = new List<(string Key, IOpenApiSecurityScheme Scheme, SecurityKind Kind)>();
        foreach (var pair in declared.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var pointer = "#/components/securitySchemes/" + PointerLocator.Escape(pair.Key);
            var scheme = pair.Value;
            SecurityKind? kind = scheme?.Type switch
            {
                SecuritySchemeType.ApiKey => scheme.In switch
                {
                    Microsoft.OpenApi.ParameterLocation.Header => SecurityKind.ApiKeyHeader,
                    Microsoft.OpenApi.ParameterLocation.Query => SecurityKind.ApiKeyQuery,
                    Microsoft.OpenApi.ParameterLocation.Cookie => SecurityKind.ApiKeyCookie,
                    _ => null,
                },
                SecuritySchemeType.Http => scheme.Scheme?.ToLowerInvariant() switch
                {
                    "bearer" => SecurityKind.Bearer,
                    "basic" => SecurityKind.Basic,
                    _ => null,
                },
                SecuritySchemeType.OAuth2 or SecuritySchemeType.OpenIdConnect => SecurityKind.Bearer,
                _ => null,
            };
            if (kind is null || scheme is null || kind is SecurityKind.ApiKeyHeader or SecurityKind.ApiKeyQuery or SecurityKind.ApiKeyCookie && string.IsNullOrEmpty(scheme.Name))
            {
                if (scheme?.Type != SecuritySchemeType.MutualTLS)
                    _problems.Add(DiagnosticDescriptors.OperationAdjusted, pointer, $"The security scheme '{pair.Key}' ({scheme?.Type}{(scheme?.Scheme is { } s ? " " + s : "")}) is not supported; requests are sent without it (set its header through DefaultHeaders)");
                continue;
            }
            kinds.Add((pair.Key, scheme, kind.Value));
        }

        // One scheme of a kind gets the plain name (BearerToken, ApiKey, Username/Password); several are told apart by their key.
        var taken = new HashSet<string>(OutputNames.OptionsMembers, StringComparer.Ordinal);
        foreach (var (key, scheme, kind) in kinds)
        {
            var family = kind is SecurityKind.ApiKeyHeader or SecurityKind.ApiKeyQuery or SecurityKind.ApiKeyCookie ? 1 : (int)kind + 10;
            var alone = kinds.Count(k => (k.Kind is SecurityKind.ApiKeyHeader or SecurityKind.ApiKeyQuery or SecurityKind.ApiKeyCookie ? 1 : (int)k.Kind + 10) == family) == 1;
            var pascal = Identifiers.ToPascalCase(key).TrimStart('_');
            var property = kind switch
            {
                SecurityKind.Bearer => alone ? "BearerToken" : pascal + "Token",
                SecurityKind.Basic => alone ? "" : pascal,
                _ => alone ? "ApiKey" : pascal,
            };
            if (kind == SecurityKind.Basic)
            {
                if (!taken.Add(property + "Username") | !taken.Add(property + "Password")) property = pascal + "Basic";
                result.Add(new SecuritySchemeModel(key, property, kind, scheme.Name, Clean(scheme.Description), null, null));
                continue;
            }
            property = Identifiers.Unique(property, taken);
            var provider = Identifiers.Unique(property + "Provider", taken);
            ClientCredentialsModel? clientCredentials = null;
            if (scheme.Type == SecuritySchemeType.OAuth2 && scheme.Flows?.ClientCredentials?.TokenUrl is { } tokenUrl)
            {
                var prefix = alone ? "" : pascal;
                clientCredentials = new ClientCredentialsModel(
                    tokenUrl.OriginalString, Identifiers.Unique(prefix + "ClientId", taken), Identifiers.Unique(prefix + "ClientSecret", taken), Identifiers.Unique(prefix + "TokenUrl", taken));
            }
            result.Add(new SecuritySchemeModel(key, property, kind, scheme.Name, Clean(scheme.Description), provider, clientCredentials));
        }
        return result;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
}
