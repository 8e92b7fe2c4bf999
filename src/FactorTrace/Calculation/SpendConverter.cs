using System.Globalization;
using FactorTrace.Currency;

namespace FactorTrace.Calculation;

/// <summary>A converted spend and the reference rates that converted it, for the record's audit trail.</summary>
/// <param name="Amount">The amount in the target currency.</param>
/// <param name="Rate">Target units per source unit.</param>
/// <param name="Statement">The rates used, with their dates (ECB reference rates are per euro).</param>
public sealed record ConvertedSpend(double Amount, double Rate, string Statement);

/// <summary>
/// Converts spend between currencies with the ECB reference rate of the activity date, or of the nearest earlier
/// business day with a published rate (weekends and TARGET holidays have none); crosses go through the euro.
/// </summary>
public sealed class SpendConverter(ExchangeRateTable rates)
{
    /// <summary>The converted amount and the rates used; null when either currency has no rate within 10 days before the date.</summary>
    public ConvertedSpend? Convert(double amount, string from, string to, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
        {
            return new ConvertedSpend(amount, 1, $"{to.ToUpperInvariant()}: no conversion");
        }

        if (rates.RateOnOrBefore(from, date) is not { } source || rates.RateOnOrBefore(to, date) is not { } target)
        {
            return null;
        }

        var rate = target.UnitsPerEur / source.UnitsPerEur;
        var statement = string.Join("; ", new[] { Describe(from, source), Describe(to, target) }.Where(s => s is not null))
            + string.Create(CultureInfo.InvariantCulture, $" → 1 {from.ToUpperInvariant()} = {rate:G6} {to.ToUpperInvariant()}");
        return new ConvertedSpend(amount * rate, rate, statement);
    }

    private static string? Describe(string currency, (DateOnly Date, double UnitsPerEur) rate) =>
        string.Equals(currency, "EUR", StringComparison.OrdinalIgnoreCase)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"ECB {rate.Date:yyyy-MM-dd}: 1 EUR = {rate.UnitsPerEur:G6} {currency.ToUpperInvariant()}");
}
