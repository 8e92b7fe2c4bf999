using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Imports;

/// <summary>
/// An uploaded activity file: where it stands (validated, committed, rolled back), how it is read and mapped, and what
/// its last validation counted. The file itself is kept on disk (ImportOptions.StorageDirectory) until it is discarded.
/// </summary>
public sealed class ActivityImport : ITenantOwned
{
    /// <summary>Identifier; the committed records carry it as their import id.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The name the file was uploaded with.</summary>
    public string FileName { get; set; } = "";

    /// <summary>csv, tsv, xlsx or xls.</summary>
    public string Format { get; set; } = "";

    /// <summary>SHA-256 of the file's bytes (hex), to detect the same file imported twice.</summary>
    public string FileSha256 { get; set; } = "";

    /// <summary>Size in bytes.</summary>
    public long SizeBytes { get; set; }

    /// <summary>validated, committed, rolled_back.</summary>
    public string Status { get; set; } = ImportStatuses.Validated;

    /// <summary>The template the mapping came from, if any.</summary>
    public string? Template { get; set; }

    /// <summary>How the file is read (encoding, delimiter, header row, column profiles), as JSON.</summary>
    public string Layout { get; set; } = "{}";

    /// <summary>The column mapping, as JSON.</summary>
    public string Mapping { get; set; } = "{}";

    /// <summary>Cell patches applied on top of the file, as JSON.</summary>
    public string? Patches { get; set; }

    /// <summary>Data rows in the file (below the header).</summary>
    public long Rows { get; set; }

    /// <summary>Rows that would be stored.</summary>
    public long Valid { get; set; }

    /// <summary>Rows with at least one error.</summary>
    public long Invalid { get; set; }

    /// <summary>Warnings.</summary>
    public long Warnings { get; set; }

    /// <summary>Records stored by the commit.</summary>
    public long Committed { get; set; }

    /// <summary>Who uploaded it.</summary>
    public string CreatedBy { get; set; } = "";

    /// <summary>Uploaded (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Last changed (UTC).</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>Committed (UTC).</summary>
    public DateTime? CommittedAt { get; set; }

    /// <summary>Rolled back (UTC).</summary>
    public DateTime? RolledBackAt { get; set; }
}

/// <summary>The states of an import.</summary>
public static class ImportStatuses
{
    /// <summary>Uploaded and validated; not stored yet.</summary>
    public const string Validated = "validated";

    /// <summary>Its valid rows are activity records.</summary>
    public const string Committed = "committed";

    /// <summary>Its records were deleted again.</summary>
    public const string RolledBack = "rolled_back";
}
