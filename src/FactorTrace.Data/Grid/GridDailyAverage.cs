namespace FactorTrace.Data.Grid;

/// <summary>A zone's mean intensity over one UTC day, kept after its hourly points are deleted by retention.</summary>
public sealed class GridDailyAverage
{
    /// <summary>Zone id.</summary>
    public string Zone { get; set; } = "";

    /// <summary>Signal.</summary>
    public string Signal { get; set; } = "";

    /// <summary>The UTC day.</summary>
    public DateOnly Day { get; set; }

    /// <summary>Mean direct intensity over the hours that had one.</summary>
    public double? Direct { get; set; }

    /// <summary>Mean life-cycle intensity over the hours that had one.</summary>
    public double? Lifecycle { get; set; }

    /// <summary>Hours the means are over (a yearly mean weighs days by it).</summary>
    public int Hours { get; set; }
}
