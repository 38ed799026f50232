using System;
using System.Collections.Generic;
using System.Text.Json;

namespace OpenApiClientGen.Runtime;

/// <summary>Replaces configured credentials with *** in everything an <see cref="ApiException"/> carries.</summary>
public sealed class Redactor
{
    private readonly string[] _secrets;
    private readonly string[] _queryNames;

    /// <summary>A redactor of <paramref name="secrets"/> (null and empty ones ignored) and of the values of the query parameters named <paramref name="queryNames"/>.</summary>
    public Redactor(string?[] secrets, string[] queryNames)
    {
        var list = new List<string>();
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret)) list.Add(secret!);
        }
        _secrets = list.ToArray();
        _queryNames = queryNames;
    }

    /// <summary>This redactor and one more secret (a token a provider gave for a call, say).</summary>
    public Redactor With(string? secret) =>
        string.IsNullOrEmpty(secret) || Array.IndexOf(_secrets, secret) >= 0 ? this : new Redactor(_secrets, secret!, _queryNames);

    private Redactor(string[] secrets, string secret, string[] queryNames)
    {
        _secrets = new string[secrets.Length + 1];
        secrets.CopyTo(_secrets, 0);
        _secrets[secrets.Length] = secret;
        _queryNames = queryNames;
    }

    /// <summary>The text with every secret replaced by ***: as it is, URL-escaped and JSON-escaped.</summary>
    public string Text(string text)
    {
        foreach (var secret in _secrets)
        {
            // As it is, URL-escaped, and JSON-escaped (System.Text.Json writes '+' as \u002B, for one).
            text = text.Replace(secret, "***");
            var escaped = System.Uri.EscapeDataString(secret);
            if (escaped != secret) text = text.Replace(escaped, "***");
            var json = JsonEncodedText.Encode(secret).ToString();
            if (json != secret) text = text.Replace(json, "***");
        }
        return text;
    }

    /// <summary>The URL with secrets and secret query parameter values replaced by ***.</summary>
    public System.Uri? Uri(System.Uri? uri)
    {
        if (uri is null) return null;
        var text = uri.AbsoluteUri;
        var query = text.IndexOf('?');
        if (query >= 0 && _queryNames.Length > 0)
        {
            var parts = text.Substring(query + 1).Split('&');
            for (var i = 0; i < parts.Length; i++)
            {
                var equals = parts[i].IndexOf('=');
                var name = System.Uri.UnescapeDataString(equals >= 0 ? parts[i].Substring(0, equals) : parts[i]);
                if (Array.IndexOf(_queryNames, name) >= 0) parts[i] = parts[i].Substring(0, equals >= 0 ? equals : parts[i].Length) + "=***";
            }
            text = text.Substring(0, query + 1) + string.Join("&", parts);
        }
        return Platform.Uri(Text(text));
    }
}
