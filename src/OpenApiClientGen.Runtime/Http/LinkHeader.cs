using System;
using System.Collections.Generic;

namespace OpenApiClientGen.Runtime;

/// <summary>Reads RFC 8288 <c>Link</c> headers: <c>&lt;https://…?page=2&gt;; rel="next", &lt;…&gt;; rel="last"</c>.</summary>
public static class LinkHeader
{
    /// <summary>The targets by relation (case-insensitive; the first of a relation wins), resolved against <paramref name="baseUri"/>.</summary>
    public static IReadOnlyDictionary<string, Uri> Parse(IEnumerable<string> values, Uri? baseUri)
    {
        var links = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            var at = 0;
            while (at < value.Length)
            {
                var open = value.IndexOf('<', at);
                if (open < 0) break;
                var close = value.IndexOf('>', open + 1);
                if (close < 0) break;
                var target = value.Substring(open + 1, close - open - 1).Trim();
                // The parameters run to the next link (a ',' outside quotes).
                var end = close + 1;
                var quoted = false;
                while (end < value.Length && (quoted || value[end] != ','))
                {
                    if (value[end] == '"') quoted = !quoted;
                    end++;
                }
                var uri = Resolve(target, baseUri);
                if (uri is not null)
                {
                    foreach (var relation in Relations(value.Substring(close + 1, end - close - 1)))
                    {
                        if (!links.ContainsKey(relation)) links[relation] = uri;
                    }
                }
                at = end + 1;
            }
        }
        return links;
    }

    private static IEnumerable<string> Relations(string parameters)
    {
        foreach (var parameter in SplitOutsideQuotes(parameters, ';'))
        {
            var pair = parameter.Split(new[] { '=' }, 2);
            if (pair.Length != 2 || !pair[0].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)) continue;
            // A relation type list: rel="next last".
            foreach (var relation in pair[1].Trim().Trim('"').Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
                yield return relation;
        }
    }

    /// <summary>The parts of <paramref name="text"/> between separators that are not inside a quoted string.</summary>
    private static IEnumerable<string> SplitOutsideQuotes(string text, char separator)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"') quoted = !quoted;
            else if (text[i] == separator && !quoted)
            {
                yield return text.Substring(start, i - start);
                start = i + 1;
            }
        }
        yield return text.Substring(start);
    }

    /// <summary>An http(s) target, absolute or resolved against the base; other schemes (ftp:, mailto:, javascript:) are no links to follow.</summary>
    private static Uri? Resolve(string target, Uri? baseUri)
    {
        // (A path such as /v2/items is an absolute file: URI on Unix: it is resolved against the base, as a path.)
        if (!target.StartsWith("/", StringComparison.Ordinal) && Uri.TryCreate(target, UriKind.Absolute, out var absolute)) return IsHttp(absolute) ? absolute : null;
        return baseUri is not null && Uri.TryCreate(baseUri, target, out var relative) && IsHttp(relative) ? relative : null;
    }

    private static bool IsHttp(Uri uri) => uri.Scheme is "http" or "https";
}
