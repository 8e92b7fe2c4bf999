using FactorTrace.Gwp;
using FactorTrace.Quality;

namespace FactorTrace.Broker;

/// <summary>The broker's answer: the chosen factor per requested unit, its quality, licence and how it was chosen.</summary>
public sealed record FactorAnswer
{
    /// <summary>The chosen factor's id (<c>proxy:…</c> for a category average).</summary>
    public required string FactorId { get; init; }

    /// <summary>The activity the answer is for (canonical id where there is one).</summary>
    public required string ActivityId { get; init; }

    /// <summary>The activity's name.</summary>
    public required string ActivityName { get; init; }

    /// <summary>kg CO2e per requested unit.</summary>
    public required double Value { get; init; }

    /// <summary>The requested unit's code.</summary>
    public required string Unit { get; init; }

    /// <summary>The unit the factor is published in.</summary>
    public required string FactorUnit { get; init; }

    /// <summary>The GWP set of <see cref="Value"/>.</summary>
    public required string Gwp { get; init; }

    /// <summary>How the CO2e in that set was obtained (<c>published</c>, <c>recomputed</c>, <c>not_recomputable</c>).</summary>
    public required string GwpMethod { get; init; }

    /// <summary>
    /// When CH4 was re-expressed in AR6, the methane origin whose GWP was used: <c>fossil</c> (29.8), <c>non_fossil</c>
    /// (27.0, IPCC AR6 WG1 Table 7.15) or <c>unspecified</c> (the single AR6 value); otherwise null.
    /// </summary>
    public string? Ch4Origin { get; init; }

    /// <summary>The CH4 GWP-100 used when the methane origin is stated.</summary>
    public double? Ch4Gwp { get; init; }

    /// <summary>How the value was re-expressed in the GWP set (blend composition, methane origin), when it was.</summary>
    public string? GwpNote { get; init; }

    /// <summary>
    /// For spend factors, the price basis the value applies to (<c>2022 USD, purchaser price, with margins</c>); null
    /// for physical factors.
    /// </summary>
    public string? PriceBasis { get; init; }

    /// <summary>
    /// kg of biogenic CO2 per requested unit (biomass fuels, biofuel blends, landfill gas): outside the scopes under the
    /// GHG Protocol and ESRS E1, so not in <see cref="Value"/> and reported apart; null when the publisher gives none.
    /// </summary>
    public double? BiogenicCo2 { get; init; }

    /// <summary>The published row the biogenic CO2 figure comes from.</summary>
    public string? BiogenicCo2Row { get; init; }

    /// <summary>Per-gas parts per requested unit.</summary>
    public required IReadOnlyList<GasPart> Gases { get; init; }

    /// <summary>The source that answered.</summary>
    public required string Source { get; init; }

    /// <summary>The dataset version that answered.</summary>
    public required string Dataset { get; init; }

    /// <summary>Its version label.</summary>
    public required string DatasetVersion { get; init; }

    /// <summary>Every dataset version the answer used, with content hashes.</summary>
    public required IReadOnlyList<DatasetVersionRef> DatasetVersions { get; init; }

    /// <summary>The region of the factor used.</summary>
    public required string Region { get; init; }

    /// <summary>The year of the factor used.</summary>
    public required int Year { get; init; }

    /// <summary>GHG Protocol scope.</summary>
    public string? Scope { get; init; }

    /// <summary>Scope 3 category.</summary>
    public string? Category { get; init; }

    /// <summary>Quality: pedigree scores and the 0–100 score.</summary>
    public required QualityInfo Quality { get; init; }

    /// <summary>Uncertainty of the value.</summary>
    public required Uncertainty Uncertainty { get; init; }

    /// <summary>Licence and attribution.</summary>
    public required LicenceInfo Licence { get; init; }

    /// <summary>How the answer was found.</summary>
    public required Provenance Provenance { get; init; }

    /// <summary>The published row (file, sheet, row, publisher id), for an auditor; null for a proxy.</summary>
    public string? SourceRow { get; init; }

    /// <summary>The same answer as served from a cache layer (<c>l1</c>, <c>l2</c>, <c>l3</c>; the hash does not cover it).</summary>
    public FactorAnswer ServedFrom(string layer) =>
        Provenance.Cache == layer ? this : this with { Provenance = Provenance with { Cache = layer } };
}

/// <summary>A dataset version used by an answer.</summary>
public sealed record DatasetVersionRef(string Dataset, string Version, string ContentHash);

/// <summary>Pedigree scores and the overall quality score.</summary>
public sealed record QualityInfo(int Score, int Reliability, int Completeness, int Temporal, int Geographical, int Technological)
{
    /// <summary>From pedigree scores.</summary>
    public static QualityInfo From(PedigreeScores p) =>
        new(p.Score, p.Reliability, p.Completeness, p.Temporal, p.Geographical, p.Technological);
}

/// <summary>Licence id, attribution text and what the licence allows.</summary>
public sealed record LicenceInfo(string Id, string Attribution, bool BulkExport, double? MaxCacheAgeSeconds);
