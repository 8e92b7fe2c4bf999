using FactorTrace.Factors;
using FactorTrace.Quality;

namespace FactorTrace.Sources;

/// <summary>A factor source the broker cascades over: one publisher's dataset versions, optionally filtered.</summary>
public sealed record SourceDefinition
{
    /// <summary>Stable id (<c>desnz</c>, <c>epa-ghg-hub</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Catalogue ids of the dataset versions it covers.</summary>
    public required IReadOnlyList<string> Datasets { get; init; }

    /// <summary><c>activity</c>, <c>grid</c> or <c>spend</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The GWP set of the publisher's CO2e values, if stated.</summary>
    public string? GwpBasis { get; init; }

    /// <summary>Keep only rows whose attribute has one of the values.</summary>
    public AttributeFilter? Only { get; init; }

    /// <summary>Drop rows whose attribute has one of the values.</summary>
    public AttributeFilter? Except { get; init; }

    /// <summary>Attribution added to the dataset's own.</summary>
    public string? ExtraAttribution { get; init; }

    /// <summary>Pedigree scores of the source's rows (temporal and geographical are set per answer).</summary>
    public required PedigreeScores Pedigree { get; init; }

    /// <summary>What the licence allows.</summary>
    public LicencePolicy LicencePolicy { get; init; } = LicencePolicy.Open;

    /// <summary>Whether answers come from a remote API at request time rather than from loaded datasets.</summary>
    public bool IsRemote { get; init; }

    /// <summary>
    /// Whether its answers are licensed lookups: fetched from a remote source whose licence forbids bulk export, so they
    /// are metered and held to the per-tenant daily volume guard.
    /// </summary>
    public bool IsLicensedLookup => IsRemote && !LicencePolicy.BulkExport;

    /// <summary>Whether a factor belongs to this source.</summary>
    public bool Contains(EmissionFactor factor)
    {
        ArgumentNullException.ThrowIfNull(factor);
        if (!Datasets.Contains(factor.Dataset.Id, StringComparer.Ordinal))
        {
            return false;
        }

        if (Only is not null && !Only.Matches(factor))
        {
            return false;
        }

        return Except is null || !Except.Matches(factor);
    }
}

/// <summary>Selects rows by a published attribute.</summary>
/// <param name="Attribute">Attribute name.</param>
/// <param name="Values">Accepted values.</param>
public sealed record AttributeFilter(string Attribute, IReadOnlyList<string> Values)
{
    /// <summary>Whether the factor's attribute has one of the values.</summary>
    public bool Matches(EmissionFactor factor) =>
        factor.Attributes.TryGetValue(Attribute, out var value) && Values.Contains(value, StringComparer.Ordinal);
}

/// <summary>The licence rules of a source that the service enforces.</summary>
/// <param name="BulkExport">Whether its rows may appear in listings, search exports and bulk endpoints.</param>
/// <param name="MaxCacheAge">The longest any cache layer may keep one of its answers; null for no limit.</param>
public sealed record LicencePolicy(bool BulkExport, TimeSpan? MaxCacheAge)
{
    /// <summary>Licence id for sources that are not datasets (a remote source); datasets carry their own.</summary>
    public string? LicenceId { get; init; }

    /// <summary>Attribution text for sources that are not datasets.</summary>
    public string? Attribution { get; init; }

    /// <summary>An open licence: export allowed, no cache limit.</summary>
    public static LicencePolicy Open { get; } = new(true, null);
}
