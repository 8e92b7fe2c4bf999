namespace FactorTrace.Factors;

/// <summary>Identity, version and licence of one ingested dataset.</summary>
/// <param name="Id">Catalogue id, e.g. <c>desnz-2024</c>.</param>
/// <param name="Publisher">Publisher name.</param>
/// <param name="Version">Publisher's version or year label.</param>
/// <param name="LicenceId">SPDX-style licence id.</param>
/// <param name="Attribution">Attribution text every answer derived from it must carry.</param>
/// <param name="ContentHash">SHA-256 over the ingested files, identifying this exact version.</param>
public sealed record DatasetInfo(
    string Id,
    string Publisher,
    string Version,
    string LicenceId,
    string Attribution,
    string ContentHash)
{
    /// <summary>When this version was published; answers pinned to an earlier date never use it.</summary>
    public DateOnly Released { get; init; }
}
