using System.Globalization;
using System.Text;
using System.Text.Json;
using ScrapeGraph;
using OpenApiClientGen;

namespace ScrapeGraphSample;

/// <summary>Console output shared by the tour and the real-service run.</summary>
internal static class Print
{
    /// <summary>For <see cref="ApiClientOptions.OnRetry"/>: the failed attempt and the wait before the next one.</summary>
    public static void Retry(RetryEvent e)
    {
        var why = e.StatusCode is { } status ? $"{status}{(e.ErrorCode is null ? "" : $" {e.ErrorCode}")}" : e.Exception?.GetType().Name ?? "failure";
        var asked = e.RetryAfter is { } retryAfter ? $"; the server sent Retry-After {Seconds(retryAfter)}" : "";
        Console.WriteLine($"   OnRetry: {e.Operation} attempt {e.Attempt} failed with {why}{asked}; waiting {Seconds(e.Delay)} before attempt {e.Attempt + 1}");
    }

    /// <summary>An error envelope: type, message and each validation issue.</summary>
    public static void Envelope(ErrorEnvelope envelope, string indent)
    {
        Console.WriteLine($"{indent}error.type={envelope.Error.Type}, error.message=\"{envelope.Error.Message}\"");
        var details = envelope.Error.Details ?? [];
        for (var i = 0; i < details.Count; i++)
        {
            var issue = details[i];
            var path = string.Join(".", issue.Path.Select(p => p.Match(name => name, index => index.ToString(CultureInfo.InvariantCulture))));
            Console.WriteLine($"{indent}  details[{i}]: {issue.Code}{(issue.Format is null ? "" : $" ({issue.Format})")} at {(path.Length == 0 ? "(body)" : path)}: {issue.Message}");
        }
    }

    /// <summary>A JSON value, indented (no serializer needed: the element writes itself).</summary>
    public static string Indented(JsonElement element, string indent)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            element.WriteTo(writer);
        }
        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
        return string.Join(Environment.NewLine, lines.Select(l => indent + l.TrimEnd('\r')));
    }

    public static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString(span.TotalSeconds % 1 == 0 ? "0" : "0.###", CultureInfo.InvariantCulture) + " s";
}
