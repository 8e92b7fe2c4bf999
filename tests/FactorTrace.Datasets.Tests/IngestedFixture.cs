using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Ingestion;
using Microsoft.Extensions.Options;

namespace FactorTrace.Datasets.Tests;

/// <summary>Every mapped dataset ingested once from the published files, shared by the tests that read it.</summary>
public sealed class IngestedFixture : IAsyncLifetime
{
    public LoadedDatasets Loaded { get; private set; } = null!;

    public static DatasetIngestor CreateIngestor(string path, bool verifyHashes = true) =>
        new(DatasetCatalogue.Default, Options.Create(new DatasetsOptions { Path = path, VerifyHashes = verifyHashes }));

    public async ValueTask InitializeAsync() =>
        Loaded = await CreateIngestor(SharedData.Path).IngestAsync([], CancellationToken.None);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class IngestedDatasetsDefinition : ICollectionFixture<IngestedFixture>
{
    public const string Name = "ingested datasets";
}
