using System.Globalization;
using FactorTrace.Import.Normalization;

namespace FactorTrace.Import.Processing;

/// <summary>How values are quoted and shown in issue messages and cell results.</summary>
internal static class IssueText
{
    /// <summary>The text, cut at 60 characters.</summary>
    public static string Short(string text) => text.Length > 60 ? string.Concat(text.AsSpan(0, 60), "…") : text;

    /// <summary>A date order in words.</summary>
    public static string OrderName(string? order) => order == DateFormat.Mdy ? "month first" : "day first";

    /// <summary>An ISO 8601 date.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A number, round-trippable and culture-free.</summary>
    public static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
