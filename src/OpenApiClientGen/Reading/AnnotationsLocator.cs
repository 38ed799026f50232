using System;
using System.Collections.Generic;
using System.Linq;
using OpenApiClientGen.Model;

namespace OpenApiClientGen.Reading;

/// <summary>
/// Which AdditionalFile holds a spec's annotations: the one the <c>Annotations</c> metadata names (relative to the
/// spec's folder or to the project, or absolute), else <c>&lt;spec name without extension&gt;.annotations.json|yaml|yml</c>
/// beside the spec. Paths are compared as text (no file system access in a generator).
/// </summary>
internal static class AnnotationsLocator
{
    /// <summary>Whether <paramref name="filePath"/> may hold the annotations of <paramref name="spec"/>.</summary>
    public static bool Matches(string filePath, SpecOptions spec) => Rank(filePath, spec) >= 0;

    /// <summary>The annotations of <paramref name="spec"/> among the files read: the best-ranked match (see <see cref="Rank"/>).</summary>
    public static AnnotationsFile? Find(SpecOptions spec, IEnumerable<AnnotationsFile> files) =>
        files.Select(f => (File: f, Rank: Rank(f.Path, spec)))
            .Where(f => f.Rank >= 0)
            .OrderBy(f => f.Rank)
            .ThenBy(f => f.File.Path, StringComparer.Ordinal)
            .Select(f => f.File)
            .FirstOrDefault();

    /// <summary>
    /// -1 when the file is not the spec's annotations; else lower is better: a named file exactly (absolute, or relative
    /// to the spec's folder) 0, a named file by project-relative suffix 1; by convention, the suffix's order (json, yaml, yml).
    /// </summary>
    private static int Rank(string filePath, SpecOptions spec)
    {
        var file = Normalize(filePath);
        if (spec.Annotations is not { } named)
            return AnnotationsReader.ConventionalPaths(spec).ToList().FindIndex(p => string.Equals(Normalize(p), file, StringComparison.OrdinalIgnoreCase));

        var value = Normalize(named);
        if (IsAbsolute(value)) return string.Equals(value, file, StringComparison.OrdinalIgnoreCase) ? 0 : -1;
        var specFolder = Normalize(spec.Path) is var s && s.LastIndexOf('/') is var slash and >= 0 ? s.Substring(0, slash + 1) : "";
        if (string.Equals(Normalize(specFolder + value), file, StringComparison.OrdinalIgnoreCase)) return 0;
        // Relative to the project (the usual MSBuild item path): the file's path ends with it, segment by segment.
        var relative = value.StartsWith("./", StringComparison.Ordinal) ? value.Substring(2) : value;
        return !relative.StartsWith("../", StringComparison.Ordinal) && file.EndsWith("/" + relative, StringComparison.OrdinalIgnoreCase) ? 1 : -1;
    }

    /// <summary>Forward slashes, "." and ".." segments resolved.</summary>
    private static string Normalize(string path)
    {
        var parts = new List<string>();
        var segments = path.Replace('\\', '/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment == "." || (segment.Length == 0 && i > 0 && i < segments.Length - 1)) continue;
            if (segment == ".." && parts.Count > 0 && parts[parts.Count - 1] is not (".." or "")) parts.RemoveAt(parts.Count - 1);
            else parts.Add(segment);
        }
        return string.Join("/", parts);
    }

    private static bool IsAbsolute(string path) => path.StartsWith("/", StringComparison.Ordinal) || (path.Length > 2 && path[1] == ':' && path[2] == '/');
}
