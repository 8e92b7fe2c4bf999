namespace FactorTrace.Grid.Model;

/// <summary>How good an hourly value is; a value never overwrites one of a higher rank.</summary>
public static class GridQualities
{
    /// <summary>Measured and published close to real time.</summary>
    public const string RealTime = "real-time";

    /// <summary>A forecast for an hour that had not happened when it was made.</summary>
    public const string Forecast = "forecast";

    /// <summary>Measured, from a provider's history or a published dataset.</summary>
    public const string Historical = "historical";

    /// <summary>Filled in by the provider's estimation (the method is kept).</summary>
    public const string Estimated = "estimated";

    /// <summary>The rank of a quality: forecast 0, estimated 1, measured 2.</summary>
    public static int Rank(string quality) => quality switch
    {
        Forecast => 0,
        Estimated => 1,
        _ => 2,
    };
}

/// <summary>Where a stored point came from (dataset history is exempt from retention by default).</summary>
public static class GridOrigins
{
    /// <summary>A published dataset ingested from the datasets folder.</summary>
    public const string Dataset = "dataset";

    /// <summary>A provider's API.</summary>
    public const string Provider = "provider";
}
