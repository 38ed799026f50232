using System;
using System.IO;

namespace OpenApiClientGen;

/// <summary>
/// Binary content (<c>format: binary</c>): a stream with an optional file name and media type, sent as a file part of
/// a multipart body. The stream is read when the request is sent and is not disposed by the client.
/// </summary>
public sealed class FileContent
{
    /// <summary>Content read from <paramref name="content"/>.</summary>
    /// <param name="content">The bytes to send, read from the current position.</param>
    /// <param name="fileName">The file name sent with a multipart part.</param>
    /// <param name="contentType">The part's media type; <c>application/octet-stream</c> when null.</param>
    public FileContent(Stream content, string? fileName = null, string? contentType = null)
    {
        Content = content ?? throw new ArgumentNullException(nameof(content));
        FileName = fileName;
        ContentType = contentType;
    }

    /// <summary>Content held in memory.</summary>
    /// <param name="content">The bytes to send.</param>
    /// <param name="fileName">The file name sent with a multipart part.</param>
    /// <param name="contentType">The part's media type; <c>application/octet-stream</c> when null.</param>
    public FileContent(byte[] content, string? fileName = null, string? contentType = null)
        : this(new MemoryStream(content ?? throw new ArgumentNullException(nameof(content)), writable: false), fileName, contentType)
    {
    }

    /// <summary>The bytes.</summary>
    public Stream Content { get; }

    /// <summary>The file name sent with a multipart part, if any.</summary>
    public string? FileName { get; }

    /// <summary>The media type, if known.</summary>
    public string? ContentType { get; }

    /// <summary>Reads the remaining bytes (for the rare JSON body that carries binary content as base64).</summary>
    public byte[] ToArray()
    {
        if (Content is MemoryStream memory && memory.Position == 0) return memory.ToArray();
        using var copy = new MemoryStream();
        Content.CopyTo(copy);
        return copy.ToArray();
    }
}
