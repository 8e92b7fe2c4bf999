using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Reporting;

/// <summary>
/// A generated report: who asked for which period, from which calculation runs, datasets and GWP set, and the SHA-256 of
/// each output file. Immutable once completed; a new report of the same period names the one it supersedes.
/// </summary>
public sealed class Report : ITenantOwned
{
    /// <summary>Id (UUID v7).</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The framework, <c>esrs-e1</c>.</summary>
    public required string Framework { get; set; }

    /// <summary>First day of the reporting period.</summary>
    public DateOnly From { get; set; }

    /// <summary>Last day.</summary>
    public DateOnly To { get; set; }

    /// <summary><see cref="ReportStatus"/>.</summary>
    public required string Status { get; set; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; set; }

    /// <summary>The calculation run reported.</summary>
    public Guid CalculationRunId { get; set; }

    /// <summary>Runs of the comparative periods used (previous period, base year), <c>kind=id;…</c>.</summary>
    public string? ComparativeRunIds { get; set; }

    /// <summary>The report of the same period this one replaces.</summary>
    public Guid? SupersedesReportId { get; set; }

    /// <summary>GWP set of the run.</summary>
    public string? GwpSet { get; set; }

    /// <summary>Dataset versions of the run (<c>id=hash;…</c>).</summary>
    public string? DatasetVersions { get; set; }

    /// <summary>The inputs as given (net revenue, formats), JSON.</summary>
    public required string Request { get; set; }

    /// <summary>Who asked for it.</summary>
    public required string Actor { get; set; }

    /// <summary>When it was asked for (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When it completed or failed (UTC).</summary>
    public DateTime? FinishedAt { get; set; }
}

/// <summary>A report's states.</summary>
public static class ReportStatus
{
    /// <summary>Asked for, not started.</summary>
    public const string Pending = "pending";

    /// <summary>Being generated.</summary>
    public const string Running = "running";

    /// <summary>Every file written.</summary>
    public const string Completed = "completed";

    /// <summary>Stopped with an error; no file kept.</summary>
    public const string Failed = "failed";
}
