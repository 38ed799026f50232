using System;
using System.Globalization;

namespace OpenApiClientGen;

/// <summary>One row of an API's error table: a status, optionally an error code read from the body, and its verdict.</summary>
public sealed class ErrorRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="status">An exact status ("429"), a range ("5XX") or "default".</param>
    /// <param name="code">The error code (read at <see cref="RetryMetadata.ErrorCodePointer"/>) the rule is for; null for any.</param>
    /// <param name="retryable">Whether the error is worth retrying.</param>
    /// <param name="cause">What causes the error.</param>
    /// <param name="remedy">What to do about it.</param>
    public ErrorRule(string status, string? code, Retryability retryable, string? cause = null, string? remedy = null)
    {
        Status = status ?? throw new ArgumentNullException(nameof(status));
        Code = code;
        Retryable = retryable;
        Cause = cause;
        Remedy = remedy;
    }

    /// <summary>An exact status ("429"), a range ("5XX") or "default".</summary>
    public string Status { get; }

    /// <summary>The error code the rule is for; null for any.</summary>
    public string? Code { get; }

    /// <summary>Whether the error is worth retrying.</summary>
    public Retryability Retryable { get; }

    /// <summary>What causes the error.</summary>
    public string? Cause { get; }

    /// <summary>What to do about it.</summary>
    public string? Remedy { get; }

    /// <summary>Whether the rule's status covers <paramref name="statusCode"/>.</summary>
    public bool Covers(int statusCode) => Specificity(statusCode) >= 0;

    /// <summary>2 for an exact status, 1 for a range, 0 for default, -1 when the status is not covered.</summary>
    internal int Specificity(int statusCode)
    {
        if (Status == "default") return 0;
        if (Status.Length == 3 && Status[1] is 'X' or 'x') return statusCode / 100 == Status[0] - '0' ? 1 : -1;
        return int.TryParse(Status, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code == statusCode ? 2 : -1;
    }
}
