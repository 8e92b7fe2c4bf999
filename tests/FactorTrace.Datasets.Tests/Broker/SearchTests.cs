using FactorTrace.Search;

namespace FactorTrace.Datasets.Tests.Broker;

[Collection(BrokerDefinition.Name)]
public sealed class SearchTests(BrokerFixture fixture)
{
    [Fact]
    public void Find_Synonym_RanksActivityFirst()
    {
        var results = fixture.Broker.Search.Find(new SearchQuery { Text = "red diesel" });

        Assert.Equal("fuel.gas-oil", results.Hits[0].Id);
    }

    [Fact]
    public void Find_WithFilters_KeepsOnlyMatchingAndCountsFacets()
    {
        var results = fixture.Broker.Search.Find(new SearchQuery { Text = "electricity", Source = "ember", Kind = "factor", Year = 2024 });

        Assert.True(results.Total > 50);
        Assert.All(results.Hits, h => Assert.Equal(["ember"], h.Sources));
        Assert.Equal(results.Total, results.Facets["source"].Single().Count);
        Assert.Equal("2024", results.Facets["year"].Single().Value);
    }

    [Fact]
    public void Find_Misspelling_StillFindsActivity()
    {
        var results = fixture.Broker.Search.Find(new SearchQuery { Text = "refridgerant hfc-134a", Kind = "activity" });

        Assert.Contains(results.Hits.Take(3), h => h.Id == "refrigerant.hfc-134a");
    }

    [Fact]
    public void Find_NothingMatches_SuggestsDidYouMean()
    {
        var results = fixture.Broker.Search.Find(new SearchQuery { Text = "hotle", Kind = "activity", Scope = "1" });

        Assert.Equal(0, results.Total);
        Assert.Contains(results.DidYouMean, s => s.Contains("hotel", StringComparison.Ordinal));
    }
}
