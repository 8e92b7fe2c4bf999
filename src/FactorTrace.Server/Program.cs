using FactorTrace.Datasets;
using FactorTrace.Server.Datasets;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddFactorTraceDatasets(options =>
    builder.Configuration.GetSection(DatasetsOptions.SectionName).Bind(options));
builder.Services.AddDatasetLoading(builder.Configuration);

var app = builder.Build();
app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
app.MapDatasetEndpoints();
app.Run();
