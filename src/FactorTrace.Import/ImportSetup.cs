using FactorTrace.Import.Processing;
using FactorTrace.Import.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactorTrace.Import;

/// <summary>Registration of the importer.</summary>
public static class ImportSetup
{
    /// <summary>
    /// Adds <see cref="ImportService"/> with validated <see cref="ImportOptions"/>; <paramref name="defaultStorage"/>
    /// is used when <c>StorageDirectory</c> is not configured. Register an <see cref="IActivityMatcher"/> to match descriptions.
    /// </summary>
    public static IServiceCollection AddImports(this IServiceCollection services, Action<ImportOptions> configure, string defaultStorage)
    {
        services.AddOptions<ImportOptions>()
            .Configure(configure)
            .PostConfigure(o => o.StorageDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(o.StorageDirectory) ? defaultStorage : o.StorageDirectory))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ImportProgress>();
        services.TryAddSingleton(sp => new ImportService(
            sp.GetRequiredService<IOptions<ImportOptions>>(), sp.GetRequiredService<ImportProgress>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IActivityMatcher>(),
            sp.GetService<ILogger<ImportService>>(), sp.GetService<TextClassification.IDescriptionClassifier>()));
        return services;
    }
}
