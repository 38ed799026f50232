using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenApiClientGen.Runtime;

/// <summary>What the generated client methods share: formatting parameters (here), building bodies (ClientSupport.Content.cs), reading responses and errors (ClientSupport.Responses.cs).</summary>
public static partial class ClientSupport
{
    /// <summary>The PATCH method (<c>HttpMethod.Patch</c> exists from .NET Core 2.1 only).</summary>
    public static HttpMethod Patch { get; } =
#if NET5_0_OR_GREATER
        HttpMethod.Patch;
#else
        new("PATCH");
#endif



    /// <summary>A boolean parameter as sent: <c>true</c> or <c>false</c>.</summary>
    public static string Format(bool value) => value ? "true" : "false";

    /// <summary>An integer parameter in invariant culture.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An integer parameter in invariant culture.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number parameter, round-trippable, in invariant culture.</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A number parameter, round-trippable, in invariant culture.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A number parameter in invariant culture.</summary>
    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A <c>format: date-time</c> parameter (RFC 3339).</summary>
    public static string Format(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture);

#if NET6_0_OR_GREATER
    /// <summary>A <c>format: date</c> parameter (yyyy-MM-dd).</summary>
    public static string Format(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
#endif

    /// <summary>A <c>format: date</c> value held as a <see cref="DateTime"/> (targets without DateOnly): its date part.</summary>
    public static string FormatDate(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A <c>format: uuid</c> parameter.</summary>
    public static string Format(Guid value) => value.ToString("D");

    /// <summary>A <c>format: byte</c> parameter (base64).</summary>
    public static string Format(byte[] value) => Convert.ToBase64String(value);

    /// <summary>Arrays and objects become JSON elements, whose items and properties the styles lay out.</summary>
    public static ParameterValue Value<T>(T value, JsonTypeInfo<T> typeInfo) =>
        ParameterValue.From(JsonSerializer.SerializeToElement(value, typeInfo));

    /// <summary>The text of a JSON scalar as a parameter carries it (a string unquoted; null empty).</summary>
    public static string ScalarText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => element.GetRawText(),
    };

    /// <summary>Escapes a query value, keeping the characters RFC 3986 reserves (OpenAPI <c>allowReserved</c>) except '#', which would end the URL.</summary>
    public static string EscapeAllowingReserved(string value)
    {
        var builder = new StringBuilder(value.Length);
        var from = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && ":/?[]@!$&'()*+,;=".IndexOf(value[i]) < 0) continue;
            builder.Append(Uri.EscapeDataString(value.Substring(from, i - from)));
            if (i < value.Length) builder.Append(value[i]);
            from = i + 1;
        }
        return builder.ToString();
    }

    /// <summary>Adds an API key sent as a query parameter to a request already built.</summary>
    public static void AddQueryCredential(HttpRequestMessage request, string name, string value)
    {
        var uri = request.RequestUri!.AbsoluteUri;
        request.RequestUri = Platform.Uri(uri + (uri.IndexOf('?') >= 0 ? "&" : "?") + Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
    }

    /// <summary>The parameter of a Basic Authorization header.</summary>
    public static string BasicCredential(string userName, string? password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password));

    /// <summary>Adds a header parameter (style simple).</summary>
    public static void AddHeader(HttpRequestMessage request, string name, ParameterValue value, bool explode) =>
        request.Headers.TryAddWithoutValidation(name, Simple(value, explode));

    /// <summary>Adds a cookie parameter (style form) to the request's Cookie header.</summary>
    public static void AddCookie(HttpRequestMessage request, string name, ParameterValue value, bool explode)
    {
        string cookie;
        if (value.Text is null && explode)
        {
            // Exploded, an array is one cookie per item under the name, an object one cookie per property.
            var parts = new List<string>();
            if (value.IsObject)
            {
                foreach (var pair in value.Properties()) parts.Add(pair.Key + "=" + Uri.EscapeDataString(pair.Value));
            }
            else
            {
                foreach (var item in value.Items()) parts.Add(name + "=" + Uri.EscapeDataString(item));
            }
            cookie = string.Join("; ", parts);
        }
        else
        {
            cookie = name + "=" + Uri.EscapeDataString(Simple(value, explode: false));
        }
        if (request.Headers.TryGetValues("Cookie", out var existing))
        {
            cookie = string.Join("; ", existing) + "; " + cookie;
            request.Headers.Remove("Cookie");
        }
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
    }

    private static string Simple(ParameterValue value, bool explode)
    {
        if (!value.IsObject) return string.Join(",", value.Items());
        var parts = new List<string>();
        foreach (var pair in value.Properties())
        {
            if (explode) parts.Add(pair.Key + "=" + pair.Value);
            else
            {
                parts.Add(pair.Key);
                parts.Add(pair.Value);
            }
        }
        return string.Join(",", parts);
    }
}
