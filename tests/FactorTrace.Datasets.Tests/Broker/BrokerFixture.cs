using FactorTrace.Broker;
using FactorTrace.Datasets.Ingestion;

namespace FactorTrace.Datasets.Tests.Broker;

/// <summary>A broker over every published dataset, built once.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    public FactorBroker Broker { get; private set; } = null!;

    public LoadedDatasets Loaded { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Loaded = await IngestedFixture.CreateIngestor(SharedData.Path).IngestAsync([], CancellationToken.None);
        Broker = BrokerFactory.Create(Loaded);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class BrokerDefinition : ICollectionFixture<BrokerFixture>
{
    public const string Name = "broker";
}
