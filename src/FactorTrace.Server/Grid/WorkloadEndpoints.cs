using FactorTrace.Data;
using FactorTrace.Data.Workloads;
using FactorTrace.Grid;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Windows;
using FactorTrace.Grid.Workloads;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Grid;

/// <summary>Software workloads: service profiles, the work they did, and its emissions priced hour by hour.</summary>
internal static class WorkloadEndpoints
{
    public static RouteGroupBuilder MapWorkloadEndpoints(this RouteGroupBuilder api)
    {
        var workloads = api.MapGroup("/workloads").WithTags("Workloads");
        const string Json = "application/json";
        workloads.MapGet("/services", ServicesAsync).RequireAuthorization(Policies.Reader).Produces(StatusCodes.Status200OK, contentType: Json);
        workloads.MapPut("/services/{name}", SaveServiceAsync).RequireAuthorization(Policies.Editor).Accepts<ServiceInput>(Json)
            .Produces(StatusCodes.Status200OK, contentType: Json).Produces(StatusCodes.Status201Created, contentType: Json);
        workloads.MapDelete("/services/{name}", DeleteServiceAsync).RequireAuthorization(Policies.Editor)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        workloads.MapPost("/records", CreateAsync).RequireAuthorization(Policies.Editor).Accepts<WorkloadInput>(Json).Produces(StatusCodes.Status201Created, contentType: Json);
        workloads.MapPost("/records/batch", CreateBatchAsync).RequireAuthorization(Policies.Editor).Accepts<WorkloadBatchBody>(Json)
            .Produces(StatusCodes.Status201Created, contentType: Json);
        workloads.MapWorkloadImport();
        workloads.MapGet("/records", RecordsAsync).RequireAuthorization(Policies.Reader).Produces(StatusCodes.Status200OK, contentType: Json)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        workloads.MapGet("/emissions", EmissionsAsync).RequireAuthorization(Policies.Reader).Produces(StatusCodes.Status200OK, contentType: Json)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<IResult> ServicesAsync(FactorTraceDb db, CancellationToken cancellationToken) =>
        TypedResults.Json(new { services = (await db.ServiceProfiles.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken).ConfigureAwait(false)).Select(View) }, ApiJson.Options);

    private static async Task<IResult> SaveServiceAsync(string name, HttpRequest request, TenantContext tenant, FactorTraceDb db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 100 || Problems.UnsafeText(trimmed, "name") is not null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_text", "The service name must be 1–100 printable characters.", "name");
        }

        var body = await JsonBody.ReadAsync<ServiceInput>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var profile = await db.ServiceProfiles.FirstOrDefaultAsync(s => s.Name == trimmed, cancellationToken).ConfigureAwait(false);
        var created = profile is null;
        profile ??= new ServiceProfile { Id = Guid.CreateVersion7(), TenantId = tenant.TenantId, Name = trimmed, CreatedAt = now };
        var errors = body.Value!.ApplyTo(profile);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        profile.UpdatedAt = now;
        if (created)
        {
            db.ServiceProfiles.Add(profile);
        }

        audit.Add(tenant.Caller, created ? "workload_service.create" : "workload_service.update", "workload_service", profile.Id.ToString(),
            $"{profile.Name}: {profile.WhPerUnit} Wh/{profile.Unit}, PUE {profile.Pue}, embodied {profile.EmbodiedShare}, {profile.LedgerCategory}");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return created ? TypedResults.Created($"/api/v1/workloads/services/{Uri.EscapeDataString(profile.Name)}", View(profile)) : TypedResults.Ok(View(profile));
    }

    private static async Task<IResult> DeleteServiceAsync(string name, TenantContext tenant, FactorTraceDb db, AuditLog audit, CancellationToken cancellationToken)
    {
        var profile = await db.ServiceProfiles.FirstOrDefaultAsync(s => s.Name == name.Trim(), cancellationToken).ConfigureAwait(false);
        if (profile is null)
        {
            return Problems.NotFound("workload_service", name);
        }

        db.ServiceProfiles.Remove(profile);
        audit.Add(tenant.Caller, "workload_service.delete", "workload_service", profile.Id.ToString(), $"{profile.Name} and its records");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, TenantContext tenant, FactorTraceDb db, GridReference reference, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<WorkloadInput>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var services = await ServiceMapAsync(db, cancellationToken).ConfigureAwait(false);
        var (record, errors) = body.Value!.ToRecord(services, reference.Zones, tenant.TenantId, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        db.WorkloadRecords.Add(record!);
        audit.Add(tenant.Caller, "workload.create", "workload", record!.Id.ToString(), $"{body.Value.Service} {record.Zone}");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/workloads/records?from={Instant(record.StartUnix)}&to={Instant(record.EndUnix)}",
            RecordView(record, new Dictionary<Guid, string> { [record.ServiceId] = services[body.Value.Service!.Trim()].Name }));
    }

    private static async Task<IResult> CreateBatchAsync(
        HttpRequest request, TenantContext tenant, FactorTraceDb db, GridReference reference, AuditLog audit, BatchQuota quota, IOptions<Hosting.ServiceOptions> options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<WorkloadBatchBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var items = body.Value!.Items;
        if (items is null or { Count: 0 })
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Field 'items' is required and must not be empty.", "items");
        }

        if (items.Count > options.Value.Api.MaxBatchItems)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "batch_too_large", $"The batch has {items.Count} items; at most {options.Value.Api.MaxBatchItems}.", "items");
        }

        if (await quota.TryConsumeAsync(request.HttpContext, items.Count).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var services = await ServiceMapAsync(db, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var records = new List<WorkloadRecord>(items.Count);
        var errors = new List<object>();
        for (var i = 0; i < items.Count; i++)
        {
            var (record, problems) = items[i] is { } item ? item.ToRecord(services, reference.Zones, tenant.TenantId, now) : (null, [new WorkloadError("", "missing_field", "The item is null.")]);
            errors.AddRange(problems.Select(p => new { index = i, field = $"items[{i}].{p.Field}", code = p.Code, message = p.Message, suggestions = p.Suggestions ?? [] }));
            if (record is not null)
            {
                records.Add(record);
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.Json(new
            {
                type = Problems.TypeBase + "invalid_items",
                title = "Invalid items",
                status = StatusCodes.Status422UnprocessableEntity,
                code = "invalid_items",
                detail = $"{errors.Count} problems in {items.Count} items; nothing was stored.",
                errors,
            }, ApiJson.Options, "application/problem+json", StatusCodes.Status422UnprocessableEntity);
        }

        db.WorkloadRecords.AddRange(records);
        audit.Add(tenant.Caller, "workload.create_batch", "workload", null, $"{records.Count} records");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new { created = records.Count }, ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RecordsAsync(string? from, string? to, string? service, FactorTraceDb db, CancellationToken cancellationToken)
    {
        if (Interval(from, to, out var interval) is { } problem)
        {
            return problem;
        }

        var services = await ServiceMapAsync(db, cancellationToken).ConfigureAwait(false);
        long f = interval.From.ToUnixTimeSeconds(), t = interval.To.ToUnixTimeSeconds();
        var query = db.WorkloadRecords.AsNoTracking().Where(r => r.StartUnix < t && r.EndUnix > f);
        if (service is not null)
        {
            var id = services.TryGetValue(service, out var s) ? s.Id : Guid.Empty;
            query = query.Where(r => r.ServiceId == id);
        }

        var records = await query.OrderBy(r => r.StartUnix).Take(10_000).ToListAsync(cancellationToken).ConfigureAwait(false);
        var names = services.Values.ToDictionary(s => s.Id, s => s.Name);
        return TypedResults.Json(new { records = records.Select(r => RecordView(r, names)) }, ApiJson.Options);
    }

    private static async Task<IResult> EmissionsAsync(string? from, string? to, string? group_by, FactorTraceDb db, WorkloadReport report, CancellationToken cancellationToken)
    {
        if (Interval(from, to, out var interval) is { } problem)
        {
            return problem;
        }

        var groupBy = (group_by ?? "service").Trim().ToLowerInvariant();
        if (!WorkloadReport.Groupings.Contains(groupBy))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_group_by", $"group_by '{group_by}' is not one of: {string.Join(", ", WorkloadReport.Groupings)}.", "group_by", WorkloadReport.Groupings);
        }

        var answer = await report.RunAsync(db, interval.From, interval.To, groupBy, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new
        {
            from = GridInstants.Format(answer.From),
            to = GridInstants.Format(answer.To),
            group_by = answer.GroupBy,
            basis = "location-based, life-cycle grid intensity per hour; the zone's yearly mean for hours without data",
            records = answer.Records,
            groups = answer.Rows.Select(Row),
            total = Row(answer.Total),
        }, ApiJson.Options);
    }

    private static object Row(WorkloadRow r) => new
    {
        key = r.Key,
        ledger = r.Ledger,
        unit = r.Unit,
        units = r.Units,
        kwh = r.Kwh,
        operational_kgco2e = r.OperationalKg,
        market_based_kgco2e = r.MarketBasedKg,
        instrument_kwh = r.InstrumentKwh,
        embodied_kgco2e = r.EmbodiedKg,
        kgco2e = r.TotalKg,
        gco2e_per_1000_units = r.GramsPer1000Units,
        hourly_share = r.HourlyShare,
        yearly_kwh = r.YearlyKwh,
        unpriced_kwh = r.UnpricedKwh,
        note = r.YearlyKwh > 0 ? $"{r.YearlyKwh:0.###} kWh fell in hours without hourly data and were priced at the zone's yearly mean."
            : r.UnpricedKwh > 0 ? $"{r.UnpricedKwh:0.###} kWh had no intensity at all and add no emissions." : null,
    };

    /// <summary>Null when <c>[from, to)</c> reads (then in <paramref name="interval"/>), else the problem.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Interval(string? from, string? to, out (DateTimeOffset From, DateTimeOffset To) interval)
    {
        interval = default;
        if (!WindowInstant.TryParse(from, "from", out var f, out var e) || !WindowInstant.TryParse(to, "to", out var t, out e))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, e!.Code, e.Message, e.Field);
        }

        if (t <= f)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_interval", "to must be after from; the interval is [from, to).", "to");
        }

        interval = (f, t);
        return null;
    }

    private static Task<Dictionary<string, ServiceProfile>> ServiceMapAsync(FactorTraceDb db, CancellationToken cancellationToken) =>
        WorkloadServices.ByNameAsync(db, cancellationToken);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Invalid(IReadOnlyList<WorkloadError> errors) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, errors[0].Code, string.Join(" ", errors.Select(e => e.Message)), errors[0].Field, errors[0].Suggestions);

    private static object View(ServiceProfile s) => new
    {
        name = s.Name,
        wh_per_unit = s.WhPerUnit,
        unit = s.Unit,
        pue = s.Pue,
        embodied_share = s.EmbodiedShare,
        ledger = s.LedgerCategory,
    };

    private static object RecordView(WorkloadRecord r, IReadOnlyDictionary<Guid, string> serviceNames) => new
    {
        id = r.Id,
        service = serviceNames.GetValueOrDefault(r.ServiceId),
        region = r.Region,
        zone = r.Zone,
        from = Instant(r.StartUnix),
        to = Instant(r.EndUnix),
        requests = r.Units,
        measured_kwh = r.MeasuredKwh,
    };

    private static string Instant(long unix) => GridInstants.Format(DateTimeOffset.FromUnixTimeSeconds(unix));
}

/// <summary>A batch of workload records.</summary>
internal sealed class WorkloadBatchBody
{
    public List<WorkloadInput?>? Items { get; set; }
}
