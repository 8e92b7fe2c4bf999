namespace FactorTrace.Data.Notifications;

/// <summary>What a notification is about.</summary>
public static class NotificationKinds
{
    /// <summary>An import was committed.</summary>
    public const string ImportFinished = "import.finished";

    /// <summary>An import's commit failed.</summary>
    public const string ImportFailed = "import.failed";

    /// <summary>A calculation run completed.</summary>
    public const string CalculationFinished = "calculation.finished";

    /// <summary>A report was generated.</summary>
    public const string ReportReady = "report.ready";

    /// <summary>A dependency's circuit has been open longer than the configured threshold (platform administrators).</summary>
    public const string DependencyDown = "dependency.down";

    /// <summary>The tenant's credit balance fell below the low mark.</summary>
    public const string CreditsLow = "credits.low";

    /// <summary>Every kind.</summary>
    public static IReadOnlyList<string> All { get; } = [ImportFinished, ImportFailed, CalculationFinished, ReportReady, DependencyDown, CreditsLow];

    /// <summary>Whether the kind exists.</summary>
    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
