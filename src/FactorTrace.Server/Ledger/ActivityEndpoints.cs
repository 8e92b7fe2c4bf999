using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Ledger;

/// <summary>The tenant's activity records: list with filters and paging, create (one or a batch), read, replace, delete.</summary>
internal static class ActivityEndpoints
{
    public static RouteGroupBuilder MapActivityEndpoints(this RouteGroupBuilder api)
    {
        var activities = api.MapGroup("/activities").WithTags("Ledger");
        activities.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader).WithMetadata(new OpenApiSetup.QueryParameters(CanBeNotFound: false));
        activities.MapPost("/", CreateAsync).RequireAuthorization(Policies.Editor).Accepts<ActivityBody>("application/json");
        activities.MapPost("/batch", CreateBatchAsync).RequireAuthorization(Policies.Editor).Accepts<ActivityBatchBody>("application/json")
            .Produces<BatchCreated>(StatusCodes.Status201Created)
            .WithSummary("Stores every record, or none: a 422 lists each invalid item with its path.");
        activities.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Reader);
        activities.MapPut("/{id:guid}", ReplaceAsync).RequireAuthorization(Policies.Editor).Accepts<ActivityBody>("application/json");
        activities.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Editor);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, FactorTraceDb db, CancellationToken cancellationToken)
    {
        var q = request.Query;
        if (Paging.Read(q, out var offset, out var limit) is { } badPage)
        {
            return badPage;
        }

        if (Paging.Dates(q, out var from, out var to) is { } badDate)
        {
            return badDate;
        }

        var query = ActivityFilters.Apply(db.ActivityRecords.AsNoTracking(), from, to, q);

        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await ActivityFilters.InDateOrder(query, total, newestFirst: false).Skip(offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = items.Select(ActivityView.From), total, offset, limit });
    }

    private static async Task<Results<Ok<ActivityView>, ProblemHttpResult>> GetAsync(Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var record = await db.ActivityRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        return record is null ? await guard.NotFoundAsync(tenant.Caller, "activity", id, cancellationToken).ConfigureAwait(false) : TypedResults.Ok(ActivityView.From(record));
    }

    private static async Task<Results<Created<ActivityView>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, TenantContext tenant, FactorTraceDb db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ActivityBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var change = await ActivityCommands.CreateAsync(body.Value!, tenant, db, audit, time, cancellationToken).ConfigureAwait(false);
        if (change.Error is { } invalid)
        {
            return Invalid(invalid);
        }

        var record = change.Record!;
        return TypedResults.Created($"/api/v1/activities/{record.Id}", ActivityView.From(record));
    }

    private static async Task<IResult> CreateBatchAsync(
        HttpRequest request, TenantContext tenant, FactorTraceDb db, AuditLog audit, TimeProvider time, IOptions<ServiceOptions> options, BatchQuota quota,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ActivityBatchBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var items = body.Value!.Items;
        var max = options.Value.Api.MaxBatchItems;
        if (items is null or { Count: 0 })
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Field 'items' is required and must not be empty.", "items");
        }

        if (items.Count > max)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "batch_too_large", $"The batch has {items.Count} items; at most {max}.", "items");
        }

        // Every item is a request against the tenant's rate limit, so batching is not a way around it.
        if (await quota.TryConsumeAsync(request.HttpContext, items.Count).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var errors = new List<object>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                errors.Add(new { index = i, field = $"items[{i}]", code = "missing_field", message = "The item is null." });
            }
            else if (ActivityValidation.Validate(items[i]) is { } invalid)
            {
                errors.Add(new { index = i, field = $"items[{i}].{invalid.Field}", code = invalid.Code, message = invalid.Message, suggestions = invalid.Suggestions ?? [] });
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.Json(new
            {
                type = "https://factortrace.dev/problems/invalid_items",
                title = "Invalid items",
                status = StatusCodes.Status422UnprocessableEntity,
                code = "invalid_items",
                detail = $"{errors.Count} of {items.Count} items are invalid; nothing was stored.",
                errors,
            }, ApiJson.Options, "application/problem+json", StatusCodes.Status422UnprocessableEntity);
        }

        if (await ActivityCommands.UnknownImportAsync(db, items.Select((item, i) => (item.ImportId, $"items[{i}].import_id")), cancellationToken).ConfigureAwait(false) is { } unknownImport)
        {
            return Invalid(unknownImport);
        }

        var records = new List<ActivityRecord>(items.Count);
        foreach (var item in items)
        {
            var record = ActivityCommands.NewRecord(tenant, time);
            ActivityValidation.Apply(item, record);
            records.Add(record);
        }

        db.ActivityRecords.AddRange(records);
        audit.Add(tenant.Caller, "activity.create_batch", "activity", null, $"{records.Count} records");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new BatchCreated(records.Count, [.. records.Select(r => r.Id)]), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<Results<Ok<ActivityView>, ProblemHttpResult>> ReplaceAsync(
        Guid id, HttpRequest request, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ActivityBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var change = await ActivityCommands.ReplaceAsync(id, body.Value!, tenant, db, audit, time, cancellationToken).ConfigureAwait(false);
        if (change.Error is { } invalid)
        {
            return Invalid(invalid);
        }

        if (change.NotFound)
        {
            return await guard.NotFoundAsync(tenant.Caller, "activity", id, cancellationToken).ConfigureAwait(false);
        }

        var record = change.Record!;
        return TypedResults.Ok(ActivityView.From(record));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, AuditLog audit, CancellationToken cancellationToken)
    {
        var deleted = await ActivityCommands.DeleteAsync(id, tenant, db, audit, cancellationToken).ConfigureAwait(false);
        if (!deleted)
        {
            return await guard.NotFoundAsync(tenant.Caller, "activity", id, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.NoContent();
    }

    internal static ProblemHttpResult Invalid(FieldError error) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, error.Code, error.Message, error.Field, error.Suggestions);
}

/// <summary>What a batch stored.</summary>
internal sealed record BatchCreated(int Created, IReadOnlyList<Guid> Ids);

/// <summary>Many records at once.</summary>
internal sealed record ActivityBatchBody(List<ActivityBody>? Items);
