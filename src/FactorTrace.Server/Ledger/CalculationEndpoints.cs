using System.Globalization;
using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Ledger;

/// <summary>Calculation runs, period summaries and per-record results with provenance.</summary>
internal static class CalculationEndpoints
{
    public static RouteGroupBuilder MapCalculationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Ledger");
        group.MapPost("/calculations", RunAsync).RequireAuthorization(Policies.Editor).RequireBrokerReady().Accepts<CalculationBody>("application/json").Produces<RunView>(StatusCodes.Status201Created)
            .WithSummary("Calculates every record dated in [from, to] into a new result set; earlier runs are kept.");
        group.MapGet("/calculations", ListAsync).RequireAuthorization(Policies.Reader);
        group.MapGet("/calculations/{id:guid}", GetAsync).RequireAuthorization(Policies.Reader);
        group.MapGet("/emissions/summary", SummaryAsync).RequireAuthorization(Policies.Reader).WithMetadata(new OpenApiSetup.QueryParameters(CanBeNotFound: true))
            .WithSummary("Totals (kg CO2e) of the latest run covering [from, to], or of ?run=, grouped by scope, category, site, month or gas, for both Scope 2 methods, with uncertainty.");
        group.MapGet("/emissions/records", RecordsAsync).RequireAuthorization(Policies.Reader).WithMetadata(new OpenApiSetup.QueryParameters(CanBeNotFound: true))
            .WithSummary("Per-record results of a run with the factor answer (provenance and hash) each used.");
        return api;
    }

    private static async Task<IResult> RunAsync(
        HttpRequest request, TenantContext tenant, BrokerHost host, LedgerCalculator calculator, FactorTraceDb db, AuditLog audit, CancellationToken cancellationToken)
    {
        var broker = host.Ready;
        var body = await JsonBody.ReadAsync<CalculationBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var check = CalculationStart.Check(body.Value!, broker);
        if (check.Error is { } invalid)
        {
            return Problems.Create(check.Status, invalid.Code, invalid.Message, invalid.Field, invalid.Suggestions);
        }

        var run = await CalculationStart.RunAsync(check, broker, calculator, tenant, db, audit, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(RunView.Of(run), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<Ok<List<RunView>>> ListAsync(FactorTraceDb db, CancellationToken cancellationToken)
    {
        var runs = await db.CalculationRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(500).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(runs.Select(RunView.Of).ToList());
    }

    private static async Task<Results<Ok<RunView>, ProblemHttpResult>> GetAsync(Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var run = await db.CalculationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        return run is null ? await guard.NotFoundAsync(tenant.Caller, "calculation", id, cancellationToken).ConfigureAwait(false) : TypedResults.Ok(RunView.Of(run));
    }

    private static async Task<IResult> SummaryAsync(HttpRequest request, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var q = request.Query;
        var groupBy = q.TryGetValue("group_by", out var g) && !string.IsNullOrEmpty(g) ? g.ToString() : "scope";
        if (!EmissionQueries.Groupings.Contains(groupBy))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"group_by '{groupBy}' is not one of {string.Join(", ", EmissionQueries.Groupings)}.", "group_by", EmissionQueries.Groupings);
        }

        if (Int(q, "iterations", 1_000, 200_000, 10_000, out var iterations) is { } badIterations)
        {
            return badIterations;
        }

        if (Int(q, "seed", int.MinValue, int.MaxValue, 42, out var seed) is { } badSeed)
        {
            return badSeed;
        }
        var (run, from, to, problem) = await SelectRunAsync(q, tenant, db, guard, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var summary = await new EmissionQueries(db).SummarizeAsync(run!, from, to, groupBy, iterations, seed, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(SummaryView.From(summary), ApiJson.Options);
    }

    private static async Task<IResult> RecordsAsync(HttpRequest request, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var q = request.Query;
        var (run, from, to, problem) = await SelectRunAsync(q, tenant, db, guard, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (Paging.Read(q, out var offset, out var limit, 100, 1000) is { } badPage)
        {
            return badPage;
        }

        var status = q.TryGetValue("status", out var statusText) && !string.IsNullOrEmpty(statusText) ? statusText.ToString() : null;
        if (status is not null and not (ResultStatuses.Ok or ResultStatuses.Error))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"status must be ok or error (got '{status}').", "status", [ResultStatuses.Ok, ResultStatuses.Error]);
        }

        var (rows, factors) = await new EmissionQueries(db).RecordsAsync(run!.Id, from, to, offset, limit, cancellationToken, status).ConfigureAwait(false);
        var answers = ResultRowView.Answers(factors);
        return TypedResults.Json(new
        {
            run_id = run.Id,
            from,
            to,
            offset,
            limit,
            items = rows.Select(r => ResultRowView.Of(r, answers)),
        }, ApiJson.Options);
    }

    /// <summary>The run named by <c>?run=</c>, or the latest completed run whose period covers [from, to].</summary>
    private static async Task<(CalculationRun? Run, DateOnly From, DateOnly To, IResult? Problem)> SelectRunAsync(
        IQueryCollection q, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        if (Paging.Dates(q, out var from, out var to) is { } badDate)
        {
            return (null, default, default, badDate);
        }
        if (q.TryGetValue("run", out var runText) && !string.IsNullOrEmpty(runText))
        {
            if (!Guid.TryParse(runText, out var runId))
            {
                return (null, default, default, Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"run must be a run id (got '{runText}').", "run"));
            }

            var named = await db.CalculationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken).ConfigureAwait(false);
            if (named is null)
            {
                return (null, default, default, await guard.NotFoundAsync(tenant.Caller, "calculation", runId, cancellationToken).ConfigureAwait(false));
            }

            return named.Status != "completed"
                ? (null, default, default, Problems.Create(StatusCodes.Status409Conflict, "run_not_completed", $"Run {runId} is {named.Status}.", "run"))
                : (named, from ?? named.From, to ?? named.To, null);
        }

        if (from is null || to is null)
        {
            return (null, default, default, Problems.Create(StatusCodes.Status400BadRequest, "missing_field", $"'{(from is null ? "from" : "to")}' is required (yyyy-MM-dd), or name a run.", from is null ? "from" : "to"));
        }

        if (to < from)
        {
            return (null, default, default, Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", "'to' is before 'from'.", "to"));
        }

        var run = await new EmissionQueries(db).LatestCoveringAsync(from.Value, to.Value, cancellationToken).ConfigureAwait(false);
        return run is null
            ? (null, default, default, Problems.Create(StatusCodes.Status404NotFound, "no_calculation",
                $"No completed calculation covers {from:yyyy-MM-dd} to {to:yyyy-MM-dd}; POST /api/v1/calculations with that period first.", "from"))
            : (run, from.Value, to.Value, null);
    }

    private static ProblemHttpResult? Int(IQueryCollection q, string name, int min, int max, int fallback, out int value)
    {
        value = fallback;
        if (!q.TryGetValue(name, out var text) || string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max
            ? null
            : Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"{name} must be a whole number between {min} and {max} (got '{text}').", name);
    }
}

/// <summary>The period to calculate.</summary>
internal sealed record CalculationBody(DateOnly? From, DateOnly? To, string? Gwp = null);

/// <summary>A run as the API returns it.</summary>
internal sealed record RunView(
    Guid Id, DateOnly From, DateOnly To, string Status, string Gwp, int Records, int Calculated, int Failed, double TotalKgco2e, double TotalKgco2eMarketBased,
    string Generation, IReadOnlyDictionary<string, string> DatasetVersions, Guid? SupersedesRunId, string Actor, DateTime StartedAt, DateTime? FinishedAt, string? Error)
{
    public static RunView Of(CalculationRun r) => new(
        r.Id, r.From, r.To, r.Status, r.GwpSet, r.Records, r.Calculated, r.Failed, r.KgCo2eLocation, r.KgCo2eMarket, r.Generation,
        r.DatasetVersions.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal),
        r.SupersedesRunId, r.Actor, r.StartedAt, r.FinishedAt, r.Error);
}

/// <summary>A summary as the API returns it.</summary>
internal static class SummaryView
{
    public static object From(EmissionSummary s) => new
    {
        run = RunView.Of(s.Run),
        from = s.From,
        to = s.To,
        group_by = s.GroupBy,
        total_kgco2e = s.Location.KgCo2e,
        total_kgco2e_market_based = s.Market.KgCo2e,
        scope2 = new { location_based_kgco2e = s.Scope2.LocationKgCo2e, market_based_kgco2e = s.Scope2.MarketKgCo2e },
        biogenic_co2_kg = s.BiogenicCo2Kg,
        scope1_by_source = s.Scope1BySource.Select(g => new { key = g.Key, kgco2e = g.LocationKgCo2e }),
        groups = s.Groups.Select(g => new { key = g.Key, kgco2e = g.LocationKgCo2e, kgco2e_location_based = g.LocationKgCo2e, kgco2e_market_based = g.MarketKgCo2e }),
        uncertainty = new { location_based = Uncertainty(s.Location), market_based = Uncertainty(s.Market) },
        primary_data_share = new { location_based = Share(s.Location), market_based = Share(s.Market) },
        records = s.Records,
        failed_records = s.Failed,
    };

    private static object Uncertainty(MethodTotal total) => new { analytical = total.Analytical, monte_carlo = total.MonteCarlo };

    private static double Share(MethodTotal total) => total.KgCo2e == 0 ? 0 : total.PrimaryKgCo2e / total.KgCo2e;
}
