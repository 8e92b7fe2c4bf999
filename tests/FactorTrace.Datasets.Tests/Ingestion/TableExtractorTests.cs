using FactorTrace.Datasets.Ingestion;

namespace FactorTrace.Datasets.Tests.Ingestion;

public sealed class TableExtractorTests
{
    [Theory]
    [InlineData("Passenger Car A", "Passenger Car")]
    [InlineData("Medium- and Heavy-Duty TruckC", "Medium- and Heavy-Duty Truck")]
    [InlineData("Transit Rail (i.e. Subway, Tram) E", "Transit Rail (i.e. Subway, Tram)")]
    [InlineData("RecycledA", "Recycled")]
    [InlineData("Liquefied Petroleum Gases (LPG)", "Liquefied Petroleum Gases (LPG)")]
    [InlineData("Mixed MSW", "Mixed MSW")]
    [InlineData("LPG", "LPG")]
    public void StripFootnote_RemovesOnlyGluedFootnoteLetters(string text, string expected) =>
        Assert.Equal(expected, TableExtractor.StripFootnote(text));

    [Theory]
    [InlineData("", true)]
    [InlineData("NA", true)]
    [InlineData("N/A", true)]
    [InlineData("not-supplied", true)]
    [InlineData("0", false)]
    public void IsMissing_MarkersAreNotZero(string text, bool missing)
    {
        Assert.Equal(missing, CellValues.IsMissing(text));
        if (missing)
        {
            Assert.Null(CellValues.ParseNumber(text));
        }
    }

    [Theory]
    [InlineData("3.23e-09", 3.23e-09)]
    [InlineData("3029.26000", 3029.26)]
    [InlineData(" 0.00009 ", 0.00009)]
    public void ParseNumber_InvariantWithExponents(string text, double expected) =>
        Assert.Equal(expected, CellValues.ParseNumber(text));

    [Theory]
    [InlineData("kg CO2 per short ton", 1, "CO2", "short ton")]
    [InlineData("(lb CH4 / MWh)", 0.45359237, "CH4", "MWh")]
    [InlineData("CH4 Factor (g CH4 / vehicle-mile)", 0.001, "CH4", "vehicle-mile")]
    [InlineData("metric tons CO2e per short ton", 1000, "CO2e", "short ton")]
    public void UnitsText_ReadsMassGasAndActivityUnit(string text, double kg, string gas, string per)
    {
        var parsed = UnitsText.TryParse(text)!;
        Assert.Equal((kg, gas, per), (parsed.KgPerMassUnit, parsed.Gas, parsed.PerUnit));
    }
}
