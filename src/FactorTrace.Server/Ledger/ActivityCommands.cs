using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Ledger;
using FactorTrace.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Ledger;

/// <summary>What a create or replace did: the stored record, the first rule the body broke, or no such record.</summary>
internal readonly record struct ActivityChange(ActivityRecord? Record, FieldError? Error, bool NotFound = false);

/// <summary>
/// Creating, replacing and deleting a tenant's activity record, audited: the API's endpoints and the web pages both
/// go through here, so a record is stored under one set of rules (<see cref="ActivityValidation"/>, the import check).
/// </summary>
internal static class ActivityCommands
{
    public static async Task<ActivityChange> CreateAsync(ActivityBody body, TenantContext tenant, FactorTraceDb db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (await CheckAsync(body, db, cancellationToken).ConfigureAwait(false) is { } invalid)
        {
            return new(null, invalid);
        }

        var record = NewRecord(tenant, time);
        ActivityValidation.Apply(body, record);
        db.ActivityRecords.Add(record);
        audit.Add(tenant.Caller, "activity.create", "activity", record.Id.ToString());
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new(record, null);
    }

    public static async Task<ActivityChange> ReplaceAsync(
        Guid id, ActivityBody body, TenantContext tenant, FactorTraceDb db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (await CheckAsync(body, db, cancellationToken).ConfigureAwait(false) is { } invalid)
        {
            return new(null, invalid);
        }

        var tenantId = tenant.TenantId;
        var record = await db.ActivityRecords.FirstOrDefaultAsync(r => r.Id == id && r.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new(null, null, NotFound: true);
        }

        ActivityValidation.Apply(body, record);
        record.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Add(tenant.Caller, "activity.update", "activity", id.ToString());
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new(record, null);
    }

    /// <summary>Deletes the record; false when the tenant has none with that id.</summary>
    public static async Task<bool> DeleteAsync(Guid id, TenantContext tenant, FactorTraceDb db, AuditLog audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var tenantId = tenant.TenantId;
        var deleted = await AuditedChange.ExecuteAsync(db, token => db.ActivityRecords.Where(r => r.Id == id && r.TenantId == tenantId).ExecuteDeleteAsync(token),
            _ => audit.Event(tenant.Caller, "activity.delete", "activity", id.ToString()), cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    /// <summary>
    /// A record may name an import only of its own tenant: otherwise it would show in that import's export and be deleted
    /// by its rollback. Another tenant's import and a made-up id get the same answer.
    /// </summary>
    public static async Task<FieldError?> UnknownImportAsync(FactorTraceDb db, IEnumerable<(Guid? ImportId, string Field)> references, CancellationToken cancellationToken)
    {
        var named = references.Where(r => r.ImportId is not null).ToList();
        if (named.Count == 0)
        {
            return null;
        }

        var ids = named.Select(r => r.ImportId!.Value).Distinct().ToList();
        var known = await db.Imports.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var first = named.FirstOrDefault(r => !known.Contains(r.ImportId!.Value));
        return first.Field is null ? null : new FieldError(first.Field, "invalid_value",
            $"There is no import '{first.ImportId}' in this tenant; leave import_id out for records that do not come from an import.");
    }

    public static ActivityRecord NewRecord(TenantContext tenant, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        return new ActivityRecord { Id = Guid.CreateVersion7(now), TenantId = tenant.TenantId, CreatedAt = now.UtcDateTime, UpdatedAt = now.UtcDateTime };
    }

    private static async Task<FieldError?> CheckAsync(ActivityBody body, FactorTraceDb db, CancellationToken cancellationToken) =>
        ActivityValidation.Validate(body) ?? await UnknownImportAsync(db, [(body.ImportId, "import_id")], cancellationToken).ConfigureAwait(false);
}

/// <summary>The filters of the activity list (the API's query parameters, and the page's).</summary>
internal static class ActivityFilters
{
    /// <summary>The parameters, each with how it narrows the records.</summary>
    public static IReadOnlyList<(string Name, Func<IQueryable<ActivityRecord>, string, IQueryable<ActivityRecord>> Apply)> All { get; } =
    [
        ("site", (query, v) => query.Where(r => r.Site == v)),
        ("scope", (query, v) => query.Where(r => r.Scope == v)),
        ("category", (query, v) => query.Where(r => r.Category == (ActivityValidation.NormalizeCategory(v) ?? v))),
        ("activity_id", (query, v) => query.Where(r => r.ActivityId == v)),
        ("supplier", (query, v) => query.Where(r => r.Supplier == v)),
        ("region", (query, v) => Region(query, v.ToUpperInvariant())),
        ("import_id", (query, v) => Guid.TryParse(v, out var id) ? query.Where(r => r.ImportId == id) : query.Where(r => false)),
    ];

    /// <summary>At most this many matching records are sorted after the lookup; more are walked in date order.</summary>
    public const int SortedMatchesLimit = 10_000;

    /// <summary>
    /// The records by date, then id (newest first when <paramref name="newestFirst"/>). Given how many match
    /// (<paramref name="matching"/>, counted from the filters' indexes), few matches are found through their filter's
    /// index and sorted; the date in the order is then an expression, since left a plain column SQLite walks the date
    /// index to the end looking for a rare site or activity (1.4 s against 2 ms at a million records).
    /// </summary>
    public static IOrderedQueryable<ActivityRecord> InDateOrder(IQueryable<ActivityRecord> records, int matching, bool newestFirst)
    {
        if (matching <= SortedMatchesLimit)
        {
            return newestFirst
                ? records.OrderByDescending(r => r.AccountingDate.AddDays(0)).ThenByDescending(r => r.Id)
                : records.OrderBy(r => r.AccountingDate.AddDays(0)).ThenBy(r => r.Id);
        }

        return newestFirst
            ? records.OrderByDescending(r => r.AccountingDate).ThenByDescending(r => r.Id)
            : records.OrderBy(r => r.AccountingDate).ThenBy(r => r.Id);
    }

    private static bool Given(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]);

    private static IQueryable<ActivityRecord> Region(IQueryable<ActivityRecord> query, string region) => query.Where(r => r.Region == region);

    /// <summary>The records dated in [from, to] (either optional) that match every filter given in <paramref name="query"/>.</summary>
    public static IQueryable<ActivityRecord> Apply(IQueryable<ActivityRecord> records, DateOnly? from, DateOnly? to, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (from is { } f)
        {
            records = records.Where(r => r.AccountingDate >= f);
        }

        if (to is { } t)
        {
            records = records.Where(r => r.AccountingDate <= t);
        }

        foreach (var (name, apply) in All)
        {
            if (Given(query, name))
            {
                records = apply(records, query[name][0]!);
            }
        }

        return records;
    }
}
