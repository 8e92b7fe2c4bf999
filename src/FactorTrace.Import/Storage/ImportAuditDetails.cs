using System.Globalization;

namespace FactorTrace.Import.Storage;

/// <summary>The detail texts of an import's audit events, the same from the API and the CLI.</summary>
public static class ImportAuditDetails
{
    /// <summary>A new import: its file and, once validated, its counts.</summary>
    public static string Created(ImportResult result, bool validated = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        return validated
            ? string.Create(CultureInfo.InvariantCulture, $"{result.Import.FileName}: {result.Summary.Rows} rows, {result.Summary.Invalid} invalid")
            : result.Import.FileName;
    }

    /// <summary>A commit: records stored and invalid rows skipped.</summary>
    public static string Committed(CommitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture, $"{result.Stored} records stored, {result.SkippedInvalid} invalid rows skipped");
    }

    /// <summary>A rollback: records deleted.</summary>
    public static string RolledBack(long deleted) => string.Create(CultureInfo.InvariantCulture, $"{deleted} records deleted");
}
