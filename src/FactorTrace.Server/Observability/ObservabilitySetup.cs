using OpenTelemetry.Metrics;

namespace FactorTrace.Server.Observability;

/// <summary>Registration of metrics and logs.</summary>
internal static class ObservabilitySetup
{
    /// <summary>Adds the service's meters and the Prometheus exporter of them, the cache's and the dependencies'.</summary>
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.AddSingleton<ServiceMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(ServiceMetrics.MeterName, FactorTrace.Caching.CacheStats.MeterName, FactorTrace.Resilience.DependencyRegistry.MeterName, FactorTrace.Grid.GridMetrics.MeterName, ServiceMetrics.MeterName + ".Usage")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Logs as JSON lines with scopes and UTC timestamps.</summary>
    public static ILoggingBuilder AddJsonLogs(this ILoggingBuilder logging)
    {
        logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        return logging;
    }
}
