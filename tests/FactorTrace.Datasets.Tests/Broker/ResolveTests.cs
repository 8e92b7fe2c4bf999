using FactorTrace.Broker;
using FactorTrace.Datasets.Ingestion;

namespace FactorTrace.Datasets.Tests.Broker;

[Collection(BrokerDefinition.Name)]
public sealed class ResolveTests(BrokerFixture fixture)
{
    private FactorAnswer Resolve(string activity, string region, int year, string unit, string? gwp = null, string[]? sources = null)
    {
        var outcome = fixture.Broker.Resolve(new FactorRequest { Activity = activity, Region = region, Year = year, Unit = unit, Gwp = gwp, Sources = sources });
        Assert.True(outcome.IsSuccess, outcome.Error?.Message);
        return outcome.Answer!;
    }

    private BrokerError Fail(string activity, string region, int year, string unit)
    {
        var outcome = fixture.Broker.Resolve(new FactorRequest { Activity = activity, Region = region, Year = year, Unit = unit });
        Assert.False(outcome.IsSuccess);
        return outcome.Error!;
    }

    [Theory]
    [InlineData("electricity.grid", "GB", 2024, "kWh", "desnz-2024:7_400_4000_5_1", 0.20705)]
    [InlineData("electricity.grid", "GB", 2025, "kWh", "desnz-2025:7_400_4000_5_1", 0.17700)]
    [InlineData("fuel.natural-gas", "GB", 2024, "kWh_gcv", "desnz-2024:1_100_1004_6_1", 0.1829)]
    [InlineData("fuel.natural-gas", "GB", 2025, "kWh (Gross CV)", "desnz-2025:1_100_1004_6_1", 0.18296)]
    public void Resolve_DesnzPinnedValue_IsPublishedAr5Total(string activity, string region, int year, string unit, string factorId, double expected)
    {
        var answer = Resolve(activity, region, year, unit, "AR5");

        Assert.Equal(factorId, answer.FactorId);
        Assert.Equal(expected, answer.Value, 6);
        Assert.Equal("published", answer.GwpMethod);
        Assert.Equal("desnz", answer.Source);
        Assert.Equal("hit", answer.Provenance.Attempts[0].Outcome);
    }

    [Fact]
    public void Resolve_EpaDiesel_Is1021KgCo2PerUsGallon()
    {
        var answer = Resolve("fuel.diesel", "US", 2025, "gal_us", "AR5");

        Assert.Equal("epa-ghg-hub-2025:table2:Diesel Fuel", answer.FactorId);
        Assert.Equal(10.21, answer.Value, 6);
        Assert.Equal("exact", answer.Provenance.Attempts.Single(a => a.Outcome == "hit").Level);
    }

    [Fact]
    public void Resolve_EgridSubregion_ConvertsPoundsPerMwhAndRecomputesFromGases()
    {
        var answer = Resolve("electricity.grid", "US-EGRID-CAMX", 2025, "MWh", "AR5");

        // EPA Table 6: CAMX CO2 436.655 lb/MWh.
        var co2 = answer.Gases.Single(g => g.Gas == "CO2");
        Assert.Equal(436.655 * 0.45359237, co2.Kg!.Value, 3);
        Assert.Equal("recomputed", answer.GwpMethod);
        Assert.True(answer.Value > co2.KgCo2e);
    }

    [Fact]
    public void Resolve_SubdivisionWithoutFactor_FallsBackToCountry()
    {
        var answer = Resolve("electricity.grid", "GB-LND", 2025, "kWh", "AR5");

        Assert.Equal("GB", answer.Region);
        Assert.Equal(0.177, answer.Value, 6);
        Assert.Contains(answer.Provenance.Fallbacks, f => f.Kind == "parent_region");
        Assert.Equal(2, answer.Quality.Geographical);
        Assert.Contains(answer.Provenance.Attempts, a => a.Level == "exact" && a.Region == "GB-LND" && a.Outcome == "miss");
    }

    [Fact]
    public void Resolve_CountryMissingEverywhere_UsesGeographicProxyWithWorstGeographicalScore()
    {
        var answer = Resolve("fuel.coal.anthracite", "GB", 2025, "short_ton", "AR5");

        Assert.Equal("US", answer.Region);
        Assert.Contains(answer.Provenance.Fallbacks, f => f.Kind == "geographic_proxy");
        Assert.Equal(5, answer.Quality.Geographical);
        // EPA Table 1: 2602 kg CO2 per short ton, plus CH4 and N2O.
        Assert.Equal(2602, answer.Gases.Single(g => g.Gas == "CO2").KgCo2e, 6);
    }

    [Fact]
    public void Resolve_YearAfterLatest_UsesLatestEarlierYear()
    {
        var answer = Resolve("electricity.grid", "GB", 2030, "kWh", "AR5");

        Assert.Equal(2025, answer.Year);
        Assert.Contains(answer.Provenance.Fallbacks, f => f.Kind == "year_earlier");
        Assert.Equal(2, answer.Quality.Temporal); // 5 years apart: ecoinvent temporal score 2 (< 6 years)
    }

    [Fact]
    public void Resolve_YearBeforeEarliest_UsesNearestLaterYearFlagged()
    {
        var answer = Resolve("fuel.diesel", "GB", 2019, "L", "AR5");

        Assert.Equal(2023, answer.Year);
        Assert.Equal("desnz-2023", answer.Dataset);
        Assert.Contains(answer.Provenance.Fallbacks, f => f.Kind == "year_later");
    }

    [Fact]
    public void Resolve_VolumeToEnergy_UsesDensityAndCalorificValue()
    {
        var perLitre = Resolve("fuel.diesel", "GB", 2025, "L", "AR5");
        var perKwhNet = Resolve("fuel.diesel", "GB", 2025, "kWh_ncv", "AR5", ["desnz"]);
        var fuel = fixture.Loaded.Fuels.Single(f => f.Fuel == "Diesel (average biofuel blend)");
        var kWhNetPerLitre = fuel.DensityKgPerM3!.Value / 1000 * fuel.NetCvGjPerTonne!.Value * 277.7777777777778 / 1000;

        // The published per-kWh factor times the kWh in a litre is within rounding of the published per-litre factor.
        Assert.Equal(perLitre.Value, perKwhNet.Value * kWhNetPerLitre, 2);

        var converted = fixture.Broker.Resolve(new FactorRequest { Activity = "fuel.diesel", Region = "GB", Year = 2025, Unit = "GJ", Gwp = "AR5", Sources = ["desnz"] });
        Assert.True(converted.IsSuccess);
        Assert.True(converted.Answer!.Value > 0);
    }

    [Fact]
    public void Resolve_LitresOfNaturalGasFuelWithoutDirectRow_ConvertsThroughFuelProperties()
    {
        // DESNZ publishes LPG per litre, tonne and kWh; asking per kg needs no fuel properties, per US gallon needs a volume step,
        // and per MMBtu (basis unstated) is read as gross calorific value.
        var perMmbtu = Resolve("fuel.lpg", "GB", 2025, "MMBtu", "AR5", ["desnz"]);
        var perKwhGross = Resolve("fuel.lpg", "GB", 2025, "kWh_gcv", "AR5", ["desnz"]);

        Assert.Equal(perKwhGross.Value * 293.07107017222222, perMmbtu.Value, 6);
        Assert.Contains(perMmbtu.Provenance.Fallbacks, f => f.Kind == "unit_conversion" && f.Detail.Contains("gross", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_PerGasFactor_Ar6DiffersFromAr5ByTheGwpChange()
    {
        var ar5 = Resolve("fuel.diesel", "GB", 2024, "L", "AR5");
        var ar6 = Resolve("fuel.diesel", "GB", 2024, "L", "AR6");

        // DESNZ per-gas CO2e is AR5 (CH4 28, N2O 265); AR6 is fossil CH4 29.8 (Table 7.15) for a fossil fuel, N2O 273.
        var ch4 = ar5.Gases.Single(g => g.Gas == "CH4").KgCo2e;
        var n2o = ar5.Gases.Single(g => g.Gas == "N2O").KgCo2e;
        var co2 = ar5.Gases.Single(g => g.Gas == "CO2").KgCo2e;
        Assert.Equal(co2 + (ch4 / 28 * 29.8) + (n2o / 265 * 273), ar6.Value, 9);
        Assert.Equal("fossil", ar6.Ch4Origin);
        Assert.Equal("recomputed", ar6.GwpMethod);
        Assert.Equal("published", ar5.GwpMethod);
    }

    [Fact]
    public void Resolve_Refrigerant_Ar6IsTheGasGwp()
    {
        var ar5 = Resolve("refrigerant.hfc-134a", "GB", 2024, "kg", "AR5");
        var ar6 = Resolve("refrigerant.hfc-134a", "GB", 2024, "kg", "AR6");

        Assert.Equal(1300, ar5.Value, 6);
        Assert.Equal(1530, ar6.Value, 6);
    }

    [Fact]
    public void Resolve_TotalOnlyFactor_IsFlaggedWhenGwpCannotBeRecomputed()
    {
        var answer = Resolve("electricity.grid", "DE", 2024, "kWh", "AR6");

        Assert.Equal("ember", answer.Source);
        Assert.Equal(0.34206, answer.Value, 6);
        Assert.Equal("not_recomputable", answer.GwpMethod);
        Assert.Contains(answer.Provenance.Fallbacks, f => f.Kind == "gwp_not_recomputable");
    }

    [Fact]
    public void Resolve_UnknownNaicsCode_IsCategoryProxyWithQuality50()
    {
        var answer = Resolve("spend.naics.331119", "US", 2024, "USD");

        Assert.Equal("proxy", answer.Source);
        Assert.Equal(50, answer.Quality.Score);
        Assert.Equal(0.5, answer.Uncertainty.Relative95High, 9);
        Assert.Contains(answer.Provenance.Fallbacks, f => f.Kind == "category_proxy" && f.Detail.Contains("spend.naics.331110", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_NaicsCode_MatchesPublishedValueWithMargins()
    {
        var answer = Resolve("spend.naics.331110", "US", 2022, "USD", "AR5");

        Assert.Equal(0.787, answer.Value, 6);
    }

    [Fact]
    public void Resolve_RequestedSourceOrder_IsHonoured()
    {
        var answer = Resolve("electricity.grid", "GB", 2024, "kWh", "AR5", ["ember", "desnz"]);

        Assert.Equal("ember", answer.Source);
        Assert.Equal(0.21579, answer.Value, 6);
    }

    [Fact]
    public void Resolve_HotelNightByCountry_TakesRegionFromPublisherName()
    {
        var answer = Resolve("travel.hotel-night", "DE", 2024, "room_night", "AR5");

        Assert.Equal("DE", answer.Region);
        Assert.Equal("desnz", answer.Source);
    }

    [Fact]
    public void Resolve_FreeText_MatchesActivityAndRecordsIt()
    {
        var answer = Resolve("natral gas", "GB", 2025, "kWh_gcv", "AR5");

        Assert.Equal("fuel.natural-gas", answer.ActivityId);
        Assert.Contains(answer.Provenance.Fallbacks, f => f.Kind == "text_match");
    }

    [Theory]
    [InlineData("fuel.diesel", "GB", 2024, "gal", "ambiguous_unit", "gal_us")]
    [InlineData("fuel.diesel", "GB", 2024, "ton", "ambiguous_unit", "short_ton")]
    [InlineData("fuel.diesel", "GB", 2024, "therm", "ambiguous_unit", "therm_ec")]
    [InlineData("fuel.diesel", "GB", 2024, "litrs", "unknown_unit", "L")]
    [InlineData("fuel.diesel", "GB", 2024, "km", "incompatible_unit", "L")]
    [InlineData("fuel.diesel", "XX", 2024, "L", "unknown_region", "MX")]
    [InlineData("fuel.diesel", "Germany", 2024, "L", "unknown_region", "DE")]
    [InlineData("flux capacitor warp", "GB", 2024, "kg", "unknown_activity", null)]
    [InlineData("spend.naics.12", "US", 2024, "USD", "unknown_activity", null)]
    public void Resolve_BadInput_GivesCodedErrorWithSuggestions(string activity, string region, int year, string unit, string code, string? suggestion)
    {
        var error = Fail(activity, region, year, unit);

        Assert.Equal(code, error.Code);
        if (suggestion is not null)
        {
            Assert.Contains(suggestion, error.Suggestions);
        }
    }

    [Fact]
    public void Resolve_AsOfBeforeNewerVersion_ReproducesTheEarlierAnswer()
    {
        var pinned = fixture.Broker.Resolve(new FactorRequest { Activity = "electricity.grid", Region = "GB", Year = 2026, Unit = "kWh", Gwp = "AR5", AsOf = new DateOnly(2025, 1, 1) }).Answer!;
        var byVersion = fixture.Broker.Resolve(new FactorRequest { Activity = "electricity.grid", Region = "GB", Year = 2026, Unit = "kWh", Gwp = "AR5", Datasets = ["desnz-2024"] }).Answer!;
        var latest = Resolve("electricity.grid", "GB", 2026, "kWh", "AR5");

        Assert.Equal("desnz-2024", pinned.Dataset);
        Assert.Equal(0.20705, pinned.Value, 6);
        Assert.Equal(pinned.Value, byVersion.Value);
        Assert.Equal("desnz-2025", latest.Dataset);
    }

    [Fact]
    public void Resolve_SameRequestInAnotherBroker_HasTheSameHash()
    {
        var request = new FactorRequest { Activity = "freight.road.hgv.average-laden", Region = "GB", Year = 2024, Unit = "tkm" };
        var first = fixture.Broker.Resolve(request).Answer!;
        var second = BrokerFactory.Create(fixture.Loaded).Resolve(request with { }).Answer!;

        Assert.Equal(64, first.Provenance.Sha256.Length);
        Assert.Equal(first.Provenance.Sha256, second.Provenance.Sha256);
        Assert.Equal(first.Provenance.Sha256, AnswerHasher.Hash(request, first));
        Assert.NotEqual(first.Provenance.Sha256, fixture.Broker.Resolve(request with { Gwp = "AR5" }).Answer!.Provenance.Sha256);
    }

    [Fact]
    public void Resolve_EveryListedActivity_MatchesRowsExceptKnownGaps()
    {
        Assert.True(fixture.Broker.ActivityCount > 1_500);
        Assert.Empty(fixture.Broker.UnmatchedActivities);
    }

    [Theory]
    [InlineData("fuel.diesel")]
    [InlineData("fuel.petrol")]
    [InlineData("fuel.natural-gas")]
    [InlineData("fuel.lpg")]
    [InlineData("fuel.fuel-oil")]
    [InlineData("fuel.coal.anthracite")]
    [InlineData("electricity.grid")]
    [InlineData("heat.steam")]
    [InlineData("travel.air.short-haul.economy")]
    [InlineData("travel.air.long-haul.economy")]
    [InlineData("travel.rail.national")]
    [InlineData("travel.hotel-night")]
    [InlineData("freight.road.hgv.average-laden")]
    [InlineData("waste.landfill.mixed-municipal")]
    [InlineData("spend.naics.331110")]
    [InlineData("spend.sic.01")]
    [InlineData("spend.exiobase.cereal-grains-not-elsewhere-specified")]
    public void Resolve_ContractActivityIds_Exist(string activity)
    {
        var search = fixture.Broker.Search.Find(new() { Text = activity, Kind = "activity", Limit = 1 });

        Assert.Equal(activity, search.Hits[0].Id);
    }

    [Fact]
    public void Estimate_Amount_MultipliesValueAndGases()
    {
        var outcome = fixture.Broker.Estimate(new FactorRequest { Activity = "fuel.diesel", Region = "GB", Year = 2024, Unit = "L", Gwp = "AR5" }, 1000);

        Assert.Equal(2512.79, outcome.Estimation!.KgCo2e, 6);
        Assert.Equal(outcome.Estimation.KgCo2e, outcome.Estimation.Gases.Sum(g => g.KgCo2e), 1);
        Assert.True(outcome.Estimation.KgCo2eLow95 < outcome.Estimation.KgCo2e && outcome.Estimation.KgCo2e < outcome.Estimation.KgCo2eHigh95);
    }
}
