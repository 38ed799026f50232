using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using OpenApiClientGen.Diagnostics;
using OpenApiClientGen.Model;

namespace OpenApiClientGen.Reading;

/// <summary>
/// Collects the problems found while reading and binding one spec, each at a JSON pointer into the document (or an
/// exact location), and turns them into located diagnostics in one pass over the text at the end.
/// </summary>
internal sealed class Problems
{
    /// <summary>Reader errors beyond this count are summed up in one diagnostic (Kubernetes alone draws thousands).</summary>
    private const int MaxPerDescriptor = 25;

    private readonly List<(DiagnosticDescriptor Descriptor, string? Pointer, LocationInfo? Location, string[] Args)> _items = new();

    public void Add(DiagnosticDescriptor descriptor, string pointer, params string[] args) => _items.Add((descriptor, pointer, null, args));

    public void AddAt(DiagnosticDescriptor descriptor, LocationInfo location, params string[] args) => _items.Add((descriptor, null, location, args));

    public EquatableArray<DiagnosticInfo> ToDiagnostics(string path, SourceText text, bool isYaml)
    {
        var kept = new List<(DiagnosticDescriptor Descriptor, string? Pointer, LocationInfo? Location, string[] Args)>();
        var dropped = 0;
        // The same problem found twice (a schema merged into several records, say) is reported once.
        var distinct = _items.GroupBy(i => (i.Descriptor.Id, i.Pointer, i.Location, string.Join("\u0001", i.Args))).Select(g => g.First());
        foreach (var group in distinct.GroupBy(i => i.Descriptor.Id))
        {
            kept.AddRange(group.Take(MaxPerDescriptor));
            var rest = group.Count() - MaxPerDescriptor;
            if (rest > 0 && group.Key == DiagnosticDescriptors.ReaderError.Id) dropped += rest;
        }

        var pointers = kept.Where(i => i.Pointer is not null).Select(i => i.Pointer!).Distinct().ToList();
        var located = pointers.Count == 0
            ? new Dictionary<string, LocationInfo>()
            : PointerLocator.Locate(path, text, isYaml, pointers);

        var result = kept.Select(i => new DiagnosticInfo(
            i.Descriptor,
            i.Location ?? (i.Pointer is not null && located.TryGetValue(i.Pointer, out var l) ? l : LocationInfo.FileStart(path)),
            i.Args.ToEquatableArray())).ToList();
        if (dropped > 0)
            result.Add(new DiagnosticInfo(DiagnosticDescriptors.MoreReaderErrors, LocationInfo.FileStart(path), new[] { dropped.ToString(System.Globalization.CultureInfo.InvariantCulture) }.ToEquatableArray()));
        return result.ToEquatableArray();
    }
}
