using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OpenApiClientGen.Model;

/// <summary>A place in a spec or annotations file, kept as plain data so it can cross a pipeline step.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo FileStart(string filePath) => new(filePath, default, default);
}

/// <summary>A diagnostic as plain data: descriptor, location and message arguments.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, MessageArgs.ToArrayOfObjects());
}

internal static class DiagnosticInfoExtensions
{
    public static object[] ToArrayOfObjects(this EquatableArray<string> args)
    {
        var result = new object[args.Count];
        for (var i = 0; i < args.Count; i++) result[i] = args[i];
        return result;
    }
}
