namespace FactorTrace.Server.Reporting;

/// <summary>Registration of reports: the background worker that generates them.</summary>
internal static class ReportingSetup
{
    /// <summary>Adds the <see cref="ReportWorker"/> (a hosted service the report endpoints queue to).</summary>
    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        services.AddSingleton<ReportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ReportWorker>());
        return services;
    }
}
