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
    /// (.NET Framework 4.5+ and .NET Core leave escaped dots alone by default; .NET 6+ is told so explicitly.)
    /// </summary>
    public static Uri Uri(string text) =>
#if NET6_0_OR_GREATER
        new(text, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
#else
        new(text, UriKind.Absolute);
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
