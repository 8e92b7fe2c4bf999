using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Hosting;

/// <summary>One plain line for a person starting the service: where it listens and where the first admin's password is.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var options = app.Services.GetRequiredService<IOptions<ServiceOptions>>().Value;
        var initializer = app.Services.GetRequiredService<DatabaseInitializer>();
        _ = initializer.WhenReady.ContinueWith(
            _ => Console.WriteLine(
                $"FactorTrace listening on {string.Join(", ", urls)} (data: {options.DataDirectory}). " +
                (initializer.CredentialsFile is { } file
                    ? $"Bootstrap admin credentials: {file}"
                    : "Bootstrap admin: FactorTrace__Bootstrap__AdminEmail / AdminPassword, or bootstrap-admin.txt in the data directory from the first start.")),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }
}
