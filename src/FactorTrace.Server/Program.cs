using FactorTrace.Server.Hosting;

var app = ServiceHost.Build(args);
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
app.Run();
