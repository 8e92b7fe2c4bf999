using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Hosting;

/// <summary>
/// What a person starting the service needs: where it listens and where the first admin's password is. Written as a
/// dedicated log event (<c>EventId 1, "ServiceReady"</c>, with the URLs and the credentials file as fields) for log
/// collectors, and as plain, highlighted text between blank lines when the console is a terminal, so it does not drown
/// in the JSON lines around it.
/// </summary>
internal static partial class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var options = app.Services.GetRequiredService<IOptions<ServiceOptions>>().Value;
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FactorTrace.Startup");
        _ = initializer.WhenReady.ContinueWith(
            _ =>
            {
                var credentials = initializer.CredentialsFile is { } file
                    ? $"Bootstrap admin credentials: {file}"
                    : "Bootstrap admin: FactorTrace__Bootstrap__AdminEmail / AdminPassword, or bootstrap-admin.txt in the data directory from the first start.";
                var text = $"FactorTrace listening on {string.Join(", ", urls)} (data: {options.DataDirectory}). {credentials}";
                LogReady(logger, string.Join(", ", urls), options.DataDirectory, credentials);
                if (!Console.IsOutputRedirected)
                {
                    Console.WriteLine($"\n\u001b[1m{text}\u001b[0m\n");
                }
            },
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    [LoggerMessage(1, LogLevel.Warning, "ServiceReady: FactorTrace listening on {Urls} (data: {DataDirectory}). {Credentials}", EventName = "ServiceReady")]
    private static partial void LogReady(ILogger logger, string urls, string dataDirectory, string credentials);
}
