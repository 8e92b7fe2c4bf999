using FactorTrace.Server.Health;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Tenancy;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args, Console.Out);
}

var app = ServiceHost.Build(args);
// Taken before Run: the container is disposed when Run returns.
var database = app.Services.GetRequiredService<DatabaseInitializer>();
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
await app.RunAsync();
// A start refused for good (a PostgreSQL connection that bypasses row-level security) ends with a failure code.
return database.Refused ? 1 : 0;
