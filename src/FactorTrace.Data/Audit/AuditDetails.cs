using System.Globalization;
using FactorTrace.Data.Ledger;

namespace FactorTrace.Data.Audit;

/// <summary>The detail texts of audit events written by more than one caller (the API and the CLI), so both read the same.</summary>
public static class AuditDetails
{
    /// <summary>A calculation run: its period and counts (<c>2024-01-01..2024-12-31: 120 records, 2 failed</c>).</summary>
    public static string Calculation(CalculationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return string.Create(CultureInfo.InvariantCulture, $"{run.From:yyyy-MM-dd}..{run.To:yyyy-MM-dd}: {run.Records} records, {run.Failed} failed");
    }
}
