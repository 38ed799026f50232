using System.Collections.Generic;
using System.Linq;
using OpenApiClientGen.Model;
using static OpenApiClientGen.Model.OutputNames;

namespace OpenApiClientGen.Emitting;

/// <summary>
/// The client's interfaces: the operations three ways (throwing, with the raw response, as an outcome), and with
/// sub-clients by tag, one interface of each way per group. The root interfaces then extend the groups' (so the union of
/// the groups is still one mockable interface), and the client class implements them all: a sub-client is the client
/// itself seen through its group's interface, so grouping adds no code but interfaces.
/// </summary>
internal sealed partial class ClientEmitter
{
    private const string Obsolete = "[global::System.Obsolete(\"Deprecated in the API description.\")]";

    /// <summary>The three ways to call an operation: throwing for errors, with the raw response, or as an outcome.</summary>
    private enum View
    {
        Throwing,
        RawResponse,
        Outcome,
    }

    private bool Grouped => _client.Groups.Count > 0;

    /// <summary>The interface of <paramref name="view"/> that declares <paramref name="operation"/>.</summary>
    private string Declaring(OperationModel operation, View view)
    {
        var group = _client.GroupOf(operation);
        return view switch
        {
            View.RawResponse => group?.RawResponsesInterfaceName ?? RawResponsesInterface(_client.Name),
            View.Outcome => group?.OutcomesInterfaceName ?? OutcomesInterface(_client.Name),
            _ => group?.InterfaceName ?? _client.InterfaceName,
        };
    }

    private void EmitInterfaces(SourceWriter w)
    {
        var title = SourceWriter.EscapeXml(_model.Title);
        var raw = RawResponsesInterface(_client.Name);
        var outcomes = OutcomesInterface(_client.Name);
        var all = Grouped ? new List<OperationModel>() : _client.Operations.ToList();

        w.Line($"/// <summary>The operations of {title}, implemented by <see cref=\"{_client.Name}\"/> (mock this in tests).</summary>");
        w.Open($"public partial interface {_client.InterfaceName}{Bases(g => g.InterfaceName)}");
        EmitViewProperties(w, raw, outcomes, hides: Grouped);
        foreach (var group in _client.Groups)
        {
            w.Line();
            w.Summary($"The operations tagged {group.Tag ?? "with no tag"}" + (group.Summary is { } about ? ": " + about.TrimEnd() : "."));
            w.Line($"{group.InterfaceName} {group.PropertyName} {{ get; }}");
        }
        EmitOperations(w, all, View.Throwing);
        w.Close();
        w.Line();
        EmitViewInterface(w, View.RawResponse, raw, _client.InterfaceName, Bases(g => g.RawResponsesInterfaceName), all);
        w.Line();
        EmitViewInterface(w, View.Outcome, outcomes, _client.InterfaceName, Bases(g => g.OutcomesInterfaceName), all);

        foreach (var group in _client.Groups)
        {
            var operations = _client.Operations.Where(o => o.Group == group.PropertyName).ToList();
            w.Line();
            var about = group.Tag is { } tag ? $"tagged {SourceWriter.EscapeXml(tag)}" : "without a tag";
            w.Line($"/// <summary>The operations of {title} {about}: <see cref=\"{_client.InterfaceName}.{group.PropertyName}\"/> (mock this in tests).</summary>");
            w.Open($"public partial interface {group.InterfaceName}");
            EmitViewProperties(w, group.RawResponsesInterfaceName, group.OutcomesInterfaceName, hides: false);
            EmitOperations(w, operations, View.Throwing);
            w.Close();
            w.Line();
            EmitViewInterface(w, View.RawResponse, group.RawResponsesInterfaceName, group.InterfaceName, "", operations);
            w.Line();
            EmitViewInterface(w, View.Outcome, group.OutcomesInterfaceName, group.InterfaceName, "", operations);
        }
    }

    private string Bases(System.Func<GroupModel, string> name) =>
        Grouped ? " : " + string.Join(", ", _client.Groups.Select(name)) : "";

    /// <summary>WithRawResponse and WithOutcome; on a root interface that extends groups, hiding theirs (one of each, of the root's type).</summary>
    private static void EmitViewProperties(SourceWriter w, string raw, string outcomes, bool hides)
    {
        var modifier = hides ? "new " : "";
        w.Summary("The same operations, each returning its typed result with the response it came in (status, headers, attempts, time).");
        w.Line($"{modifier}{raw} {WithRawResponse} {{ get; }}");
        w.Line();
        w.Summary("The same operations, each returning its outcome (one case per declared status) instead of throwing for an error status.");
        w.Line($"{modifier}{outcomes} {WithOutcome} {{ get; }}");
    }

    private void EmitOperations(SourceWriter w, List<OperationModel> operations, View view)
    {
        foreach (var operation in operations)
        {
            w.Line();
            if (view == View.Throwing)
            {
                EmitDocs(w, operation);
            }
            else
            {
                w.Line($"/// <inheritdoc cref=\"{Declaring(operation, View.Throwing)}.{operation.Name}Async\"/>");
                w.Line(view == View.RawResponse
                    ? "/// <returns>The result with its response.</returns>"
                    : $"/// <returns>The <see cref=\"{operation.OutcomeName}\"/> case of the status the server answered with.</returns>");
            }
            if (operation.Deprecated) w.Line(Obsolete);
            w.Line(Signature(operation, view, explicitImplementation: false) + ";");
            if (view == View.Throwing && operation.Stream is { } stream)
            {
                w.Line();
                w.Line($"/// <summary>{SourceWriter.EscapeXml(operation.Name)}, streamed: each event of the {SourceWriter.EscapeXml(stream.MediaType)} response as it arrives (leave the <c>await foreach</c> to close the connection).</summary>");
                w.Line($"/// <inheritdoc cref=\"{Declaring(operation, View.Throwing)}.{operation.Name}Async\" path=\"/param\"/>");
                w.Line($"/// <exception cref=\"{ApiExceptionType}\">The server answered with an error status.</exception>");
                w.Line($"/// <exception cref=\"global::OpenApiClientGen.ApiStreamException\">The stream failed after it began: an error event, an event that does not match its schema, a broken connection.</exception>");
                if (operation.Deprecated) w.Line(Obsolete);
                w.Line(StreamSignature(operation, stream) + ";");
            }
        }
    }

    private void EmitViewInterface(SourceWriter w, View view, string name, string of, string bases, List<OperationModel> operations)
    {
        w.Line(view == View.RawResponse
            ? $"/// <summary>The operations of <see cref=\"{of}\"/>, each returning its typed result with the response it came in: status, headers, attempts, time. Error statuses throw as there.</summary>"
            : $"/// <summary>The operations of <see cref=\"{of}\"/>, each returning its outcome: one case per status it declares, errors included, and one for any other status. Only failures without a response (transport, timeout, cancellation) throw.</summary>");
        w.Open($"public partial interface {name}{bases}");
        EmitOperations(w, operations, view);
        w.Close();
    }

    /// <summary>The client's views of itself: WithRawResponse, WithOutcome, the sub-clients and, for those, their views.</summary>
    private void EmitClientViews(SourceWriter w)
    {
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public {RawResponsesInterface(_client.Name)} {WithRawResponse} => this;");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public {OutcomesInterface(_client.Name)} {WithOutcome} => this;");
        foreach (var group in _client.Groups)
        {
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line($"public {group.InterfaceName} {group.PropertyName} => this;");
            w.Line();
            w.Line($"{group.RawResponsesInterfaceName} {group.InterfaceName}.{WithRawResponse} => this;");
            w.Line();
            w.Line($"{group.OutcomesInterfaceName} {group.InterfaceName}.{WithOutcome} => this;");
        }
    }
}
