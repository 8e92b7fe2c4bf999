namespace FactorTrace.Grid.Windows;

/// <summary>Where an hour's value came from and how good it is.</summary>
/// <param name="Source">Provider or dataset id.</param>
/// <param name="Quality">A <see cref="Model.GridQualities"/> value.</param>
public sealed record HourMetadata(string Source, string Quality);

/// <summary>
/// A zone's intensities (gCO2e/kWh) for consecutive hours from <see cref="Start"/>. An hour without data holds
/// <see cref="Missing"/> (any non-finite value counts as missing), as does every hour outside the series. Each hour may
/// point into a small table of <see cref="HourMetadata"/>, so that the values stay a plain array. The arrays are not
/// copied: do not change them while a search runs.
/// </summary>
public sealed class ZoneSeries
{
    /// <summary>The marker of an hour without data.</summary>
    public const double Missing = double.NaN;

    private readonly double[] _values;
    private readonly int[]? _metadataIndex;
    private readonly IReadOnlyList<HourMetadata> _metadata;

    /// <summary>A series of <paramref name="values"/> from the hour <paramref name="start"/> (any offset; hour-aligned).</summary>
    /// <param name="zone">Zone id.</param>
    /// <param name="start">Start of the first hour.</param>
    /// <param name="values">One value per hour; <see cref="Missing"/> where there is none.</param>
    /// <param name="metadataIndex">Per hour, an index into <paramref name="metadata"/>, or −1.</param>
    /// <param name="metadata">The distinct (source, quality) pairs.</param>
    public ZoneSeries(string zone, DateTimeOffset start, double[] values, int[]? metadataIndex = null, IReadOnlyList<HourMetadata>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zone);
        ArgumentNullException.ThrowIfNull(values);
        var utc = start.ToUniversalTime();
        if (utc.Ticks % TimeSpan.TicksPerHour != 0)
        {
            throw new ArgumentException("A series starts on a whole hour.", nameof(start));
        }

        if (metadataIndex is not null && metadataIndex.Length != values.Length)
        {
            throw new ArgumentException("The metadata index has one entry per hour.", nameof(metadataIndex));
        }

        Zone = zone;
        Start = utc;
        _values = values;
        _metadataIndex = metadataIndex;
        _metadata = metadata ?? [];
    }

    /// <summary>Zone id.</summary>
    public string Zone { get; }

    /// <summary>Start of the first hour, UTC.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The hourly values.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Number of hours.</summary>
    public int Count => _values.Length;

    /// <summary>Whether a value stands for a missing hour.</summary>
    public static bool IsMissing(double value) => !double.IsFinite(value);

    /// <summary>The value of the hour starting at <paramref name="hour"/>, or <see cref="Missing"/>.</summary>
    public double ValueAt(DateTimeOffset hour) => IndexOf(hour) is var i and >= 0 ? _values[i] : Missing;

    /// <summary>The source and quality of the hour starting at <paramref name="hour"/>, when known.</summary>
    public HourMetadata? MetadataAt(DateTimeOffset hour) =>
        _metadataIndex is not null && IndexOf(hour) is var i and >= 0 && _metadataIndex[i] is var m && m >= 0 && m < _metadata.Count
            ? _metadata[m]
            : null;

    private int IndexOf(DateTimeOffset hour)
    {
        var offset = hour.UtcTicks - Start.UtcTicks;
        if (offset < 0 || offset % TimeSpan.TicksPerHour != 0)
        {
            return -1;
        }

        var index = offset / TimeSpan.TicksPerHour;
        return index < _values.Length ? (int)index : -1;
    }
}
