using FactorTrace.Usage;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Usage;

/// <summary>Registration of metering and credits.</summary>
internal static class UsageSetup
{
    public static IServiceCollection AddUsage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UsageOptions>().Bind(configuration.GetSection(UsageOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UsageOptions>, UsageOptionsValidator>();
        services.AddSingleton(sp => new UsageMeter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<UsageMetrics>();
        services.AddScoped<CreditCharges>();
        services.AddSingleton<UsageFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageFlusher>());
        return services;
    }
}
