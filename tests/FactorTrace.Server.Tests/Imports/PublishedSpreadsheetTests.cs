using FactorTrace.Import;
using FactorTrace.Import.Processing;

namespace FactorTrace.Server.Tests.Imports;

/// <summary>A real published spreadsheet with title rows above its header: the DESNZ 2023 flat file.</summary>
public sealed class PublishedSpreadsheetTests
{
    [Fact]
    public void Analyze_Desnz2023FlatFile_FindsTheHeaderBelowTheTitleRows()
    {
        var path = Path.Combine(TestEnvironment.DatasetsPath, "desnz-2023", "ghg-conversion-factors-2023-flat-format-v1.1.xlsx");
        var processor = new ImportProcessor(new ImportOptions(), null);
        var analysis = processor.Analyze(path, new Dictionary<string, string>(), null);
        Assert.Equal("xlsx", analysis.Layout.Format);
        Assert.True(analysis.Layout.HeaderRow > 1, $"header row {analysis.Layout.HeaderRow}");
        Assert.Contains("Scope", analysis.Layout.Headers);
        Assert.Contains("UOM", analysis.Layout.Headers);
        Assert.Equal("scope", analysis.Mapping.Columns.Single(c => c.Header == "Scope").Field);
        Assert.Equal("unit", analysis.Mapping.Columns.Single(c => c.Header == "UOM").Field);
        Assert.True(processor.DataRows(path, analysis.Layout).Count() > 5000);
    }
}
