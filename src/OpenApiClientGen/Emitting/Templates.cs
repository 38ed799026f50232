using System;
using System.Collections.Generic;
using System.IO;

namespace OpenApiClientGen.Emitting;

/// <summary>C# emitted as it is, kept as real files (Emitting/Runtime) embedded in the generator assembly.</summary>
internal static class Templates
{
    /// <summary>The helpers every JSON context carries: the members of JsonSupport.cs between its markers, one level unindented.</summary>
    public static readonly IReadOnlyList<string> JsonContextMembers = Members(Load("OpenApiClientGen.JsonSupport.cs"), indent: 8);

    /// <summary>The exception types and file-local helpers of every client: the types of ClientSupport.cs between its markers.</summary>
    public static readonly IReadOnlyList<string> ClientTypes = Members(Load("OpenApiClientGen.ClientSupport.cs"), indent: 4);

    /// <summary>The public retry metadata types and the file-local retry loop of every client: the types of Retry.cs between its markers.</summary>
    public static readonly IReadOnlyList<string> RetryTypes = Members(Load("OpenApiClientGen.Retry.cs"), indent: 4);

    /// <summary>The FileContent class, declared where <c>format: binary</c> values occur.</summary>
    public static readonly IReadOnlyList<string> FileContentType = Members(Load("OpenApiClientGen.FileContent.cs"), indent: 4);

    private static string Load(string name)
    {
        using var stream = typeof(Templates).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing embedded resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }

    private static IReadOnlyList<string> Members(string template, int indent)
    {
        const string Start = "// <members>\n";
        const string End = "// </members>";
        var start = template.IndexOf(Start, StringComparison.Ordinal) + Start.Length;
        var end = template.LastIndexOf('\n', template.IndexOf(End, StringComparison.Ordinal));
        var lines = new List<string>();
        foreach (var line in template.Substring(start, end - start).Split('\n'))
            lines.Add(line.Length >= indent ? line.Substring(indent) : line.TrimStart());
        return lines;
    }
}
