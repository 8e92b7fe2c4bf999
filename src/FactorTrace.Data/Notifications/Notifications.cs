using System.Globalization;
using FactorTrace.Data.Imports;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Reporting;

namespace FactorTrace.Data.Notifications;

/// <summary>The texts of the notifications; each names only its own tenant's objects.</summary>
public static class Notifications
{
    /// <summary>An import was committed.</summary>
    public static Notification ImportFinished(ActivityImport import, long stored, long skipped)
    {
        ArgumentNullException.ThrowIfNull(import);
        return new(NotificationKinds.ImportFinished, $"Import finished: {Clip(import.FileName)}",
            string.Create(CultureInfo.InvariantCulture, $"The import of {import.FileName} ({import.Id}) was committed: {stored:N0} records stored, {skipped:N0} rows with errors skipped."));
    }

    /// <summary>An import's commit failed.</summary>
    public static Notification ImportFailed(ActivityImport import, string reason)
    {
        ArgumentNullException.ThrowIfNull(import);
        return new(NotificationKinds.ImportFailed, $"Import failed: {Clip(import.FileName)}",
            $"The import of {import.FileName} ({import.Id}) could not be committed; nothing was stored.\nReason: {reason}");
    }

    /// <summary>A calculation run completed.</summary>
    public static Notification CalculationFinished(CalculationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(NotificationKinds.CalculationFinished, $"Calculation finished: {run.From:yyyy-MM-dd} to {run.To:yyyy-MM-dd}",
            string.Create(CultureInfo.InvariantCulture,
                $"Calculation run {run.Id} for {run.From:yyyy-MM-dd} to {run.To:yyyy-MM-dd} completed: {run.Calculated:N0} of {run.Records:N0} records calculated, {run.KgCo2eLocation / 1000:N3} t CO2e (location-based), {run.KgCo2eMarket / 1000:N3} t CO2e (market-based)."));
    }

    /// <summary>A report was generated.</summary>
    public static Notification ReportReady(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(NotificationKinds.ReportReady, $"Report ready: {report.Framework} {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}",
            $"Report {report.Id} ({report.Framework}, {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}) is ready to download.");
    }

    /// <summary>The credit balance fell below the low mark.</summary>
    public static Notification CreditsLow(long balanceMillis, long lowMillis) =>
        new(NotificationKinds.CreditsLow, "Credits low",
            string.Create(CultureInfo.InvariantCulture, $"The credit balance is {balanceMillis / 1000m:0.###}, below the low mark of {lowMillis / 1000m:0.###}. Ask a platform administrator to grant credits before priced actions are refused."));

    /// <summary>A dependency's circuit has stayed open (platform administrators; no tenant data).</summary>
    public static Notification DependencyDown(string dependency, DateTimeOffset openSince, string? lastError) =>
        new(NotificationKinds.DependencyDown, $"Dependency down: {dependency}",
            string.Create(CultureInfo.InvariantCulture, $"The circuit of dependency '{dependency}' has been open since {openSince:yyyy-MM-dd HH:mm:ss} UTC.\nLast error: {lastError ?? "none recorded"}"));

    private static string Clip(string text) => text.Length <= 120 ? text : text[..120];
}
