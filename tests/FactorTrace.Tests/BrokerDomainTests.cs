using FactorTrace.Fuels;
using FactorTrace.Quality;
using FactorTrace.Regions;
using FactorTrace.Units;

namespace FactorTrace.Tests;

public sealed class BrokerDomainTests
{
    [Theory]
    [InlineData("US-EGRID-CAMX", new[] { "US", "GLOBAL" })]
    [InlineData("DE-BY", new[] { "DE", "EU27", "GLOBAL" })]
    [InlineData("FR", new[] { "EU27", "GLOBAL" })]
    [InlineData("GB", new[] { "GLOBAL" })]
    [InlineData("EU27", new[] { "GLOBAL" })]
    [InlineData("GLOBAL", new string[0])]
    public void Parents_RegionCode_ListsChainToGlobal(string code, string[] expected) =>
        Assert.Equal(expected, RegionHierarchy.Default.Parents(code));

    [Theory]
    [InlineData("uk", "GB")]
    [InlineData("DEU", "DE")]
    [InlineData("eu", "EU27")]
    [InlineData("world", "GLOBAL")]
    [InlineData("uk-lnd", "GB-LND")]
    public void Normalize_Alias_GivesCanonicalCode(string input, string expected) =>
        Assert.Equal(expected, RegionHierarchy.Default.Normalize(input));

    [Theory]
    [InlineData("ton", new[] { "t", "short_ton", "long_ton" })]
    [InlineData("gal", new[] { "gal_us", "gal_imp" })]
    [InlineData("bbl", new[] { "bbl_oil", "bbl_us_fluid", "bbl_imp" })]
    [InlineData("therm", new[] { "therm_us", "therm_ec" })]
    public void Lookup_AmbiguousWord_ListsChoicesAndNoUnit(string word, string[] choices)
    {
        var lookup = UnitRegistry.Default.Lookup(word);

        Assert.Null(lookup.Unit);
        Assert.Equal(choices, lookup.Choices);
        Assert.True(UnitRegistry.Default.TryResolveDatasetUnit(word, out _));
    }

    [Fact]
    public void Convert_LitresToGrossKwh_UsesDensityAndGrossCv()
    {
        var fuel = new FuelProperties("Diesel", null, 2025, 42.839, 45.545, 832.361, "test");
        var litre = UnitRegistry.Default.Get("L")!;
        var kWhGross = UnitRegistry.Default.Get("kWh_gcv")!;

        var conversion = FuelConverter.Convert(litre, kWhGross, fuel)!;

        // 0.832361 kg × 45.545 GJ/t × 277.78 kWh/GJ / 1000 = 10.5306 kWh (gross) per litre.
        Assert.Equal(0.832361 * 45.545 * 277.77777777777778 / 1000, conversion.FactorUnitsPerRequestUnit, 9);
        Assert.Equal("fuel_properties", conversion.Kind);
    }

    [Fact]
    public void Convert_NetToGrossWithoutFuel_IsRefused() =>
        Assert.Null(FuelConverter.Convert(UnitRegistry.Default.Get("kWh_ncv")!, UnitRegistry.Default.Get("kWh_gcv")!, null));

    [Fact]
    public void FromPedigree_AllOnes_IsBasicUncertaintyOnly()
    {
        var u = Uncertainty.FromPedigree(0.0006, new PedigreeScores(1, 1, 1, 1, 1));

        Assert.Equal(Math.Exp(Math.Sqrt(0.0006)), u.Gsd, 12);
        Assert.Equal(100, new PedigreeScores(1, 1, 1, 1, 1).Score);
        Assert.Equal(0, new PedigreeScores(5, 5, 5, 5, 5).Score);
    }

    [Fact]
    public void FromPedigree_WorseScores_WidenTheInterval()
    {
        var good = Uncertainty.FromPedigree(0.0006, new PedigreeScores(2, 2, 1, 1, 1));
        var poor = Uncertainty.FromPedigree(0.0006, new PedigreeScores(2, 2, 4, 5, 3));

        // σ² = 0.0006 + 0.0006 + 0.0001 + 0.008 + 0.002 + 0.008 for the poor one.
        Assert.Equal(Math.Exp(Math.Sqrt(0.0193)), poor.Gsd, 12);
        Assert.True(poor.Relative95High > good.Relative95High);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(-5, 2)]
    [InlineData(9, 3)]
    [InlineData(14, 4)]
    [InlineData(15, 5)]
    public void TemporalFor_YearsApart_FollowsEcoinventBands(int years, int score) =>
        Assert.Equal(score, PedigreeScores.TemporalFor(years));
}
