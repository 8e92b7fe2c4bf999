using System.Diagnostics.Metrics;

namespace FactorTrace.Grid;

/// <summary>
/// Grid instruments (meter <c>FactorTrace.Grid</c>): scheduler runs by job and outcome, slots missed, hourly points
/// written by origin, forecasts replaced by real values. Provider calls and breakers are the dependency instruments.
/// </summary>
public sealed class GridMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "FactorTrace.Grid";

    private readonly Meter _meter;
    private readonly Counter<long> _runs;
    private readonly Counter<long> _missed;
    private readonly Counter<long> _written;
    private readonly Counter<long> _replaced;

    /// <summary>Creates the instruments on <paramref name="meters"/> (a private meter when null).</summary>
    public GridMetrics(IMeterFactory? meters = null)
    {
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _runs = _meter.CreateCounter<long>("factortrace.grid.runs", description: "Grid scheduler runs by job and outcome (succeeded, partial, failed).");
        _missed = _meter.CreateCounter<long>("factortrace.grid.slots_missed", description: "Scheduler slots nobody ran, counted when the next slot of the job runs.");
        _written = _meter.CreateCounter<long>("factortrace.grid.points_written", description: "Hourly points inserted or updated, by origin (dataset, provider).");
        _replaced = _meter.CreateCounter<long>("factortrace.grid.forecasts_replaced", description: "Forecast hours replaced by real values.");
    }

    /// <summary>A run ended.</summary>
    public void Run(string job, string outcome) =>
        _runs.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Slots of a job nobody ran.</summary>
    public void Missed(string job, long slots)
    {
        if (slots > 0)
        {
            _missed.Add(slots, new KeyValuePair<string, object?>("job", job));
        }
    }

    /// <summary>An upsert committed.</summary>
    public void Written(string origin, int written, int replaced)
    {
        _written.Add(written, new KeyValuePair<string, object?>("origin", origin));
        _replaced.Add(replaced);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
