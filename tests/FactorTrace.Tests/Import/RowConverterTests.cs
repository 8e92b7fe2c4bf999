using FactorTrace.Import.Mapping;
using FactorTrace.Import.Processing;
using FactorTrace.Import.Reading;

namespace FactorTrace.Tests.Import;

public sealed class RowConverterTests
{
    private static readonly ImportMapping Mapping = new()
    {
        HeaderRow = 1,
        Columns =
        [
            new ColumnMapping(0, "Date", "date", "exact", 1, DateOrder: "dmy"),
            new ColumnMapping(1, "Item", "description", "exact", 1),
            new ColumnMapping(2, "Qty", "amount", "exact", 1, NumberFormat: "eu"),
            new ColumnMapping(3, "Unit", "unit", "exact", 1),
            new ColumnMapping(4, "Scope", "scope", "exact", 1),
            new ColumnMapping(5, "Category", "category", "exact", 1),
        ],
        Defaults = new Dictionary<string, string> { ["region"] = "de" },
        Values = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["unit"] = new Dictionary<string, string> { ["Tons"] = "t" },
            ["activity"] = new Dictionary<string, string> { ["Company cars"] = "fuel.petrol" },
        },
    };

    private sealed class FixedMatcher : IActivityMatcher
    {
        public ActivityMatch? Match(string description) => description.Contains("diesel", StringComparison.OrdinalIgnoreCase)
            ? new ActivityMatch("fuel.diesel", 0.9, ["fuel.biodiesel"])
            : new ActivityMatch("fuel.petrol", 0.3, []);
    }

    private static ConvertedRow Convert(params string[] cells) => new RowConverter(Mapping, new FixedMatcher(), 6).Convert(new SourceRow(2, cells, 0), withCells: true);

    [Fact]
    public void Convert_ValueMapsDefaultsScopeAndCategoryNames()
    {
        var row = Convert("05/03/2024", "Diesel for generators", "1.000,5", "Tons", "Scope 3", "Business travel");
        Assert.NotNull(row.Body);
        Assert.Equal(("fuel.diesel", 1000.5, "t", "3", "3.6", "DE"), (row.Body!.ActivityId, row.Body.Amount!.Value, row.Body.Unit, row.Body.Scope, row.Body.Category, row.Body.Region));
        Assert.Equal(new DateOnly(2024, 3, 5), row.Body.Date);
        var cell = row.Cells!.Single(c => c.Field == "description");
        Assert.Equal(("matched", "fuel.diesel"), (cell.Status, cell.Value));
        Assert.Equal(["fuel.biodiesel"], cell.Alternatives!);
    }

    [Fact]
    public void Convert_WeakMatchAmbiguousUnitBadScope_StructuredIssues()
    {
        // A weak match would fail at calculation: the row is invalid now, with the nearest activities as suggestions.
        var weak = Convert("05/03/2024", "something else", "1", "kg", "1", "");
        Assert.Null(weak.Body);
        var issue = Assert.Single(weak.Issues);
        Assert.Equal(("unmatched_description", "error"), (issue.Code, issue.Severity));
        Assert.False(string.IsNullOrEmpty(issue.Suggestion));

        var bad = Convert("05/03/2024", "diesel", "1", "gallons", "S9", "");
        Assert.Null(bad.Body);
        Assert.Contains(bad.Issues, i => i.Code == "ambiguous_unit" && i.Column == "Unit" && i.Suggestion!.Contains("gal_us", StringComparison.Ordinal));
        Assert.Contains(bad.Issues, i => i.Code == "ambiguous_unit" && i.Severity == "error");
        // The scope is optional: a bad one is a warning on its cell, never what sinks the row.
        Assert.Contains(bad.Issues, i => i.Code == "invalid_scope" && i.Column == "Scope" && i.Row == 2 && i.Severity == "warning");
    }

    [Fact]
    public void Convert_ValueMapForADescription_BeatsTheMatcher()
    {
        var row = Convert("05/03/2024", "Company cars", "10", "L", "", "");
        Assert.Equal("fuel.petrol", row.Body!.ActivityId);
        Assert.Equal("mapped", row.Cells!.Single(c => c.Field == "description").Status);
    }

    [Fact]
    public void Convert_MonthInADateColumn_BecomesAPeriod()
    {
        var row = Convert("March 2024", "diesel", "1", "L", "", "");
        Assert.Null(row.Body!.Date);
        Assert.Equal((new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 31)), (row.Body.PeriodStart!.Value, row.Body.PeriodEnd!.Value));
    }

    [Fact]
    public void Convert_BadOptionalFieldsBesideAComputableAmount_WarningsFieldsEmptyRowKept()
    {
        var mapping = new ImportMapping
        {
            Columns =
            [
                new ColumnMapping(0, "Date", "date", "exact", 1, DateOrder: "dmy"),
                new ColumnMapping(1, "Activity", "activity", "exact", 1),
                new ColumnMapping(2, "Qty", "amount", "exact", 1, NumberFormat: "us"),
                new ColumnMapping(3, "Unit", "unit", "exact", 1),
                new ColumnMapping(4, "Cost", "spend", "exact", 1, NumberFormat: "us"),
                new ColumnMapping(5, "Site", "site", "exact", 1),
                new ColumnMapping(6, "Category", "category", "exact", 1),
            ],
        };
        var converter = new RowConverter(mapping, new FixedMatcher(), 7);
        var row = converter.Convert(new SourceRow(2, ["05/03/2024", "fuel.diesel", "10", "L", "12.50", new string('x', 250), "Cat 99"], 0), withCells: true);

        Assert.NotNull(row.Body);
        Assert.Equal((10.0, "L", null, null, null, null), (row.Body!.Amount!.Value, row.Body.Unit, row.Body.Spend, row.Body.Currency, row.Body.Site, row.Body.Category));
        Assert.All(row.Issues, i => Assert.Equal("warning", i.Severity));
        Assert.Contains(row.Issues, i => i.Code == "missing_currency" && i.Column == "Cost");
        Assert.Contains(row.Issues, i => i.Code == "too_long" && i.Column == "Site");
        Assert.Contains(row.Issues, i => i.Code == "invalid_category" && i.Column == "Category");

        // Without the amount the spend is what the calculation needs: the same missing currency is an error.
        var spendOnly = converter.Convert(new SourceRow(3, ["05/03/2024", "fuel.diesel", "", "", "12.50", "York", ""], 0), withCells: false);
        Assert.Null(spendOnly.Body);
        Assert.Contains(spendOnly.Issues, i => i.Code == "missing_unit" && i.Severity == "error");

        // A control character stays an error even in an optional field (docs/import.md, TextSafety).
        var unsafeSite = converter.Convert(new SourceRow(4, ["05/03/2024", "fuel.diesel", "10", "L", "", "Le\u202Eeds", ""], 0), withCells: false);
        Assert.Null(unsafeSite.Body);
        Assert.Contains(unsafeSite.Issues, i => i.Code == "invalid_value" && i.Column == "Site" && i.Severity == "error");
    }

    [Fact]
    public void Convert_ActivityColumnHoldingNames_MatchedLikeDescriptions_IdsKeptAsIds()
    {
        var mapping = new ImportMapping
        {
            Columns =
            [
                new ColumnMapping(0, "Date", "date", "exact", 1, DateOrder: "dmy"),
                new ColumnMapping(1, "Activity", "activity", "exact", 1),
                new ColumnMapping(2, "Qty", "amount", "exact", 1, NumberFormat: "us", Unit: "L"),
            ],
        };
        var converter = new RowConverter(mapping, new FixedMatcher(), 3);

        var named = converter.Convert(new SourceRow(2, ["05/03/2024", "Diesel Fuel - Heavy Duty", "10"], 0), withCells: true);
        Assert.Equal(("fuel.diesel", "Diesel Fuel - Heavy Duty"), (named.Body!.ActivityId, named.Body.Description));
        Assert.Equal("matched", named.Cells!.Single(c => c.Field == "activity").Status);

        // Written like an id: kept as the id (the calculation refuses an unknown one with suggestions), never matched loosely.
        var nearMiss = converter.Convert(new SourceRow(3, ["05/03/2024", "fuel.dieselx", "10"], 0), withCells: true);
        Assert.Equal("fuel.dieselx", nearMiss.Body!.ActivityId);
        Assert.DoesNotContain(nearMiss.Cells!, c => c.Status == "matched");
    }

    [Fact]
    public void Convert_AmbiguousUnitWithAColumnDecision_DefaultAppliedOrRowWaitsWithoutARowIssue()
    {
        ImportMapping With(string? chosen) => Mapping with
        {
            Decisions = [new ImportDecision("Unit", "unit", "unit", "gal", ["gal_us", "gal_imp"], chosen, "why", "values", 1)],
        };

        var assumed = new RowConverter(With("gal_us"), new FixedMatcher(), 6).Convert(new SourceRow(2, ["05/03/2024", "diesel", "5", "gal", "", ""], 0), withCells: true);
        Assert.Equal("gal_us", assumed.Body!.Unit);
        Assert.Equal("assumed", assumed.Cells!.Single(c => c.Field == "unit").Status);

        var waiting = new RowConverter(With(null), new FixedMatcher(), 6).Convert(new SourceRow(2, ["05/03/2024", "diesel", "5", "gal", "", ""], 0), withCells: true);
        Assert.Null(waiting.Body);
        Assert.Empty(waiting.Issues);
        Assert.Equal("decision", waiting.Cells!.Single(c => c.Field == "unit").Status);
    }
}
