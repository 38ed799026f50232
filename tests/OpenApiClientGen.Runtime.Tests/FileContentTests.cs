namespace OpenApiClientGen.Runtime.Tests;

/// <summary>FileContent: binary content with its name and media type, and its bytes.</summary>
public sealed class FileContentTests
{
    private static readonly byte[] Bytes = [0, 1, 2, 3, 4, 5, 6, 7];

    [Fact]
    public void ToArray_of_bytes_is_the_bytes_and_can_be_repeated()
    {
        var file = new FileContent(Bytes, "a.bin", "application/x-test");
        Assert.Equal(Bytes, file.ToArray());
        Assert.Equal(Bytes, file.ToArray());
        Assert.Equal("a.bin", file.FileName);
        Assert.Equal("application/x-test", file.ContentType);
        Assert.False(file.Content.CanWrite);
    }

    [Fact]
    public void ToArray_of_a_MemoryStream_at_its_start_is_all_of_it()
    {
        Assert.Equal(Bytes, new FileContent(new MemoryStream(Bytes)).ToArray());
        // A stream over part of a buffer: that part only.
        Assert.Equal(Bytes[2..5], new FileContent(new MemoryStream(Bytes, 2, 3)).ToArray());
    }

    [Fact]
    public void ToArray_of_a_MemoryStream_part_read_is_the_rest()
    {
        var stream = new MemoryStream(Bytes) { Position = 3 };
        Assert.Equal(Bytes[3..], new FileContent(stream).ToArray());
    }

    [Fact]
    public void ToArray_of_a_stream_that_cannot_seek_reads_the_rest()
    {
        var stream = new OneWayStream(Bytes, chunk: 3);
        Assert.Equal(Bytes, new FileContent(stream).ToArray());

        var partRead = new OneWayStream(Bytes);
        Assert.Equal(2, partRead.Read(new byte[2], 0, 2));
        Assert.Equal(Bytes[2..], new FileContent(partRead).ToArray());
    }

    [Fact]
    public void Name_and_type_are_optional_and_content_is_required()
    {
        var file = new FileContent(new MemoryStream());
        Assert.Null(file.FileName);
        Assert.Null(file.ContentType);
        Assert.Empty(file.ToArray());
        Assert.Throws<ArgumentNullException>(() => new FileContent((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => new FileContent((byte[])null!));
    }
}
