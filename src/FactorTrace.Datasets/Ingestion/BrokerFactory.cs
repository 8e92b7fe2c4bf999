using FactorTrace.Broker;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>Builds a factor broker over ingested datasets.</summary>
public static class BrokerFactory
{
    /// <summary>The dataset whose GWP table the broker uses for AR4, AR5 and AR6.</summary>
    public const string GwpDataset = "ipcc-gwp";

    /// <summary>Creates a broker over the loaded factors, IPCC GWP values and fuel properties.</summary>
    /// <exception cref="InvalidOperationException">The IPCC GWP dataset was not loaded.</exception>
    /// <param name="loaded">The loaded datasets.</param>
    /// <param name="options">Broker settings.</param>
    /// <param name="sources">The sources (the shipped catalogue when null; with remote sources added by the service).</param>
    public static FactorBroker Create(LoadedDatasets loaded, BrokerOptions? options = null, Sources.SourceCatalog? sources = null)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        if (!loaded.Gwp.TryGetValue(GwpDataset, out var gwp))
        {
            throw new InvalidOperationException($"The broker needs the '{GwpDataset}' dataset for GWP values; it was not loaded.");
        }

        return new FactorBroker(loaded.Store, gwp, loaded.Fuels, options, sources: sources);
    }
}
