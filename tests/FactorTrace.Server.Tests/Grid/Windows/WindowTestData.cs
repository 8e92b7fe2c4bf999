using System.Globalization;
using FactorTrace.Grid.Windows;

namespace FactorTrace.Server.Tests.Grid.Windows;

/// <summary>Small synthetic series and requests for the window finder's hand-computed cases.</summary>
internal static class WindowTestData
{
    public const double Gap = double.NaN;

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    public static ZoneSeries Series(string zone, string start, params double[] values) => new(zone, At(start), values);

    public static WindowRequest Request(string from, string to, double durationMinutes, params string[] zones) => new()
    {
        Zones = zones,
        From = At(from),
        To = At(to),
        Duration = TimeSpan.FromMinutes(durationMinutes),
    };
}
