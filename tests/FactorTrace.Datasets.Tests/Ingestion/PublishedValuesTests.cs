using FactorTrace.Datasets.Ingestion;
using FactorTrace.Factors;

namespace FactorTrace.Datasets.Tests.Ingestion;

/// <summary>The values the data README pins, read back through the mappings.</summary>
[Collection(IngestedDatasetsDefinition.Name)]
public sealed class PublishedValuesTests(IngestedFixture fixture)
{
    private const double Tolerance = 1e-9;

    private EmissionFactor Factor(string dataset, string id) =>
        fixture.Loaded.Store.Find(dataset, id) ?? throw new Xunit.Sdk.XunitException($"{dataset}:{id} was not ingested");

    private IngestedDataset Dataset(string id) => fixture.Loaded.Datasets.Single(d => d.Info.Id == id);

    private static double Gas(EmissionFactor f, string gas) => f.Gases.Single(g => g.Gas == gas).KgPerUnit;

    [Theory]
    [InlineData("desnz-2024", "7_400_4000_5_1", 0.20705, "kWh", "2")]
    [InlineData("desnz-2025", "7_400_4000_5_1", 0.17700, "kWh", "2")]
    [InlineData("desnz-2024", "1_100_1004_6_1", 0.1829, "kWh_gcv", "1")]
    [InlineData("desnz-2025", "1_100_1004_6_1", 0.18296, "kWh_gcv", "1")]
    public void Desnz_PinnedFactor_HasPublishedTotalUnitAndScope(string dataset, string id, double kgCo2e, string unit, string scope)
    {
        var factor = Factor(dataset, id);
        Assert.Equal(kgCo2e, factor.Co2e.Single().KgPerUnit, Tolerance);
        Assert.Equal("AR5", factor.Co2e.Single().GwpSet);
        Assert.Equal(unit, factor.Unit);
        Assert.Equal(scope, factor.Scope);
        Assert.Equal("GB", factor.Region);
    }

    [Fact]
    public void Desnz2025_UkElectricity_HasGasBreakdownOfTheFullSet()
    {
        var factor = Factor("desnz-2025", "7_400_4000_5_1");
        Assert.Equal(0.17489, Gas(factor, "CO2"), Tolerance);
        Assert.Equal(0.0009, Gas(factor, "CH4"), Tolerance);
        Assert.Equal(0.00122, Gas(factor, "N2O"), Tolerance);
        Assert.All(factor.Gases, g => Assert.Equal(GasMeasure.Co2e, g.Measure));
    }

    [Theory]
    [InlineData("desnz-2023", 8038, 2643)]
    [InlineData("desnz-2024", 8740, 2672)]
    public void Desnz_FlatFile_RowCountsMatchPublication(string dataset, int rows, int factors)
    {
        var table = Dataset(dataset).Tables.Single(t => t.Table == "flat");
        Assert.Equal(rows, table.RowsRead);
        Assert.Equal(factors, table.Ingested);
        Assert.Equal(438 + 76, table.Skipped); // kWh conversion rows are not emission factors
        Assert.Empty(table.Rejected);
    }

    [Fact]
    public void Desnz2024_XlsxAndCsvDump_GiveTheSameTotals()
    {
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(SharedData.File("desnz-2024/ghg-conversion-factors-2024-flat-file.csv"));
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        var totals = rows.Skip(1).Where(c => c[8] == "kg CO2e" && c[9].Length > 0).ToList();
        Assert.Equal(2616, totals.Count);
        foreach (var cells in totals)
        {
            var value = double.Parse(cells[9], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(value, Factor("desnz-2024", cells[0]).Co2e.Single().KgPerUnit, 1e-12);
        }
    }

    [Fact]
    public void Desnz2025_FuelProperties_AreIngestedFromTheFullSet()
    {
        var fuels = fixture.Loaded.Fuels;
        var diesel = fuels.Single(f => f.Fuel == "Diesel (average biofuel blend)");
        Assert.Equal(42.839, diesel.NetCvGjPerTonne);
        Assert.Equal(45.545, diesel.GrossCvGjPerTonne);
        Assert.Equal(832.361, diesel.DensityKgPerM3);
        Assert.Equal("Commonly Used Fossil Fuels", diesel.Category);
        Assert.Null(fuels.Single(f => f.Fuel == "Coking Coal").DensityKgPerM3);
        Assert.Equal("Other fuels", fuels.Single(f => f.Fuel == "LNG").Category);
        Assert.Equal(39, fuels.Count);
    }

    [Fact]
    public void EpaHub2025_Table1_AnthraciteKeepsGasMassesPerMmBtuAndPerShortTon()
    {
        var perEnergy = Factor("epa-ghg-hub-2025", "table1:Anthracite:per-mmBtu");
        Assert.Equal("MMBtu", perEnergy.Unit);
        Assert.Equal(103.69, Gas(perEnergy, "CO2"), Tolerance);
        Assert.Equal(0.011, Gas(perEnergy, "CH4"), Tolerance);
        Assert.Equal(0.0016, Gas(perEnergy, "N2O"), Tolerance);
        Assert.Empty(perEnergy.Co2e);
        var perMass = Factor("epa-ghg-hub-2025", "table1:Anthracite:per-physical-unit");
        Assert.Equal("short_ton", perMass.Unit);
        Assert.Equal(2602, Gas(perMass, "CO2"), Tolerance);
        Assert.Equal("Coal and Coke", perMass.Category[1]);
    }

    [Fact]
    public void EpaHub2025_Table1_NaturalGasSwitchesToTheRepeatedUnitsRow()
    {
        Assert.Equal(53.06, Gas(Factor("epa-ghg-hub-2025", "table1:Natural Gas:per-mmBtu"), "CO2"), Tolerance);
        var perVolume = Factor("epa-ghg-hub-2025", "table1:Natural Gas:per-physical-unit");
        Assert.Equal("scf", perVolume.Unit);
        Assert.Equal(0.05444, Gas(perVolume, "CO2"), Tolerance);
        Assert.Equal("gal_us", Factor("epa-ghg-hub-2025", "table1:Motor Gasoline:per-physical-unit").Unit);
    }

    [Fact]
    public void EpaHub2025_Table2_Diesel()
    {
        var diesel = Factor("epa-ghg-hub-2025", "table2:Diesel Fuel");
        Assert.Equal(10.21, Gas(diesel, "CO2"), Tolerance);
        Assert.Equal("gal_us", diesel.Unit);
    }

    [Fact]
    public void EpaHub2025_Table6_EgridSubregionInKgPerMWh()
    {
        var camx = Factor("epa-ghg-hub-2025", "egrid:CAMX:total-output");
        Assert.Equal("US-EGRID-CAMX", camx.Region);
        Assert.Equal("MWh", camx.Unit);
        Assert.Equal(436.655 * 0.45359237, Gas(camx, "CO2"), 1e-9);
        Assert.Equal("0.041", camx.Attributes["grid_gross_loss"]);
        Assert.Equal("US", Factor("epa-ghg-hub-2025", "egrid:US Average:total-output").Region);
        Assert.Equal(28, fixture.Loaded.Store.ForDataset("epa-ghg-hub-2025").Count(f => f.SourceActivityId.EndsWith(":total-output", StringComparison.Ordinal)));
    }

    [Fact]
    public void EpaHub2024_Table6_IsEgrid2022WithItsOwnValues()
    {
        var camx = Factor("epa-ghg-hub-2024", "egrid:CAMX:total-output");
        Assert.Equal(2024, camx.Year);
        Assert.Equal("eGRID2022", camx.Attributes["egrid_edition"]);
        Assert.NotEqual(Gas(Factor("epa-ghg-hub-2025", "egrid:CAMX:total-output"), "CO2"), Gas(camx, "CO2"));
    }

    [Theory]
    [InlineData("table3:Gasoline Passenger Cars:1975", "vehicle_mi", "CH4", 0.0001423)]
    [InlineData("table4:Light-Duty Trucks:Diesel:2007-2022", "vehicle_mi", "N2O", 0.0000214)]
    [InlineData("table5:Agricultural Equipment:Diesel Equipment", "gal_us", "CH4", 0.00126)]
    [InlineData("table7:Steam and Heat", "MMBtu", "CO2", 66.33)]
    [InlineData("table8:Medium- and Heavy-Duty Truck:short ton-mile", "short_ton_mi", "CO2", 0.186)]
    [InlineData("table10:Intercity Rail - Northeast Corridor:passenger-mile", "pmi", "CO2", 0.023)]
    public void EpaHub2025_EveryMobileTransportAndSteamTable_HasItsFactors(string id, string unit, string gas, double kg)
    {
        var factor = Factor("epa-ghg-hub-2025", id);
        Assert.Equal(unit, factor.Unit);
        Assert.Equal(kg, Gas(factor, gas), 1e-12);
    }

    [Fact]
    public void EpaHub2025_Table3_CarriesVehicleTypeDownMergedCells()
    {
        Assert.NotNull(fixture.Loaded.Store.Find("epa-ghg-hub-2025", "table3:Gasoline Passenger Cars:2015"));
    }

    [Fact]
    public void EpaHub2025_Table9_WasteIsCo2ePerShortTonAndNaIsNoValue()
    {
        var landfill = Factor("epa-ghg-hub-2025", "table9:Mixed MSW:Landfilled");
        Assert.Equal("short_ton", landfill.Unit);
        Assert.Equal(580, landfill.Co2e.Single().KgPerUnit, 1e-9);
        Assert.Null(fixture.Loaded.Store.Find("epa-ghg-hub-2025", "table9:Mixed MSW:Recycled"));
    }

    [Fact]
    public void EpaHub_GwpTables_AreAr5()
    {
        var gwp2025 = fixture.Loaded.Gwp["epa-ghg-hub-2025"];
        Assert.Equal(28, gwp2025.Get("AR5", "CH4"));
        Assert.Equal(1300, gwp2025.Get("AR5", "HFC-134a"));
        Assert.Equal(6630, gwp2025.Get("AR5", "CF4"));
        Assert.Equal(3943, gwp2025.Get("AR5", "R-404A"));
        Assert.Equal(265, fixture.Loaded.Gwp["epa-ghg-hub-2024"].Get("AR5", "N2O"));
    }

    [Fact]
    public void EpaSupplyChain_Naics331110_WithMarginsAndGases()
    {
        var steel = Factor("epa-useeio-v1.3", "naics:331110");
        Assert.Equal(0.787, steel.Co2e.Single().KgPerUnit, Tolerance);
        Assert.Equal("0.769", steel.Attributes["without_margins_kg_co2e"]);
        Assert.Equal("USD", steel.Unit);
        Assert.Equal(18, steel.Gases.Count);
        Assert.Equal(GasMeasure.Co2e, steel.Gases.Single(g => g.Gas == "HFC/PFC-unspecified").Measure);
        Assert.Equal(1016, Dataset("epa-useeio-v1.3").Factors.Count);
        Assert.Equal(18288, Dataset("epa-useeio-v1.3").Tables.Single(t => t.Table == "by-gas").Ingested);
    }

    [Fact]
    public void DefraSic_KeepsCodesAsTextAndTrimsNames()
    {
        var agriculture = Factor("defra-eeio-sic-2022", "sic:01");
        Assert.Equal(2.633028617575275, agriculture.Co2e.Single().KgPerUnit, 1e-15);
        Assert.Equal(0.6409321216358776, Gas(agriculture, "CO2"), 1e-15);
        Assert.Equal("GBP", agriculture.Unit);
        Assert.Equal("Products of agriculture, hunting and related services", agriculture.Name);
        Assert.Equal(110, Dataset("defra-eeio-sic-2022").Factors.Count);
    }

    [Fact]
    public void Climatiq_ExiobaseRowsKeepRegionGwpSetsAndSource()
    {
        var factors = fixture.Loaded.Store.ForDataset("climatiq-oefdb");
        Assert.Equal(6181, factors.Count);
        var exiobase = factors.Where(f => f.Attributes["source"] == "EXIOBASE").ToList();
        Assert.Equal(864, exiobase.Count);
        Assert.Equal(5, exiobase.Select(f => f.Region).Distinct().Count());
        var cereal = exiobase.Single(f => f.Region == "DE" && f.Name == "Cereal grains (not elsewhere specified)");
        Assert.Equal(1.0928, cereal.Co2e.Single(c => c.GwpSet == "AR5").KgPerUnit, Tolerance);
        Assert.Equal(1.1744, cereal.Co2e.Single(c => c.GwpSet == "AR4").KgPerUnit, Tolerance);
        Assert.Equal("EUR", cereal.Unit);
        Assert.Equal(2021, cereal.Year);
        Assert.Equal("2019-2021", cereal.Attributes["years_valid"]);
        Assert.Contains(factors, f => f.Attributes.TryGetValue("data_quality", out var q) && q == "o|h");
    }

    [Theory]
    [InlineData("CH4", 25, 28, 27.9)]
    [InlineData("N2O", 298, 265, 273)]
    [InlineData("HFC134a", 1430, 1300, 1530)]
    [InlineData("SF6", 22800, 23500, 25200)]
    [InlineData("NF3", 17200, 16100, 17400)]
    [InlineData("CO2", 1, 1, 1)]
    public void Ipcc_Gwp100_MatchesPublishedValues(string gas, double ar4, double ar5, double ar6)
    {
        var gwp = fixture.Loaded.Gwp["ipcc-gwp"];
        Assert.Equal(ar4, gwp.Get("AR4", gas));
        Assert.Equal(ar5, gwp.Get("AR5", gas));
        Assert.Equal(ar6, gwp.Get("AR6", gas));
    }

    [Theory]
    [InlineData("DE", 342.06)]
    [InlineData("GB", 215.79)]
    [InlineData("US", 383.55)]
    [InlineData("GLOBAL", 472.94)]
    public void Ember_IntensityByCountryInKgPerKWh(string region, double grams)
    {
        var factor = fixture.Loaded.Store.ForDataset("ember-yearly").Single(f => f.Region == region);
        Assert.Equal(grams / 1000, factor.Co2e.Single().KgPerUnit, 1e-12);
        Assert.Equal("kWh", factor.Unit);
    }

    [Fact]
    public void ElectricityMaps_YearlyZonesForEveryYear()
    {
        var factors = fixture.Loaded.Store.ForDataset("electricitymaps-yearly");
        Assert.Equal(352 * 5, factors.Count);
        Assert.Equal(0.475, Factor("electricitymaps-yearly", "electricity:DE:2022").Co2e.Single().KgPerUnit, 1e-12);
        Assert.Equal("US-MIDA-PJM", Factor("electricitymaps-yearly", "electricity:US-MIDA-PJM:2023").Region);
    }

    [Fact]
    public void Unfccc_MarginalFactorsUseIsoCodesDespiteTheWrongCaymanCode()
    {
        Assert.Equal("CY", Factor("unfccc-ifi-2021", "operating-margin:Cyprus").Region);
        Assert.Equal("KY", Factor("unfccc-ifi-2021", "operating-margin:Cayman Islands").Region);
        Assert.Equal("PT-20", Factor("unfccc-ifi-2021", "operating-margin:Azores (Portugal)").Region);
        Assert.Equal(0.414, Factor("unfccc-ifi-2021", "operating-margin:Afghanistan").Co2e.Single().KgPerUnit, 1e-12);
    }

    [Fact]
    public void Ecb_RatesOfTheLastDayAndWeekendFallback()
    {
        var rates = fixture.Loaded.Rates!;
        Assert.Equal(6983, rates.DayCount);
        Assert.Equal(1.1684, rates.RateOnOrBefore("USD", new DateOnly(2026, 4, 13))!.Value.UnitsPerEur);
        Assert.Equal(0.87058, rates.RateOnOrBefore("GBP", new DateOnly(2026, 4, 13))!.Value.UnitsPerEur);
        Assert.Equal(186.75, rates.RateOnOrBefore("JPY", new DateOnly(2026, 4, 13))!.Value.UnitsPerEur);
        var sunday = rates.RateOnOrBefore("USD", new DateOnly(2026, 4, 12))!.Value;
        Assert.Equal(new DateOnly(2026, 4, 10), sunday.Date);
        Assert.Null(rates.RateOnOrBefore("CYP", new DateOnly(2026, 4, 13)));
        Assert.Equal(0.585274, rates.RateOnOrBefore("CYP", new DateOnly(2008, 1, 1))!.Value.UnitsPerEur);
    }

    [Fact]
    public void Store_EveryFactorIsFiniteNonNegativeWithProvenance()
    {
        Assert.True(fixture.Loaded.Store.Count > 19000);
        Assert.All(fixture.Loaded.Store.All, f =>
        {
            Assert.True(f.Co2e.Count + f.Gases.Count > 0);
            Assert.All(f.Co2e, c => Assert.True(double.IsFinite(c.KgPerUnit) && c.KgPerUnit >= 0));
            Assert.All(f.Gases, g => Assert.True(double.IsFinite(g.KgPerUnit) && g.KgPerUnit >= 0));
            Assert.True(f.Row.Row > 0);
            Assert.False(string.IsNullOrEmpty(f.Dataset.Attribution));
        });
        Assert.All(fixture.Loaded.Datasets, d => Assert.Empty(d.Tables.SelectMany(t => t.Rejected)));
    }
}
