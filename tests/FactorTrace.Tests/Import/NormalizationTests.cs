using System.Text;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Normalization;
using FactorTrace.Import.Reading;

namespace FactorTrace.Tests.Import;

public sealed class NumberFormatTests
{
    [Theory]
    [InlineData("1.234,56", "eu", 1234.56)]
    [InlineData("1,234.56", "us", 1234.56)]
    [InlineData("1 234,5", "eu", 1234.5)]
    [InlineData("1\u00A0234,5", "eu", 1234.5)]
    [InlineData("1\u202F234.5", "us", 1234.5)]
    [InlineData("1'234.50", "us", 1234.5)]
    [InlineData("(1.234,00)", "eu", -1234)]
    [InlineData("(250)", "us", -250)]
    [InlineData("-0,5", "eu", -0.5)]
    [InlineData("12-", "us", -12)]
    [InlineData("12,5 %", "eu", 0.125)]
    [InlineData("€ 1.000,00", "eu", 1000)]
    [InlineData("$1,000", "us", 1000)]
    [InlineData("1.5E3", "us", 1500)]
    [InlineData("0", "us", 0)]
    public void TryParse_SpreadsheetNumbers_ReadInTheColumnsFormat(string text, string format, double expected)
    {
        Assert.True(NumberFormat.TryParse(text, format, out var value, out _, out _));
        Assert.Equal(expected, value, 1e-9);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("n/a")]
    [InlineData("#DIV/0!")]
    [InlineData("12 kg")]
    [InlineData("--5")]
    [InlineData("")]
    [InlineData("1e999")]
    public void TryParse_NotAFiniteNumber_False(string text) => Assert.False(NumberFormat.TryParse(text, NumberFormat.Us, out _, out _, out _));

    [Theory]
    [InlineData("1.234,56", NumberFormat.Vote.Eu)]
    [InlineData("1,234.56", NumberFormat.Vote.Us)]
    [InlineData("12,5", NumberFormat.Vote.Eu)]
    [InlineData("12.5", NumberFormat.Vote.Us)]
    [InlineData("1,234", NumberFormat.Vote.Ambiguous)]
    [InlineData("1.234", NumberFormat.Vote.Ambiguous)]
    [InlineData("1.234.567", NumberFormat.Vote.Eu)]
    [InlineData("1,234,567", NumberFormat.Vote.Us)]
    [InlineData("1234", NumberFormat.Vote.Neutral)]
    [InlineData("2024-03-15", NumberFormat.Vote.NotANumber)]
    public void Classify_Value_VotesForItsColumnsFormat(string text, NumberFormat.Vote vote) => Assert.Equal(vote, NumberFormat.Classify(text));

    [Fact]
    public void DecideNumberFormat_OneUnambiguousValueSettlesTheColumn_AllAmbiguousIsReported()
    {
        var settled = new ColumnProfile();
        foreach (var v in new[] { "1.234", "5.000", "12,5" })
        {
            settled.AddNumber(v, typed: false);
        }

        Assert.Equal((NumberFormat.Eu, (string?)null), (settled.DecideNumberFormat(NumberFormat.Us).Format, settled.DecideNumberFormat(NumberFormat.Us).Code));
        var ambiguous = new ColumnProfile();
        ambiguous.AddNumber("1,234", typed: false);
        ambiguous.AddNumber("5,000", typed: false);
        Assert.Equal("ambiguous_number_format", ambiguous.DecideNumberFormat(NumberFormat.Us).Code);
        var mixed = new ColumnProfile();
        mixed.AddNumber("1,5", typed: false);
        mixed.AddNumber("2,5", typed: false);
        mixed.AddNumber("1.5", typed: false);
        Assert.Equal((NumberFormat.Eu, "mixed_number_formats"), (mixed.DecideNumberFormat(NumberFormat.Us).Format, mixed.DecideNumberFormat(NumberFormat.Us).Code));
    }
}

public sealed class DateFormatTests
{
    [Theory]
    [InlineData("2024-03-15", "dmy", "2024-03-15", "2024-03-15")]
    [InlineData("2024-03-15T10:30:00", "dmy", "2024-03-15", "2024-03-15")]
    [InlineData("15/03/2024", "dmy", "2024-03-15", "2024-03-15")]
    [InlineData("03/15/2024", "mdy", "2024-03-15", "2024-03-15")]
    [InlineData("03/04/2024", "dmy", "2024-04-03", "2024-04-03")]
    [InlineData("03/04/2024", "mdy", "2024-03-04", "2024-03-04")]
    [InlineData("15.03.24", "dmy", "2024-03-15", "2024-03-15")]
    [InlineData("15 March 2024", "dmy", "2024-03-15", "2024-03-15")]
    [InlineData("March 15, 2024", "dmy", "2024-03-15", "2024-03-15")]
    [InlineData("15-Mar-2024", "dmy", "2024-03-15", "2024-03-15")]
    [InlineData("15. März 2024", "dmy", "2024-03-15", "2024-03-15")]
    [InlineData("45366", "dmy", "2024-03-15", "2024-03-15")]
    [InlineData("March 2024", "dmy", "2024-03-01", "2024-03-31")]
    [InlineData("Mar-24", "dmy", "2024-03-01", "2024-03-31")]
    [InlineData("2024-02", "dmy", "2024-02-01", "2024-02-29")]
    [InlineData("02/2024", "dmy", "2024-02-01", "2024-02-29")]
    [InlineData("Q2 2024", "dmy", "2024-04-01", "2024-06-30")]
    [InlineData("2024", "dmy", "2024-01-01", "2024-12-31")]
    [InlineData("2024-01-01 - 2024-01-31", "dmy", "2024-01-01", "2024-01-31")]
    [InlineData("01/01/2024 to 31/01/2024", "dmy", "2024-01-01", "2024-01-31")]
    public void TryParse_SpreadsheetDates_DayOrPeriod(string text, string order, string start, string end)
    {
        Assert.True(DateFormat.TryParse(text, order, typed: false, out var from, out var to));
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), from);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), to);
    }

    [Theory]
    [InlineData("31/02/2024")]
    [InlineData("13/13/2024")]
    [InlineData("yesterday")]
    [InlineData("1.5")]
    [InlineData("2024-01-31 - 2024-01-01")]
    public void TryParse_NotADate_False(string text) => Assert.False(DateFormat.TryParse(text, DateFormat.Dmy, typed: false, out _, out _));

    [Fact]
    public void DecideDateOrder_OtherRowsSettleIt_OrItIsReported()
    {
        var dmy = new ColumnProfile();
        foreach (var v in new[] { "03/04/2024", "05/06/2024", "25/06/2024" })
        {
            dmy.AddDate(v, typed: false);
        }

        Assert.Equal((DateFormat.Dmy, (string?)null), (dmy.DecideDateOrder(DateFormat.Mdy).Order, dmy.DecideDateOrder(DateFormat.Mdy).Code));
        var mdy = new ColumnProfile();
        mdy.AddDate("03/04/2024", typed: false);
        mdy.AddDate("12/31/2024", typed: false);
        Assert.Equal(DateFormat.Mdy, mdy.DecideDateOrder(DateFormat.Dmy).Order);
        var unsettled = new ColumnProfile();
        unsettled.AddDate("03/04/2024", typed: false);
        Assert.Equal("ambiguous_date_order", unsettled.DecideDateOrder(DateFormat.Dmy).Code);
    }
}

public sealed class FormatDetectorTests
{
    [Theory]
    [InlineData("a,b,c\n1,2,3\n4,5,6\n", ',')]
    [InlineData("a;b;c\n1,5;2,5;3\n4;5;6\n", ';')]
    [InlineData("a\tb\tc\n1,5\t2\t3\n", '\t')]
    [InlineData("a|b|c\n1|2|3\n", '|')]
    [InlineData("Report title\n\nname,\"city, country\",amount\nx,\"Paris, FR\",1\ny,\"Rome, IT\",2\n", ',')]
    [InlineData("single\n1\n2\n", ',')]
    public void Sniff_Delimiter_TheOneThatSplitsLinesConsistently(string sample, char delimiter) => Assert.Equal(delimiter, FormatDetector.Sniff(sample).Delimiter);

    [Fact]
    public void DetectEncoding_BomsUtf16AndLegacyText()
    {
        (Encoding Encoding, bool Bom) Detect(byte[] bytes) => FormatDetector.DetectEncoding(new MemoryStream(bytes));
        const string text = "Site;Menge\nMünchen;1,5 m³\n";
        Assert.Equal(("utf-8", true), (Detect([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]).Encoding.WebName, true));
        Assert.Equal("utf-8", Detect(Encoding.UTF8.GetBytes(text)).Encoding.WebName);
        Assert.Equal("utf-16", Detect([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]).Encoding.WebName);
        Assert.Equal("utf-16", Detect(Encoding.Unicode.GetBytes(text)).Encoding.WebName);
        Assert.Equal("utf-16BE", Detect(Encoding.BigEndianUnicode.GetBytes(text)).Encoding.WebName);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Assert.Equal("windows-1252", Detect(Encoding.GetEncoding(1252).GetBytes(text)).Encoding.WebName);
        Assert.Equal("windows-1252", Detect(Encoding.Latin1.GetBytes(text)).Encoding.WebName);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0 }, "xlsx")]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, "xls")]
    [InlineData(new byte[] { 0x61, 0x2C, 0x62 }, "text")]
    public void Container_ByMagicBytes(byte[] head, string expected) => Assert.Equal(expected, FormatDetector.Container(head));
}

public sealed class HeaderDetectorTests
{
    private static SourceRow Row(long n, params string[] cells) => new(n, cells, 0);

    [Fact]
    public void Find_TitleRowsAbove_HeaderIsTheFirstWideTextRow()
    {
        var rows = new[]
        {
            Row(1, "Energy report 2024", "", "", ""), Row(2, "Exported 2025-01-05", "", "", ""),
            Row(4, "Date", "Site", "Quantity", "Unit"), Row(5, "2024-01-01", "Leeds", "10", "L"), Row(6, "2024-01-02", "York", "12", "L"),
        };
        Assert.Equal(2, HeaderDetector.Find(rows));
    }

    [Fact]
    public void Find_NoHeader_DataFromTheFirstRow() =>
        Assert.Equal(-1, HeaderDetector.Find([Row(1, "2024-01-01", "10", "12,5"), Row(2, "2024-01-02", "11", "13")]));
}

public sealed class ColumnMapperTests
{
    private static ColumnProfile Profile(params string[] values)
    {
        var profile = new ColumnProfile();
        foreach (var v in values)
        {
            profile.AddAll(v, typed: false);
        }

        return profile;
    }

    [Fact]
    public void Suggest_ExactFuzzyHeaderUnitAndContent()
    {
        string[] headers = ["Buchungsdatum", "Electricity consumption (kWh)", "Lieferant", "Curency", "x1", "x2"];
        ColumnProfile[] profiles = [Profile("2024-01-01"), Profile("100"), Profile("EnBW"), Profile("EUR"), Profile("EUR", "USD"), Profile("L", "kg", "km")];
        var mapping = ColumnMapper.Suggest(1, headers, profiles, new Dictionary<string, string>(), null);
        Assert.Equal(("date", "exact"), (mapping.Columns[0].Field, mapping.Columns[0].Method));
        Assert.Equal(("amount", "kWh"), (mapping.Columns[1].Field, mapping.Columns[1].Unit));
        Assert.Equal("supplier", mapping.Columns[2].Field);
        Assert.Equal(("currency", "fuzzy"), (mapping.Columns[3].Field, mapping.Columns[3].Method));
        Assert.Null(mapping.Columns[4].Field);
        Assert.Equal(("unit", "content"), (mapping.Columns[5].Field, mapping.Columns[5].Method));
    }

    [Fact]
    public void Suggest_TenantHistoryBeatsTheGenericSynonym()
    {
        var history = new Dictionary<string, string> { ["amount"] = "spend" };
        var mapping = ColumnMapper.Suggest(1, ["Amount", "Currency"], [Profile("10"), Profile("EUR")], history, null);
        Assert.Equal(("spend", "history"), (mapping.Columns[0].Field, mapping.Columns[0].Method));
    }
}
