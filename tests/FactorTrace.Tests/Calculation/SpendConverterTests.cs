using FactorTrace.Calculation;
using FactorTrace.Currency;

namespace FactorTrace.Tests.Calculation;

public sealed class SpendConverterTests
{
    // Friday 2024-03-15 and Monday 2024-03-18 published; the weekend has no rates.
    private static readonly SpendConverter Converter = new(new ExchangeRateTable(
        [new DateOnly(2024, 3, 15), new DateOnly(2024, 3, 18)],
        new Dictionary<string, double?[]> { ["USD"] = [1.0890, 1.0872], ["GBP"] = [0.85500, 0.85480] }));

    [Fact]
    public void UsdToGbp_OnASaturday_UsesFridaysRatesThroughTheEuro_AndSaysSo()
    {
        var converted = Converter.Convert(1000, "USD", "GBP", new DateOnly(2024, 3, 16))!;

        Assert.Equal(1000 * 0.85500 / 1.0890, converted.Amount, 9);
        Assert.Equal("ECB 2024-03-15: 1 EUR = 1.089 USD; ECB 2024-03-15: 1 EUR = 0.855 GBP → 1 USD = 0.785124 GBP", converted.Statement);
    }

    [Fact]
    public void EurToUsd_OnMonday_UsesMondaysRate()
    {
        var converted = Converter.Convert(-250, "EUR", "USD", new DateOnly(2024, 3, 18))!;

        Assert.Equal(-250 * 1.0872, converted.Amount, 9);
        Assert.Equal(1.0872, converted.Rate, 12);
    }

    [Fact]
    public void SameCurrency_Unchanged_UnknownCurrencyOrNoRateInReach_Null()
    {
        Assert.Equal(12.5, Converter.Convert(12.5, "gbp", "GBP", new DateOnly(2030, 1, 1))!.Amount);
        Assert.Null(Converter.Convert(1, "XYZ", "GBP", new DateOnly(2024, 3, 15)));
        Assert.Null(Converter.Convert(1, "USD", "GBP", new DateOnly(2024, 3, 14)));
    }
}
