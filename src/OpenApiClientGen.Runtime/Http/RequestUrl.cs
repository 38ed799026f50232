using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpenApiClientGen.Runtime;

/// <summary>Builds a request URL: the base address, the path with its parameters escaped, the query.</summary>
public sealed class RequestUrl
{
    private readonly StringBuilder _url;
    private bool _hasQuery;

    /// <summary>Starts a URL at <paramref name="baseAddress"/> (its query and a trailing slash dropped).</summary>
    public RequestUrl(Uri baseAddress)
    {
        var text = baseAddress.AbsoluteUri;
        var query = text.IndexOf('?');
        _url = new StringBuilder(query >= 0 ? text.Substring(0, query) : text);
        if (_url.Length > 0 && _url[_url.Length - 1] == '/') _url.Length--;
    }

    /// <summary>Appends a literal part of the path template.</summary>
    public void AppendPath(string literal) => _url.Append(literal);

    /// <summary>Appends a path parameter: each value escaped so it stays inside its segment (<c>../x</c> included).</summary>
    public void AppendPathParameter(string name, ParameterValue value, ParameterStyle style, bool explode)
    {
        var prefix = style switch { ParameterStyle.Label => ".", ParameterStyle.Matrix => ";", _ => "" };
        _url.Append(prefix);
        if (value.IsObject)
        {
            var pairs = value.Properties();
            if (style == ParameterStyle.Matrix && !explode) _url.Append(Segment(name)).Append('=');
            var separator = explode ? (style == ParameterStyle.Simple ? "," : prefix) : ",";
            for (var i = 0; i < pairs.Count; i++)
            {
                if (i > 0) _url.Append(separator);
                _url.Append(Segment(pairs[i].Key)).Append(explode ? "=" : ",").Append(Segment(pairs[i].Value));
            }
            return;
        }

        var items = value.Items();
        if (style == ParameterStyle.Matrix)
        {
            _url.Append(Segment(name)).Append('=');
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0) _url.Append(explode ? ";" + Segment(name) + "=" : ",");
                _url.Append(Segment(items[i]));
            }
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) _url.Append(explode && style == ParameterStyle.Label ? "." : ",");
            _url.Append(Segment(items[i]));
        }
    }

    /// <summary>Adds a query parameter in its style: form (exploded or not), space- or pipe-delimited, deepObject.</summary>
    public void AddQuery(string name, ParameterValue value, ParameterStyle style, bool explode, bool allowReserved)
    {
        if (style == ParameterStyle.DeepObject && value.Text is null)
        {
            AddDeep(name, value.Element, allowReserved);
            return;
        }
        if (value.IsObject)
        {
            var pairs = value.Properties();
            if (explode)
            {
                foreach (var pair in pairs) Add(pair.Key, pair.Value, allowReserved);
            }
            else
            {
                var joined = new List<string>();
                foreach (var pair in pairs)
                {
                    joined.Add(pair.Key);
                    joined.Add(pair.Value);
                }
                Add(name, joined, ",", allowReserved);
            }
            return;
        }
        var items = value.Items();
        if (value.Text is null && explode)
        {
            foreach (var item in items) Add(name, item, allowReserved);
            return;
        }
        // The delimiter stays literal (a comma inside a value is escaped): "a,b" and ["a", "b"] differ on the wire.
        var delimiter = style switch { ParameterStyle.SpaceDelimited => "%20", ParameterStyle.PipeDelimited => "%7C", _ => "," };
        Add(name, items, delimiter, allowReserved);
    }

    /// <summary>The URL as built: no canonicalisation, so an escaped dot-segment (%2E%2E) is sent as it is and stays a value.</summary>
    public Uri ToUri() => Platform.Uri(_url.ToString());

    private void AddDeep(string name, JsonElement element, bool allowReserved)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) AddDeep(name + "[" + property.Name + "]", property.Value, allowReserved);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) AddDeep(name + "[" + (index++).ToString(CultureInfo.InvariantCulture) + "]", item, allowReserved);
                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                break;
            default:
                Add(name, ClientSupport.ScalarText(element), allowReserved);
                break;
        }
    }

    private void Add(string name, string value, bool allowReserved) => Add(name, new[] { value }, "", allowReserved);

    private void Add(string name, IReadOnlyList<string> values, string delimiter, bool allowReserved)
    {
        _url.Append(_hasQuery ? '&' : '?');
        _hasQuery = true;
        _url.Append(Uri.EscapeDataString(name)).Append('=');
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) _url.Append(delimiter);
            _url.Append(allowReserved ? ClientSupport.EscapeAllowingReserved(values[i]) : Uri.EscapeDataString(values[i]));
        }
    }

    private static string Segment(string value)
    {
        // "." and ".." would be dot-segments that URL normalisation removes: escape them too.
        var escaped = Uri.EscapeDataString(value);
        return escaped switch { "." => "%2E", ".." => "%2E%2E", _ => escaped };
    }
}
