namespace FactorTrace.Grid.Scheduling;

/// <summary>The names of the grid jobs, as kept in <c>grid_slots</c> and <c>grid_runs</c>.</summary>
public static class GridJobNames
{
    /// <summary>Latest values and recent history from the providers.</summary>
    public const string Ingest = "ingest";

    /// <summary>Forecasts from the providers.</summary>
    public const string Forecast = "forecast";

    /// <summary>Deletion of old hourly points after their daily means are kept.</summary>
    public const string Retention = "retention";

    /// <summary>Loading the shipped hourly history.</summary>
    public const string Dataset = "dataset";
}
