using FactorTrace.Grid;
using FactorTrace.Server.Datasets;

namespace FactorTrace.Server.Grid;

/// <summary>Registration of the grid pipeline in the service: the library over the loaded datasets, and its worker.</summary>
internal static class GridHostSetup
{
    public static IServiceCollection AddGridHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGrid(o => configuration.GetSection(GridOptions.SectionName).Bind(o), sp => sp.GetRequiredService<DatasetLoader>().Loaded?.Store);
        services.AddSingleton<GridWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<GridWorker>());
        return services;
    }
}
