using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Ingestion;

namespace FactorTrace.Datasets.Tests.Ingestion;

/// <summary>Corrupt or unexpected files give a clear error naming the file, sheet and row.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("factortrace-bad-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Copy(string relative, Func<byte[], byte[]>? change = null)
    {
        var target = Path.Combine(_root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var bytes = File.ReadAllBytes(SharedData.File(relative));
        File.WriteAllBytes(target, change is null ? bytes : change(bytes));
        return target;
    }

    private Task<IngestedDataset> IngestAsync(string id, bool verifyHashes = false) =>
        IngestedFixture.CreateIngestor(_root.FullName, verifyHashes)
            .IngestOneAsync(DatasetCatalogue.Default.Find(id)!, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Ingest_TruncatedXlsx_NamesTheFile()
    {
        Copy("desnz-2024/ghg-conversion-factors-2024-flat-format-v1.1.xlsx", b => b[..(b.Length / 2)]);
        var error = await Assert.ThrowsAsync<IngestionException>(() => IngestAsync("desnz-2024"));
        Assert.Contains("ghg-conversion-factors-2024-flat-format-v1.1.xlsx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_RenamedHeader_NamesFileTableAndMissingColumn()
    {
        Copy("defra-uk-eeio-sic/eeio-factors-by-sic-2022.csv", b =>
            System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(b).Replace("GHG (kgCO2e per £)", "Emissions (kgCO2e per £)", StringComparison.Ordinal)));
        var error = await Assert.ThrowsAsync<IngestionException>(() => IngestAsync("defra-eeio-sic-2022"));
        Assert.Contains("eeio-factors-by-sic-2022.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("header", error.Message, StringComparison.Ordinal);
        Assert.Contains("GHG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ColumnMissingFromFoundHeader_NamesTheColumnAndRow()
    {
        Copy("defra-uk-eeio-sic/eeio-factors-by-sic-2022.csv", b =>
            System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(b).Replace("CO2 (kgCO2 per £)", "Carbon", StringComparison.Ordinal)));
        var error = await Assert.ThrowsAsync<IngestionException>(() => IngestAsync("defra-eeio-sic-2022"));
        Assert.Contains("eeio-factors-by-sic-2022.csv line 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("CO2 (kgCO2 per £)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_WrongSha256_IsRefusedNamingTheFile()
    {
        Copy("ipcc-gwp/globalwarmingpotentials.csv", b => [.. b, (byte)'\n']);
        var error = await Assert.ThrowsAsync<IngestionException>(() => IngestAsync("ipcc-gwp", verifyHashes: true));
        Assert.Contains("globalwarmingpotentials.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_EmptyFile_SaysSo()
    {
        Copy("ipcc-gwp/globalwarmingpotentials.csv", _ => []);
        var error = await Assert.ThrowsAsync<IngestionException>(() => IngestAsync("ipcc-gwp"));
        Assert.Contains("globalwarmingpotentials.csv is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_MissingFile_PointsToPull()
    {
        var error = await Assert.ThrowsAsync<IngestionException>(() => IngestAsync("ipcc-gwp"));
        Assert.Contains("datasets pull", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_NegativeAndNonNumericValues_AreRejectedWithRowAndReason()
    {
        Copy("defra-uk-eeio-sic/eeio-factors-by-sic-2022.csv", b =>
        {
            var lines = System.Text.Encoding.UTF8.GetString(b).Split('\n');
            lines[1] = "01,Farm,-2.5,0.6";
            lines[2] = "02,Forest,abc,0.1";
            lines[3] = "03,Fish,N/A,";
            return System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines));
        });
        var result = await IngestAsync("defra-eeio-sic-2022");
        var table = result.Tables.Single();
        Assert.Equal(107, table.Ingested);
        Assert.Equal(1, table.NoValue);
        Assert.Collection(table.Rejected,
            r => Assert.Equal(("eeio-factors-by-sic-2022.csv line 2", "negative factor -2.5"), (r.Where, r.Reason)),
            r => Assert.Equal(("eeio-factors-by-sic-2022.csv line 3", "'abc' is not a number"), (r.Where, r.Reason)));
    }

    [Fact]
    public async Task Ingest_SameFilesTwice_GivesTheSameFactorsAndVersionHash()
    {
        Copy("defra-uk-eeio-sic/eeio-factors-by-sic-2022.csv");
        var first = await IngestAsync("defra-eeio-sic-2022", verifyHashes: true);
        var second = await IngestAsync("defra-eeio-sic-2022", verifyHashes: true);
        Assert.Equal(first.Info, second.Info);
        Assert.Equal(first.Factors.Select(f => (f.Id, f.Co2e[0].KgPerUnit)), second.Factors.Select(f => (f.Id, f.Co2e[0].KgPerUnit)));
    }
}
