using FactorTrace.Grid;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Query;
using FactorTrace.Grid.Scheduling;
using FactorTrace.Grid.Store;
using FactorTrace.Grid.Windows;
using FactorTrace.Grid.Zones;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Usage;
using FactorTrace.Usage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Grid;

/// <summary>Hourly grid intensity: zones and cloud regions, the latest value with failover, an interval from the store, runs.</summary>
internal static class GridEndpoints
{
    public static RouteGroupBuilder MapGridEndpoints(this RouteGroupBuilder api)
    {
        var grid = api.MapGroup("/grid").RequireAuthorization(Policies.Reader).WithTags("Grid");
        grid.MapGet("/zones", Zones).Produces(StatusCodes.Status200OK, contentType: "application/json");
        grid.MapGet("/intensity/latest", LatestAsync).Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable).Metered(Meters.GridQueries);
        grid.MapGet("/intensity", IntensityAsync).Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).Metered(Meters.GridQueries);
        grid.MapGet("/runs", RunsAsync).Produces(StatusCodes.Status200OK, contentType: "application/json");
        return api;
    }

    private static async Task<JsonHttpResult<object>> Zones(GridReference reference, GridStore store, CancellationToken cancellationToken)
    {
        var stored = (await store.ZonesAsync(cancellationToken).ConfigureAwait(false)).ToLookup(z => z.Zone, StringComparer.OrdinalIgnoreCase);
        var catalogue = reference.Zones;
        return TypedResults.Json<object>(new
        {
            zones = catalogue.Zones.Select(z => new
            {
                id = z.Id,
                name = z.Name,
                country = z.Country,
                subdivisions = z.Subdivisions,
                watttime_region = z.WattTimeRegion,
                curated = z.Curated,
                hourly = stored[z.Id].Select(s => new { signal = s.Signal, first = GridInstants.Format(s.First), last = GridInstants.Format(s.Last), hours = s.Hours }),
            }),
            cloud_regions = catalogue.CloudRegions.Select(c => new { provider = c.Provider, region = c.Region, location = c.Location, zone = c.Zone, source = c.Source }),
        }, ApiJson.Options);
    }

    private static async Task<IResult> LatestAsync(string? zone, GridReference reference, GridIntensityService service, CancellationToken cancellationToken)
    {
        var catalogue = reference.Zones;
        if (Unresolved(catalogue, zone, out var found, out var viaCloud) is { } problem)
        {
            return problem;
        }

        var answer = await service.LatestAsync(found, cancellationToken).ConfigureAwait(false);
        if (answer.Point is null && answer.Yearly is null)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "grid_unavailable",
                $"No provider answered for {found.Id}, nothing is stored for it and no yearly mean is loaded.", "zone");
        }

        return TypedResults.Json(new
        {
            zone = answer.Zone,
            cloud_region = viaCloud is null ? null : $"{viaCloud.Provider}:{viaCloud.Region}",
            unit = GridUnits.GramsPerKwh,
            point = answer.Point is { } p ? GridJson.Point(p) : null,
            yearly = answer.Yearly is { } y ? new { year = y.Year, lifecycle = y.Lifecycle, factor_id = y.FactorId, dataset = y.Dataset, licence = y.Licence } : null,
            fallback = answer.Fallback,
            warning = answer.Warning,
            attempts = answer.Attempts.Select(a => new { source = a.Source, outcome = a.Outcome, error = a.Error }),
        }, ApiJson.Options);
    }

    private static async Task<IResult> IntensityAsync(
        string? zone, string? from, string? to, string? signal, GridReference reference, GridIntensityQuery query, IOptions<GridOptions> options, CancellationToken cancellationToken)
    {
        var (answer, problem) = await IntensityOfAsync(zone, from, to, signal, reference, query, options.Value, cancellationToken).ConfigureAwait(false);
        return problem is not null ? problem : TypedResults.Json(GridJson.Intensity(answer!), ApiJson.Options);
    }

    /// <summary>A zone's hourly intensity over [from, to) (the API's query and the grid page's), or the problem with the request.</summary>
    internal static async Task<(IntensityAnswer? Answer, ProblemHttpResult? Problem)> IntensityOfAsync(
        string? zone, string? from, string? to, string? signal, GridReference reference, GridIntensityQuery query, GridOptions options, CancellationToken cancellationToken)
    {
        if (Unresolved(reference.Zones, zone, out var found, out _) is { } problem)
        {
            return (null, problem);
        }

        if (!WindowInstant.TryParse(from, "from", out var start, out var fromError))
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, fromError!.Code, fromError.Message, "from"));
        }

        if (!WindowInstant.TryParse(to, "to", out var end, out var toError))
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, toError!.Code, toError.Message, "to"));
        }

        if (end <= start)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "invalid_interval", $"to ({GridInstants.Format(end)}) must be after from ({GridInstants.Format(start)}); the interval is [from, to).", "to"));
        }

        if (end - start > options.MaxQuerySpan)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "interval_too_long", $"The interval spans {(end - start).TotalDays:0.#} days; at most {options.MaxQuerySpan.TotalDays:0} days per request.", "to"));
        }

        var wanted = signal is null ? GridSignals.Average : GridSignals.Parse(signal);
        if (wanted is null)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "invalid_signal", $"signal '{signal}' is not one of: {string.Join(", ", GridSignals.All)}.", "signal"));
        }

        return (await query.GetAsync(found.Id, wanted, start, end, cancellationToken).ConfigureAwait(false), null);
    }

    private static async Task<IResult> RunsAsync(string? job, int? limit, GridRunQueries runs, IOptions<GridOptions> options, CancellationToken cancellationToken)
    {
        var list = await runs.RecentAsync(job, Math.Clamp(limit ?? 50, 1, 500), cancellationToken).ConfigureAwait(false);
        var o = options.Value;
        var missed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, every) in new[] { (GridJobNames.Ingest, o.IngestEvery), (GridJobNames.Forecast, o.ForecastEvery), (GridJobNames.Retention, o.RetentionEvery) })
        {
            missed[name] = await runs.MissedSlotsAsync(name, every, null, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Json(new
        {
            scheduler = new { enabled = o.SchedulerEnabled, zones = o.Zones, missed_slots = missed },
            runs = list.Select(r => new
            {
                id = r.Id,
                job = r.Job,
                slot = r.Slot is { } s ? GridInstants.Format(s) : null,
                instance = r.Instance,
                started = r.StartedAt,
                ended = r.EndedAt,
                rows = r.Rows,
                replaced = r.Replaced,
                outcome = r.Outcome,
                detail = r.Detail,
            }),
        }, ApiJson.Options);
    }

    /// <summary>Null when <paramref name="zone"/> names a zone or cloud region (then in <paramref name="found"/>), else the problem.</summary>
    private static ProblemHttpResult? Unresolved(ZoneCatalogue zones, string? zone, out GridZone found, out CloudRegion? viaCloud)
    {
        found = null!;
        viaCloud = null;
        if (string.IsNullOrWhiteSpace(zone))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "zone_required", "zone is required (an Electricity Maps zone id such as DE, or a cloud region such as aws:eu-central-1).", "zone");
        }

        return zones.TryResolve(zone, out found, out viaCloud) ? null
            : Problems.Create(StatusCodes.Status404NotFound, "unknown_zone", $"'{zone}' is not a known zone or cloud region.", "zone", zones.Suggest(zone));
    }
}
