using System;
using Microsoft.CodeAnalysis.Text;
using OpenApiClientGen.Model;

namespace OpenApiClientGen.Reading;

/// <summary>
/// A spec file as the pipeline's first step hands it on: its options and its text, equal when the options and the text's
/// content are. A command-line build through the compiler server reuses the cached generator driver but gives it new
/// AdditionalText objects for the same files; compared by content, an unchanged document is not read and bound again.
/// </summary>
internal sealed class SpecSource(SpecOptions options, SourceText? text) : IEquatable<SpecSource>
{
    public SpecOptions Options { get; } = options;

    /// <summary>The text, or null when the file cannot be read.</summary>
    public SourceText? Text { get; } = text;

    public bool Equals(SpecSource? other) =>
        other is not null && Options.Equals(other.Options)
        && (ReferenceEquals(Text, other.Text) || Text is not null && other.Text is not null && Text.ContentEquals(other.Text));

    public override bool Equals(object? obj) => Equals(obj as SpecSource);

    public override int GetHashCode() => Options.GetHashCode();
}
