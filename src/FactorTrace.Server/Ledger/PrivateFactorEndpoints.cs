using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Ledger;
using FactorTrace.Gwp;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using FactorTrace.Units;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Ledger;

/// <summary>The tenant's own factors: the first source of its cascade (kind <c>product</c>) and supplier-specific electricity rates.</summary>
internal static class PrivateFactorEndpoints
{
    public static RouteGroupBuilder MapPrivateFactorEndpoints(this RouteGroupBuilder api)
    {
        var factors = api.MapGroup("/private-factors").WithTags("Ledger");
        factors.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader);
        factors.MapPost("/", CreateAsync).RequireAuthorization(Policies.Editor).Accepts<PrivateFactorBody>("application/json");
        factors.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Reader);
        factors.MapPut("/{id:guid}", ReplaceAsync).RequireAuthorization(Policies.Editor).Accepts<PrivateFactorBody>("application/json");
        factors.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Editor);
        return api;
    }

    private static async Task<Ok<List<PrivateFactor>>> ListAsync(FactorTraceDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.PrivateFactors.AsNoTracking().OrderBy(f => f.ActivityId).ThenBy(f => f.ValidFrom).ToListAsync(cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Ok<PrivateFactor>, ProblemHttpResult>> GetAsync(Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var factor = await db.PrivateFactors.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken).ConfigureAwait(false);
        return factor is null ? await guard.NotFoundAsync(tenant.Caller, "private_factor", id, cancellationToken).ConfigureAwait(false) : TypedResults.Ok(factor);
    }

    private static async Task<Results<Created<PrivateFactor>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, TenantContext tenant, FactorTraceDb db, AuditLog audit, PrivateFactorCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<PrivateFactorBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Value!.Validate() is { } invalid)
        {
            return ActivityEndpoints.Invalid(invalid);
        }

        var now = time.GetUtcNow();
        var factor = new PrivateFactor { Id = Guid.CreateVersion7(now), TenantId = tenant.TenantId, ActivityId = "", Name = "", Kind = "", Unit = "", GwpSet = "", CreatedAt = now.UtcDateTime };
        body.Value!.Apply(factor, now.UtcDateTime);
        db.PrivateFactors.Add(factor);
        audit.Add(tenant.Caller, "private_factor.create", "private_factor", factor.Id.ToString(), $"{factor.ActivityId} {factor.KgCo2ePerUnit} kg CO2e/{factor.Unit}");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await cache.ChangedAsync(tenant.TenantId).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/private-factors/{factor.Id}", factor);
    }

    private static async Task<Results<Ok<PrivateFactor>, ProblemHttpResult>> ReplaceAsync(
        Guid id, HttpRequest request, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, AuditLog audit, PrivateFactorCache cache, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<PrivateFactorBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Value!.Validate() is { } invalid)
        {
            return ActivityEndpoints.Invalid(invalid);
        }

        var tenantId = tenant.TenantId;
        var factor = await db.PrivateFactors.FirstOrDefaultAsync(f => f.Id == id && f.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
        if (factor is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "private_factor", id, cancellationToken).ConfigureAwait(false);
        }

        body.Value!.Apply(factor, time.GetUtcNow().UtcDateTime);
        audit.Add(tenant.Caller, "private_factor.update", "private_factor", id.ToString());
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await cache.ChangedAsync(tenantId).ConfigureAwait(false);
        return TypedResults.Ok(factor);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, AuditLog audit, PrivateFactorCache cache, CancellationToken cancellationToken)
    {
        var tenantId = tenant.TenantId;
        if (await AuditedChange.ExecuteAsync(db, token => db.PrivateFactors.Where(f => f.Id == id && f.TenantId == tenantId).ExecuteDeleteAsync(token),
            _ => audit.Event(tenant.Caller, "private_factor.delete", "private_factor", id.ToString()), cancellationToken).ConfigureAwait(false) == 0)
        {
            return await guard.NotFoundAsync(tenant.Caller, "private_factor", id, cancellationToken).ConfigureAwait(false);
        }

        await cache.ChangedAsync(tenantId).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}

/// <summary>A tenant's own factor as the API takes it.</summary>
internal sealed record PrivateFactorBody
{
    public string? ActivityId { get; init; }
    public string? Name { get; init; }
    public string? Kind { get; init; }
    public string? Region { get; init; }
    public string? Unit { get; init; }
    public double? KgCo2ePerUnit { get; init; }
    public string? Gwp { get; init; }
    public double? Co2KgPerUnit { get; init; }
    public double? Ch4KgPerUnit { get; init; }
    public double? N2oKgPerUnit { get; init; }
    public string? Supplier { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public string? Evidence { get; init; }
    public double? Gsd { get; init; }

    public FieldError? Validate()
    {
        // Control and bidirectional-override characters, as in activity records: evidence is free text like notes.
        foreach (var (field, text) in new[] { ("activity_id", ActivityId), ("name", Name), ("kind", Kind), ("region", Region), ("unit", Unit), ("gwp", Gwp), ("supplier", Supplier) })
        {
            if (ActivityValidation.Unsafe(field, text) is { } unsafeText)
            {
                return unsafeText;
            }
        }

        if (ActivityValidation.Unsafe("evidence", Evidence, multiline: true) is { } unsafeEvidence)
        {
            return unsafeEvidence;
        }

        var kind = Kind ?? PrivateFactorKinds.Product;
        if (!PrivateFactorKinds.All.Contains(kind))
        {
            return new("kind", "invalid_value", $"Kind '{kind}' is not one of {string.Join(", ", PrivateFactorKinds.All)}.", PrivateFactorKinds.All);
        }

        if (kind == PrivateFactorKinds.Product && string.IsNullOrWhiteSpace(ActivityId))
        {
            return new("activity_id", "missing_field", "A product factor needs the activity_id it answers for.");
        }

        if (kind == PrivateFactorKinds.ElectricitySupplier && string.IsNullOrWhiteSpace(Supplier))
        {
            return new("supplier", "missing_field", "A supplier-specific electricity rate needs the supplier it comes from.");
        }

        if (string.IsNullOrWhiteSpace(Unit))
        {
            return new("unit", "missing_unit", "Give the unit the value is per (for example kWh, kg, item).");
        }

        if (ActivityValidation.Unit("unit", Unit, money: false) is { } badUnit)
        {
            return badUnit;
        }

        if (KgCo2ePerUnit is not { } value || !double.IsFinite(value) || value < 0 || value > 1e9)
        {
            return new("kg_co2e_per_unit", "invalid_value", "kg_co2e_per_unit is required: a number between 0 and 1e9.");
        }

        foreach (var (field, gas) in new[] { ("co2_kg_per_unit", Co2KgPerUnit), ("ch4_kg_per_unit", Ch4KgPerUnit), ("n2o_kg_per_unit", N2oKgPerUnit) })
        {
            if (gas is { } g && (!double.IsFinite(g) || g < 0))
            {
                return new(field, "invalid_value", $"{field} must be a number ≥ 0.");
            }
        }

        if (Gwp is { } gwp && !GwpConverter.SupportedSets.Contains(gwp.Trim().ToUpperInvariant(), StringComparer.Ordinal))
        {
            return new("gwp", "unknown_gwp", $"GWP set '{gwp}' is not one of {string.Join(", ", GwpConverter.SupportedSets)}.", [.. GwpConverter.SupportedSets]);
        }

        if (Gsd is { } gsd && (!double.IsFinite(gsd) || gsd < 1 || gsd > 10))
        {
            return new("gsd", "invalid_value", "gsd (geometric standard deviation) must be between 1 and 10.");
        }

        return ValidTo < ValidFrom ? new("valid_to", "invalid_value", "valid_to is before valid_from.") : null;
    }

    public void Apply(PrivateFactor factor, DateTime now)
    {
        var kind = Kind ?? PrivateFactorKinds.Product;
        factor.Kind = kind;
        factor.ActivityId = string.IsNullOrWhiteSpace(ActivityId) ? "electricity.grid" : ActivityId.Trim();
        factor.Name = string.IsNullOrWhiteSpace(Name) ? factor.ActivityId : Name.Trim();
        factor.Region = string.IsNullOrWhiteSpace(Region) ? null : Region.Trim().ToUpperInvariant();
        factor.Unit = UnitRegistry.Default.Lookup(Unit).Unit!.Code;
        factor.KgCo2ePerUnit = KgCo2ePerUnit!.Value;
        factor.GwpSet = (Gwp ?? "AR6").Trim().ToUpperInvariant();
        factor.Co2KgPerUnit = Co2KgPerUnit;
        factor.Ch4KgPerUnit = Ch4KgPerUnit;
        factor.N2oKgPerUnit = N2oKgPerUnit;
        factor.Supplier = string.IsNullOrWhiteSpace(Supplier) ? null : Supplier.Trim();
        factor.ValidFrom = ValidFrom;
        factor.ValidTo = ValidTo;
        factor.Evidence = Evidence;
        factor.Gsd = Gsd;
        factor.UpdatedAt = now;
    }
}
