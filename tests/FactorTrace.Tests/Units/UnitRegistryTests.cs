using FactorTrace.Units;

namespace FactorTrace.Tests.Units;

public sealed class UnitRegistryTests
{
    private static readonly UnitRegistry Sut = UnitRegistry.Default;

    [Theory]
    [InlineData("litres", "L")]
    [InlineData("gal (US)", "gal_us")]
    [InlineData("kWh (Gross CV)", "kWh_gcv")]
    [InlineData("kWh (Net CV)", "kWh_ncv")]
    [InlineData("  Tonnes ", "t")]
    [InlineData("passenger.km", "pkm")]
    [InlineData("tonne-km", "tkm")]
    [InlineData("per FTE Working Hour", "fte_hour")]
    [InlineData("Room per night", "room_night")]
    [InlineData("short ton-mile", "short_ton_mi")]
    [InlineData("MMBTU", "MMBtu")]
    [InlineData("m³", "m3")]
    [InlineData("USD", "USD")]
    public void TryResolve_Alias_GivesCanonicalCode(string text, string code)
    {
        Assert.True(Sut.TryResolve(text, out var unit));
        Assert.Equal(code, unit.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("furlong")]
    [InlineData(null)]
    public void TryResolve_Unknown_IsFalse(string? text) => Assert.False(Sut.TryResolve(text, out _));

    [Theory]
    [InlineData("short_ton", "kg", 1, 907.18474)]
    [InlineData("gal_us", "L", 1, 3.785411784)]
    [InlineData("MMBtu", "GJ", 1, 1.05505585262)]
    [InlineData("mi", "km", 10, 16.09344)]
    [InlineData("MWh", "kWh", 2.5, 2500)]
    public void Convert_SameDimension_UsesFactors(string from, string to, double amount, double expected) =>
        Assert.Equal(expected, UnitRegistry.Convert(amount, Sut.Get(from)!, Sut.Get(to)!)!.Value, 1e-9);

    [Fact]
    public void Convert_AcrossDimensionsOrCurrencies_IsNull()
    {
        Assert.Null(UnitRegistry.Convert(1, Sut.Get("kg")!, Sut.Get("L")!));
        Assert.Null(UnitRegistry.Convert(1, Sut.Get("USD")!, Sut.Get("EUR")!));
    }

    [Fact]
    public void Constructor_DuplicateAlias_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new UnitRegistry([
            new UnitDefinition("a", "mass", 1, ["x"]),
            new UnitDefinition("b", "mass", 2, ["X"]),
        ]));
}
