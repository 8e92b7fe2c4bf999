using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Erp;

/// <summary>
/// A purchase or invoice line as the ERP last sent it, by document and line id (unique per connection), with the activity
/// record it produced: a line pulled again updates that record instead of adding another.
/// </summary>
public sealed class ErpLine : ITenantOwned
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The connection.</summary>
    public Guid ConnectionId { get; set; }

    /// <summary>The ERP document id (invoice or order number).</summary>
    public string DocumentId { get; set; } = "";

    /// <summary>The line within the document ("" when the ERP sends one line per document).</summary>
    public string LineId { get; set; } = "";

    /// <summary>The ERP's change date of the line (UTC).</summary>
    public DateTime ChangedAt { get; set; }

    /// <summary>The mapped fields as received, JSON.</summary>
    public string Raw { get; set; } = "{}";

    /// <summary>The activity record it produced; null when it could not become one.</summary>
    public Guid? RecordId { get; set; }

    /// <summary>Why it could not become a record.</summary>
    public string? Error { get; set; }

    /// <summary>Last stored (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}
