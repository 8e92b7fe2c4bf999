using System.IO.Compression;
using System.Xml.Linq;
using FactorTrace.Broker;
using FactorTrace.Gwp;

namespace FactorTrace.Datasets.Tests.Broker;

/// <summary>
/// How a factor is chosen and re-expressed, against the publishers' files in ../shared/data: AR6 methane by origin,
/// blends from their composition, sub-national rows, the publisher's own basis, row references, labels.
/// </summary>
[Collection(BrokerDefinition.Name)]
public sealed class FactorChoiceTests(BrokerFixture fixture)
{
    private const double Ch4Fossil = 29.8;    // IPCC AR6 WG1 Table 7.15
    private const double Ch4NonFossil = 27.0; // IPCC AR6 WG1 Table 7.15

    private FactorAnswer Resolve(string activity, string region, int year, string unit, string? gwp = null, string[]? sources = null)
    {
        var outcome = fixture.Broker.Resolve(new FactorRequest { Activity = activity, Region = region, Year = year, Unit = unit, Gwp = gwp, Sources = sources });
        Assert.True(outcome.IsSuccess, outcome.Error?.Message);
        return outcome.Answer!;
    }

    // 1. AR6 methane by origin.
    [Fact]
    public void Resolve_Ar6DesnzNaturalGas_UsesFossilMethane()
    {
        // DESNZ 2024 flat file 1_100_1004_6_2..4 (kWh Gross CV, kg CO2e AR5): CO2 0.18253, CH4 0.00028, N2O 0.00009.
        var answer = Resolve("fuel.natural-gas", "GB", 2024, "kWh_gcv", "AR6");

        Assert.Equal("recomputed", answer.GwpMethod);
        Assert.Equal("fossil", answer.Ch4Origin);
        Assert.Equal(Ch4Fossil, answer.Ch4Gwp);
        Assert.Equal(0.00028 / 28 * Ch4Fossil, answer.Gases.Single(g => g.Gas == "CH4").KgCo2e, 9);
        Assert.Equal(0.18253 + (0.00028 / 28 * Ch4Fossil) + (0.00009 / 265 * 273), answer.Value, 9);
        Assert.Contains("Table 7.15", answer.GwpNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Ar6EpaAnthracite_UsesFossilMethane()
    {
        // EPA Hub 2025 Table 1, Anthracite: 2602 kg CO2, 276 g CH4, 40 g N2O per short ton.
        var answer = Resolve("fuel.coal.anthracite", "US", 2025, "short_ton", "AR6");

        Assert.Equal("fossil", answer.Ch4Origin);
        Assert.Equal(0.276 * Ch4Fossil, answer.Gases.Single(g => g.Gas == "CH4").KgCo2e, 9);
        Assert.Equal(2602 + (0.276 * Ch4Fossil) + (0.040 * 273), answer.Value, 6);
    }

    [Theory]
    [InlineData("fuel.landfill-gas", "US", 2025, "mmBtu", 0.0032)]     // EPA Hub 2025 Table 1, Landfill Gas: 3.2 g CH4/mmBtu
    [InlineData("fuel.wood.logs", "US", 2025, "short_ton", 0.126)]     // EPA Hub 2025 Table 1, Wood and Wood Residuals: 126 g CH4/short ton
    public void Resolve_Ar6Biomass_UsesNonFossilMethane(string activity, string region, int year, string unit, double kgCh4)
    {
        var answer = Resolve(activity, region, year, unit, "AR6");

        Assert.Equal("non_fossil", answer.Ch4Origin);
        Assert.Equal(Ch4NonFossil, answer.Ch4Gwp);
        Assert.Equal(kgCh4 * Ch4NonFossil, answer.Gases.Single(g => g.Gas == "CH4").KgCo2e, 9);
    }

    [Theory]
    [InlineData("spend.naics.212111", 2.11e-02, "fossil", Ch4Fossil)]        // Bituminous coal and lignite surface mining, with margins
    [InlineData("spend.naics.111110", 4.82e-04, "non_fossil", Ch4NonFossil)] // Soybean farming, with margins
    [InlineData("spend.naics.562212", 2.55e-02, "non_fossil", Ch4NonFossil)] // Solid waste landfill, with margins
    public void Resolve_Ar6UseeioSector_UsesSectorMethaneOrigin(string activity, double kgCh4PerUsd, string origin, double gwp)
    {
        // EPA supply chain factors v1.3, by-GHG file, "Supply Chain Emission Factors with Margins", Methane.
        var answer = Resolve(activity, "US", 2022, "USD", "AR6");

        Assert.Equal(origin, answer.Ch4Origin);
        Assert.Equal(kgCh4PerUsd * gwp, answer.Gases.Single(g => g.Gas == "CH4").KgCo2e, 9);
    }

    [Fact]
    public void Resolve_Ar5_LeavesMethaneOriginUnstated()
    {
        var answer = Resolve("fuel.natural-gas", "GB", 2024, "kWh_gcv", "AR5");

        Assert.Null(answer.Ch4Origin);
        Assert.Equal(0.1829, answer.Value, 6);
    }

    // 2. Blends from their composition.
    [Theory]
    [InlineData("refrigerant.r410a", "AR4", (0.5 * 675) + (0.5 * 3500))]
    [InlineData("refrigerant.r410a", "AR5", 1924)]                                   // DESNZ 2024 3_201_2156_3_1, published
    [InlineData("refrigerant.r410a", "AR6", (0.5 * 771) + (0.5 * 3740))]
    [InlineData("refrigerant.r404a", "AR6", (0.44 * 3740) + (0.04 * 1530) + (0.52 * 5810))]
    [InlineData("refrigerant.r407c", "AR4", (0.23 * 675) + (0.25 * 3500) + (0.52 * 1430))]
    [InlineData("refrigerant.r442a", "AR6", (0.31 * 771) + (0.31 * 3740) + (0.30 * 1530) + (0.03 * 164) + (0.05 * 3600))] // ASHRAE 34
    public void Resolve_RefrigerantBlend_RecomputesFromComposition(string activity, string gwp, double expected)
    {
        var answer = Resolve(activity, "GB", 2024, "kg", gwp);

        Assert.Equal(gwp, answer.Gwp);
        Assert.Equal(expected, answer.Value, 6);
        Assert.DoesNotContain(answer.Provenance.Fallbacks, f => f.Kind == "gwp_not_recomputable");
        if (gwp != "AR5")
        {
            Assert.Equal("recomputed", answer.GwpMethod);
            Assert.Contains("composition", answer.GwpNote, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RefrigerantBlends_EpaCompositions_AreThePublishedTable12()
    {
        // EPA Hub 2025 Table 12 "Blend Composition" (column E), read from the workbook's XML; the embedded data must match.
        XNamespace m = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        using var zip = ZipFile.OpenRead(SharedData.File("epa-ghg-emission-factors-hub/ghg-emission-factors-hub-2025.xlsx"));
        List<string> Load(string entry, Func<XDocument, IEnumerable<string>> read)
        {
            using var stream = zip.GetEntry(entry)!.Open();
            return read(XDocument.Load(stream)).ToList();
        }

        var strings = Load("xl/sharedStrings.xml", d => d.Root!.Elements(m + "si").Select(si => string.Concat(si.Descendants(m + "t").Select(t => t.Value))));
        using var sheetStream = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var sheet = XDocument.Load(sheetStream);
        string? Cell(XElement row, string column)
        {
            var cell = row.Elements(m + "c").FirstOrDefault(c => ((string)c.Attribute("r")!).StartsWith(column, StringComparison.Ordinal) && char.IsAsciiDigit(((string)c.Attribute("r")!)[column.Length]));
            var value = cell?.Element(m + "v")?.Value;
            return value is null ? null : (string?)cell!.Attribute("t") == "s" ? strings[int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)] : value;
        }

        var published = sheet.Descendants(m + "row")
            .Select(r => (Name: Cell(r, "C"), Composition: Cell(r, "E")))
            .Where(r => r.Name is { } n && n.StartsWith("R-", StringComparison.Ordinal) && r.Composition is { } c && c.Contains('%', StringComparison.Ordinal))
            .ToList();

        Assert.Equal(30, published.Count);
        foreach (var (name, composition) in published)
        {
            var blend = RefrigerantBlend.Find(name);
            Assert.NotNull(blend);
            Assert.Equal(composition, blend.Composition);
            Assert.Contains("Table 12", blend.Source, StringComparison.Ordinal);
        }
    }

    // 3. Sub-national rows are exact matches.
    [Theory]
    [InlineData(2024, "desnz-2024:29_600_4001_13_1", 11.5)] // DESNZ 2024 Hotel stay, UK (London), room per night
    [InlineData(2025, "desnz-2025:29_600_4001_13_1", 11.5)] // DESNZ 2025 Hotel stay, UK (London)
    public void Resolve_LondonHotelNight_IsExactSubnationalRow(int year, string factorId, double expected)
    {
        var answer = Resolve("travel.hotel-night", "GB-LND", year, "room_night", "AR5");

        Assert.Equal(factorId, answer.FactorId);
        Assert.Equal("GB-LND", answer.Region);
        Assert.Equal(expected, answer.Value, 6);
        Assert.Equal(1, answer.Quality.Geographical);
        Assert.DoesNotContain(answer.Provenance.Fallbacks, f => f.Kind is "parent_region" or "geographic_proxy");
    }

    [Fact]
    public void Resolve_UkHotelNight_IsCountryRowNotLondon()
    {
        var answer = Resolve("travel.hotel-night", "GB", 2024, "room_night", "AR5");

        Assert.Equal("desnz-2024:29_600_4000_13_1", answer.FactorId);
        Assert.Equal(10.4, answer.Value, 6);
    }

    // 4. The publisher's own basis beats a borrowed conversion.
    [Theory]
    [InlineData("fuel.propane", "table1:Propane:per-mmBtu", 62.87, 0.003, 0.0006, false)]                            // EPA Hub 2025 Table 1, Propane
    [InlineData("fuel.landfill-gas", "table1:Landfill Gas:per-mmBtu", 52.07, 0.0032, 0.00063, true)]               // Landfill Gas (biogenic CO2)
    [InlineData("fuel.coal.industrial", "table1:Mixed (Industrial Sector):per-mmBtu", 94.67, 0.011, 0.0016, false)] // Mixed (Industrial Sector)
    public void Resolve_EpaFuelPerMmbtu_UsesPublishersPerMmbtuRow(string activity, string row, double co2, double ch4, double n2o, bool biogenic)
    {
        var answer = Resolve(activity, "US", 2025, "mmBtu", "AR5");

        Assert.Equal("epa-ghg-hub-2025:" + row, answer.FactorId);
        Assert.Equal((biogenic ? 0 : co2) + (ch4 * 28) + (n2o * 265), answer.Value, 6);
        Assert.Equal(biogenic ? co2 : null, answer.BiogenicCo2);
        Assert.DoesNotContain(answer.Provenance.Fallbacks, f => f.Kind is "fuel_conversion" or "borrowed_fuel_properties");
    }

    [Fact]
    public void Resolve_EpaFuelPerGj_ConvertsPublishersPerMmbtuRowWithinEnergy()
    {
        var answer = Resolve("fuel.propane", "US", 2025, "GJ", "AR5");

        Assert.Equal("epa-ghg-hub-2025:table1:Propane:per-mmBtu", answer.FactorId);
        Assert.Equal((62.87 + (0.003 * 28) + (0.0006 * 265)) / 1.05505585262, answer.Value, 4);
        Assert.DoesNotContain(answer.Provenance.Fallbacks, f => f.Kind == "borrowed_fuel_properties");
    }

    [Theory]
    [InlineData("fuel.diesel", "MMBtu", 10.21, 0.138, 1.0)]                    // Table 2 Diesel Fuel per gallon; Table 1 Distillate Fuel Oil No. 2: 0.138 mmBtu/gal
    [InlineData("fuel.petrol", "GJ", 8.78, 0.125, 1.05505585262)]             // Table 2 Motor Gasoline; Table 1 Motor Gasoline: 0.125 mmBtu/gal
    public void Resolve_EpaMobileFuelPerEnergy_UsesEpaHeatContent(string activity, string unit, double kgCo2PerGallon, double mmBtuPerGallon, double mmBtuPerUnit)
    {
        var answer = Resolve(activity, "US", 2025, unit, "AR5");

        Assert.Equal("epa-ghg-hub", answer.Source);
        Assert.Equal(kgCo2PerGallon / mmBtuPerGallon / mmBtuPerUnit, answer.Value, 4);
        Assert.Contains(answer.Provenance.Fallbacks, f => f.Kind == "fuel_conversion" && f.Detail.Contains("HHV", StringComparison.Ordinal));
        Assert.DoesNotContain(answer.Provenance.Fallbacks, f => f.Kind == "borrowed_fuel_properties");
    }

    [Fact]
    public void Resolve_EpaFuelPerKg_FlagsBorrowedFuelProperties()
    {
        var answer = Resolve("fuel.propane", "US", 2025, "kg", "AR5");

        Assert.Equal("epa-ghg-hub", answer.Source);
        Assert.Contains(answer.Provenance.Fallbacks, f => f.Kind == "borrowed_fuel_properties" && f.Detail.Contains("desnz", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_LondonByPublisherAlias_IsTheSameSubnationalRegion()
    {
        // Climatiq writes London as GB-LON; it is the place ISO 3166-2 codes GB-LND, so DESNZ's London row answers first.
        var answer = Resolve("travel.hotel-night", "GB-LON", 2024, "room_night", "AR5");

        Assert.Equal("desnz-2024:29_600_4001_13_1", answer.FactorId);
        Assert.Equal(11.5, answer.Value, 6);
    }

    [Fact]
    public void Resolve_LondonHotelFromClimatiq_IsExactRowPerPersonNight()
    {
        // Climatiq OEFDB accommodation_type_hotel_stay, region GB-LON (BEIS 2021), per person-night.
        var answer = Resolve("travel.hotel-night", "GB-LND", 2021, "person_night", "AR5", ["climatiq-oefdb"]);

        Assert.Equal("GB-LND", answer.Region);
        Assert.Equal("person_night", answer.FactorUnit);
        Assert.Equal(1, answer.Quality.Geographical);
    }

    [Fact]
    public void Resolve_EgridSubregion_BeatsOtherSourcesCountryRow()
    {
        // Ember first in the order has only the US; EPA's eGRID CAMX row is the exact sub-national match.
        var answer = Resolve("electricity.grid", "US-EGRID-CAMX", 2025, "MWh", "AR5", ["ember", "epa-ghg-hub"]);

        Assert.Equal("epa-ghg-hub", answer.Source);
        Assert.Equal("US-EGRID-CAMX", answer.Region);
        Assert.Equal(436.655 * 0.45359237, answer.Gases.Single(g => g.Gas == "CO2").Kg!.Value, 3);
    }

    // 6. person-night versus room-night.
    [Fact]
    public void Resolve_RoomNightFromPersonNightRow_IsFlaggedOccupancy()
    {
        var answer = Resolve("travel.hotel-night", "GB-LND", 2021, "room_night", "AR5", ["climatiq-oefdb"]);

        Assert.Equal("person_night", answer.FactorUnit);
        Assert.Contains(answer.Provenance.Fallbacks, f => f.Kind == "occupancy_assumed");
    }

    [Fact]
    public void Resolve_PersonNightWhereRoomNightIsPublished_IsFlaggedOccupancy()
    {
        var answer = Resolve("travel.hotel-night", "GB", 2024, "person-night", "AR5");

        Assert.Equal("desnz-2024:29_600_4000_13_1", answer.FactorId);
        Assert.Contains(answer.Provenance.Fallbacks, f => f.Kind == "occupancy_assumed");
    }

    // 7. Row references into JSON files point at the entry.
    [Theory]
    [InlineData("ember-yearly", "grid-intensity-yearly/ember-average-intensities.json")]
    [InlineData("electricitymaps-yearly", "grid-intensity-yearly/electricitymaps-yearly-2024.json")]
    [InlineData("electricitymaps-yearly", "grid-intensity-yearly/electricitymaps-yearly-2021.json")]
    [InlineData("unfccc-ifi-2021", "grid-intensity-yearly/unfccc-ifi-marginal-intensities-2021.json")]
    public void RowReference_JsonEntry_IsTheLineOfItsKey(string dataset, string file)
    {
        var lines = File.ReadAllLines(SharedData.File(file));
        var name = Path.GetFileName(file);
        var factors = fixture.Loaded.Store.ForDataset(dataset).Where(f => f.Row.File.EndsWith(name, StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(factors);
        foreach (var factor in factors)
        {
            // The entry key follows the table prefix (electricity:AFG:2023 → AFG, operating-margin:Memo:  EU 27 → Memo:  EU 27).
            var id = factor.SourceActivityId;
            var key = id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..];
            key = dataset == "unfccc-ifi-2021" ? key : key[..key.LastIndexOf(':')];
            // (ids trim the key; UNFCCC's "Moldova, Republic of " ends in a space)
            Assert.StartsWith($"\"{key}", lines[factor.Row.Row - 1].TrimStart(), StringComparison.Ordinal);
            Assert.EndsWith("{", lines[factor.Row.Row - 1].TrimEnd(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Resolve_EmberAnswer_SourceRowIsTheEntryLine()
    {
        var answer = Resolve("electricity.grid", "DE", 2024, "kWh", "AR5", ["ember"]);
        var lines = File.ReadAllLines(SharedData.File("grid-intensity-yearly/ember-average-intensities.json"));
        var line = Array.FindIndex(lines, l => l.TrimStart().StartsWith("\"DEU\":", StringComparison.Ordinal)) + 1;

        Assert.StartsWith($"ember-average-intensities.json:{line}", answer.SourceRow, StringComparison.Ordinal);
    }

    // 5. Biogenic CO2 is reported apart.
    [Fact]
    public void Resolve_EpaWood_ReportsBiogenicCo2ApartFromCo2e()
    {
        // EPA Hub 2025 Table 1, Wood and Wood Residuals (Biomass Fuels - Solid): 1640 kg CO2, 126 g CH4, 63 g N2O per short ton.
        var answer = Resolve("fuel.wood.logs", "US", 2025, "short_ton", "AR5");

        Assert.Equal(1640, answer.BiogenicCo2!.Value, 6);
        Assert.Equal((0.126 * 28) + (0.063 * 265), answer.Value, 6);
        Assert.DoesNotContain(answer.Gases, g => g.Gas == "CO2");

        var estimate = fixture.Broker.Estimate(new FactorRequest { Activity = "fuel.wood.logs", Region = "US", Year = 2025, Unit = "short_ton", Gwp = "AR5" }, 10).Estimation!;
        Assert.Equal(16400, estimate.BiogenicCo2Kg!.Value, 6);
        Assert.Equal(10 * answer.Value, estimate.KgCo2e, 6);
    }

    [Theory]
    [InlineData("fuel.wood.logs", "t", "desnz-2024:2_104_1043_15_1", 46.25524, 1436.23)]     // Wood logs, tonnes; 99_104_1043_15_2
    [InlineData("fuel.landfill-gas", "kWh", "desnz-2024:2_105_1048_5_1", 0.0002, 0.19902)]   // Landfill gas, kWh; 99_105_1048_5_2
    [InlineData("fuel.diesel", "L", "desnz-2024:1_101_1011_8_1", 2.51279, 0.16)]              // Diesel (average biofuel blend), litres; 99_604_1011_8_2
    public void Resolve_DesnzBiomassFuel_CarriesOutsideOfScopesCo2(string activity, string unit, string factorId, double scope1, double biogenic)
    {
        // DESNZ 2024 flat file: the scope 1 total, and the "Outside of Scopes" row for the same fuel and unit.
        var answer = Resolve(activity, "GB", 2024, unit, "AR5");

        Assert.Equal(factorId, answer.FactorId);
        Assert.Equal(scope1, answer.Value, 6);
        Assert.Equal(biogenic, answer.BiogenicCo2!.Value, 6);
        Assert.Contains("99_", answer.BiogenicCo2Row, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FossilFuel_HasNoBiogenicCo2()
    {
        Assert.Null(Resolve("fuel.natural-gas", "GB", 2024, "kWh_gcv", "AR5").BiogenicCo2);
    }

    // 6. Say what the number is.
    [Fact]
    public void Resolve_UseeioSector_StatesPurchaserPriceWithMargins()
    {
        // EPA supply chain v1.3, 212111: 0.841 kg CO2e/USD with margins, 0.747 without (purchaser price).
        var answer = Resolve("spend.naics.212111", "US", 2022, "USD", "AR5");

        Assert.Equal(0.841, answer.Value, 6);
        Assert.Equal("2022 USD, purchaser price, with margins", answer.PriceBasis);
    }

    [Fact]
    public void Resolve_UseeioProducerPrice_UsesFactorWithoutMargins()
    {
        var outcome = fixture.Broker.Resolve(new FactorRequest { Activity = "spend.naics.212111", Region = "US", Year = 2022, Unit = "USD", Gwp = "AR5", PriceBasis = "producer" });

        Assert.Equal(0.747, outcome.Answer!.Value, 6);
        Assert.Equal("2022 USD, producer price, without margins", outcome.Answer.PriceBasis);
    }

    [Fact]
    public void Resolve_SourceWithoutGwpSet_IsLabelledUnstated()
    {
        // Defra SIC publishes kg CO2e per GBP and kg CO2, naming no GWP set; Electricity Maps gCO2eq/kWh likewise.
        var sic = Resolve("spend.sic.01", "GB", 2022, "GBP", "AR6");
        var grid = Resolve("electricity.grid", "DE", 2024, "kWh", "AR5", ["electricitymaps"]);

        Assert.Equal("unstated", sic.Gwp);
        Assert.Equal(2.633028617575275, sic.Value, 9);
        Assert.Equal("unstated", grid.Gwp);
        Assert.DoesNotContain(sic.Provenance.Fallbacks, f => f.Detail.Contains("does not add up", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_WithRfActivityFromRowWithoutRf_IsFlagged()
    {
        // EPA Hub 2025 Table 10 air travel rows carry no radiative forcing; DESNZ's "With RF" row does.
        var us = Resolve("travel.air.domestic.average", "US", 2025, "pmi", "AR5");
        var gb = Resolve("travel.air.domestic.average", "GB", 2024, "pkm", "AR5");

        Assert.Equal("epa-ghg-hub", us.Source);
        Assert.Contains(us.Provenance.Fallbacks, f => f.Kind == "radiative_forcing_not_included");
        Assert.DoesNotContain(gb.Provenance.Fallbacks, f => f.Kind == "radiative_forcing_not_included");
    }
}
