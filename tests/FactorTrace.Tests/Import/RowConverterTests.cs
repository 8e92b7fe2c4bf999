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
        Assert.Contains(bad.Issues, i => i.Code == "invalid_scope" && i.Column == "Scope" && i.Row == 2);
        Assert.All(bad.Issues, i => Assert.Equal("error", i.Severity));
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
}
