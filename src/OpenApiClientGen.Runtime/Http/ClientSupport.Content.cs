using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenApiClientGen.Runtime;

/// <summary>Request bodies: JSON, text, binary, form and multipart.</summary>
public static partial class ClientSupport
{
    /// <summary>A JSON body, serialized up front (so its length is known and it can be sent again).</summary>
    public static HttpContent Json<T>(T value, JsonTypeInfo<T> typeInfo, string mediaType)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    /// <summary>A text body in UTF-8.</summary>
    public static HttpContent Text(string value, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return content;
    }

    /// <summary>A binary body streamed from <paramref name="value"/> (not buffered, so not replayable).</summary>
    public static HttpContent Binary(Stream value, string mediaType)
    {
        var content = new StreamContent(value);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    /// <summary>
    /// An <c>application/x-www-form-urlencoded</c> body: arrays repeat their key (<c>name[0]</c>, <c>name[1]</c> for the
    /// properties whose encoding is deepObject), objects nest as <c>key[name]</c>.
    /// </summary>
    public static HttpContent Form<T>(T value, JsonTypeInfo<T> typeInfo, string[]? deepObject = null)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var element = JsonSerializer.SerializeToElement(value, typeInfo);
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
                AddFormField(fields, property.Name, property.Value, nested: deepObject is not null && Array.IndexOf(deepObject, property.Name) >= 0);
        }
        return new FormUrlEncodedContent(fields);
    }

    private static void AddFormField(List<KeyValuePair<string, string>> fields, string name, JsonElement value, bool nested)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject()) AddFormField(fields, name + "[" + property.Name + "]", property.Value, nested: true);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var key = nested || item.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                        ? name + "[" + (index++).ToString(CultureInfo.InvariantCulture) + "]"
                        : name;
                    AddFormField(fields, key, item, nested);
                }
                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                break;
            default:
                fields.Add(new(name, ScalarText(value)));
                break;
        }
    }

    /// <summary>A text part of a multipart body.</summary>
    public static void AddPart(MultipartFormDataContent content, string name, string value) =>
        content.Add(new StringContent(value), Quote(name));

    /// <summary>A file part of a multipart body (the stream is sent as it is read, not buffered).</summary>
    public static void AddPart(MultipartFormDataContent content, string name, FileContent file)
    {
        var part = new StreamContent(file.Content);
        part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType ?? "application/octet-stream");
        // Set here rather than through Add(content, name, fileName), which also writes filename* (RFC 7578 §4.2 forbids
        // it in form-data, and some servers then read the quotes as part of the name).
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = Quote(name), FileName = Quote(file.FileName ?? name) };
        content.Add(part);
    }

    /// <summary>Parts for an array (one per item) or an object (one JSON part).</summary>
    public static void AddPart(MultipartFormDataContent content, string name, ParameterValue value)
    {
        if (value.Text is not null)
        {
            AddPart(content, name, value.Text);
            return;
        }
        if (value.Element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.Element.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array) AddJsonPart(content, name, item);
                else AddPart(content, name, ScalarText(item));
            }
            return;
        }
        AddJsonPart(content, name, value.Element);
    }

    /// <summary>One part per property of an object body whose shape is not known when generating.</summary>
    public static void AddParts(MultipartFormDataContent content, ParameterValue value)
    {
        if (!value.IsObject) return;
        foreach (var property in value.Element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Null) AddPart(content, property.Name, ParameterValue.From(property.Value));
        }
    }

    private static void AddJsonPart(MultipartFormDataContent content, string name, JsonElement element)
    {
        var part = new StringContent(element.GetRawText());
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(part, Quote(name));
    }

    /// <summary>
    /// A quoted-string for a part's name or file name: a backslash escaped (a quoted-pair), <c>"</c>, CR and LF
    /// percent-encoded as HTML's form encoding does (the header parser refuses an escaped quote, and a quote in a user's
    /// file name must not throw).
    /// </summary>
    private static string Quote(string name) =>
        "\"" + name.Replace("\\", "\\\\").Replace("\"", "%22").Replace("\r", "%0D").Replace("\n", "%0A") + "\"";
}
