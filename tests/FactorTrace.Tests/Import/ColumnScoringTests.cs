using FactorTrace.Import.Mapping;
using FactorTrace.Import.Processing;

namespace FactorTrace.Tests.Import;

/// <summary>Column mapping from header names and the share of values that fit each field.</summary>
public sealed class ColumnScoringTests
{
    private static ImportMapping Suggest(string[] headers, params string[][] rows)
    {
        var profiles = headers.Select(_ => new ColumnProfile()).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < headers.Length; i++)
            {
                profiles[i].AddAll(i < row.Length ? row[i] : "", typed: false);
            }
        }

        return ColumnMapper.Suggest(1, headers, profiles, new Dictionary<string, string>(), null);
    }

    private static string? FieldOf(ImportMapping mapping, string header) => mapping.Columns.Single(c => c.Header == header).Field;

    [Theory]
    [InlineData("Cost (EUR)", "spend", null, "EUR")]
    [InlineData("Amount [€]", "spend", null, "EUR")]
    [InlineData("Spend USD", "spend", null, "USD")]
    [InlineData("cost_usd", "spend", null, "USD")]
    [InlineData("usd", "spend", null, "USD")]
    [InlineData("EUR", "spend", null, "EUR")]
    [InlineData("Montant (€)", "spend", null, "EUR")]
    [InlineData("Fuel (litres)", "amount", "L", null)]
    [InlineData("Energy kWh", "amount", "kWh", null)]
    [InlineData("Verbrauch in m³", "amount", "m3", null)]
    [InlineData("Consommation (kWh)", "amount", "kWh", null)]
    [InlineData("kWh", "amount", "kWh", null)]
    [InlineData("litres", "amount", "L", null)]
    [InlineData("m3", "amount", "m3", null)]
    public void Suggest_UnitOrCurrencyInHeader_AmountOrSpendInIt(string header, string field, string? unit, string? currency)
    {
        var mapping = Suggest(["Date", header], ["2024-01-05", "12.5"], ["2024-02-05", "1,234.50"]);
        var column = mapping.Columns[1];
        Assert.Equal((field, unit, currency), (column.Field, column.Unit, column.Currency));
        Assert.True(column.Confidence >= ImportMapping.ConfirmBelow, $"{header}: {column.Confidence}");
    }

    [Fact]
    public void Suggest_HeaderIsAnAmbiguousUnit_AmountWithoutAUnitYet()
    {
        // "therms" is US or UK: the column is the amount, and the unit stays open (a decision, not a guess).
        var mapping = Suggest(["date", "type", "therms"], ["1/15/2024", "Natural gas", "120"]);
        Assert.Equal(("amount", null), (FieldOf(mapping, "therms"), mapping.Columns[2].Unit));
        Assert.Equal("date", FieldOf(mapping, "date"));
        Assert.Equal(["therm_us", "therm_ec"], ColumnMapper.FindUnit("therms")!.Choices);
    }

    [Fact]
    public void Suggest_TimestampOfMonthsAndQuantityOfSmallNumbers_DateAndAmountNeverSwapped()
    {
        var mapping = Suggest(["timestamp", "vehicle", "quantity", "units"],
            ["2019-10", "TRK-1", "9", "gallons"], ["2019-11", "TRK-2", "24", "gallons"], ["2019-12", "TRK-1", "73", "gallons"]);
        Assert.Equal("date", FieldOf(mapping, "timestamp"));
        Assert.Equal("amount", FieldOf(mapping, "quantity"));
        Assert.Equal("unit", FieldOf(mapping, "units"));
    }

    [Fact]
    public void Suggest_HeaderSaysDateButValuesAreNumbers_NotTheDate()
    {
        // "data" is a date in Italian and measured data elsewhere: the values decide.
        var numbers = Suggest(["data", "unit"], ["9", "kWh"], ["24", "kWh"], ["73", "kWh"]);
        Assert.Equal("amount", FieldOf(numbers, "data"));
        var dates = Suggest(["data", "quantity"], ["2024-03-01", "9"], ["2024-03-02", "24"]);
        Assert.Equal(("date", "amount"), (FieldOf(dates, "data"), FieldOf(dates, "quantity")));
    }

    [Fact]
    public void Suggest_ColumnWhoseValuesMostlyFailTheHeadersField_NotMappedToIt()
    {
        // "Start" is a period_start by name; its values are places (a travel export's From/To).
        var mapping = Suggest(["Travel date", "From", "To", "Distance (km)", "Mode"],
            ["2024-03-01", "London", "Paris", "344", "Rail"], ["2024-03-02", "Paris", "Berlin", "878", "Rail"]);
        Assert.Null(FieldOf(mapping, "From"));
        Assert.Null(FieldOf(mapping, "To"));
        Assert.Equal(("date", "amount", "km"), (FieldOf(mapping, "Travel date"), FieldOf(mapping, "Distance (km)"), mapping.Columns[3].Unit));
    }

    [Theory]
    [InlineData("Consumption", null)]
    [InlineData("Site name", null)]
    [InlineData("Unit", null)]
    [InlineData("Scope 3", null)]
    [InlineData("Cost center", null)]
    [InlineData("Price per Litre", null)]
    [InlineData("Cost (per kWh)", null)]
    public void FindUnit_HeadersWithoutAUnit_None(string header, string? expected)
    {
        Assert.Equal(expected, ColumnMapper.FindUnit(header)?.Text);
    }
}

/// <summary>The decisions a file's analysis asks, and what its rows read until they are answered.</summary>
public sealed class ImportDecisionTests
{
    private static (ImportMapping Mapping, List<ConvertedRow> Rows) Analyze(string csv)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, csv);
            var processor = new ImportProcessor(new FactorTrace.Import.ImportOptions(), null);
            var analysis = processor.Analyze(path, new Dictionary<string, string>(), null);
            var rows = new List<ConvertedRow>();
            processor.Scan(path, analysis.Layout, analysis.Mapping, analysis.Notes, null, 10, rows.Add);
            return (analysis.Mapping, rows);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Analyze_ThermsHeaderAndAUsCountryColumn_UsThermAssumedAsTheColumnsDefault()
    {
        var (mapping, rows) = Analyze("date,activity,therms,country\n1/15/2024,fuel.natural-gas,112,US\n2/14/2024,fuel.natural-gas,98.5,USA\n");
        var decision = Assert.Single(mapping.Decisions);
        Assert.Equal(("therms", "unit", "therm_us"), (decision.Column, decision.Kind, decision.Default));
        Assert.All(rows, r => Assert.Equal("therm_us", r.Body!.Unit));
    }

    [Fact]
    public void Analyze_GallonsInAUnitColumnOfAMixedCountryFile_NoDefault_RowsWaitWithoutRowIssues()
    {
        var (mapping, rows) = Analyze("date,activity,amount,unit,country\n2024-01-15,fuel.diesel,10,gal,US\n2024-01-16,fuel.diesel,12,gal,GB\n2024-01-17,fuel.diesel,3,L,GB\n");
        var decision = Assert.Single(mapping.Decisions);
        Assert.Equal(("unit", "gal", null, 2L), (decision.Field, decision.Value, decision.Default, decision.Rows));
        Assert.Equal([null, null, "L"], rows.Select(r => r.Body?.Unit));
        Assert.All(rows, r => Assert.Empty(r.Issues));
    }

    [Fact]
    public void Analyze_NoActivityColumn_OneFileDecision_RowsWaitWithoutRowIssues()
    {
        var (mapping, rows) = Analyze("Date;Consommation (kWh)\n31/01/2024;12 450,5\n29/02/2024;11 980\n");
        var decision = Assert.Single(mapping.Decisions);
        Assert.Equal(("activity", null), (decision.Kind, decision.Column));
        Assert.All(rows, r => Assert.Null(r.Body));
        Assert.All(rows, r => Assert.Empty(r.Issues));
    }

    [Fact]
    public void Analyze_FreeTextDescriptionsBesideActivityIds_NoQuestionAboutThem()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "date,activity,description,amount,unit\n2024-01-15,fuel.diesel,Trip to the Leeds depot,10,L\n2024-01-16,fuel.diesel,Zorblax quarterly,12,L\n");
            var matcher = new FixedWeakMatcher();
            var processor = new ImportProcessor(new FactorTrace.Import.ImportOptions(), matcher);
            var analysis = processor.Analyze(path, new Dictionary<string, string>(), null);
            Assert.Empty(analysis.Mapping.Decisions);
            var rows = new List<ConvertedRow>();
            processor.Scan(path, analysis.Layout, analysis.Mapping, analysis.Notes, null, 10, rows.Add, cancellationToken: TestContext.Current.CancellationToken);
            Assert.All(rows, r => Assert.Equal("fuel.diesel", r.Body!.ActivityId));

            // Without the ids, the same texts are one question each.
            File.WriteAllText(path, "date,description,amount,unit\n2024-01-15,Trip to the Leeds depot,10,L\n2024-01-16,Zorblax quarterly,12,L\n2024-01-17,Zorblax quarterly,2,L\n");
            var again = processor.Analyze(path, new Dictionary<string, string>(), null);
            Assert.Equal([("Zorblax quarterly", 2L), ("Trip to the Leeds depot", 1L)], again.Mapping.Decisions.Select(d => (d.Value!, d.Rows)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class FixedWeakMatcher : IActivityMatcher
    {
        public ActivityMatch? Match(string description) => new("fuel.petrol", 0.2, []);
    }
}
