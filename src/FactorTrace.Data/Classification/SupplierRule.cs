using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Classification;

/// <summary>A tenant's rule: purchase lines whose text contains <see cref="Pattern"/> are this activity.</summary>
public sealed class SupplierRule : ITenantOwned
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The text to find (a supplier name such as <c>Shell</c>), compared normalised: case, accents of spacing and digits ignored.</summary>
    public string Pattern { get; set; } = "";

    /// <summary>The activity the matching lines are.</summary>
    public string ActivityId { get; set; } = "";

    /// <summary>Scope 3 category (<c>3.1</c>–<c>3.15</c>), or null for the activity's own.</summary>
    public string? Category { get; set; }

    /// <summary>Created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Last changed (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}
