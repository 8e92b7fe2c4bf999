namespace FactorTrace.Grid.Workloads.Files;

/// <summary>
/// The columns of a workload file and the header names that mean them, compared case-insensitively with spaces,
/// hyphens and dots read as underscores (<c>Period Start</c> is <c>period_start</c>).
/// </summary>
public static class WorkloadColumns
{
    /// <summary>The service profile's name.</summary>
    public const string Service = "service";

    /// <summary>Zone id or cloud region.</summary>
    public const string Region = "region";

    /// <summary>Start instant with an offset.</summary>
    public const string Start = "start";

    /// <summary>End instant (exclusive) with an offset.</summary>
    public const string End = "end";

    /// <summary>Units of work (requests).</summary>
    public const string Requests = "requests";

    /// <summary>Energy measured at the meter, kWh.</summary>
    public const string Kwh = "kwh";

    /// <summary>Each column with the header names recognised for it, the column's own name first.</summary>
    public static IReadOnlyList<(string Column, IReadOnlyList<string> Headers)> Synonyms { get; } =
    [
        (Service, ["service", "service_name"]),
        (Region, ["region", "zone", "cloud_region"]),
        (Start, ["start", "period_start", "from"]),
        (End, ["end", "period_end", "to"]),
        (Requests, ["requests", "units", "count"]),
        (Kwh, ["kwh", "energy_kwh", "measured_kwh"]),
    ];

    private static readonly Dictionary<string, string> ByHeader = Synonyms
        .SelectMany(s => s.Headers.Select(h => (h, s.Column)))
        .ToDictionary(p => p.h, p => p.Column, StringComparer.OrdinalIgnoreCase);

    /// <summary>The column a header names, or null when it is none of them.</summary>
    public static string? Of(string? header)
    {
        var key = string.Join('_', (header ?? "").Trim().Trim('\uFEFF').Split([' ', '-', '.', '_'], StringSplitOptions.RemoveEmptyEntries));
        return ByHeader.GetValueOrDefault(key);
    }

    /// <summary>The header names recognised for <paramref name="column"/>, for messages.</summary>
    public static string Names(string column) => string.Join(" / ", Synonyms.First(s => s.Column == column).Headers);
}
