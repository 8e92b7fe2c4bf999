using FactorTrace.Import.TextClassification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactorTrace.Erp;

/// <summary>Registration of the ERP import.</summary>
public static class ErpSetup
{
    /// <summary>
    /// Adds <see cref="ErpPuller"/>, <see cref="ErpFetcher"/>, <see cref="ErpDependencies"/> and <see cref="CredentialProtector"/>
    /// with <see cref="ErpOptions"/> validated at start-up. Needs the dependency registry; classifies with the
    /// <see cref="TextClassifier"/> when one is registered.
    /// </summary>
    public static IServiceCollection AddErpImport(this IServiceCollection services, Action<ErpOptions> configure)
    {
        services.AddOptions<ErpOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ErpOptions>, ErpOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // The dependency's pipeline times each page out; the client itself never does.
        services.AddHttpClient(ErpFetcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<CredentialProtector>();
        services.AddSingleton<ErpDependencies>();
        services.AddSingleton<ErpFetcher>();
        services.AddSingleton(sp => new ErpPuller(
            sp.GetRequiredService<ErpFetcher>(), sp.GetRequiredService<CredentialProtector>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ErpPuller>>(), sp.GetService<TextClassifier>()));
        return services;
    }
}
