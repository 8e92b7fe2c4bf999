using FactorTrace.Broker;
using FactorTrace.Caching;
using FactorTrace.Datasets;
using FactorTrace.Import;
using FactorTrace.Import.TextClassification;
using FactorTrace.Remote;
using FactorTrace.Resilience;
using FactorTrace.Server.Caching;
using FactorTrace.Server.Classification;
using FactorTrace.Server.Datasets;
using FactorTrace.Server.Erp;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Grid;
using FactorTrace.Server.Health;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Imports;
using FactorTrace.Server.Ledger;
using FactorTrace.Server.Notifications;
using FactorTrace.Server.Observability;
using FactorTrace.Server.Reporting;
using FactorTrace.Server.Tenancy;
using FactorTrace.Server.Usage;
using FactorTrace.Server.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Hosting;

/// <summary>Builds the whole service; <c>Program</c> runs it, the integration tests start it on 127.0.0.1.</summary>
public static class ServiceHost
{
    /// <summary>The configured application, not yet started.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Everything this process (and SQLite inside it) creates is readable by the service's user only.
        FactorTrace.Data.PrivateFiles.RestrictNewFiles();
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.AddJsonLogs(builder.Configuration);
        var configuration = builder.Configuration;
        builder.Services.AddServiceOptions(configuration);
        builder.Services.AddFactorTraceDatasets(options => configuration.GetSection(DatasetsOptions.SectionName).Bind(options));
        builder.Services.AddDatasetLoading(configuration);
        builder.Services.AddFactorBroker(options => configuration.GetSection(BrokerOptions.SectionName).Bind(options));
        builder.Services.AddBrokerHost();
        builder.Services.AddStorageAndTenancy(configuration);
        builder.Services.AddFactorTraceIdentity(configuration);
        builder.Services.AddTenantRateLimits();
        builder.Services.AddLedger();
        builder.Services.AddReporting();
        builder.Services.AddGridHost(configuration);
        builder.Services.AddImports(options => configuration.GetSection(ImportOptions.SectionName).Bind(options), Path.Combine(ServiceOptionsSetup.DataDirectory(configuration), "imports"));
        builder.Services.AddScoped<FactorTrace.Server.Imports.ImportActions>();
        builder.Services.AddLayeredCache(options => configuration.GetSection(CacheOptions.SectionName).Bind(options), AnswerSerializer.Instance,
            provider => provider.GetRequiredService<IOptions<ServiceOptions>>().Value.DataDirectory);
        builder.Services.AddRemoteSources(
            options => configuration.GetSection(RemoteSourcesOptions.SectionName).Bind(options), options => configuration.GetSection(ResilienceOptions.SectionName).Bind(options));
        builder.Services.AddObservability(configuration);
        builder.Services.AddProblemResponses();
        builder.Services.AddFactorTraceOpenApi();
        builder.Services.AddWebApp();
        builder.Services.AddUsage(configuration);
        builder.Services.AddNotifications(configuration);
        builder.Services.AddTextClassification(options => configuration.GetSection(ClassificationOptions.SectionName).Bind(options), sp => sp.GetRequiredService<BrokerHost>().Broker);
        builder.Services.AddErpHost(configuration);
        builder.Services.AddDataProtection().SetApplicationName("FactorTrace").PersistKeysToFileSystem(new DirectoryInfo(
            configuration[$"{ServiceOptions.SectionName}:{nameof(ServiceOptions.DataProtectionKeysDirectory)}"] is { Length: > 0 } keys
                ? keys : Path.Combine(ServiceOptionsSetup.DataDirectory(configuration), "keys")));
        configure?.Invoke(builder);
        AddMetricsListener(builder);

        var app = builder.Build();
        FactorTrace.Data.PrivateFiles.EnsureDirectory(ServiceOptionsSetup.DataDirectory(builder.Configuration));
        app.UseProblemResponses();
        app.UseWebSecurityHeaders();
        app.UseWhen(WebSession.IsPageRequest, page => page.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseWebStaticFiles();
        // Routing after the status-code pages, so a page's 404 re-executed as /error/404 is routed afresh.
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<Observability.MetricsAccess>();
        app.UseMiddleware<TenantContextMiddleware>();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint(Observability.MetricsAccess.Path).DisableRateLimiting();
        app.MapOpenApi("/openapi/{documentName}.json");
        // The load tests' baseline: the smallest JSON endpoint of this process (no auth, no rate limit).
        app.MapGet("/ping", () => TypedResults.Ok(new { pong = true })).AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();

        var api = app.MapGroup("/api/v1");
        api.MapAuthEndpoints();
        api.MapFactorEndpoints();
        api.MapBrokerHealthEndpoints();
        api.MapReferenceEndpoints();
        api.MapDatasetEndpoints();
        api.MapTenantEndpoints();
        api.MapUserEndpoints();
        api.MapApiKeyEndpoints();
        api.MapActivityEndpoints();
        api.MapPrivateFactorEndpoints();
        api.MapCalculationEndpoints();
        api.MapImportEndpoints();
        api.MapMappingTemplateEndpoints();
        api.MapReportEndpoints();
        api.MapGridEndpoints();
        api.MapWindowEndpoints();
        api.MapWorkloadEndpoints();
        api.MapUsageEndpoints();
        api.MapClassificationEndpoints();
        api.MapNotificationEndpoints();
        api.MapErpEndpoints();
        app.MapRazorPages();
        // Read from configuration, as the authentication schemes are: resolving the validated options here would fail the
        // build of the host instead of its start, where every bad setting is reported together.
        app.MapBrowserSso(app.Configuration.GetSection($"{ServiceOptions.SectionName}:Auth:Oidc").Get<OidcOptions>() ?? new OidcOptions());
        return app;
    }

    /// <summary>With <c>Metrics:Port</c> set, one more listener for the scraper, beside the URLs the host was given.</summary>
    private static void AddMetricsListener(WebApplicationBuilder builder)
    {
        if (!int.TryParse(builder.Configuration[$"{ServiceOptions.SectionName}:Metrics:Port"], out var port) || port is <= 0 or > 65535)
        {
            return;
        }

        var host = builder.Configuration[$"{ServiceOptions.SectionName}:Metrics:Address"] is { Length: > 0 } address ? address : "127.0.0.1";
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } configured ? configured : "http://localhost:5000";
        builder.WebHost.UseUrls($"{urls};http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}");
    }
}
