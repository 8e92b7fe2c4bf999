using FactorTrace.Datasets;

namespace FactorTrace.Server.Datasets;

/// <summary>Registration of dataset loading at start-up.</summary>
internal static class DatasetLoadingSetup
{
    /// <summary>Adds the <see cref="DatasetLoader"/>, which loads the datasets in the background at start (the path resolved under the data directory).</summary>
    public static IServiceCollection AddDatasetLoading(this IServiceCollection services, IConfiguration configuration)
    {
        services.PostConfigure<DatasetsOptions>(options =>
        {
            options.Path = DatasetsOptions.ResolvePath(options.Path, Hosting.ServiceOptionsSetup.DataDirectory(configuration));
        });
        services.AddSingleton<DatasetLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<DatasetLoader>());
        return services;
    }
}
