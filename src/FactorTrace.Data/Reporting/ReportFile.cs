using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Reporting;

/// <summary>One output file of a report, stored in the database with the report (so it is written atomically and is the same on every instance).</summary>
public sealed class ReportFile : ITenantOwned
{
    /// <summary>The report.</summary>
    public Guid ReportId { get; set; }

    /// <summary><c>html</c>, <c>pdf</c>, <c>xhtml</c>, <c>csv</c> or <c>json</c>.</summary>
    public required string Kind { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>Content type served.</summary>
    public required string ContentType { get; set; }

    /// <summary>File name served.</summary>
    public required string FileName { get; set; }

    /// <summary>SHA-256 of <see cref="Content"/>, lower-case hex.</summary>
    public required string Sha256 { get; set; }

    /// <summary>Bytes.</summary>
    public long Length { get; set; }

    /// <summary>The file.</summary>
    public required byte[] Content { get; set; }
}
