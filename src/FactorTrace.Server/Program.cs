using FactorTrace.Server.Hosting;
using FactorTrace.Server.Tenancy;

var app = ServiceHost.Build(args);
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
app.Run();
// A start refused for good (a PostgreSQL connection that bypasses row-level security) ends with a failure code.
return app.Services.GetRequiredService<DatabaseInitializer>().Refused ? 1 : 0;
