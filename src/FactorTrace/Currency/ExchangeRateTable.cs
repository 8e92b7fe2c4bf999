using System.Collections.Frozen;

namespace FactorTrace.Currency;

/// <summary>Daily euro reference rates (units of currency per 1 EUR), business days only.</summary>
public sealed class ExchangeRateTable
{
    private readonly DateOnly[] _dates;
    private readonly FrozenDictionary<string, double?[]> _ratesByCurrency;

    /// <summary>Creates a table from dates (any order) and per-currency rates aligned with them; null = no rate.</summary>
    public ExchangeRateTable(IReadOnlyList<DateOnly> dates, IReadOnlyDictionary<string, double?[]> ratesByCurrency)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(ratesByCurrency);
        var order = Enumerable.Range(0, dates.Count).OrderBy(i => dates[i]).ToArray();
        _dates = order.Select(i => dates[i]).ToArray();
        _ratesByCurrency = ratesByCurrency.ToFrozenDictionary(
            kv => kv.Key,
            kv => order.Select(i => kv.Value[i]).ToArray(),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Number of business days.</summary>
    public int DayCount => _dates.Length;

    /// <summary>First and last date covered.</summary>
    public (DateOnly First, DateOnly Last) Coverage => (_dates[0], _dates[^1]);

    /// <summary>Currencies with at least one rate.</summary>
    public IEnumerable<string> Currencies => _ratesByCurrency.Keys;

    /// <summary>
    /// The rate of <paramref name="currency"/> per EUR on <paramref name="date"/> or, when that day has none
    /// (weekend, holiday), the nearest earlier business day with a rate, at most <paramref name="maxDaysBack"/> days
    /// earlier (so a discontinued currency gets no stale rate). EUR is 1.
    /// </summary>
    public (DateOnly Date, double UnitsPerEur)? RateOnOrBefore(string currency, DateOnly date, int maxDaysBack = 10)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (string.Equals(currency, "EUR", StringComparison.OrdinalIgnoreCase))
        {
            return (date, 1d);
        }

        if (!_ratesByCurrency.TryGetValue(currency, out var rates))
        {
            return null;
        }

        var index = Array.BinarySearch(_dates, date);
        if (index < 0)
        {
            index = ~index - 1;
        }

        for (var i = index; i >= 0 && _dates[i].DayNumber >= date.DayNumber - maxDaysBack; i--)
        {
            if (rates[i] is { } rate)
            {
                return (_dates[i], rate);
            }
        }

        return null;
    }
}
