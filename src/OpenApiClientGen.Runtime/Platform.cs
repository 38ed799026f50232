using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenApiClientGen.Runtime;

/// <summary>The few calls whose best form differs between netstandard2.0 and .NET 8, in one place.</summary>
internal static class Platform
{
    /// <summary>
    /// A URL taken as built: no canonicalisation, so an escaped dot-segment (%2E%2E) is sent as it is and stays a value.
    /// On .NET 6+ through UriCreationOptions (found by reflection when this netstandard2.0 build runs there); where the
    /// runtime has no such option and would drop a dot-segment, the request is refused rather than sent to another path.
    /// </summary>
    public static Uri Uri(string text)
    {
#if NET6_0_OR_GREATER
        return new(text, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
#else
        if (Uncanonicalized is { } create) return create(text);
        var uri = new Uri(text, UriKind.Absolute);
        if (SegmentCount(PathOf(text)) != SegmentCount(uri.AbsolutePath))
            throw new ArgumentException($"The URL '{text}' has a path segment '.' or '..' (escaped) that this runtime would remove from the request; it is not sent.", nameof(text));
        return uri;
#endif
    }

#if !NET6_0_OR_GREATER
    /// <summary>new Uri(text, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }) where the runtime has it.</summary>
    private static readonly Func<string, Uri>? Uncanonicalized = FindUncanonicalized();

    private static Func<string, Uri>? FindUncanonicalized()
    {
        try
        {
            var optionsType = typeof(Uri).Assembly.GetType("System.UriCreationOptions");
            var constructor = optionsType is null ? null : typeof(Uri).GetConstructor(new[] { typeof(string), optionsType.MakeByRefType() });
            var property = optionsType?.GetProperty("DangerousDisablePathAndQueryCanonicalization");
            if (constructor is null || property is null) return null;
            var options = Activator.CreateInstance(optionsType!);
            property.SetValue(options, true);
            return text => (Uri)constructor.Invoke(new[] { text, options });
        }
        catch (Exception e) when (e is MemberAccessException or ArgumentException or NotSupportedException or System.Reflection.TargetInvocationException)
        {
            return null;
        }
    }

    private static string PathOf(string text)
    {
        var start = text.IndexOf("://", StringComparison.Ordinal);
        var path = start < 0 ? -1 : text.IndexOf('/', start + 3);
        if (path < 0) return "/";
        var end = text.IndexOfAny(new[] { '?', '#' }, path);
        return end < 0 ? text.Substring(path) : text.Substring(path, end - path);
    }

    private static int SegmentCount(string path)
    {
        var count = 0;
        foreach (var c in path)
        {
            if (c == '/') count++;
        }
        return count;
    }
#endif

    public static Task<string> ReadAsStringAsync(HttpContent content, CancellationToken cancellationToken) =>
#if NET5_0_OR_GREATER
        content.ReadAsStringAsync(cancellationToken);
#else
        content.ReadAsStringAsync();
#endif

    public static Task<Stream> ReadAsStreamAsync(HttpContent content, CancellationToken cancellationToken) =>
#if NET5_0_OR_GREATER
        content.ReadAsStreamAsync(cancellationToken);
#else
        content.ReadAsStreamAsync();
#endif

    /// <summary>A wait on <paramref name="time"/> (Microsoft.Bcl.TimeProvider's extension on netstandard2.0).</summary>
    public static Task Delay(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken) =>
#if NET8_0_OR_GREATER
        Task.Delay(delay, time, cancellationToken);
#else
        time.Delay(delay, cancellationToken);
#endif

    /// <summary>A random number generator safe to use from any thread.</summary>
    public static Random Random =>
#if NET6_0_OR_GREATER
        Random.Shared;
#else
        _random ??= new Random(Guid.NewGuid().GetHashCode());

    [ThreadStatic]
    private static Random? _random;
#endif

    /// <summary>Attaches a value to a request (HttpRequestMessage.Options, or Properties before .NET 5).</summary>
    public static void Set<T>(HttpRequestMessage request, string key, T value) where T : class =>
#if NET5_0_OR_GREATER
        request.Options.Set(new HttpRequestOptionsKey<T>(key), value);
#else
        request.Properties[key] = value;
#endif

    /// <summary>A value attached to a request with <see cref="Set"/>, or null.</summary>
    public static T? Get<T>(HttpRequestMessage request, string key) where T : class =>
#if NET5_0_OR_GREATER
        request.Options.TryGetValue(new HttpRequestOptionsKey<T>(key), out var value) ? value : null;
#else
        request.Properties.TryGetValue(key, out var value) ? value as T : null;
#endif
}
