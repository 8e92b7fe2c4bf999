using System.Text;
using FactorTrace.Reporting.Xbrl;

namespace FactorTrace.Reporting.Tests;

/// <summary>The validator against the shared taxonomy files, on a small valid document and deliberately broken copies of it.</summary>
public sealed class IxbrlValidatorTests
{
    private static readonly Lazy<IxbrlValidator> Validator = new(() => IxbrlValidator.ForFolder(TestData.TaxonomyPath));

    private const string Valid = """
        <?xml version="1.0" encoding="utf-8"?>
        <html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" xmlns:ixt="http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
              xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink"
              xmlns:xbrldi="http://xbrl.org/2006/xbrldi" xmlns:esrs="https://xbrl.efrag.org/taxonomy/esrs/2023-12-22" xmlns:utr="http://www.xbrl.org/2009/utr"
              xmlns:iso4217="http://www.xbrl.org/2003/iso4217">
        <head><title>test</title></head>
        <body>
        <div style="display:none"><ix:header>
          <ix:references><link:schemaRef xlink:type="simple" xlink:href="https://xbrl.efrag.org/taxonomy/esrs/2023-12-22/esrs_all.xsd"/></ix:references>
          <ix:resources>
            <xbrli:context id="c1"><xbrli:entity><xbrli:identifier scheme="http://standards.iso.org/iso/17442">5299000J2N45DDNE4Y28</xbrli:identifier></xbrli:entity>
              <xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>
            <xbrli:context id="c6"><xbrli:entity><xbrli:identifier scheme="http://standards.iso.org/iso/17442">5299000J2N45DDNE4Y28</xbrli:identifier></xbrli:entity>
              <xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period>
              <xbrli:scenario><xbrldi:explicitMember dimension="esrs:Scope3GHGEmissionsCategoryGHGProtocolAxis">esrs:Category6BusinessTravelMember</xbrldi:explicitMember></xbrli:scenario></xbrli:context>
            <xbrli:unit id="tCO2e"><xbrli:measure>utr:tCO2e</xbrli:measure></xbrli:unit>
            <xbrli:unit id="kg"><xbrli:measure>utr:kg</xbrli:measure></xbrli:unit>
            <xbrli:unit id="EUR"><xbrli:measure>iso4217:EUR</xbrli:measure></xbrli:unit>
            <xbrli:unit id="tCO2e_per_EUR"><xbrli:divide><xbrli:unitNumerator><xbrli:measure>utr:tCO2e</xbrli:measure></xbrli:unitNumerator>
              <xbrli:unitDenominator><xbrli:measure>iso4217:EUR</xbrli:measure></xbrli:unitDenominator></xbrli:divide></xbrli:unit>
          </ix:resources>
        </ix:header></div>
        <p>Scope 1 <ix:nonFraction id="s1" name="esrs:GrossScope1GreenhouseGasEmissions" contextRef="c1" unitRef="tCO2e" decimals="1" format="ixt:num-dot-decimal">1,234.5</ix:nonFraction></p>
        <p>Scope 2 <ix:nonFraction id="s2" name="esrs:GrossLocationBasedScope2GreenhouseGasEmissions" contextRef="c1" unitRef="tCO2e" decimals="1" format="ixt:num-dot-decimal">100.1</ix:nonFraction></p>
        <p>Scope 3 <ix:nonFraction id="s3" name="esrs:GrossScope3GreenhouseGasEmissions" contextRef="c1" unitRef="tCO2e" decimals="1" format="ixt:num-dot-decimal">50.1</ix:nonFraction></p>
        <p>Cat 6 <ix:nonFraction id="c6f" name="esrs:GrossScope3GreenhouseGasEmissions" contextRef="c6" unitRef="tCO2e" decimals="1" format="ixt:num-dot-decimal">50.1</ix:nonFraction></p>
        <p>Total <ix:nonFraction id="tl" name="esrs:LocationBasedGreenhouseGasEmissions" contextRef="c1" unitRef="tCO2e" decimals="1" format="ixt:num-dot-decimal">1,384.8</ix:nonFraction></p>
        <p>Intensity <ix:nonFraction id="int" name="esrs:GHGEmissionsIntensityLocationbasedTotalGHGEmissionsPerNetRevenue" contextRef="c1" unitRef="tCO2e_per_EUR" decimals="8" scale="-6" format="ixt:num-dot-decimal">55.39</ix:nonFraction></p>
        <ix:nonNumeric id="txt" name="esrs:DisclosureOfGHGEmissionsExplanatory" contextRef="c1" escape="true"><p>Text &amp; more.</p></ix:nonNumeric>
        </body>
        </html>
        """;

    private static IReadOnlyList<ValidationProblem> Validate(string document) =>
        Validator.Value.Validate(new MemoryStream(Encoding.UTF8.GetBytes(document)));

    private static ValidationProblem Single(string document) => Assert.Single(Validate(document));

    [Fact]
    public void Valid_NoProblems() => Assert.Empty(Validate(Valid));

    [Fact]
    public void Taxonomy_ReadFromTheSharedFiles()
    {
        var model = EsrsTaxonomyModel.Load(TestData.TaxonomyPath);
        Assert.Equal("duration", model.Concepts["GrossScope1GreenhouseGasEmissions"].PeriodType);
        Assert.Contains(model.UnitRules, r => r is { AssertionId: "va_ghgemissions_units", TypeLocalName: "ghgEmissionsItemType", MeasureLocalName: "tCO2e" });
        Assert.Contains(model.UnitRules, r => r is { TypeLocalName: "energyItemType", MeasureLocalName: "MWh" });
        Assert.Contains(model.Summations, s => s.Total == "MarketBasedGreenhouseGasEmissions" && s.Items.Count == 3);
        Assert.Contains(model.Summations, s => s.Total == "Revenue");
        Assert.Contains(model.Hypercubes, h => h.Dimensions.TryGetValue("Scope3GHGEmissionsCategoryGHGProtocolAxis", out var m) && m.Contains("Category11CloudComputingAndDataCentreServicesMember"));
        Assert.Contains(model.Hypercubes, h => h.Dimensions.TryGetValue("NACEEconomicActivitiesAxis", out var m) && m.Contains("NACE_C2511"));
        Assert.Contains("ghgEmissionsItemType", model.NumericTypes);
        Assert.DoesNotContain("textBlockItemType", model.NumericTypes);
    }

    [Theory]
    [InlineData("<nav><p>Contents</p></nav>", "<nav>")]
    [InlineData("<figure><p>Chart</p></figure>", "<figure>")]
    [InlineData("<div><svg xmlns=\"http://www.w3.org/2000/svg\"><title>Chart</title></svg></div>", "<svg>")]
    public void Html5Markup_NotXhtml11_Named(string markup, string named)
    {
        var problem = Single(Valid.Replace("<body>", "<body>" + markup, StringComparison.Ordinal));
        Assert.Equal("xhtml", problem.Code);
        Assert.Contains(named, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongUnit_NamesTheFactTheUnitAndTheRule()
    {
        var problem = Single(Valid.Replace("""contextRef="c6" unitRef="tCO2e" """, """contextRef="c6" unitRef="kg" """, StringComparison.Ordinal));
        Assert.Equal("unit: Fact c6f (esrs:GrossScope3GreenhouseGasEmissions): unit 'kg' is utr:kg; va_ghgemissions_units (for_esrs_validation_units.xml) requires utr:tCO2e for dtr-types:ghgEmissionsItemType.", problem.ToString());
    }

    [Fact]
    public void IntensityInPlainTonnes_Rejected()
    {
        var problem = Single(Valid.Replace("""unitRef="tCO2e_per_EUR" """, """unitRef="tCO2e" """, StringComparison.Ordinal));
        Assert.Equal("unit: Fact int (esrs:GHGEmissionsIntensityLocationbasedTotalGHGEmissionsPerNetRevenue): unit 'tCO2e' is utr:tCO2e; a GHG intensity per net revenue needs utr:tCO2e divided by an ISO 4217 currency.", problem.ToString());
    }

    [Fact]
    public void MissingContext_NamesTheContextRef()
    {
        var problem = Single(Valid.Replace("""contextRef="c6" unitRef="tCO2e" """, """contextRef="c9" unitRef="tCO2e" """, StringComparison.Ordinal));
        Assert.Equal("context: Fact c6f (esrs:GrossScope3GreenhouseGasEmissions): contextRef 'c9' has no xbrli:context in ix:resources.", problem.ToString());
    }

    [Fact]
    public void MissingUnit_Named()
    {
        var problem = Single(Valid.Replace("""contextRef="c6" unitRef="tCO2e" """, """contextRef="c6" unitRef="t" """, StringComparison.Ordinal));
        Assert.Equal("unit: Fact c6f (esrs:GrossScope3GreenhouseGasEmissions): unitRef 't' has no xbrli:unit in ix:resources.", problem.ToString());
    }

    [Fact]
    public void UnknownMember_Named()
    {
        var problem = Single(Valid.Replace("esrs:Category6BusinessTravelMember", "esrs:Category16TimeTravelMember", StringComparison.Ordinal));
        Assert.Equal("dimension: Fact c6f (esrs:GrossScope3GreenhouseGasEmissions): member esrs:Category16TimeTravelMember of esrs:Scope3GHGEmissionsCategoryGHGProtocolAxis in context c6 does not exist in common/esrs_cor.xsd.", problem.ToString());
    }

    [Fact]
    public void MemberOfAnotherAxis_NotAllowed()
    {
        var problem = Single(Valid.Replace("esrs:Category6BusinessTravelMember", "esrs:Category3IndirectGHGEmissionsFromTransportationMember", StringComparison.Ordinal));
        Assert.Equal("dimension: Fact c6f (esrs:GrossScope3GreenhouseGasEmissions) in context c6: member esrs:Category3IndirectGHGEmissionsFromTransportationMember is not a member of esrs:Scope3GHGEmissionsCategoryGHGProtocolAxis in role-301065 (def_esrs_301060.xml).", problem.ToString());
    }

    [Fact]
    public void AxisNotInTheConceptsHypercubes_NotAllowed()
    {
        var problem = Single(Valid.Replace("""id="s1" name="esrs:GrossScope1GreenhouseGasEmissions" contextRef="c1" """, """id="s1" name="esrs:GrossScope1GreenhouseGasEmissions" contextRef="c6" """, StringComparison.Ordinal)
            .Replace("1,384.8", "150.2", StringComparison.Ordinal));
        Assert.Equal("dimension", problem.Code);
        Assert.StartsWith("Fact s1 (esrs:GrossScope1GreenhouseGasEmissions) in context c6: dimension esrs:Scope3GHGEmissionsCategoryGHGProtocolAxis is not allowed for this concept by any hypercube", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TotalThatDoesNotAddUp_CalculationInconsistency()
    {
        var problem = Single(Valid.Replace("1,384.8", "1,385.0", StringComparison.Ordinal));
        Assert.Equal("calculation: Calculation role-301060 (cal_esrs_301060.xml): esrs:LocationBasedGreenhouseGasEmissions is 1385.0 (fact tl, context c1), but its items add up to 1384.7 "
            + "(esrs:GrossScope1GreenhouseGasEmissions 1234.5 + esrs:GrossLocationBasedScope2GreenhouseGasEmissions 100.1 + esrs:GrossScope3GreenhouseGasEmissions 50.1), inconsistent within the rounding of their decimals.", problem.ToString());
    }

    [Fact]
    public void TotalWithinRounding_Consistent()
    {
        // 1,234.5 + 100.1 + 50.1 = 1,384.7; each part is ±0.05, so a total of 1,384.8 (±0.05) is consistent (Calculation 1.1).
        Assert.Empty(Validate(Valid));
        Assert.Empty(Validate(Valid.Replace("1,384.8", "1,384.6", StringComparison.Ordinal)));
    }

    [Fact]
    public void UnknownConcept_Named()
    {
        var problem = Single(Valid.Replace("esrs:GrossScope3GreenhouseGasEmissions\" contextRef=\"c6\"", "esrs:GrossScope4GreenhouseGasEmissions\" contextRef=\"c6\"", StringComparison.Ordinal));
        Assert.Equal("concept: Fact c6f (esrs:GrossScope4GreenhouseGasEmissions): concept 'esrs:GrossScope4GreenhouseGasEmissions' does not exist in common/esrs_cor.xsd.", problem.ToString());
    }

    [Fact]
    public void WrongPeriodType_Named()
    {
        var document = new System.Text.RegularExpressions.Regex("<xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period>")
            .Replace(Valid, "<xbrli:period><xbrli:instant>2024-12-31</xbrli:instant></xbrli:period>", 1);
        var problems = Validate(document);
        Assert.Contains(problems, p => p.ToString() == "period-type: Fact s1 (esrs:GrossScope1GreenhouseGasEmissions): concept esrs:GrossScope1GreenhouseGasEmissions has periodType duration, but context c1 has an instant period.");
        Assert.All(problems, p => Assert.Equal("period-type", p.Code));
    }

    [Fact]
    public void TextInANumericTag_WrongItemType()
    {
        var problem = Single(Valid.Replace("""<ix:nonNumeric id="txt" name="esrs:DisclosureOfGHGEmissionsExplanatory" contextRef="c1" escape="true"><p>Text &amp; more.</p></ix:nonNumeric>""",
            """<ix:nonNumeric id="txt" name="esrs:GrossScope1GreenhouseGasEmissions" contextRef="c1">1,234.5</ix:nonNumeric>""", StringComparison.Ordinal));
        Assert.Equal("item-type: Fact txt (esrs:GrossScope1GreenhouseGasEmissions): concept esrs:GrossScope1GreenhouseGasEmissions is of type dtr-types:ghgEmissionsItemType, which is numeric and needs ix:nonFraction, not nonNumeric.", problem.ToString());
    }

    [Fact]
    public void DisagreeingDuplicates_Named()
    {
        var problem = Single(Valid.Replace("<p>Cat 6", """<p><ix:nonFraction id="s1b" name="esrs:GrossScope1GreenhouseGasEmissions" contextRef="c1" unitRef="tCO2e" decimals="1" format="ixt:num-dot-decimal">1,234.7</ix:nonFraction></p><p>Cat 6""", StringComparison.Ordinal));
        Assert.Equal("duplicate: Facts s1 (1234.5) and s1b (1234.7) of esrs:GrossScope1GreenhouseGasEmissions in context c1 disagree beyond their rounding.", problem.ToString());
    }

    [Fact]
    public void NotWellFormed_Reported()
    {
        var problem = Single(Valid.Replace("</body>", "", StringComparison.Ordinal));
        Assert.Equal("xml", problem.Code);
        Assert.StartsWith("The document is not well-formed XML:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EntityWithoutLei_Rejected()
    {
        var problems = Validate(Valid.Replace("http://standards.iso.org/iso/17442\">5299000J2N45DDNE4Y28", "http://standards.iso.org/iso/17442\">5299000J2N45DDNE4Y29", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.ToString() == "entity: Context c1: the entity identifier '5299000J2N45DDNE4Y29' (scheme 'http://standards.iso.org/iso/17442') is not an LEI in scheme http://standards.iso.org/iso/17442.");
    }
}
