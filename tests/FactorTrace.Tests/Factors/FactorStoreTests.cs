using FactorTrace.Factors;

namespace FactorTrace.Tests.Factors;

public sealed class FactorStoreTests
{
    private static readonly DatasetInfo Dataset = new("ds", "Publisher", "1", "CC0-1.0", "Attribution", "hash");

    private static EmissionFactor Factor(string id) => new()
    {
        Id = $"ds:{id}",
        Dataset = Dataset,
        SourceActivityId = id,
        Name = id,
        Region = "GB",
        Year = 2024,
        Unit = "kWh",
        UnitText = "kWh",
        Co2e = [new Co2eValue("AR5", 0.2)],
        Row = new RowReference("f.csv", null, 2, id),
    };

    [Fact]
    public void Find_ByDatasetAndPublisherId_ReturnsTheFactor()
    {
        var store = new FactorStore([Factor("a"), Factor("b")]);
        Assert.Equal("ds:b", store.Find("ds", "b")!.Id);
        Assert.Null(store.Find("ds", "c"));
        Assert.Equal(2, store.ForDataset("ds").Count);
        Assert.Empty(store.ForDataset("other"));
    }

    [Fact]
    public void Constructor_DuplicateId_Throws() =>
        Assert.Throws<ArgumentException>(() => new FactorStore([Factor("a"), Factor("a")]));

    [Fact]
    public void RowReference_ToString_NamesFileSheetAndRow()
    {
        Assert.Equal("book.xlsx[Sheet]!7", new RowReference("book.xlsx", "Sheet", 7, null).ToString());
        Assert.Equal("data.csv:3", new RowReference("data.csv", null, 3, null).ToString());
    }
}
