using System.Buffers;

namespace FactorTrace.Grid.Windows;

/// <summary>
/// Prefix sums of one zone's hourly values and missing hours over the hours a request covers, so that the time-weighted
/// sum and the missing-hour count of any window come out in O(1). Offsets are ticks from the first covered hour. The
/// buffers are pooled and reused zone after zone.
/// </summary>
internal sealed class HourlyPrefix : IDisposable
{
    private const long Hour = TimeSpan.TicksPerHour;

    private readonly int _hours;
    private readonly double[] _values;
    private readonly double[] _sums;
    private readonly int[] _missing;

    public HourlyPrefix(int hours)
    {
        _hours = hours;
        _values = ArrayPool<double>.Shared.Rent(hours);
        _sums = ArrayPool<double>.Shared.Rent(hours + 1);
        _missing = ArrayPool<int>.Shared.Rent(hours + 1);
    }

    /// <summary>Loads <paramref name="series"/> for the hours from <paramref name="firstHour"/>; returns the missing count.</summary>
    public int Load(ZoneSeries series, DateTimeOffset firstHour)
    {
        var values = series.Values;
        var shift = (firstHour.UtcTicks - series.Start.UtcTicks) / Hour;
        double sum = 0;
        var missing = 0;
        _sums[0] = 0;
        _missing[0] = 0;
        for (var h = 0; h < _hours; h++)
        {
            var index = shift + h;
            var value = index >= 0 && index < values.Length ? values[(int)index] : ZoneSeries.Missing;
            if (ZoneSeries.IsMissing(value))
            {
                missing++;
                value = 0;
            }

            _values[h] = value;
            sum += value;
            _sums[h + 1] = sum;
            _missing[h + 1] = missing;
        }

        return missing;
    }

    /// <summary>Whether the hour at index <paramref name="hour"/> has no value (after <see cref="Load"/>).</summary>
    public bool IsMissing(int hour) => _missing[hour + 1] != _missing[hour];

    /// <summary>Number of hours without data that <c>[start, end)</c> touches.</summary>
    public int MissingIn(long start, long end) => _missing[(int)((end + Hour - 1) / Hour)] - _missing[(int)(start / Hour)];

    /// <summary>Σ value × hours covered over <c>[start, end)</c>.</summary>
    public double Sum(long start, long end) => Cumulative(end) - Cumulative(start);

    public void Dispose()
    {
        ArrayPool<double>.Shared.Return(_values);
        ArrayPool<double>.Shared.Return(_sums);
        ArrayPool<int>.Shared.Return(_missing);
    }

    private double Cumulative(long offset)
    {
        var hour = (int)(offset / Hour);
        var within = offset - (hour * Hour);
        return within == 0 ? _sums[hour] : _sums[hour] + (_values[hour] * within / Hour);
    }
}
