using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FactorTrace.Server.Hosting;

/// <summary>Registration of the service's settings (<see cref="ServiceOptions"/>) and the plumbing every request uses.</summary>
internal static class ServiceOptionsSetup
{
    /// <summary>Adds the validated <see cref="ServiceOptions"/> (data directory resolved), Kestrel's body limit, the API's JSON, the clock.</summary>
    public static IServiceCollection AddServiceOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceOptions>()
            .Bind(configuration.GetSection(ServiceOptions.SectionName))
            .PostConfigure(o => o.DataDirectory = DataDirectory(configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Kestrel is built with the application, before options are validated: read the raw value (validated later).
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize =
            long.TryParse(configuration[$"{ServiceOptions.SectionName}:Api:MaxRequestBodyBytes"], out var limit) && limit > 0 ? limit : new ApiOptions().MaxRequestBodyBytes);
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddHttpContextAccessor();
        return services;
    }

    /// <summary>The data directory (<see cref="FactorTrace.Data.DataDirectory"/>) from the configuration.</summary>
    public static string DataDirectory(IConfiguration configuration) => Data.DataDirectory.Resolve(configuration[Data.DataDirectory.SettingKey]);
}
