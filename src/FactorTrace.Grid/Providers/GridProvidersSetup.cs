using Microsoft.Extensions.DependencyInjection;

namespace FactorTrace.Grid.Providers;

/// <summary>Registration of the grid providers (placeholder until the providers land: none registered).</summary>
public static class GridProvidersSetup
{
    /// <summary>Adds the providers.</summary>
    public static IServiceCollection AddGridProviders(this IServiceCollection services) => services;
}
