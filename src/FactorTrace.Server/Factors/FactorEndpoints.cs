using System.Globalization;
using System.Text.Json;
using FactorTrace.Broker;
using FactorTrace.Remote;
using FactorTrace.Search;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Observability;
using FactorTrace.Server.Tenancy;
using FactorTrace.Server.Usage;
using FactorTrace.Usage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Factors;

/// <summary>The factor broker over HTTP: resolve (one and batch), search, one factor, GWP comparison, estimates.</summary>
internal static class FactorEndpoints
{
    public static RouteGroupBuilder MapFactorEndpoints(this RouteGroupBuilder api)
    {
        var factors = api.MapGroup("").RequireAuthorization(Policies.Reader).RequireBrokerReady().WithTags("Factors");
        factors.MapPost("/factors/resolve", ResolveOneAsync).Accepts<ResolveBody>("application/json").Produces<FactorAnswer>()
            .WithSummary("The best factor for an activity, region, year and unit, with quality, uncertainty, licence and provenance.");
        factors.MapPost("/factors/resolve/batch", ResolveBatchAsync).Accepts<BatchBody<ResolveBody>>("application/json")
            .WithSummary("Up to MaxBatchItems resolve requests; results in request order, each an answer (or its summary with ?detail=summary) or {\"error\"}.");
        factors.MapGet("/factors/search", Search).WithSummary("Fuzzy search over activities and factors with filters and facets.");
        factors.MapGet("/factors/{*id}", GetFactor).WithSummary("One published factor by id (dataset:row).");
        factors.MapPost("/factors/compare-gwp", CompareGwpAsync).Accepts<ResolveBody>("application/json").Produces<GwpComparison>();
        factors.MapPost("/estimate", EstimateAsync).Accepts<EstimateBody>("application/json").Produces<Estimation>();
        factors.MapPost("/estimate/batch", EstimateBatchAsync).Accepts<BatchBody<EstimateBody>>("application/json");
        return api;
    }

    private static async Task<IResult> ResolveOneAsync(HttpRequest request, TenantContext tenant, BrokerHost host, FactorResolver resolver, ServiceMetrics metrics, UsageMeter usage, CancellationToken cancellationToken)
    {
        var broker = host.Ready;
        var body = await JsonBody.ReadAsync<ResolveBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (outcome, invalid) = await ResolveAsync(body.Value!, tenant, broker, resolver, false, cancellationToken).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        metrics.Resolved(outcome!);
        usage.CountResolved(tenant.TenantId, outcome!, broker);
        return outcome!.Answer is { } answer ? TypedResults.Bytes(AnswerJson.Bytes(answer), "application/json") : Problems.From(outcome.Error!);
    }

    private static async Task<IResult> ResolveBatchAsync(
        HttpRequest request, TenantContext tenant, BrokerHost host, FactorResolver resolver, ServiceMetrics metrics, UsageMeter usage, IOptions<ServiceOptions> options, BatchQuota quota,
        CancellationToken cancellationToken)
    {
        var broker = host.Ready;
        var detail = request.Query["detail"].ToString();
        if (detail is not ("" or "full" or "summary"))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "detail is 'full' (default) or 'summary'.", "detail", ["full", "summary"]);
        }

        var (items, problem) = await ReadBatchAsync<ResolveBody>(request, options.Value.Api.MaxBatchItems, cancellationToken).ConfigureAwait(false);
        if ((problem ?? await quota.TryConsumeAsync(request.HttpContext, items!.Count).ConfigureAwait(false)) is { } refused)
        {
            return refused;
        }

        Func<FactorAnswer, byte[]> render = detail == "summary" ? AnswerJson.SummaryBytes : AnswerJson.Bytes;
        var resolved = await PrefetchAsync(items!, tenant, broker, resolver, cancellationToken).ConfigureAwait(false);
        return new JsonWriterResult(async (writer, ct) =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            for (var i = 0; i < items!.Count; i++)
            {
                var item = items[i];
                await JsonWriterResult.FlushIfFullAsync(writer, ct).ConfigureAwait(false);
                if (item.Error is { } error)
                {
                    AnswerJson.WriteError(writer, error.Code, error.Field, error.Message, error.Suggestions);
                    continue;
                }

                var (outcome, invalid) = resolved?[i] ?? await ResolveAsync(item.Result!, tenant, broker, resolver, true, ct).ConfigureAwait(false);
                if (invalid is not null)
                {
                    WriteProblem(writer, invalid);
                    continue;
                }

                metrics.Resolved(outcome!);
                usage.CountResolved(tenant.TenantId, outcome!, broker);
                if (outcome!.Answer is { } answer)
                {
                    writer.WriteRawValue(render(answer), skipInputValidation: true);
                }
                else
                {
                    AnswerJson.WriteError(writer, outcome.Error!.Code, outcome.Error.Field, outcome.Error.Message, outcome.Error.Suggestions);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static Results<Ok<SearchResults>, ProblemHttpResult> Search(HttpRequest request, BrokerHost host) => Find(request.Query, host.Ready);

    /// <summary>A search from its query parameters (the API's and the factor explorer page's), or the problem with them.</summary>
    internal static Results<Ok<SearchResults>, ProblemHttpResult> Find(IQueryCollection query, FactorBroker broker)
    {
        if (QueryInt(query, "year", 1990, 2100, out var year) is { } badYear)
        {
            return badYear;
        }

        if (QueryInt(query, "limit", 1, 200, out var limit) is { } badLimit)
        {
            return badLimit;
        }

        if (QueryInt(query, "offset", 0, 100_000, out var offset) is { } badOffset)
        {
            return badOffset;
        }

        if (query["kind"].ToString() is { Length: > 0 } kind && kind is not ("activity" or "factor"))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "kind is 'activity' or 'factor'.", "kind", ["activity", "factor"]);
        }

        var known = new HashSet<string>(["q", "region", "year", "source", "unit_type", "scope", "kind", "limit", "offset"], StringComparer.Ordinal);
        if (query.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"Unknown query parameter '{unknown}'.", unknown, known.Order(StringComparer.Ordinal).ToList());
        }

        return TypedResults.Ok(broker.Search.Find(new SearchQuery
        {
            Text = query["q"].ToString(),
            Region = NullIfEmpty(query["region"]),
            Year = year,
            Source = NullIfEmpty(query["source"]),
            UnitType = NullIfEmpty(query["unit_type"]),
            Scope = NullIfEmpty(query["scope"]),
            Kind = NullIfEmpty(query["kind"]),
            Limit = limit ?? 20,
            Offset = offset ?? 0,
        }));
    }

    private static IResult GetFactor(string id, BrokerHost host)
    {
        var broker = host.Ready;
        if (!broker.Store.TryGet(id, out var factor))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "unknown_factor", $"No factor '{id}'. Factor ids are '<dataset>:<publisher row id>'.", "id",
                broker.Search.Find(new SearchQuery { Text = id.Replace(':', ' '), Kind = "factor", Limit = 5 }).Hits.Select(h => h.Id).ToList());
        }

        return TypedResults.Json(factor, ApiJson.Options);
    }

    private static async Task<IResult> CompareGwpAsync(HttpRequest request, TenantContext tenant, BrokerHost host, FactorResolver resolver, CancellationToken cancellationToken)
    {
        var broker = host.Ready;
        var body = await JsonBody.ReadAsync<ResolveBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Value!.Gwp is not null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "compare-gwp compares AR5 and AR6; leave gwp out.", "gwp");
        }

        var (ar5, invalid) = await ResolveAsync(body.Value!, tenant, broker, resolver, false, cancellationToken, "AR5").ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var (ar6, _) = await ResolveAsync(body.Value!, tenant, broker, resolver, false, cancellationToken, "AR6").ConfigureAwait(false);
        if (ar5!.Answer is not { } a5 || ar6!.Answer is not { } a6)
        {
            return Problems.From((ar5.Error ?? ar6!.Error)!);
        }

        return TypedResults.Json(GwpComparison.From(a5, a6), ApiJson.Options);
    }

    private static async Task<IResult> EstimateAsync(HttpRequest request, TenantContext tenant, BrokerHost host, FactorResolver resolver, ServiceMetrics metrics, UsageMeter usage, CancellationToken cancellationToken)
    {
        var broker = host.Ready;
        var body = await JsonBody.ReadAsync<EstimateBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (CheckAmount(body.Value!) is { } badAmount)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, badAmount.Code, badAmount.Message, badAmount.Field);
        }

        var (outcome, invalid) = await ResolveAsync(body.Value!, tenant, broker, resolver, false, cancellationToken).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        metrics.Resolved(outcome!);
        usage.CountResolved(tenant.TenantId, outcome!, broker);
        if (outcome!.Answer is not { } answer)
        {
            return Problems.From(outcome.Error!);
        }

        var estimation = Estimation.From(answer, body.Value!.Amount!.Value);
        return new JsonWriterResult(writer => AnswerJson.WriteEstimation(writer, estimation));
    }

    private static async Task<IResult> EstimateBatchAsync(
        HttpRequest request, TenantContext tenant, BrokerHost host, FactorResolver resolver, ServiceMetrics metrics, UsageMeter usage, IOptions<ServiceOptions> options, BatchQuota quota,
        CancellationToken cancellationToken)
    {
        var broker = host.Ready;
        var (items, problem) = await ReadBatchAsync<EstimateBody>(request, options.Value.Api.MaxBatchItems, cancellationToken).ConfigureAwait(false);
        if ((problem ?? await quota.TryConsumeAsync(request.HttpContext, items!.Count).ConfigureAwait(false)) is { } refused)
        {
            return refused;
        }

        var resolved = await PrefetchAsync(items!, tenant, broker, resolver, cancellationToken).ConfigureAwait(false);
        return new JsonWriterResult(async (writer, ct) =>
        {
            double total = 0;
            int estimated = 0, failed = 0;
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            for (var i = 0; i < items!.Count; i++)
            {
                var item = items[i];
                await JsonWriterResult.FlushIfFullAsync(writer, ct).ConfigureAwait(false);
                var error = item.Error ?? (item.Result is { } body ? CheckAmount(body) : null);
                if (error is not null)
                {
                    failed++;
                    AnswerJson.WriteError(writer, error.Code, error.Field, error.Message, error.Suggestions);
                    continue;
                }

                var (outcome, invalid) = resolved?[i] ?? await ResolveAsync(item.Result!, tenant, broker, resolver, true, ct).ConfigureAwait(false);
                if (invalid is not null)
                {
                    failed++;
                    WriteProblem(writer, invalid);
                    continue;
                }

                metrics.Resolved(outcome!);
                usage.CountResolved(tenant.TenantId, outcome!, broker);
                if (outcome!.Answer is not { } answer)
                {
                    failed++;
                    AnswerJson.WriteError(writer, outcome.Error!.Code, outcome.Error.Field, outcome.Error.Message, outcome.Error.Suggestions);
                    continue;
                }

                var estimation = Estimation.From(answer, item.Result!.Amount!.Value);
                total += estimation.KgCo2e;
                estimated++;
                AnswerJson.WriteEstimation(writer, estimation);
            }

            writer.WriteEndArray();
            writer.WriteNumber("total_kgco2e", total);
            writer.WriteNumber("estimated", estimated);
            writer.WriteNumber("failed", failed);
            writer.WriteEndObject();
        });
    }

    /// <summary>Resolves one body for a tenant; a problem when the body misses a required field.</summary>
    internal static ValueTask<(ResolveOutcome? Outcome, ProblemHttpResult? Invalid)> ResolveAsync(
        ResolveBody body, TenantContext tenant, FactorBroker broker, FactorResolver resolver, bool bulk, CancellationToken cancellationToken, string? gwp = null)
    {
        var (request, missing) = body.ToRequest();
        if (request is null)
        {
            return ValueTask.FromResult<(ResolveOutcome?, ProblemHttpResult?)>((null, Problems.Create(StatusCodes.Status400BadRequest, "missing_field", $"Field '{missing}' is required.", missing)));
        }

        if (gwp is not null)
        {
            request = request with { Gwp = gwp };
        }

        var pending = TenantResolution.ResolveAsync(resolver, broker, request, tenant.Cascade, new ResolveScope(tenant.TenantId.ToString("N"), bulk), cancellationToken);
        return pending.IsCompletedSuccessfully
            ? ValueTask.FromResult<(ResolveOutcome?, ProblemHttpResult?)>((pending.Result, null))
            : Awaited(pending);

        static async ValueTask<(ResolveOutcome?, ProblemHttpResult?)> Awaited(ValueTask<ResolveOutcome> pending) => (await pending.ConfigureAwait(false), null);
    }

    /// <summary>
    /// With remote sources configured, a batch's items are resolved 16 at a time before the answer is written (remote
    /// calls overlap, each source still within its own concurrency cap); without them, items resolve while streaming.
    /// </summary>
    private static async Task<(ResolveOutcome?, ProblemHttpResult?)?[]?> PrefetchAsync<T>(
        List<BatchItem<T>> items, TenantContext tenant, FactorBroker broker, FactorResolver resolver, CancellationToken cancellationToken)
        where T : ResolveBody
    {
        if (!resolver.Remote.Any)
        {
            return null;
        }

        var results = new (ResolveOutcome?, ProblemHttpResult?)?[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            if (items[i].Result is { } body)
            {
                results[i] = await ResolveAsync(body, tenant, broker, resolver, true, ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return results;
    }

    private static ItemError? CheckAmount(EstimateBody body) => body.Amount switch
    {
        null => new ItemError("missing_field", "amount", "Field 'amount' is required.", []),
        { } a when !double.IsFinite(a) => new ItemError("invalid_amount", "amount", "amount must be a finite number.", []),
        _ => null,
    };

    private static async Task<(List<BatchItem<T>>? Items, ProblemHttpResult? Problem)> ReadBatchAsync<T>(HttpRequest request, int maxItems, CancellationToken cancellationToken)
        where T : class
    {
        using var body = await JsonBody.ReadPooledAsync(request, cancellationToken).ConfigureAwait(false);
        return body.Problem is { } problem ? (null, problem) : BatchParser.Parse<T>(body.Span, maxItems);
    }

    private static void WriteProblem(Utf8JsonWriter writer, ProblemHttpResult problem)
    {
        var details = problem.ProblemDetails;
        AnswerJson.WriteError(writer,
            details.Extensions.TryGetValue("code", out var code) ? code as string ?? "invalid_request" : "invalid_request",
            details.Extensions.TryGetValue("field", out var field) ? field as string : null,
            details.Detail ?? "",
            []);
    }

    private static ProblemHttpResult? QueryInt(IQueryCollection query, string name, int min, int max, out int? value)
    {
        value = null;
        if (query[name].ToString() is not { Length: > 0 } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"{name} must be a whole number from {min} to {max} (got '{text}').", name);
        }

        value = parsed;
        return null;
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 || string.IsNullOrEmpty(value[0]) ? null : value[0];
}
