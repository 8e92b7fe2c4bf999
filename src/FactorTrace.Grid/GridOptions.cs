using System.ComponentModel.DataAnnotations;

namespace FactorTrace.Grid;

/// <summary>Hourly grid intensity (configuration section <c>FactorTrace:Grid</c>).</summary>
public sealed class GridOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FactorTrace:Grid";

    /// <summary>Electricity Maps (primary).</summary>
    public ElectricityMapsOptions ElectricityMaps { get; set; } = new();

    /// <summary>WattTime (fallback).</summary>
    public WattTimeOptions WattTime { get; set; } = new();

    /// <summary>Zones the scheduler ingests every slot (empty: none; the shipped history still answers).</summary>
    public List<string> Zones { get; set; } = [];

    /// <summary>Whether the scheduler runs in this instance.</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>Latest/history ingestion slot length.</summary>
    public TimeSpan IngestEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Offset of the ingestion slot within its period (default minute 5).</summary>
    public TimeSpan IngestOffset { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Forecast ingestion slot length (more often than history).</summary>
    public TimeSpan ForecastEvery { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Retention slot length.</summary>
    public TimeSpan RetentionEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long an instance holds a slot before another may take it over.</summary>
    public TimeSpan SlotLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Hourly points older than this are deleted (their daily means are kept).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Whether retention also deletes history ingested from datasets (off: the shipped years stay).</summary>
    public bool RetentionIncludesDatasets { get; set; }

    /// <summary>Rows deleted per retention batch (each in its own short transaction, so readers never wait long).</summary>
    [Range(100, 1_000_000)]
    public int RetentionBatch { get; set; } = 5_000;

    /// <summary>Whether the shipped hourly history is loaded into the store at start (idempotent).</summary>
    public bool IngestDatasetHistory { get; set; } = true;

    /// <summary>Limits of one clean-energy window request (zones, horizon, candidates).</summary>
    public Windows.WindowLimits Windows { get; set; } = new();

    /// <summary>Longest interval one intensity query may span.</summary>
    public TimeSpan MaxQuerySpan { get; set; } = TimeSpan.FromDays(366);
}

/// <summary>Electricity Maps v3 API.</summary>
public sealed class ElectricityMapsOptions
{
    /// <summary>Base URL (<c>https://api.electricitymap.org/v3/</c>).</summary>
    public string BaseUrl { get; set; } = "https://api.electricitymap.org/v3/";

    /// <summary>The <c>auth-token</c>; without one the provider is off.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Calls in flight at most.</summary>
    [Range(1, 1000)]
    public int MaxConcurrency { get; set; } = 8;
}

/// <summary>WattTime v3 API.</summary>
public sealed class WattTimeOptions
{
    /// <summary>Base URL of the data API (<c>https://api.watttime.org/v3/</c>).</summary>
    public string BaseUrl { get; set; } = "https://api.watttime.org/v3/";

    /// <summary>Login URL (<c>https://api.watttime.org/login</c>).</summary>
    public string LoginUrl { get; set; } = "https://api.watttime.org/login";

    /// <summary>User name; without user name and password the provider is off.</summary>
    public string? Username { get; set; }

    /// <summary>Password.</summary>
    public string? Password { get; set; }

    /// <summary>Signal type: <c>co2_moer</c> (marginal, default) or <c>co2_aoer</c> (average, direct).</summary>
    public string SignalType { get; set; } = "co2_moer";

    /// <summary>Calls in flight at most.</summary>
    [Range(1, 1000)]
    public int MaxConcurrency { get; set; } = 8;
}
