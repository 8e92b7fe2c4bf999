using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using FactorTrace.Reporting.Rendering;
using FactorTrace.Reporting.Xbrl;

namespace FactorTrace.Reporting.Tests;

/// <summary>
/// Hand-checked figures of the small ledger through the model and every output format. Factors (published data):
/// DESNZ 2024 diesel (average biofuel blend) 2.4796 kg CO2 + 0.00029 kg CO2e CH4 (AR5 28) + 0.0329 kg CO2e N2O (AR5 265)
/// per litre, re-expressed in AR6 (fossil CH4 29.8, N2O 273): 2.51380 kg CO2e/L, with 0.16 kg biogenic CO2 per litre
/// outside the scopes; natural gas 2.04544 kg CO2e/m³ (AR5, within 0.5 kg in AR6); UK grid 2024 0.207145 kg CO2e/kWh;
/// the tenant's supplier rate 0.1 kg CO2e/kWh (market-based); DESNZ 2024 UK hotel stay 10.4 kg CO2e per room night;
/// USEEIO 331110 0.790684 kg CO2e/USD, ECB 2024-03-15 1 EUR = 1.0892 USD; R410A = 50 % HFC-32 (AR6 771) + 50 % HFC-125
/// (AR6 3740) = 2,255.5 kg CO2e/kg.
/// </summary>
[Collection(LedgerDefinition.Name)]
public sealed class EsrsE1ReportTests(LedgerFixture ledger)
{
    private const double Diesel = 1000 * 2.51380;
    private const double NaturalGas = 100 * 2.04544;
    private const double Refrigerant = 2 * ((0.5 * 771) + (0.5 * 3740));
    private const double GridLocation = 10000 * 0.207145;
    private const double GridMarket = 10000 * 0.1;
    private const double Hotel = 4 * 10.4;
    private const double SpendEur = 1000 * 1.0892 * 0.790684;
    private const double SpendUsd = 500 * 0.790684;
    private const double Scope1 = Diesel + NaturalGas + Refrigerant;
    private const double Scope3 = SpendEur + SpendUsd + Hotel;

    private static readonly XNamespace Ix = EsrsTaxonomy.Ix;
    private static readonly XNamespace Xbrli = EsrsTaxonomy.Xbrli;

    [Fact]
    public async Task Model_HandCheckedFigures()
    {
        var report = (await ReportFixture.GetAsync(ledger)).Report;
        var figures = report.Figures().ToDictionary(f => f.Id);

        Assert.Equal(Scope1, report.Scope1.Value, 0.6);
        Assert.Equal(Diesel, figures["scope1.mobile-combustion"].Value, 0.01);
        Assert.Equal(NaturalGas, figures["scope1.stationary-combustion"].Value, 0.5);
        Assert.Equal(Refrigerant, figures["scope1.fugitive"].Value, 1e-6);
        Assert.Equal(0, figures["scope1.process"].Value);
        Assert.Equal(GridLocation, report.Scope2Location.Value, 0.01);
        Assert.Equal(GridMarket, report.Scope2Market.Value, 1e-6);
        Assert.Equal(Scope3, report.Scope3.Value, 0.01);
        Assert.Equal(SpendEur + SpendUsd, figures["scope3.cat1"].Value, 0.01);
        Assert.Equal(Hotel, figures["scope3.cat6"].Value, 1e-6);
        Assert.Equal(Scope1 + GridLocation + Scope3, report.TotalLocation.Value, 0.6);
        Assert.Equal(Scope1 + GridMarket + Scope3, report.TotalMarket.Value, 0.6);
        Assert.Equal(1000 * 0.16, figures["biogenic.scope1"].Value, 1e-6);

        // Every total is the sum of its parts, and every gas line adds up to the location-based total.
        Assert.Equal(report.Scope1.Value + report.Scope2Location.Value + report.Scope3.Value, report.TotalLocation.Value, 1e-6);
        Assert.Equal(report.Scope1.Value, report.Scope1BySource.Sum(f => f.Value), 1e-6);
        Assert.Equal(report.TotalLocation.Value, report.ByGas.Sum(f => f.Value), 1e-6);
        Assert.Equal(report.TotalLocation.Value, report.BySite.Sum(s => s.Location.Value), 1e-6);
        Assert.Equal(report.TotalMarket.Value, report.ByMonth.Sum(m => m.Scope1.Value + m.Scope2Market.Value + m.Scope3.Value), 1e-6);
        Assert.Equal(report.TotalLocation.Value, report.QualityTiers.Sum(f => f.Value), 1e-6);
        Assert.True(figures["gas.hfcs"].Value >= Refrigerant, "the refrigerant's HFCs are split out of the other-gases column");
        Assert.Equal(Hotel, figures["gas.unattributed"].Value, 1e-6);

        Assert.Equal(Diesel + GridLocation + Refrigerant, figures["site.leeds.location"].Value, 0.01);
        Assert.Equal(Diesel + GridMarket + Refrigerant, figures["site.leeds.market"].Value, 0.01);
        Assert.Equal(Diesel + NaturalGas, figures["month.2024-03.scope1"].Value, 0.5);
        Assert.Equal(SpendUsd, figures["month.2024-05.scope3"].Value, 0.01);
        Assert.Equal(1.0, report.ContractualInstrumentShare!.Value, 1e-9);
        Assert.Equal("supplier_factor", Assert.Single(report.Methodology.MarketSteps).Step);
        Assert.Equal(0.125, report.EtsShare!.Value, 1e-12);
        Assert.Equal(0, report.Scope3PrimaryShare!.Value);
        Assert.Equal(report.TotalLocation.Value / 2_500_000, report.IntensityLocation!.Value, 1e-12);

        Assert.Equal(7, report.Run.Records);
        Assert.Equal(0, report.Run.FailedRecords);
        Assert.Equal([1, 6], report.Scope3Categories.Where(c => c.Included).Select(c => c.Number));
        Assert.Equal("The company holds no investments.", report.Scope3Categories[14].ExclusionReason);
        Assert.Contains(report.Methodology.Datasets, d => d.Dataset.StartsWith("desnz", StringComparison.Ordinal) && d.Licence.Length > 0 && d.Attribution.Length > 0);
        Assert.All(report.Methodology.ProvenanceHashes, h => Assert.Matches("^[0-9a-f]{64}$", h));
        Assert.All(new[] { report.Scope1, report.Scope2Location, report.TotalMarket }, f => Assert.True(f.Uncertainty!.LowKg < f.Value && f.Value < f.Uncertainty.HighKg));

        // The 2023 run (400 L of diesel) is the previous period.
        var previous = Assert.Single(report.Comparatives);
        Assert.Equal(new DateOnly(2023, 1, 1), previous.Period.From);
        Assert.Equal(400 * 2.51, previous.Figures["scope1"].Value, 400 * 2.51 * 0.01);
        Assert.False(previous.Restated);
    }

    [Fact]
    public async Task Html_ShowsTheFiguresAsRounded_SelfContained()
    {
        var built = await ReportFixture.GetAsync(ledger);
        var html = built.Html;

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        foreach (var text in new[] { "7.229", "2.071", "1.000", "1.298", "10.599", "9.528", "4.511", "0.042", "4.24 tCO2e per million EUR", "12.5 %", "100.0 %", "2,500,000 EUR" })
        {
            Assert.Contains(text, html, StringComparison.Ordinal);
        }

        Assert.Contains("No capital goods were bought in 2024.", html, StringComparison.Ordinal);
        Assert.Contains("&lt;Leeds &amp; York&gt;", html, StringComparison.Ordinal);
        Assert.Equal(4, CountOf(html, "<svg "));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ixbrl_FactsCarryTheShownNumbers_ConceptsUnitsAndMembers()
    {
        var built = await ReportFixture.GetAsync(ledger);
        var document = XDocument.Parse(built.Ixbrl);

        Assert.Equal(7.229m, Fact(document, "GrossScope1GreenhouseGasEmissions", SmallLedger.From).Value);
        Assert.Equal(2.071m, Fact(document, "GrossLocationBasedScope2GreenhouseGasEmissions", SmallLedger.From).Value);
        Assert.Equal(1.000m, Fact(document, "GrossMarketBasedScope2GreenhouseGasEmissions", SmallLedger.From).Value);
        Assert.Equal(1.298m, Fact(document, "GrossScope3GreenhouseGasEmissions", SmallLedger.From).Value);
        Assert.Equal(10.599m, Fact(document, "LocationBasedGreenhouseGasEmissions", SmallLedger.From).Value);
        Assert.Equal(9.528m, Fact(document, "MarketBasedGreenhouseGasEmissions", SmallLedger.From).Value);
        Assert.Equal(0.042m, Fact(document, "GrossScope3GreenhouseGasEmissions", SmallLedger.From, ("Scope3GHGEmissionsCategoryGHGProtocolAxis", "Category6BusinessTravelMember")).Value);
        Assert.Equal(1.257m, Fact(document, "GrossScope3GreenhouseGasEmissions", SmallLedger.From, ("Scope3GHGEmissionsCategoryGHGProtocolAxis", "Category1PurchasedGoodsAndServicesMember")).Value);
        Assert.Equal(4.511m, Fact(document, "GrossScope1GreenhouseGasEmissions", SmallLedger.From, ("NACEEconomicActivitiesAxis", "NACE_C2511"), ("SourceTypeAxis", "FugitiveEmissionsMember")).Value);
        Assert.True(Fact(document, "LocationBasedGreenhouseGasEmissions", SmallLedger.From, ("GHGCategoryAxis", "HydrofluorocarbonsHFCsMember"), ("NACEEconomicActivitiesAxis", "NACE_C2511")).Value >= 4.511m);
        Assert.Equal(0.160m, Fact(document, "BiogenicEmissionsOfCO2FromCombustionOrBiodegradationOfBiomassNotIncludedInScope1GHGEmissions", SmallLedger.From).Value);

        var intensity = Fact(document, "GHGEmissionsIntensityLocationbasedTotalGHGEmissionsPerNetRevenue", SmallLedger.From);
        Assert.Equal(0.00000424m, intensity.Value);
        Assert.Equal(("4.24", "8", "-6"), (intensity.Element.Value, (string)intensity.Element.Attribute("decimals")!, (string)intensity.Element.Attribute("scale")!));
        Assert.Equal(["utr:tCO2e", "iso4217:EUR"], Unit(document, intensity.Element));
        var revenue = Fact(document, "NetRevenueUsedToCalculateGHGIntensity", SmallLedger.From);
        Assert.Equal((2_500_000m, "0"), (revenue.Value, (string)revenue.Element.Attribute("decimals")!));
        Assert.Equal(["iso4217:EUR"], Unit(document, revenue.Element));
        Assert.Equal(0.125m, Fact(document, "PercentageOfScope1GreenhouseGasEmissionsFromRegulatedEmissionTradingSchemes", SmallLedger.From).Value);
        Assert.Equal(["xbrli:pure"], Unit(document, Fact(document, "PercentageOfScope1GreenhouseGasEmissionsFromRegulatedEmissionTradingSchemes", SmallLedger.From).Element));

        var scope1 = Fact(document, "GrossScope1GreenhouseGasEmissions", SmallLedger.From);
        Assert.Equal(["utr:tCO2e"], Unit(document, scope1.Element));
        Assert.Equal("3", (string)scope1.Element.Attribute("decimals")!);
        var previous = built.Report.Comparatives.Single().Figures["scope1"].Value;
        Assert.Equal(Math.Round((decimal)previous / 1000, 3, MidpointRounding.AwayFromZero), Fact(document, "GrossScope1GreenhouseGasEmissions", new DateOnly(2023, 1, 1)).Value);

        var identifier = document.Descendants(Xbrli + "identifier").First();
        Assert.Equal((ReportFixture.Lei, LegalEntityIdentifier.Scheme), (identifier.Value, (string)identifier.Attribute("scheme")!));
        Assert.Contains(document.Descendants(XName.Get("schemaRef", EsrsTaxonomy.Link)), s => (string?)s.Attribute(XName.Get("href", EsrsTaxonomy.XLink)) == EsrsTaxonomy.EntryPoint);
        var boundaries = document.Descendants(Ix + "nonNumeric").Single(e => ((string)e.Attribute("name")!).EndsWith("CalculationToolsAppliedExplanatory", StringComparison.Ordinal));
        Assert.Equal("true", (string)boundaries.Attribute("escape")!);
        Assert.Contains("<Leeds & York>", boundaries.Value, StringComparison.Ordinal);
        Assert.Contains(document.Descendants(Ix + "nonNumeric"), e => ((string)e.Attribute("name")!).EndsWith("HaveBeenExcludedFromInventoryExplanatory", StringComparison.Ordinal)
            && e.Value.Contains("no investments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ixbrl_ValidAgainstTheTaxonomy()
    {
        var built = await ReportFixture.GetAsync(ledger);
        using var stream = built.IxbrlStream();

        var problems = IxbrlValidator.ForFolder(TestData.TaxonomyPath).Validate(stream);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task CsvAndJson_EveryFigureWithShownValueRunAndProvenance()
    {
        var built = await ReportFixture.GetAsync(ledger);
        var report = built.Report;
        var lines = built.Csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("figure_id,label,kind,shown,unit,value_t,value_kg,value,currency,low95_t,high95_t,period_from,period_to,comparative,calculation_run_id,result_rows,provenance_sha256", lines[0], StringComparison.Ordinal);
        Assert.Equal(report.Figures().Count() + report.Comparatives.Sum(c => c.Figures.Count), lines.Length - 1);
        var scope1 = lines.First(l => l.StartsWith("scope1,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("7.229", "tCO2e", "7.229"), (scope1[3], scope1[4], scope1[5]));
        Assert.Equal(Scope1, double.Parse(scope1[6], CultureInfo.InvariantCulture), 0.6);
        Assert.Equal(report.Run.Id.ToString(), scope1[14]);
        Assert.Equal(report.Scope1.ProvenanceHashes, scope1[16].Split(' '));
        Assert.Equal(3, report.Scope1.ProvenanceHashes.Count);

        using var json = JsonDocument.Parse(built.Json);
        var figures = json.RootElement.GetProperty("figures").EnumerateArray().Where(f => !f.TryGetProperty("comparative", out _)).ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal(report.Figures().Select(f => f.Id), figures.Keys);
        var format = FigureFormat.For(report);
        foreach (var figure in report.Figures())
        {
            Assert.Equal(format.Show(figure).Display, figures[figure.Id].GetProperty("shown").GetString());
            Assert.Equal(report.Run.Id.ToString(), figures[figure.Id].GetProperty("calculation_run_id").GetString());
        }

        Assert.Equal(10.599m, figures["total.location"].GetProperty("value_t").GetDecimal());
        Assert.Equal("3.6", figures["scope3.cat6"].GetProperty("rows").GetProperty("category").GetString());
        Assert.Equal("market", figures["scope2.market"].GetProperty("rows").GetProperty("scope2_method").GetString());
        Assert.Equal(64, figures["scope3.cat6"].GetProperty("provenance_sha256")[0].GetString()!.Length);
        Assert.Equal("previous-period", json.RootElement.GetProperty("comparatives")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Pdf_ReadBackWithPdftotext_HasTheFiguresContentsAndPageNumbers()
    {
        var built = await ReportFixture.GetAsync(ledger);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(built.Pdf, 0, 5), StringComparison.Ordinal);
        var text = PdfText(built.Pdf);

        foreach (var expected in new[] { "Contents", "1 Gross GHG emissions", "4 Scope 3 by GHG Protocol category", "7.229", "2.071", "1.298", "10.599", "9.528", "4.24 tCO2e per million EUR", "Scope split (tCO2e)", "Monthly trend by scope" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        var pages = CountOf(text, "\f");
        Assert.Contains($"Page 1 of {pages}", text, StringComparison.Ordinal);
        Assert.Contains($"Page {pages} of {pages}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Selectors_PickTheRowsOfEachFigure()
    {
        var report = (await ReportFixture.GetAsync(ledger)).Report;
        Assert.Equal(3, report.Scope1.Rows);
        Assert.Equal(1, report.Figures().Single(f => f.Id == "scope3.cat6").Rows);
        Assert.Equal(7, report.TotalLocation.Rows);
        Assert.Equal(Model.Scope2View.MarketBased, report.Scope2Market.Selector!.View);
        Assert.Equal("2", report.Scope2Market.Selector.Scope);
    }

    private static string PdfText(byte[] pdf)
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, pdf);
        try
        {
            ProcessStartInfo start = new("pdftotext", [path, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                Assert.SkipWhen(Environment.GetEnvironmentVariable("FACTORTRACE_REQUIRE_PDFTOTEXT") != "1", "pdftotext (Debian poppler-utils) is not installed; scripts/test.sh installs it.");
                throw;
            }

            using (process)
            {
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                Assert.Equal(0, process.ExitCode);
                return output;
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static (decimal Value, XElement Element) Fact(XDocument document, string concept, DateOnly from, params (string Axis, string Member)[] members)
    {
        var contexts = document.Descendants(Xbrli + "context").Where(c =>
            c.Descendants(Xbrli + "startDate").Single().Value == from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            && c.Descendants(XName.Get("explicitMember", EsrsTaxonomy.Xbrldi)).Select(m => ((string)m.Attribute("dimension")!, m.Value)).Order()
                .SequenceEqual(members.Select(m => ("esrs:" + m.Axis, "esrs:" + m.Member)).Order()))
            .Select(c => (string)c.Attribute("id")!).ToHashSet();
        var element = document.Descendants(Ix + "nonFraction").Single(f => (string)f.Attribute("name")! == "esrs:" + concept && contexts.Contains((string)f.Attribute("contextRef")!));
        var value = decimal.Parse(element.Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)
            * (decimal)Math.Pow(10, int.Parse((string?)element.Attribute("scale") ?? "0", CultureInfo.InvariantCulture));
        return ((string?)element.Attribute("sign") == "-" ? -value : value, element);
    }

    private static string[] Unit(XDocument document, XElement fact)
    {
        var unit = document.Descendants(Xbrli + "unit").Single(u => (string)u.Attribute("id")! == (string)fact.Attribute("unitRef")!);
        return unit.Descendants(Xbrli + "measure").Select(m => m.Value).ToArray();
    }
}
