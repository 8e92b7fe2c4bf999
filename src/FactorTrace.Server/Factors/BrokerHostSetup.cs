using FactorTrace.Import.Processing;

namespace FactorTrace.Server.Factors;

/// <summary>Registration of the broker host: the broker built from the loaded datasets, warmed up at start.</summary>
internal static class BrokerHostSetup
{
    /// <summary>
    /// Adds the <see cref="BrokerHost"/>, its warm-up, and the importer's <see cref="IActivityMatcher"/> over the broker's
    /// search (no matches until the datasets are loaded).
    /// </summary>
    public static IServiceCollection AddBrokerHost(this IServiceCollection services)
    {
        services.AddSingleton<BrokerHost>();
        services.AddHostedService<BrokerWarmup>();
        services.AddSingleton<IActivityMatcher>(sp => new SearchActivityMatcher(() => sp.GetRequiredService<BrokerHost>().Broker?.Search));
        return services;
    }
}
