using FactorTrace.Regions;
using FactorTrace.Server.Datasets;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using FactorTrace.Units;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactorTrace.Server.Factors;

/// <summary>Reference lists: sources (status, licence, priority for the caller's tenant), regions, units and GWP sets.</summary>
internal static class ReferenceEndpoints
{
    public static RouteGroupBuilder MapReferenceEndpoints(this RouteGroupBuilder api)
    {
        var reference = api.MapGroup("").RequireAuthorization(Policies.Reader).WithTags("Reference");
        reference.MapGet("/sources", Sources).RequireBrokerReady();
        reference.MapGet("/regions", Regions).RequireBrokerReady();
        reference.MapGet("/units", () => TypedResults.Json(new
        {
            units = UnitRegistry.Default.Units.OrderBy(u => u.Dimension, StringComparer.Ordinal).ThenBy(u => u.Code, StringComparer.Ordinal)
                .Select(u => new { code = u.Code, dimension = u.Dimension, factor_to_canonical = u.FactorToCanonical, aliases = u.Aliases, calorific_basis = u.CalorificBasis }),
        }, ApiJson.Options));
        reference.MapGet("/gwp-sets", GwpSets);
        return api;
    }

    private static JsonHttpResult<object> Sources(TenantContext tenant, BrokerHost host, DatasetLoader loader, FactorTrace.Remote.RemoteSourceRegistry remote)
    {
        var broker = host.Ready;
        var order = tenant.Policy.Sources.EffectiveOrder(broker.SourceOrder).ToList();
        var loaded = loader.Loaded!.Datasets.ToDictionary(d => d.Info.Id, StringComparer.Ordinal);
        return TypedResults.Json<object>(new
        {
            sources = broker.Sources.Sources.OrderBy(s => order.IndexOf(s.Id) is var i and >= 0 ? i : int.MaxValue).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s =>
            {
                var datasets = s.Datasets.Select(d => loaded.GetValueOrDefault(d)).ToList();
                var present = datasets.OfType<FactorTrace.Datasets.Ingestion.IngestedDataset>().ToList();
                return new
                {
                    id = s.Id,
                    name = s.Name,
                    kind = s.Kind,
                    priority = order.IndexOf(s.Id) is var i and >= 0 ? i + 1 : (int?)null,
                    allowed = tenant.Policy.Sources.AllowedSources?.Contains(s.Id) ?? true,
                    status = SourceStatus.Of(s, present.Count, remote),
                    remote = s.IsRemote,
                    datasets = s.Datasets.Select(d => new
                    {
                        id = d,
                        loaded = loaded.ContainsKey(d),
                        version = loaded.GetValueOrDefault(d)?.Info.Version,
                        released = loaded.GetValueOrDefault(d)?.Info.Released,
                        factors = loaded.GetValueOrDefault(d)?.Factors.Count,
                        error = loader.Loaded.Failures.GetValueOrDefault(d),
                    }),
                    licence = s.IsRemote
                        ? [new { id = s.LicencePolicy.LicenceId ?? s.Id, attribution = s.LicencePolicy.Attribution ?? s.Name }]
                        : present.Select(d => new { id = d.Info.LicenceId, attribution = d.Info.Attribution }).Distinct().ToList(),
                    licence_policy = new { bulk_export = s.LicencePolicy.BulkExport, max_cache_age_seconds = s.LicencePolicy.MaxCacheAge?.TotalSeconds },
                    gwp_basis = s.GwpBasis,
                };
            }),
        }, ApiJson.Options);
    }

    private static JsonHttpResult<object> Regions(BrokerHost host)
    {
        var broker = host.Ready;
        var hierarchy = broker.Regions;
        var codes = CountryCodes.All.Select(c => c.Alpha2).Concat(broker.FactorRegions).Append("GLOBAL").Append("EU27")
            .Select(hierarchy.Normalize).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);
        return TypedResults.Json<object>(new
        {
            regions = codes.Select(code => new
            {
                code,
                name = hierarchy.Name(code),
                kind = hierarchy.Classify(code).ToString().ToLowerInvariant(),
                parents = hierarchy.Parents(code),
                has_factors = broker.FactorRegions.Contains(code),
            }),
        }, ApiJson.Options);
    }

    private static IResult GwpSets(DatasetLoader loader)
    {
        if (loader.Loaded is not { } loaded)
        {
            return Problems.DatasetsNotReady(loader.Error);
        }

        return TypedResults.Json(new
        {
            gwp_sets = loaded.Gwp.SelectMany(t => t.Value.Sets.Select(set => new { id = set, dataset = t.Key, gases = t.Value.GasCount(set), @default = set == "AR6" })),
        }, ApiJson.Options);
    }
}
