using System.Collections.Generic;
using System.Linq;
using OpenApiClientGen.Model;
using static OpenApiClientGen.Model.OutputNames;

namespace OpenApiClientGen.Emitting;

/// <summary>The parameters every method of an operation takes (its views, its stream, its pages), and the arguments that pass them on.</summary>
internal static class OperationSignature
{
    private const string CancellationToken = "global::System.Threading.CancellationToken";

    /// <summary>
    /// Path (template order) and other required parameters, the body, optional ones (<c>= null</c>), the token and the
    /// per-call options. An explicit implementation takes no default values (they would have no effect: CS1066).
    /// </summary>
    public static string Parameters(OperationModel operation, string ns, bool explicitImplementation = false)
    {
        string Type(TypeRef type) => CSharpTypes.Of(type, ns);
        var none = explicitImplementation ? "" : " = null";
        var parameters = new List<string>();
        parameters.AddRange(operation.Parameters.Where(p => p.IsRequired).Select(p => $"{Type(p.Type)} {p.Name}"));
        if (operation.Body is { IsRequired: true } body) parameters.Add($"{Type(body.Type)} {body.Name}");
        parameters.AddRange(operation.Parameters.Where(p => !p.IsRequired).Select(p => $"{Type(p.Type)} {p.Name}{none}"));
        if (operation.Body is { IsRequired: false } optional) parameters.Add($"{Type(optional.Type)} {optional.Name}{none}");
        // The token keeps its place from the first wave (a call passing it positionally still compiles); the options follow it, named at the call.
        parameters.Add($"{CancellationToken} {CancellationTokenLocal}{(explicitImplementation ? "" : " = default")}");
        parameters.Add($"{RequestOptionsType}? {RequestOptionsLocal}{none}");
        return string.Join(", ", parameters);
    }

    /// <summary>The arguments that pass a call on to another method of the same operation, with its own token and options.</summary>
    public static string Arguments(OperationModel operation, string cancellationToken = CancellationTokenLocal, string requestOptions = RequestOptionsLocal)
    {
        var names = operation.Parameters.Where(p => p.IsRequired).Select(p => p.Name).ToList();
        if (operation.Body is { IsRequired: true } body) names.Add(body.Name);
        names.AddRange(operation.Parameters.Where(p => !p.IsRequired).Select(p => p.Name));
        if (operation.Body is { IsRequired: false } optional) names.Add(optional.Name);
        names.Add(cancellationToken);
        names.Add(requestOptions);
        return string.Join(", ", names);
    }
}
