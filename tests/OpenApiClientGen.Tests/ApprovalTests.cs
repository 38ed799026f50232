using Xunit;

namespace OpenApiClientGen.Tests;

/// <summary>The approval helper itself, in a temporary folder.</summary>
public sealed class ApprovalTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "oag-approval-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Missing_snapshot_fails_and_writes_received()
    {
        var failure = Approval.Check(_root, "Sub/One", "a\nb\n", accept: false);

        Assert.NotNull(failure);
        Assert.Contains("has no One.verified.cs", failure);
        Assert.Equal("a\nb\n", File.ReadAllText(Path.Combine(_root, "Sub", "One.received.cs")));
        Assert.False(File.Exists(Path.Combine(_root, "Sub", "One.verified.cs")));
    }

    [Fact]
    public void Accepting_writes_verified_and_removes_received()
    {
        Approval.Check(_root, "One", "old\n", accept: false);

        Assert.Null(Approval.Check(_root, "One", "new\r\n", accept: true));

        Assert.Equal("new\n", File.ReadAllText(Path.Combine(_root, "One.verified.cs")));
        Assert.False(File.Exists(Path.Combine(_root, "One.received.cs")));
    }

    [Fact]
    public void Matching_text_passes_whatever_the_line_ends()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "One.verified.cs"), "line 1\r\nline 2\r\n");

        Assert.Null(Approval.Check(_root, "One", "line 1\nline 2\n", accept: false));
        Assert.False(File.Exists(Path.Combine(_root, "One.received.cs")));
    }

    [Fact]
    public void Mismatch_names_the_first_differing_line()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "One.verified.cs"), "same\nold\nsame\n");

        var failure = Approval.Check(_root, "One", "same\nnew\nsame\n", accept: false);

        Assert.NotNull(failure);
        Assert.Contains("line 2", failure);
        Assert.Contains("verified: old", failure);
        Assert.Contains("received: new", failure);
        Assert.Equal("same\nnew\nsame\n", File.ReadAllText(Path.Combine(_root, "One.received.cs")));
    }

    [Fact]
    public void A_shorter_text_is_reported_at_the_end_of_the_file()
    {
        var hint = Approval.FirstDifference("a\nb\nc", "a\nb");

        Assert.Contains("line 3", hint);
        Assert.Contains("received: (end of file)", hint);
    }
}
