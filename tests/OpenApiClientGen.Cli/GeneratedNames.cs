using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpenApiClientGen.Hosting;

/// <summary>
/// The names a spec produces, read from the generated sources themselves (so they are what the compiler sees): the
/// namespace, the client with its interface, options and sub-clients, the JSON context, the DI registration, and how
/// many records, enums and outcomes there are. What a newcomer needs to write the first call.
/// </summary>
internal static class GeneratedNames
{
    public static string Describe(IEnumerable<GeneratedSourceResult> sources)
    {
        var types = sources
            .SelectMany(s => CSharpSyntaxTree.ParseText(s.SourceText).GetCompilationUnitRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            .SelectMany(ns => ns.Members.OfType<BaseTypeDeclarationSyntax>().Select(type => (Namespace: ns.Name.ToString(), Type: type)))
            .Where(t => t.Type.Modifiers.Any(SyntaxKind.PublicKeyword))
            .ToList();
        var text = new StringBuilder();
        foreach (var group in types.GroupBy(t => t.Namespace))
        {
            var all = group.Select(t => t.Type).ToList();
            text.AppendLine($"namespace {group.Key}");
            var options = all.OfType<ClassDeclarationSyntax>().FirstOrDefault(c => BaseNames(c).Contains("ApiClientOptions"));
            var client = all.OfType<ClassDeclarationSyntax>().FirstOrDefault(c => BaseNames(c).Contains("I" + c.Identifier.Text));
            if (client is not null)
            {
                var name = client.Identifier.Text;
                text.AppendLine($"  client       new {name}(httpClient, new {options?.Identifier.Text}() {{ ... }}) : I{name}");
                if (options is not null)
                {
                    var properties = options.Members.OfType<PropertyDeclarationSyntax>().Select(p => p.Identifier.Text).ToList();
                    text.AppendLine($"  options      {options.Identifier.Text} ({(properties.Count == 0 ? "base address, headers, retries" : string.Join(", ", properties) + "; and base address, headers, retries")})");
                }
                var root = all.OfType<InterfaceDeclarationSyntax>().FirstOrDefault(i => i.Identifier.Text == "I" + name);
                var groups = root?.Members.OfType<PropertyDeclarationSyntax>().Where(p => !p.Identifier.Text.StartsWith("With", StringComparison.Ordinal))
                    .Select(p => $"client.{p.Identifier.Text} ({p.Type})").ToList() ?? [];
                if (groups.Count > 0) text.AppendLine($"  sub-clients  {string.Join(", ", groups)}");
                text.AppendLine("  views        client.WithRawResponse (ApiResponse<T>: status, headers), client.WithOutcome (one case per declared status)");
                var registration = all.OfType<ClassDeclarationSyntax>().FirstOrDefault(c => c.Identifier.Text == name + "ServiceCollectionExtensions");
                text.AppendLine(registration is not null
                    ? $"  DI           services.Add{name}(options => ...)"
                    : $"  DI           services.Add{name}(options => ...), in a project that references Microsoft.Extensions.Http");
            }
            if (all.OfType<ClassDeclarationSyntax>().FirstOrDefault(c => c.Identifier.Text.EndsWith("JsonContext", StringComparison.Ordinal)) is { } json)
                text.AppendLine($"  JSON         {json.Identifier.Text}.Serialize / Deserialize<T>, or {json.Identifier.Text}.Options");
            var records = all.Count(t => t is RecordDeclarationSyntax);
            var enums = all.Count(t => t is StructDeclarationSyntax);
            var outcomes = all.Count(t => t is ClassDeclarationSyntax c && BaseNames(c).Contains("ApiOutcome"));
            text.AppendLine($"  types        {records} records, {enums} enums, {outcomes} outcomes");
        }
        return text.ToString();
    }

    private static IEnumerable<string> BaseNames(TypeDeclarationSyntax type) =>
        type.BaseList?.Types.Select(t => t.Type.ToString().Split('.', ':').Last()) ?? [];
}
