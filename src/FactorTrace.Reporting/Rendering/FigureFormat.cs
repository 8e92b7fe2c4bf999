using System.Globalization;
using FactorTrace.Reporting.Model;

namespace FactorTrace.Reporting.Rendering;

/// <summary>A figure as shown: the rounded number, its text and how an Inline XBRL fact reads it back.</summary>
/// <param name="Rounded">The rounded value in the shown unit (tCO2e, %, currency, tCO2e per million).</param>
/// <param name="Text">The absolute rounded value with thousands separators (<c>1,234.5</c>); <see cref="Negative"/> carries the sign.</param>
/// <param name="Negative">True below zero.</param>
/// <param name="Unit">The shown unit (<c>tCO2e</c>, <c>%</c>, <c>EUR</c>, <c>tCO2e per million EUR</c>).</param>
/// <param name="Scale">The iXBRL <c>scale</c>: the fact value is the shown value times 10^scale.</param>
/// <param name="Decimals">The iXBRL <c>decimals</c> of the fact value.</param>
public sealed record ShownNumber(decimal Rounded, string Text, bool Negative, string Unit, int Scale, int Decimals)
{
    /// <summary>The signed text (<c>-12.5</c>).</summary>
    public string Display => Negative ? "-" + Text : Text;

    /// <summary>The signed text and unit (<c>12.5 tCO2e</c>, <c>12.5 %</c>).</summary>
    public string WithUnit => $"{Display} {Unit}";

    /// <summary>The fact value an XBRL processor reads: <see cref="Rounded"/> times 10^<see cref="Scale"/>.</summary>
    public decimal FactValue => Rounded * Pow10(Scale);

    private static decimal Pow10(int scale)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(scale); i++)
        {
            result = scale > 0 ? result * 10 : result / 10;
        }

        return result;
    }
}

/// <summary>
/// The one rounding of the report: every renderer shows, tags and exports a figure through <see cref="Show"/>, so the
/// number read in HTML or PDF, the number tagged in iXBRL and the rounded number in CSV and JSON are the same number.
/// </summary>
public sealed class FigureFormat(int tonneDecimals = 1)
{
    /// <summary>Decimals of a percentage.</summary>
    public const int PercentDecimals = 1;

    /// <summary>Decimals of tCO2e.</summary>
    public int TonneDecimals { get; } = tonneDecimals;

    /// <summary>The format of a report's options.</summary>
    public static FigureFormat For(EsrsE1Report report) => new((report ?? throw new ArgumentNullException(nameof(report))).Options.TonneDecimals);

    /// <summary>A figure as shown.</summary>
    public ShownNumber Show(ReportFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return figure.Kind switch
        {
            FigureKind.Percent => Number((decimal)figure.Value * 100, PercentDecimals, "%", -2),
            FigureKind.Money => Number((decimal)figure.Value, 0, figure.Currency ?? "", 0),
            // kg per currency unit × 1,000,000 / 1,000 = t per million.
            FigureKind.Intensity => Number((decimal)figure.Value * 1000, IntensityDecimals(figure.Value * 1000), $"tCO2e per million {figure.Currency}", -6),
            _ => Tonnes(figure.Value),
        };
    }

    /// <summary>kg CO2e as shown in tCO2e.</summary>
    public ShownNumber Tonnes(double kg) => Number((decimal)kg / 1000, TonneDecimals, "tCO2e", 0);

    /// <summary>A change between two shown values, in per cent (null when the earlier is zero).</summary>
    public static string? Change(ShownNumber now, ShownNumber before)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(before);
        if (before.Rounded == 0)
        {
            return null;
        }

        var change = Math.Round((now.Rounded - before.Rounded) / Math.Abs(before.Rounded) * 100, 1, MidpointRounding.AwayFromZero);
        return (change > 0 ? "+" : "") + change.ToString("N1", CultureInfo.InvariantCulture) + " %";
    }

    /// <summary>Decimals for an intensity in t per million: at least two, enough for three significant digits, at most six.</summary>
    public static int IntensityDecimals(double perMillion)
    {
        if (perMillion == 0 || !double.IsFinite(perMillion))
        {
            return 2;
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(perMillion)));
        return Math.Clamp(2 - magnitude, 2, 6);
    }

    private static ShownNumber Number(decimal value, int decimals, string unit, int scale)
    {
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        var text = Math.Abs(rounded).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return new ShownNumber(rounded, text, rounded < 0, unit, scale, decimals - scale);
    }
}
