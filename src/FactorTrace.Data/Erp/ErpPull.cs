using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Erp;

/// <summary>One pull of an ERP connection: when, how it ended and what it stored.</summary>
public sealed class ErpPull : ITenantOwned
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The connection.</summary>
    public Guid ConnectionId { get; set; }

    /// <summary><c>schedule</c> or <c>manual</c>.</summary>
    public string Trigger { get; set; } = "";

    /// <summary><c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = "";

    /// <summary>Started (UTC).</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>Finished (UTC).</summary>
    public DateTime? FinishedAt { get; set; }

    /// <summary>The watermark the pull started from.</summary>
    public DateTime? WatermarkFrom { get; set; }

    /// <summary>The watermark it left (succeeded pulls).</summary>
    public DateTime? WatermarkTo { get; set; }

    /// <summary>Pages fetched.</summary>
    public int Pages { get; set; }

    /// <summary>Lines fetched.</summary>
    public int Fetched { get; set; }

    /// <summary>Activity records created.</summary>
    public int Created { get; set; }

    /// <summary>Activity records updated (changed lines).</summary>
    public int Updated { get; set; }

    /// <summary>Lines fetched again without a change.</summary>
    public int Unchanged { get; set; }

    /// <summary>Lines that could not become a record (each keeps its error).</summary>
    public int Invalid { get; set; }

    /// <summary>Why it failed (nothing was stored then).</summary>
    public string? Error { get; set; }
}
