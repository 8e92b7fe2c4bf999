using FactorTrace.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FactorTrace.Grid.Providers;

/// <summary>Registration of the grid providers.</summary>
public static class GridProvidersSetup
{
    /// <summary>The providers' dependency names and kinds, for the dependency pipelines' list of known dependencies.</summary>
    public static IReadOnlyDictionary<string, DependencyKind> DependencyKinds { get; } = new Dictionary<string, DependencyKind>(StringComparer.OrdinalIgnoreCase)
    {
        [ElectricityMapsProvider.ProviderName] = DependencyKind.RemoteApi,
        [WattTimeProvider.ProviderName] = DependencyKind.RemoteApi,
    };

    /// <summary>
    /// Adds the named HTTP clients, <see cref="ElectricityMapsProvider"/> and <see cref="WattTimeProvider"/> (singletons, each
    /// also an <see cref="IGridProvider"/>, primary first) and <see cref="GridProviders"/>, with the providers' settings of
    /// <see cref="GridOptions"/> validated at start. <see cref="GridOptions"/> is bound by the caller; a
    /// <see cref="DependencyRegistry"/> must be registered (<c>AddDependencyPipelines</c>); the providers' names are added to its known dependencies.
    /// </summary>
    public static IServiceCollection AddGridProviders(this IServiceCollection services)
    {
        services.AddOptions<GridOptions>().ValidateOnStart();
        services.AddKnownDependencies(DependencyKinds);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GridOptions>, GridProviderOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(ElectricityMapsProvider.HttpClientName, (provider, client) =>
            Configure(client, provider.GetRequiredService<IOptions<GridOptions>>().Value.ElectricityMaps.BaseUrl));
        services.AddHttpClient(WattTimeProvider.HttpClientName, (provider, client) =>
            Configure(client, provider.GetRequiredService<IOptions<GridOptions>>().Value.WattTime.BaseUrl));
        services.AddSingleton(provider => new ElectricityMapsProvider(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<IOptions<GridOptions>>().Value.ElectricityMaps,
            provider.GetRequiredService<DependencyRegistry>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new WattTimeProvider(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<IOptions<GridOptions>>().Value.WattTime,
            provider.GetRequiredService<DependencyRegistry>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IGridProvider>(provider => provider.GetRequiredService<ElectricityMapsProvider>());
        services.AddSingleton<IGridProvider>(provider => provider.GetRequiredService<WattTimeProvider>());
        services.AddSingleton(provider => new GridProviders(
            provider.GetRequiredService<ElectricityMapsProvider>(), provider.GetRequiredService<WattTimeProvider>()));
        return services;
    }

    private static void Configure(HttpClient client, string baseUrl)
    {
        // Relative request paths resolve under the base only when it ends in a slash.
        client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute);
        client.Timeout = Timeout.InfiniteTimeSpan;
    }
}
