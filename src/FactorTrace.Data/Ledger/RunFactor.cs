using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Ledger;

/// <summary>A factor answer a run used, with its full provenance as served (JSON) and its hash.</summary>
public sealed class RunFactor : ITenantOwned
{
    /// <summary>The run.</summary>
    public Guid RunId { get; set; }

    /// <summary>Number within the run.</summary>
    public int No { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>Factor id.</summary>
    public required string FactorId { get; set; }

    /// <summary>Source.</summary>
    public required string Source { get; set; }

    /// <summary>SHA-256 of request and answer.</summary>
    public required string Sha256 { get; set; }

    /// <summary>The answer as JSON (snake_case, as the API serves it).</summary>
    public required string Answer { get; set; }
}
