using FactorTrace.Currency;

namespace FactorTrace.Tests.Currency;

public sealed class ExchangeRateTableTests
{
    private static ExchangeRateTable CreateSut() => new(
        [new DateOnly(2024, 1, 5), new DateOnly(2024, 1, 3), new DateOnly(2024, 1, 4)],
        new Dictionary<string, double?[]> { ["USD"] = [1.09, 1.10, null] });

    [Fact]
    public void RateOnOrBefore_MissingDay_UsesNearestEarlierDayWithARate()
    {
        var rate = CreateSut().RateOnOrBefore("USD", new DateOnly(2024, 1, 4))!.Value;
        Assert.Equal((new DateOnly(2024, 1, 3), 1.10), rate);
    }

    [Fact]
    public void RateOnOrBefore_BeforeCoverageOrUnknownCurrency_IsNull()
    {
        Assert.Null(CreateSut().RateOnOrBefore("USD", new DateOnly(2023, 12, 31)));
        Assert.Null(CreateSut().RateOnOrBefore("XYZ", new DateOnly(2024, 1, 5)));
    }

    [Fact]
    public void RateOnOrBefore_Euro_IsOne() =>
        Assert.Equal(1d, CreateSut().RateOnOrBefore("EUR", new DateOnly(2020, 1, 1))!.Value.UnitsPerEur);

    [Fact]
    public void RateOnOrBefore_TooFarBack_IsNull() =>
        Assert.Null(CreateSut().RateOnOrBefore("USD", new DateOnly(2024, 3, 1)));
}
