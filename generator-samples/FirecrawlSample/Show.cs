using Firecrawl;
using OpenApiClientGen;

namespace FirecrawlSample;

/// <summary>How the sample prints the generated types: a few indented lines each.</summary>
internal static class Show
{
    /// <summary>A scraped page: its metadata and the first line of its Markdown.</summary>
    public static void Page(ScrapeResponse response)
    {
        // Every property the spec does not require is nullable: the compiler makes sure we look before we use.
        var metadata = response.Data?.Metadata;
        Console.WriteLine($"   ScrapeResponse: \"{metadata?.Title}\" from {metadata?.Url} (HTTP {metadata?.StatusCode}, {metadata?.ContentType})");
        Console.WriteLine($"     markdown: {FirstLine(response.Data?.Markdown) ?? "(none)"}");
    }

    /// <summary>A retry the client is about to make: <see cref="ApiClientOptions.OnRetry"/>.</summary>
    public static void Retry(RetryEvent retry)
    {
        var failure = retry.StatusCode is { } status ? $"{status} \"{FirstSentence(retry.ErrorCode)}\"" : retry.Exception?.GetType().Name;
        var reason = retry.RetryAfter is { } asked && asked == retry.Delay ? "as Retry-After asks" : "backoff";
        Console.WriteLine($"   OnRetry: attempt {retry.Attempt} of {retry.Operation} got {failure}");
        Console.WriteLine($"            waiting {Seconds(retry.Delay)} ({reason}), then attempt {retry.Attempt + 1}");
    }

    /// <summary>An error response: its status, the message of its typed payload, and what the annotations say of it.</summary>
    public static void Error(ApiException error, string? payloadMessage)
    {
        var type = error is ApiException<ErrorResponse> ? "ApiException<ErrorResponse>" : "ApiException";
        Console.WriteLine($"   {type}: {error.StatusCode} {error.ReasonPhrase} after {error.Attempts} {(error.Attempts == 1 ? "attempt" : "attempts")}");
        Console.WriteLine($"     Payload.Error  {payloadMessage ?? $"(no typed payload) {FirstSentence(error.ResponseBody)}"}");
        if (error.Cause is not null) Console.WriteLine($"     Cause          {error.Cause}");
        if (error.Remedy is not null) Console.WriteLine($"     Remedy         {error.Remedy}");
        Console.WriteLine($"     IsRetryable    {error.IsRetryable} (annotated: {error.Retryable})");
    }

    public static string Seconds(TimeSpan time) => $"{time.TotalSeconds:0.###} s";

    /// <summary>The first sentence of a server message (Firecrawl's error codes are whole messages), at most one line.</summary>
    public static string? FirstSentence(string? text)
    {
        if (text is null) return null;
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end < 0 ? text : text[..(end + 1)];
        return sentence.Length <= 70 ? sentence : sentence[..67] + "...";
    }

    private static string? FirstLine(string? text) => text?.Split('\n', 2)[0];
}
