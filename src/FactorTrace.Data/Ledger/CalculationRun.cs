using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Ledger;

/// <summary>
/// One calculation of a period: its result rows and the factor answers they used are kept for good. A later run of the
/// same period (after a dataset change, say) is a new result set that names the run it supersedes.
/// </summary>
public sealed class CalculationRun : ITenantOwned
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>First day of the period.</summary>
    public DateOnly From { get; set; }

    /// <summary>Last day of the period.</summary>
    public DateOnly To { get; set; }

    /// <summary><c>running</c>, <c>completed</c> or <c>failed</c>.</summary>
    public required string Status { get; set; }

    /// <summary>GWP set.</summary>
    public required string GwpSet { get; set; }

    /// <summary>Dataset versions the broker had loaded (<c>id=content hash</c>, semicolon separated).</summary>
    public required string DatasetVersions { get; set; }

    /// <summary>Short hash of <see cref="DatasetVersions"/>.</summary>
    public required string Generation { get; set; }

    /// <summary>The previous completed run of the same period, if any.</summary>
    public Guid? SupersedesRunId { get; set; }

    /// <summary>Who started it.</summary>
    public required string Actor { get; set; }

    /// <summary>Started (UTC).</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>Finished (UTC).</summary>
    public DateTime? FinishedAt { get; set; }

    /// <summary>Records in the period.</summary>
    public int Records { get; set; }

    /// <summary>Records calculated.</summary>
    public int Calculated { get; set; }

    /// <summary>Records that could not be calculated (an error row each).</summary>
    public int Failed { get; set; }

    /// <summary>Total, location-based.</summary>
    public double KgCo2eLocation { get; set; }

    /// <summary>Total, market-based.</summary>
    public double KgCo2eMarket { get; set; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; set; }

    /// <summary>Whether its <see cref="RunCell"/>s were written (runs before they existed have none).</summary>
    public bool CellsWritten { get; set; }
}
