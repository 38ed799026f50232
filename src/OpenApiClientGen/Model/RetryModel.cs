using System.Linq;
using OpenApiClientGen.Runtime;

namespace OpenApiClientGen.Model;

/// <summary>
/// Retry policy fields; null where the annotations leave a field to the level above (operation → file → defaults).
/// Durations in milliseconds. Jitter is either a duration added at random or a ratio (±): setting one clears the other.
/// </summary>
internal sealed record PolicyModel(
    int? MaxAttempts = null,
    long? InitialDelayMs = null,
    double? Multiplier = null,
    long? MaxDelayMs = null,
    long? JitterMs = null,
    double? JitterRatio = null,
    bool? RetryAfter = null,
    long? MaxRetryAfterMs = null,
    bool? TransportErrors = null,
    bool? Timeouts = null,
    bool? Sometimes = null)
{
    /// <summary>This policy with the fields <paramref name="over"/> sets replaced.</summary>
    public PolicyModel With(PolicyModel? over) => over is null ? this : new(
        over.MaxAttempts ?? MaxAttempts,
        over.InitialDelayMs ?? InitialDelayMs,
        over.Multiplier ?? Multiplier,
        over.MaxDelayMs ?? MaxDelayMs,
        over.JitterMs ?? JitterMs,
        over.JitterRatio ?? JitterRatio,
        over.RetryAfter ?? RetryAfter,
        over.MaxRetryAfterMs ?? MaxRetryAfterMs,
        over.TransportErrors ?? TransportErrors,
        over.Timeouts ?? Timeouts,
        over.Sometimes ?? Sometimes);
}

/// <summary>One row of an error table: a status (code, range or default), optionally an error identity, and its verdict.</summary>
/// <param name="Status">"429", "5XX" or "default".</param>
/// <param name="Code">The identity read at the error-code pointer, or null for any.</param>
/// <param name="Location">Where the rule is in the annotations file (for diagnostics; not emitted).</param>
internal sealed record ErrorRuleModel(string Status, string? Code, Retryability Retryable, string? Cause, string? Remedy, LocationInfo? Location = null)
;

/// <summary>The annotations of one operation, keyed by operationId or "METHOD /path".</summary>
internal sealed record OperationRetryModel(string Key, RetryMode Mode, string? IdempotencyKeyHeader, PolicyModel? Policy, EquatableArray<ErrorRuleModel> Errors, LocationInfo? Location = null)
{
    /// <summary>Whether a broken event stream of the operation is resumed (<c>reconnect: true</c>).</summary>
    public bool Reconnect { get; init; }

    /// <summary>How the operation's pages follow each other (<c>pagination</c>), or null.</summary>
    public PaginationModel? Pagination { get; init; }
}

/// <summary>
/// How a paged operation's pages follow each other, from the annotations' <c>pagination</c> or the document's own
/// extension (<c>x-ms-pageable</c>, <c>x-speakeasy-pagination</c>, <c>x-fern-pagination</c>). Pointers are JSON pointers
/// into a page's body; parameters are query parameter names.
/// </summary>
/// <param name="Items">Where the items are in a page ("" for a page that is the array).</param>
/// <param name="Location">Where it is written (for diagnostics; not emitted).</param>
internal sealed record PaginationModel(
    PageStyle Style,
    string Items,
    string? Next = null,
    string? CursorParameter = null,
    string? CursorFromLastItem = null,
    string? HasMore = null,
    string? LimitParameter = null,
    string? OffsetParameter = null,
    string? PageParameter = null,
    int FirstPage = 1,
    LocationInfo? Location = null);

/// <summary>A paged operation as the client emits it: its rule, the page type, and the items' type and access.</summary>
/// <param name="ItemsPath">The C# properties from the page to its item list (empty: the page is the list).</param>
/// <param name="PagesMethod">The pages method's name without Async (<c>ListItemsPages</c>); <paramref name="ItemsMethod"/> likewise.</param>
internal sealed record PagedOperationModel(OperationModel Operation, string DeclaringInterface, PaginationModel Rule, TypeRef PageType, TypeRef ItemType, EquatableArray<string> ItemsPath, string PagesMethod, string ItemsMethod);

/// <summary>An annotations file as read: what it sets (null where it is silent) and the problems found in it.</summary>
internal sealed record AnnotationsFile(
    string Path,
    string? CodePointer,
    ErrorCodeMatch CodeMatch,
    PolicyModel? Policy,
    EquatableArray<ErrorRuleModel>? Errors,
    EquatableArray<OperationRetryModel> Operations,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The retry metadata of one client, bound to its operations: what the retry emitter writes.</summary>
/// <param name="Source">The annotations file name, or null when the defaults apply.</param>
/// <param name="Policy">The API-wide policy as annotated; the fields it leaves null keep the runtime's <see cref="OpenApiClientGen.RetryPolicy.Default"/>.</param>
/// <param name="Errors">The API-wide error table, or null for the runtime's <see cref="OpenApiClientGen.RetryMetadata.DefaultErrors"/>.</param>
internal sealed record RetryModel(
    string SpecPath,
    string Namespace,
    string ClientName,
    string? Source,
    PolicyModel Policy,
    string? CodePointer,
    ErrorCodeMatch CodeMatch,
    EquatableArray<ErrorRuleModel>? Errors,
    EquatableArray<OperationRetryModel> Operations)
{
    /// <summary>The paged operations (by the annotations, else by the document's extensions): their page and item methods.</summary>
    public EquatableArray<PagedOperationModel> Pages { get; init; } = EquatableArray<PagedOperationModel>.Empty;

    /// <summary>The spec's JSON context (the pages' metadata).</summary>
    public string ContextName { get; init; } = "";
}

/// <summary>The result of binding annotations to a client: the model and the problems found.</summary>
internal sealed record RetryBindResult(RetryModel Model, EquatableArray<DiagnosticInfo> Diagnostics);
