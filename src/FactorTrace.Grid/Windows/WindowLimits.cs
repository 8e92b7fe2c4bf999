namespace FactorTrace.Grid.Windows;

/// <summary>How large a clean-energy window request may be (bindable from configuration).</summary>
public sealed class WindowLimits
{
    /// <summary>The defaults: 20 zones, 14 days, 100 candidates.</summary>
    public static WindowLimits Default { get; } = new();

    /// <summary>No size limit: only the rules without which there is no answer (used by the finder itself).</summary>
    public static WindowLimits None { get; } = new() { MaxZones = int.MaxValue, MaxHorizon = TimeSpan.MaxValue, MaxCandidates = int.MaxValue - 1 };

    /// <summary>Most zones one request may compare.</summary>
    public int MaxZones { get; init; } = 20;

    /// <summary>Longest <c>to − from</c>.</summary>
    public TimeSpan MaxHorizon { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Most ranked candidates one answer may list.</summary>
    public int MaxCandidates { get; init; } = 100;
}
