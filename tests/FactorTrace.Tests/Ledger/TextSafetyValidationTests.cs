using FactorTrace.Data.Ledger;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Processing;
using FactorTrace.Import.Reading;
using FactorTrace.Import.Storage;
using FactorTrace.Text;

namespace FactorTrace.Tests.Ledger;

/// <summary>
/// Control and bidirectional-override characters (TextSafety) in an activity record's text: refused by the ledger's
/// rules, which the API and the importer share; a per-cell issue in the importer; neutralized where text is only shown.
/// </summary>
public sealed class TextSafetyValidationTests
{
    private static ActivityBody Valid => new() { ActivityId = "fuel.diesel", Amount = 5, Unit = "L", Date = new DateOnly(2024, 1, 1) };

    public static TheoryData<string, string, string> UnsafeSingleLine() => new()
    {
        { "site", "Leeds\0", "U+0000 (NUL)" },
        { "description", "Diesel \u001b[31mred", "U+001B (ESC)" },
        { "supplier", "Acme \u202Egnp.exe", "U+202E (RLO)" },
        { "activity_id", "fuel.diesel\u2066", "U+2066 (LRI)" },
        { "site", "Leeds\nYork", "U+000A (LF)" },
        { "region", "G\tB", "U+0009 (TAB)" },
        { "category", "3.\u00856", "U+0085" },
        { "instrument.reference", "REGO\u007f42", "U+007F (DEL)" },
    };

    [Theory]
    [MemberData(nameof(UnsafeSingleLine))]
    public void Validate_ControlOrBidiCharacterInASingleLineField_InvalidValueNamingFieldAndCharacter(string field, string text, string codePoint)
    {
        var body = field switch
        {
            "site" => Valid with { Site = text },
            "description" => Valid with { Description = text },
            "supplier" => Valid with { Supplier = text },
            "activity_id" => Valid with { ActivityId = text },
            "region" => Valid with { Region = text },
            "category" => Valid with { Category = text },
            _ => Valid with { Instrument = new InstrumentBody("certificate", text, 0) },
        };

        var error = ActivityValidation.Validate(body);

        Assert.NotNull(error);
        Assert.Equal((field, "invalid_value"), (error.Field, error.Code));
        Assert.Contains(codePoint, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(field + " contains", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\u001bb", "U+001B (ESC) at position 2")]
    [InlineData("\0", "U+0000 (NUL) at position 1")]
    [InlineData("line one\r\nline two \u202D", "U+202D (LRO) at position 20")]
    [InlineData("\u2069", "U+2069 (PDI)")]
    public void Validate_NotesWithControlOrBidiCharacter_InvalidValue(string notes, string expected)
    {
        var error = ActivityValidation.Validate(Valid with { Notes = notes });

        Assert.NotNull(error);
        Assert.Equal(("notes", "invalid_value"), (error.Field, error.Code));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tabs\tand\r\nline\nbreaks\r")]
    [InlineData("  spaces kept  ")]
    [InlineData("Zürich 東京 🙂 \u200F\u00A0\uFEFF")]
    public void Validate_NotesWithTabsLineBreaksOrOrdinaryUnicode_Valid(string notes) =>
        Assert.Null(ActivityValidation.Validate(Valid with { Notes = notes }));

    [Fact]
    public void Validate_SingleLineFieldsWithWhiteSpaceTrimmedWhenStored_Valid()
    {
        // Trimmed before they are stored: a line break at the end of a spreadsheet cell is not what is stored.
        var body = Valid with { Site = " Leeds\n", Supplier = "\tGrid Co\r\n", Description = "Diesel \u200E(RLM is not an override)" };

        Assert.Null(ActivityValidation.Validate(body));
        var record = new ActivityRecord { Id = Guid.NewGuid(), TenantId = Guid.NewGuid() };
        ActivityValidation.Apply(body, record);
        Assert.Equal(("Leeds", "Grid Co"), (record.Site, record.Supplier));
    }

    [Fact]
    public void Unsafe_PositionCountsFromTheUntrimmedText()
    {
        var error = ActivityValidation.Unsafe("site", "  Lee\u001bds ");

        Assert.NotNull(error);
        Assert.Equal("site contains the control or bidirectional-override character U+001B (ESC) at position 6; remove it.", error.Message);
    }

    private static readonly ImportMapping Mapping = new()
    {
        HeaderRow = 1,
        Columns =
        [
            new ColumnMapping(0, "Date", "date", "exact", 1, DateOrder: "dmy"),
            new ColumnMapping(1, "Qty", "amount", "exact", 1, NumberFormat: "us"),
            new ColumnMapping(2, "Unit", "unit", "exact", 1),
            new ColumnMapping(3, "Activity", "activity", "exact", 1),
            new ColumnMapping(4, "Site", "site", "exact", 1),
            new ColumnMapping(5, "Notes", "notes", "exact", 1),
        ],
    };

    private static ConvertedRow Convert(ImportMapping mapping, params string[] cells) =>
        new RowConverter(mapping, null, 6).Convert(new SourceRow(7, cells, 0), withCells: true);

    [Fact]
    public void Convert_CellsWithControlOrBidiCharacters_OneIssuePerCellRowNotImportable()
    {
        var row = Convert(Mapping, "01/02/2024", "5", "L", "fuel.diesel", "Leeds\u001b[2J", "ok\u202Etxt.exe");

        Assert.Null(row.Body);
        Assert.Equal(2, row.Issues.Count);
        var site = row.Issues.Single(i => i.Column == "Site");
        Assert.Equal((7L, "invalid_value", ImportIssue.Error), (site.Row!.Value, site.Code, site.Severity));
        Assert.Equal("Site contains the control or bidirectional-override character U+001B (ESC) at position 6; remove it.", site.Message);
        // The value in the report shows the character as U+FFFD: reports go to terminals and CSV viewers.
        Assert.Equal("Leeds\uFFFD[2J", site.Value);
        var notes = row.Issues.Single(i => i.Column == "Notes");
        Assert.Contains("U+202E (RLO) at position 3", notes.Message, StringComparison.Ordinal);
        Assert.Equal("error", row.Cells!.Single(c => c.Field == "site").Status);
    }

    [Fact]
    public void Convert_NotesWithLineBreaksAndSiteWithTrailingBreak_StoredAsBefore()
    {
        var row = Convert(Mapping, "01/02/2024", "5", "L", "fuel.diesel", "Leeds\n", "first line\r\n\tsecond line");

        Assert.NotNull(row.Body);
        Assert.Empty(row.Issues);
        Assert.Equal("first line\r\n\tsecond line", row.Body.Notes);
    }

    [Fact]
    public void Convert_UnsafeCellValueMappedToCleanText_Importable()
    {
        var mapping = Mapping with
        {
            Values = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["site"] = new Dictionary<string, string> { ["Leeds\u0000"] = "Leeds" } },
        };

        var row = Convert(mapping, "01/02/2024", "5", "L", "fuel.diesel", "Leeds\u0000", "");

        Assert.NotNull(row.Body);
        Assert.Equal("Leeds", row.Body.Site);
    }

    [Fact]
    public void SafeName_UploadFileNameWithControlOrBidiCharacters_ReplacedByReplacementCharacter()
    {
        Assert.Equal("invoice\uFFFDfdp.exe", ImportService.SafeName("invoice\u202Efdp.exe"));
        Assert.Equal("a\uFFFDb\uFFFD.csv", ImportService.SafeName("dir/a\u001bb\0.csv"));
        Assert.Equal("energy.csv", ImportService.SafeName("energy.csv"));
    }

    [Fact]
    public void Neutralize_KeepsLineBreaksOnlyWhenMultiline()
    {
        Assert.Equal("a\uFFFDb\uFFFDc", TextSafety.Neutralize("a\nb\u2067c"));
        Assert.Equal("a\nb\uFFFDc", TextSafety.Neutralize("a\nb\u2067c", multiline: true));
        var clean = "nothing to do";
        Assert.Same(clean, TextSafety.Neutralize(clean));
    }
}
