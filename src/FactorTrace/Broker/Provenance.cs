namespace FactorTrace.Broker;

/// <summary>How an answer was found: every source tried at every level, every fallback, and a hash of request and answer.</summary>
public sealed record Provenance
{
    /// <summary>Each source tried, in order.</summary>
    public required IReadOnlyList<Attempt> Attempts { get; init; }

    /// <summary>Each fallback applied (region, year, unit, GWP, text match, proxy).</summary>
    public required IReadOnlyList<Fallback> Fallbacks { get; init; }

    /// <summary>Which cache layer served the answer (<c>none</c> when computed).</summary>
    public string Cache { get; init; } = "none";

    /// <summary>SHA-256 over the canonical serialization of the request and the answer (without this field and <see cref="Cache"/>).</summary>
    public string Sha256 { get; init; } = "";
}

/// <summary>One source tried at one level.</summary>
/// <param name="Level"><c>exact</c>, <c>parent_region</c>, <c>geographic_proxy</c>, <c>category_proxy</c> or <c>direct</c>.</param>
/// <param name="Source">Source id.</param>
/// <param name="Region">Region tried (<c>*</c> for any region).</param>
/// <param name="Outcome"><c>hit</c>, <c>miss</c> or <c>skipped</c>.</param>
/// <param name="Detail">Factor id on a hit, the reason otherwise.</param>
public sealed record Attempt(string Level, string Source, string Region, string Outcome, string? Detail);

/// <summary>A fallback applied to reach the answer.</summary>
/// <param name="Kind"><c>parent_region</c>, <c>geographic_proxy</c>, <c>category_proxy</c>, <c>year_earlier</c>,
/// <c>year_later</c>, <c>unit_conversion</c>, <c>fuel_conversion</c>, <c>gwp_not_recomputable</c>, <c>text_match</c>.</param>
/// <param name="Detail">What exactly.</param>
public sealed record Fallback(string Kind, string Detail);
