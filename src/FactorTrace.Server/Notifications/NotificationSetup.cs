using FactorTrace.Resilience;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Notifications;

/// <summary>Registration of e-mail notifications: settings, the outbox sender, the open-circuit watcher.</summary>
internal static class NotificationSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddKnownDependencies(new Dictionary<string, DependencyKind>(StringComparer.OrdinalIgnoreCase) { [EmailOptions.DependencyName] = DependencyKind.RemoteApi });
        // A send that failed may still have been accepted: the outbox retries with back-off, the pipeline does not, and an
        // SMTP conversation gets more time than an API call. Configured values win.
        services.PostConfigure<ResilienceOptions>(o =>
        {
            if (!o.Dependencies.TryGetValue(EmailOptions.DependencyName, out var smtp))
            {
                o.Dependencies[EmailOptions.DependencyName] = smtp = new DependencyOptions();
            }

            smtp.MaxRetries ??= 0;
            smtp.Timeout ??= TimeSpan.FromSeconds(30);
        });
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<OutboxMetrics>();
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        services.AddSingleton<CircuitWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<CircuitWatcher>());
        return services;
    }
}
