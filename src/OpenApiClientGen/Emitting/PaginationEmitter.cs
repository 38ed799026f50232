using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OpenApiClientGen.Model;
using static OpenApiClientGen.Model.OutputNames;

namespace OpenApiClientGen.Emitting;

/// <summary>
/// Writes the page and item methods of a client's paged operations in a file of their own (<c>&lt;Namespace&gt;.Pagination.g.cs</c>),
/// bound with the annotations: editing the pagination of an operation re-emits this file and the retry metadata only.
/// Each is a method of the operation's interface (its tag's, or the client's) and of the client, calling the runtime's
/// <c>Pagination</c> with the operation's raw-response method for each page.
/// </summary>
internal static class PaginationEmitter
{
    private const string AsyncEnumerable = "global::System.Collections.Generic.IAsyncEnumerable";
    private const string Obsolete = "[global::System.Obsolete(\"Deprecated in the API description.\")]";

    public static string? Emit(RetryModel model, string contextName)
    {
        if (model.Pages.Count == 0) return null;
        var ns = model.Namespace;
        string Type(TypeRef type) => CSharpTypes.Of(type, ns);
        var w = new SourceWriter();
        w.Line(SourceWriter.Header);
        w.OpenNamespace(ns, PaginationAlias, PageRuleAlias, PageStyleAlias);
        foreach (var declaring in model.Pages.GroupBy(p => p.DeclaringInterface).OrderBy(g => g.Key, System.StringComparer.Ordinal))
        {
            w.Open($"public partial interface {declaring.Key}");
            var first = true;
            foreach (var paged in declaring)
            {
                if (!first) w.Line();
                first = false;
                var operation = $"<see cref=\"{declaring.Key}.{paged.Operation.Name}Async\"/>";
                w.Line($"/// <summary>Every page of {operation}, each with its response, fetched as the enumeration asks for it ({Describe(paged.Rule)}).</summary>");
                w.Line($"/// <inheritdoc cref=\"{declaring.Key}.{paged.Operation.Name}Async\" path=\"/param\"/>");
                if (paged.Operation.Deprecated) w.Line(Obsolete);
                w.Line($"{AsyncEnumerable}<{ApiResponseOf(Type(paged.PageType))}> {paged.PagesMethod}Async({OperationSignature.Parameters(paged.Operation, ns)});");
                w.Line();
                w.Line($"/// <summary>Every item of every page of {operation}: the next page is fetched when this one's items are taken.</summary>");
                w.Line($"/// <inheritdoc cref=\"{declaring.Key}.{paged.Operation.Name}Async\" path=\"/param\"/>");
                if (paged.Operation.Deprecated) w.Line(Obsolete);
                w.Line($"{AsyncEnumerable}<{Type(paged.ItemType)}> {paged.ItemsMethod}Async({OperationSignature.Parameters(paged.Operation, ns)});");
            }
            w.Close();
            w.Line();
        }

        w.Open($"public partial class {model.ClientName}");
        var firstPaged = true;
        foreach (var paged in model.Pages)
        {
            if (!firstPaged) w.Line();
            firstPaged = false;
            var page = Type(paged.PageType);
            var item = Type(paged.ItemType);
            var rule = paged.PagesMethod + "Rule";
            w.Line($"private static readonly {PageRuleAlias} {rule} = new({RuleArguments(paged.Rule)});");
            w.Line();
            w.Line("/// <inheritdoc/>");
            if (paged.Operation.Deprecated) w.Line(Obsolete);
            w.Line($"public {AsyncEnumerable}<{ApiResponseOf(page)}> {paged.PagesMethod}Async({OperationSignature.Parameters(paged.Operation, ns)}) =>");
            w.Line($"    {PaginationAlias}.{nameof(Runtime.Pagination.PagesAsync)}(");
            w.Line($"        ({PageOptionsLocal}, {PageTokenLocal}) => {WithRawResponse}.{paged.Operation.Name}Async({OperationSignature.Arguments(paged.Operation, PageTokenLocal, PageOptionsLocal)}),");
            w.Line($"        {RequestOptionsLocal},");
            w.Line($"        {rule},");
            w.Line($"        global::{ns}.{contextName}.GetTypeInfo<{CSharpTypes.Of(paged.PageType.WithNullable(false), ns)}>(),");
            w.Line(paged.ItemsPath.Count == 0 ? "        page => page.Count," : $"        page => {Access("page", paged.ItemsPath)}?.Count ?? 0,");
            w.Line($"        {CancellationTokenLocal});");
            w.Line();
            w.Line("/// <inheritdoc/>");
            if (paged.Operation.Deprecated) w.Line(Obsolete);
            w.Line($"public {AsyncEnumerable}<{item}> {paged.ItemsMethod}Async({OperationSignature.Parameters(paged.Operation, ns)}) =>");
            w.Line($"    {PaginationAlias}.{nameof(Runtime.Pagination.ItemsAsync)}<{page}, {item}>({paged.PagesMethod}Async({OperationSignature.Arguments(paged.Operation)}), page => {Access("page", paged.ItemsPath)}, {CancellationTokenLocal});");
        }
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>page.Data, page.Result?.Items: each step may be null but the first.</summary>
    private static string Access(string root, EquatableArray<string> path) =>
        path.Count == 0 ? root : root + "." + string.Join("?.", path);

    private static string Describe(PaginationModel rule) => rule.Style switch
    {
        Runtime.PageStyle.NextUrl => $"the next page's URL at {rule.Next ?? "/next"}",
        Runtime.PageStyle.Cursor => rule.CursorFromLastItem is { } inItem ? $"a cursor from the last item's {inItem} in {rule.CursorParameter ?? "cursor"}" : $"the cursor at {rule.Next ?? "/next_cursor"} in {rule.CursorParameter ?? "cursor"}",
        Runtime.PageStyle.Link => "the Link header's next page",
        Runtime.PageStyle.Offset => $"{rule.OffsetParameter ?? "offset"} moved on by each page's items",
        _ => $"{rule.PageParameter ?? "page"} counted from {rule.FirstPage.ToString(CultureInfo.InvariantCulture)}",
    };

    private static string RuleArguments(PaginationModel rule)
    {
        var arguments = new List<string> { $"{PageStyleAlias}.{rule.Style}", Identifiers.Literal(rule.Items) };
        void Add(string name, string? value)
        {
            if (value is not null) arguments.Add($"{name}: {Identifiers.Literal(value)}");
        }
        Add("next", rule.Next);
        Add("cursorParameter", rule.CursorParameter);
        Add("cursorFromLastItem", rule.CursorFromLastItem);
        Add("hasMore", rule.HasMore);
        Add("limitParameter", rule.LimitParameter);
        Add("offsetParameter", rule.OffsetParameter);
        Add("pageParameter", rule.PageParameter);
        if (rule.FirstPage != 1) arguments.Add("firstPage: " + rule.FirstPage.ToString(CultureInfo.InvariantCulture));
        return string.Join(", ", arguments);
    }
}
