using FactorTrace.Data;
using FactorTrace.Data.Audit;
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

        var query = db.ActivityRecords.AsNoTracking();
        if (from is { } f)
        {
            query = query.Where(r => r.AccountingDate >= f);
        }

        if (to is { } t)
        {
            query = query.Where(r => r.AccountingDate <= t);
        }

        foreach (var (name, apply) in Filters)
        {
            if (q.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]))
            {
                query = apply(query, values[0]!);
            }
        }

        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await query.OrderBy(r => r.AccountingDate).ThenBy(r => r.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = items.Select(ActivityView.From), total, offset, limit });
    }

    private static readonly (string Name, Func<IQueryable<ActivityRecord>, string, IQueryable<ActivityRecord>> Apply)[] Filters =
    [
        ("site", (query, v) => query.Where(r => r.Site == v)),
        ("scope", (query, v) => query.Where(r => r.Scope == v)),
        ("category", (query, v) => query.Where(r => r.Category == (ActivityValidation.NormalizeCategory(v) ?? v))),
        ("activity_id", (query, v) => query.Where(r => r.ActivityId == v)),
        ("supplier", (query, v) => query.Where(r => r.Supplier == v)),
        ("region", (query, v) => query.Where(r => r.Region == Upper(v))),
        ("import_id", (query, v) => Guid.TryParse(v, out var id) ? query.Where(r => r.ImportId == id) : query.Where(r => false)),
    ];

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

        if (ActivityValidation.Validate(body.Value!) is { } invalid)
        {
            return Invalid(invalid);
        }

        if (await UnknownImportAsync(db, [(body.Value!.ImportId, "import_id")], cancellationToken).ConfigureAwait(false) is { } unknownImport)
        {
            return unknownImport;
        }

        var record = NewRecord(tenant, time);
        ActivityValidation.Apply(body.Value!, record);
        db.ActivityRecords.Add(record);
        audit.Add(tenant.Caller, "activity.create", "activity", record.Id.ToString());
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
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
        if (quota.TryConsume(request.HttpContext, items.Count) is { } refused)
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

        if (await UnknownImportAsync(db, items.Select((item, i) => (item.ImportId, $"items[{i}].import_id")), cancellationToken).ConfigureAwait(false) is { } unknownImport)
        {
            return unknownImport;
        }

        var records = new List<ActivityRecord>(items.Count);
        foreach (var item in items)
        {
            var record = NewRecord(tenant, time);
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

        if (ActivityValidation.Validate(body.Value!) is { } invalid)
        {
            return Invalid(invalid);
        }

        if (await UnknownImportAsync(db, [(body.Value!.ImportId, "import_id")], cancellationToken).ConfigureAwait(false) is { } unknownImport)
        {
            return unknownImport;
        }

        var tenantId = tenant.TenantId;
        var record = await db.ActivityRecords.FirstOrDefaultAsync(r => r.Id == id && r.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "activity", id, cancellationToken).ConfigureAwait(false);
        }

        ActivityValidation.Apply(body.Value!, record);
        record.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Add(tenant.Caller, "activity.update", "activity", id.ToString());
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ActivityView.From(record));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, AuditLog audit, CancellationToken cancellationToken)
    {
        var tenantId = tenant.TenantId;
        var deleted = await AuditedChange.ExecuteAsync(db, token => db.ActivityRecords.Where(r => r.Id == id && r.TenantId == tenantId).ExecuteDeleteAsync(token),
            _ => audit.Event(tenant.Caller, "activity.delete", "activity", id.ToString()), cancellationToken).ConfigureAwait(false);
        if (deleted == 0)
        {
            return await guard.NotFoundAsync(tenant.Caller, "activity", id, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.NoContent();
    }

    private static string Upper(string value) => value.ToUpperInvariant();

    /// <summary>
    /// A record may name an import only of its own tenant: otherwise it would show in that import's export and be deleted
    /// by its rollback. Another tenant's import and a made-up id get the same answer.
    /// </summary>
    internal static async Task<ProblemHttpResult?> UnknownImportAsync(FactorTraceDb db, IEnumerable<(Guid? ImportId, string Field)> references, CancellationToken cancellationToken)
    {
        var named = references.Where(r => r.ImportId is not null).ToList();
        if (named.Count == 0)
        {
            return null;
        }

        var ids = named.Select(r => r.ImportId!.Value).Distinct().ToList();
        var known = await db.Imports.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var first = named.FirstOrDefault(r => !known.Contains(r.ImportId!.Value));
        return first.Field is null ? null : Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value",
            $"There is no import '{first.ImportId}' in this tenant; leave import_id out for records that do not come from an import.", first.Field);
    }

    internal static ProblemHttpResult Invalid(FieldError error) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, error.Code, error.Message, error.Field, error.Suggestions);

    private static ActivityRecord NewRecord(TenantContext tenant, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new ActivityRecord { Id = Guid.CreateVersion7(now), TenantId = tenant.TenantId, CreatedAt = now.UtcDateTime, UpdatedAt = now.UtcDateTime };
    }
}

/// <summary>What a batch stored.</summary>
internal sealed record BatchCreated(int Created, IReadOnlyList<Guid> Ids);

/// <summary>Many records at once.</summary>
internal sealed record ActivityBatchBody(List<ActivityBody>? Items);
