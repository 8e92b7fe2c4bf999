using FactorTrace.Server.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FactorTrace.Server.Observability;

/// <summary>Registration of metrics and logs.</summary>
internal static class ObservabilitySetup
{
    /// <summary>Adds the service's meters and the Prometheus exporter of them, the cache's and the dependencies'.</summary>
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ServiceMetrics>();
        var telemetry = services.AddOpenTelemetry();
        var otlp = configuration.GetSection($"{ServiceOptions.SectionName}:Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (otlp.OtlpEndpoint is { } endpoint)
        {
            // Traced only when a collector is configured: a span per request, its factor resolution, the cache's loads,
            // PostgreSQL commands (Npgsql's own source) and outgoing HTTP calls.
            telemetry.ConfigureResource(r => r.AddService(otlp.ServiceName)).WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(FactorTrace.Remote.FactorResolver.TracingSourceName, FactorTrace.Caching.CacheStats.MeterName, "Npgsql", "System.Net.Http")
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = new Uri(endpoint, "v1/traces");
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                }));
        }

        telemetry.WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(ServiceMetrics.MeterName, FactorTrace.Caching.CacheStats.MeterName, FactorTrace.Resilience.DependencyRegistry.MeterName, FactorTrace.Grid.GridMetrics.MeterName, ServiceMetrics.MeterName + ".Usage", Notifications.OutboxMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>
    /// Logs as JSON lines with scopes (request id, tenant id, user) and UTC timestamps; <c>Logging:Console:FormatterName</c>
    /// (<c>simple</c>, <c>systemd</c>) selects another console format, for a person reading a terminal.
    /// </summary>
    public static ILoggingBuilder AddJsonLogs(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // AddJsonConsole sets the formatter after the configuration is bound; a configured one is put back here.
        if (configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
        {
            logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.FormatterName = formatter);
        }

        return logging;
    }
}
