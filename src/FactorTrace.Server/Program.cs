using FactorTrace.Datasets;
using FactorTrace.Server.Datasets;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Health;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddJsonLogs();
builder.Services.AddServiceOptions(builder.Configuration);
builder.Services.AddFactorTraceDatasets(options => builder.Configuration.GetSection(DatasetsOptions.SectionName).Bind(options));
builder.Services.AddDatasetLoading(builder.Configuration);
builder.Services.AddStorageAndTenancy(builder.Configuration);
builder.Services.AddObservability();
builder.Services.AddProblemResponses();
builder.Services.AddOpenApi("v1");

var app = builder.Build();
app.UseProblemResponses();
app.UseAuthentication();
app.UseMiddleware<TenantContextMiddleware>();
app.UseRateLimiter();
app.UseAuthorization();

app.MapHealthEndpoints();
app.MapPrometheusScrapingEndpoint("/metrics");
app.MapOpenApi("/openapi/{documentName}.json");
app.MapGet("/ping", () => TypedResults.Ok(new { pong = true })).AllowAnonymous().ExcludeFromDescription();

var api = app.MapGroup("/api/v1");
api.MapAuthEndpoints();
api.MapFactorEndpoints();
api.MapReferenceEndpoints();
api.MapDatasetEndpoints();
api.MapTenantEndpoints();
api.MapUserEndpoints();
api.MapApiKeyEndpoints();

app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
app.Run();

/// <summary>Entry point (public for the integration tests' host).</summary>
public partial class Program;
