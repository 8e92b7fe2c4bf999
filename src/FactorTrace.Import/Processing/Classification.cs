using FactorTrace.Data.Ledger;
using FactorTrace.Import.Mapping;
using FactorTrace.Regions;

namespace FactorTrace.Import.Processing;

/// <summary>Regions, scopes and Scope 3 categories as files write them, read into the codes records hold.</summary>
public static class Classification
{
    private static readonly string[] CategoryNames =
    [
        "purchased goods and services", "capital goods", "fuel and energy related activities", "upstream transportation and distribution",
        "waste generated in operations", "business travel", "employee commuting", "upstream leased assets", "downstream transportation and distribution",
        "processing of sold products", "use of sold products", "end of life treatment of sold products", "downstream leased assets", "franchises", "investments",
    ];

    /// <summary>A region code (<c>GB</c>, <c>uk</c>, <c>DEU</c>, <c>US-CA</c>) or a country name (<c>United States</c>), normalized; null when unknown.</summary>
    public static string? Region(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var code = RegionHierarchy.Default.Normalize(text.Trim());
        if (RegionHierarchy.Default.Classify(code) != RegionKind.Unknown)
        {
            return code;
        }

        return RegionHierarchy.Default.FromName(text.Trim()) is { } named ? RegionHierarchy.Default.Normalize(named) : null;
    }

    /// <summary>"Scope 1", "S1", "scope1", "1" → "1".</summary>
    public static string? Scope(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = ImportFields.NormalizeHeader(text).Replace(" ", "", StringComparison.Ordinal);
        foreach (var prefix in new[] { "scope", "s" })
        {
            if (normalized.StartsWith(prefix, StringComparison.Ordinal) && normalized.Length > prefix.Length)
            {
                normalized = normalized[prefix.Length..];
                break;
            }
        }

        return normalized is "1" or "2" or "3" ? normalized : null;
    }

    /// <summary>
    /// A Scope 1 source type ("Mobile combustion", "fugitive emissions") as it is written, for the ledger's rule
    /// (<see cref="ActivityValidation.Scope1SourceOf"/>: the record's source type on a Scope 1 row, an error on a Scope 2
    /// or 3 row); else the Scope 3 category of <see cref="Category"/>.
    /// </summary>
    public static string? CategoryOrScope1Source(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ActivityValidation.NormalizeScope1Source(text) is not null ? text.Trim() : Category(text);
    }

    /// <summary>"3.6", "6", "Cat 6", "Category 6", "Business travel" → "3.6".</summary>
    public static string? Category(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ActivityValidation.NormalizeCategory(text) is { } direct)
        {
            return direct;
        }

        var normalized = ImportFields.NormalizeHeader(text);
        foreach (var prefix in new[] { "scope 3 category ", "category ", "cat ", "s3 ", "c" })
        {
            if (normalized.StartsWith(prefix, StringComparison.Ordinal) && ActivityValidation.NormalizeCategory(normalized[prefix.Length..].Split(' ')[0]) is { } numbered)
            {
                return numbered;
            }
        }

        for (var i = 0; i < CategoryNames.Length; i++)
        {
            if (normalized == CategoryNames[i] || (normalized.Length >= 6 && CategoryNames[i].StartsWith(normalized, StringComparison.Ordinal))
                || FactorTrace.Text.EditDistance.Compute(normalized, CategoryNames[i], 3) <= 3)
            {
                return $"3.{i + 1}";
            }
        }

        return null;
    }
}
