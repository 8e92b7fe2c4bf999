using FactorTrace.Erp;

namespace FactorTrace.Server.Erp;

/// <summary>Registration of the ERP import in the service: the library, and the worker that runs scheduled pulls.</summary>
internal static class ErpHostSetup
{
    public static IServiceCollection AddErpHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddErpImport(o => configuration.GetSection(ErpOptions.SectionName).Bind(o));
        services.AddSingleton<ErpWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ErpWorker>());
        return services;
    }
}
