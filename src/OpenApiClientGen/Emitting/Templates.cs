using System;
using System.Collections.Generic;
using System.IO;

namespace OpenApiClientGen.Emitting;

/// <summary>C# emitted as it is, kept as real files (Emitting/Runtime) embedded in the generator assembly.</summary>
internal static class Templates
{
    /// <summary>The helpers every JSON context carries: the members of JsonSupport.cs between its markers, one level unindented.</summary>
    public static readonly IReadOnlyList<string> JsonContextMembers = Members(Load("OpenApiClientGen.JsonSupport.cs"));

    private static string Load(string name)
    {
        using var stream = typeof(Templates).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing embedded resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }

    private static IReadOnlyList<string> Members(string template)
    {
        const string Start = "// <members>\n";
        const string End = "// </members>";
        var start = template.IndexOf(Start, StringComparison.Ordinal) + Start.Length;
        var end = template.LastIndexOf('\n', template.IndexOf(End, StringComparison.Ordinal));
        var lines = new List<string>();
        foreach (var line in template.Substring(start, end - start).Split('\n'))
            lines.Add(line.Length >= 8 ? line.Substring(8) : line.TrimStart());
        return lines;
    }
}
