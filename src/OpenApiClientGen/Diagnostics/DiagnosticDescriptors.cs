using Microsoft.CodeAnalysis;

namespace OpenApiClientGen.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are stable; see AnalyzerReleases.*.md and the README.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "OpenApiClientGen";

    public static readonly DiagnosticDescriptor MalformedDocument = new(
        "OAG001", "OpenAPI document cannot be read",
        "The OpenAPI document cannot be read: {0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The file is not well-formed JSON or YAML, or is not an OpenAPI document. Nothing is generated for it.");

    public static readonly DiagnosticDescriptor ReaderError = new(
        "OAG002", "OpenAPI document has errors",
        "{0}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Microsoft.OpenApi reported a problem; the document is still usable and code is generated for it.");

    public static readonly DiagnosticDescriptor MoreReaderErrors = new(
        "OAG003", "More OpenAPI document errors",
        "{0} more problems were found in this document and not reported one by one",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnresolvedReference = new(
        "OAG004", "Unresolved $ref",
        "The reference '{0}' cannot be resolved; '{1}' is used instead",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor FallbackType = new(
        "OAG005", "Schema mapped to a fallback type",
        "{0}; mapped to {1}",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: "The schema uses a construct the generator has no exact C# shape for, so it is represented by a general type such as JsonElement.");

    public static readonly DiagnosticDescriptor RenamedIdentifier = new(
        "OAG006", "Name changed to a valid C# identifier",
        "'{0}' is generated as '{1}': {2}",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidOption = new(
        "OAG007", "Invalid generator option",
        "The option '{0}' has the invalid value '{1}': {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateOutput = new(
        "OAG008", "Two specs generate into the same namespace",
        "Another OpenAPI document already generates into namespace '{0}'; set a different Namespace for this one",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InternalError = new(
        "OAG009", "The generator failed on this document",
        "The generator failed while processing this document ({0}: {1}); please report it with the document",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OperationAdjusted = new(
        "OAG010", "Operation generated with an adjustment",
        "{0}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "An operation or security scheme is inconsistent or uses something the client cannot send as declared; the client method is generated with the adjustment the message names.");
    public static readonly DiagnosticDescriptor MalformedAnnotations = new(
        "OAG011", "Annotations file cannot be read",
        "The annotations file cannot be read: {0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The annotations file is not well-formed JSON or YAML, is not an object, or the file named by the Annotations metadata is not an AdditionalFile. The client is generated with the default retry rules.");

    public static readonly DiagnosticDescriptor InvalidAnnotation = new(
        "OAG012", "Invalid annotation value",
        "{0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A value in the annotations file has the wrong type or is out of range (a duration, a status, a retryable word, a JSON pointer). The value is ignored.");

    public static readonly DiagnosticDescriptor UnknownAnnotation = new(
        "OAG013", "Unknown annotation",
        "'{0}' is not an annotation here; expected one of: {1}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "The annotations file has a key the generator does not know (often a misspelling). It is ignored.");

    public static readonly DiagnosticDescriptor UnknownOperation = new(
        "OAG014", "Annotation for an unknown operation",
        "The OpenAPI document has no operation '{0}' (an operationId or \"METHOD /path\"); its annotations are ignored",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UndeclaredStatus = new(
        "OAG015", "Annotation for a status the operation does not declare",
        "Operation '{0}' declares no response for status {1}; the rule still applies if the server sends it",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "A per-operation error rule names a status the operation's responses do not declare (nor cover with a range or default). Often a typo; the rule is kept.");

    public static readonly DiagnosticDescriptor RuntimeMissing = new(
        "OAG016", "The OpenApiClientGen runtime library is not referenced",
        "The code generated for {0} calls the OpenApiClientGen runtime library, which this project {1}; reference the OpenApiClientGen package (it holds both), or with a ProjectReference to the generator also reference src/OpenApiClientGen.Runtime/OpenApiClientGen.Runtime.csproj. Nothing is generated until then.",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Generated clients share one runtime library (exceptions, retries, URL and JSON helpers). Without it, or with another version of it, the generated code would not compile; the generator writes nothing and says what to reference.");

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = new(
        "OAG017", "C# 11 or later is needed",
        "The code generated for {0} needs C# 11 or later (records, init and required members); this project compiles C# {1}. Set <LangVersion>11</LangVersion> or later (netstandard2.0 and .NET Framework projects default to 7.3). Nothing is generated until then.",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor CyclicComposition = new(
        "OAG018", "Cyclic allOf composition",
        "This allOf refers back to '{0}', which the composition already includes; the cycle is cut here and each schema's properties are merged once",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Schemas that include each other through allOf (A allOf B, B allOf A) have no finite merge. A defect of the document: the generator merges each schema once and goes on.");

    public static readonly DiagnosticDescriptor RepairedValue = new(
        "OAG019", "A value the document gets wrong",
        "'{0}' is {1}, which is not {2}; {3}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "A value of the document breaks the OpenAPI specification in a way its reader cannot take (a count that is no integer, a boolean keyword holding something else, a null schema, Swagger 2's tuple items). A defect of the document: the value is coerced or left out, as the message says, and the rest generates.");
}
