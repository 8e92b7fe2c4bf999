using System.Text.RegularExpressions;
using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Data.Tenancy;
using FactorTrace.Reporting;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Sources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tenancy;

/// <summary>Tenants (platform admins create them), the caller's tenant, its settings and its audit log.</summary>
internal static partial class TenantEndpoints
{
    public static RouteGroupBuilder MapTenantEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/tenants", CreateTenantAsync).RequireAuthorization(Policies.Platform).WithTags("Tenants").Accepts<CreateTenantRequest>("application/json");
        api.MapGet("/tenants", ListTenantsAsync).RequireAuthorization(Policies.Platform).WithTags("Tenants");
        api.MapPatch("/tenants/{id:guid}", UpdateTenantAsync).RequireAuthorization(Policies.Platform).WithTags("Tenants").Accepts<UpdateTenantRequest>("application/json")
            .WithSummary("Platform admins set a tenant's cap on the rate limit its own admins may choose.");
        api.MapGet("/platform/security-events", ListSecurityEventsAsync).RequireAuthorization(Policies.Platform).WithTags("Tenants")
            .WithSummary("The platform's security log: cross-tenant probes, failed and locked sign-ins.");
        api.MapGet("/tenant", GetTenantAsync).RequireAuthorization(Policies.Reader).WithTags("Tenants");
        api.MapGet("/settings", GetSettingsAsync).RequireAuthorization(Policies.Reader).WithTags("Tenants");
        api.MapPut("/settings", PutSettingsAsync).RequireAuthorization(Policies.Admin).WithTags("Tenants").Accepts<SettingsRequest>("application/json");
        api.MapGet("/audit-events", ListAuditAsync).RequireAuthorization(Policies.Auditor).WithTags("Tenants");
        return api;
    }

    private static async Task<Results<Created<TenantView>, ProblemHttpResult>> CreateTenantAsync(
        HttpRequest request, TenantContext caller, SystemDbFactory systemDb, IPasswordHasher<User> hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateTenantRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        return await CreateTenantFromAsync(body.Value!, request.HttpContext, caller, systemDb, hasher, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>CreateTenant from a request already read (the API's body or a page's form).</summary>
    internal static async Task<Results<Created<TenantView>, ProblemHttpResult>> CreateTenantFromAsync(
        CreateTenantRequest input, HttpContext http, TenantContext caller, SystemDbFactory systemDb, IPasswordHasher<User> hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.Slug) || !SlugPattern().IsMatch(input.Slug))
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", "slug must be 2–64 characters of a–z, 0–9 and '-'.", "slug");
        }

        if ((UserEndpoints.ValidateNewUser(input.AdminEmail, input.AdminPassword, Roles.Admin)
            ?? (input.AdminPassword is { } pw ? UserEndpoints.ValidatePassword(pw, "admin_password", input.AdminEmail, input.Slug, input.Name) : null)) is { } invalid)
        {
            return invalid;
        }

        if (Problems.UnsafeText(input.Name, "name") is { } unsafeName)
        {
            return unsafeName;
        }

        var email = input.AdminEmail!.Trim().ToLowerInvariant();
        var now = time.GetUtcNow();
        var tenant = new Tenant { Id = Guid.CreateVersion7(now), Slug = input.Slug, Name = string.IsNullOrWhiteSpace(input.Name) ? input.Slug : input.Name.Trim(), CreatedAt = now.UtcDateTime };
        var admin = new User
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.Id,
            Email = email,
            Role = Roles.Admin,
            Name = "Administrator",
            CreatedAt = now.UtcDateTime,
            SecurityStamp = Guid.NewGuid(),
        };
        admin.PasswordHash = Passwords.Hash(hasher, admin, input.AdminPassword!);
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            if (await db.Tenants.AnyAsync(t => t.Slug == tenant.Slug, cancellationToken).ConfigureAwait(false))
            {
                return Problems.Create(StatusCodes.Status409Conflict, "conflict", $"Tenant '{tenant.Slug}' already exists.", "slug");
            }

            db.Tenants.Add(tenant);
            db.Users.Add(admin);
            foreach (var (tenantId, detail) in new[] { (tenant.Id, $"Created by {caller.Caller.Actor} of tenant {caller.TenantId}."), (caller.TenantId, $"Created tenant '{tenant.Slug}'.") })
            {
                db.AuditEvents.Add(AuditLog.NewEvent(time, tenantId, caller.Caller.Actor, "tenant.create", "tenant", tenant.Id.ToString(), http.TraceIdentifier, detail));
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException)
            {
                return Problems.Create(StatusCodes.Status409Conflict, "conflict", $"Tenant '{tenant.Slug}' already exists.", "slug");
            }
        }

        return TypedResults.Created($"/api/v1/tenants/{tenant.Id}", new TenantView(tenant.Id, tenant.Slug, tenant.Name, tenant.CreatedAt, admin.Id));
    }

    private static async Task<Results<Ok<TenantView>, ProblemHttpResult>> GetTenantAsync(TenantContext tenant, FactorTraceDb db, CancellationToken cancellationToken)
    {
        var row = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenant.TenantId, cancellationToken).ConfigureAwait(false);
        return row is null ? Problems.NotFound("tenant", tenant.TenantId.ToString()) : TypedResults.Ok(new TenantView(row.Id, row.Slug, row.Name, row.CreatedAt, null));
    }

    internal static async Task<Ok<SettingsView>> GetSettingsAsync(
        TenantContext tenant, FactorTraceDb db, Factors.BrokerHost broker, IOptions<ServiceOptions> options, CancellationToken cancellationToken)
    {
        var row = await db.TenantSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var cap = await CapAsync(db, tenant.TenantId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(SettingsView.From(row, TenantPolicy.From(row, cap), broker, options.Value.RateLimits));
    }

    private static Task<int?> CapAsync(FactorTraceDb db, Guid tenantId, CancellationToken cancellationToken) =>
        db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.MaxRateLimitPerMinute).FirstOrDefaultAsync(cancellationToken);

    private static async Task<Results<Ok<SettingsView>, ProblemHttpResult>> PutSettingsAsync(
        HttpRequest request, TenantContext tenant, FactorTraceDb db, AuditLog audit, TenantPolicyCache cache, Factors.BrokerHost broker, TimeProvider time,
        IOptions<ServiceOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<SettingsRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        return await PutSettingsFromAsync(body.Value!, tenant, db, audit, cache, broker, time, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PutSettings from a request already read (the API's body or a page's form).</summary>
    internal static async Task<Results<Ok<SettingsView>, ProblemHttpResult>> PutSettingsFromAsync(
        SettingsRequest input, TenantContext tenant, FactorTraceDb db, AuditLog audit, TenantPolicyCache cache, Factors.BrokerHost broker, TimeProvider time, IOptions<ServiceOptions> options, CancellationToken cancellationToken)
    {
        foreach (var (field, list) in new[] { ("source_priority", input.SourcePriority), ("allowed_sources", input.AllowedSources) })
        {
            if (list?.FirstOrDefault(s => SourceCatalog.Default.Find(s) is null) is { } unknown)
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "unknown_source", $"Source '{unknown}' does not exist.", field,
                    SourceCatalog.Default.Sources.Select(s => s.Id).ToList());
            }

            if (list is { Count: 0 })
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", "Send null for the default, not an empty list.", field);
            }
        }

        if (input.Lei is { } lei && LegalEntityIdentifier.Problem(lei) is { } notLei)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", notLei, "lei");
        }

        if (input.NaceActivity is { } nace && FactorTrace.Reporting.Xbrl.EsrsTaxonomy.NaceMember(nace) is null)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value",
                $"'{nace}' is not a NACE Rev. 2 activity code: a section letter, then optionally a division, group and class (C, C25, C25.1, C25.11).", "nace_activity");
        }

        if (input.BaseYear is { } baseYear && (baseYear.To < baseYear.From || baseYear.To > baseYear.From.AddYears(1).AddDays(-1)))
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value",
                $"base_year runs from {baseYear.From:yyyy-MM-dd} to {baseYear.To:yyyy-MM-dd}; it must be a period of at most one year that ends after it starts.", "base_year");
        }

        var limits = options.Value.RateLimits;
        var tenantCap = await CapAsync(db, tenant.TenantId, cancellationToken).ConfigureAwait(false);
        var cap = tenantCap ?? limits.EffectiveTenantMax;
        if (input.RateLimitPerMinute is < 1)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", "rate_limit_per_minute must be at least 1, or null for the default.", "rate_limit_per_minute");
        }

        if (input.RateLimitPerMinute > cap)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "above_platform_cap",
                $"rate_limit_per_minute may be at most {cap} for this tenant, the cap the platform set; ask a platform administrator to raise it.", "rate_limit_per_minute");
        }

        var row = await db.TenantSettings.FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new TenantSettings { TenantId = tenant.TenantId };
            db.TenantSettings.Add(row);
        }

        if (input.Given.Contains(nameof(SettingsRequest.SourcePriority)))
        {
            row.SourcePriority = TenantPolicy.JoinList(input.SourcePriority?.Select(s => SourceCatalog.Default.Find(s)!.Id));
        }

        if (input.Given.Contains(nameof(SettingsRequest.AllowedSources)))
        {
            row.AllowedSources = TenantPolicy.JoinList(input.AllowedSources?.Select(s => SourceCatalog.Default.Find(s)!.Id));
        }

        if (input.Given.Contains(nameof(SettingsRequest.RateLimitPerMinute)))
        {
            row.RateLimitPerMinute = input.RateLimitPerMinute;
        }

        if (input.Given.Contains(nameof(SettingsRequest.Lei)))
        {
            row.Lei = input.Lei;
        }

        if (input.Given.Contains(nameof(SettingsRequest.NaceActivity)))
        {
            row.NaceActivity = input.NaceActivity?.Trim().ToUpperInvariant();
        }

        if (input.Given.Contains(nameof(SettingsRequest.BaseYear)))
        {
            (row.BaseYearFrom, row.BaseYearTo) = (input.BaseYear?.From, input.BaseYear?.To);
        }

        if (input.Given.Contains(nameof(SettingsRequest.HourlyGridScope2)))
        {
            row.HourlyGridScope2 = input.HourlyGridScope2 ?? false;
        }

        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        row.Version = Guid.NewGuid();
        audit.Add(tenant.Caller, "settings.update", "settings", tenant.TenantId.ToString(),
            $"source_priority={row.SourcePriority ?? "default"}; allowed_sources={row.AllowedSources ?? "all"}; rate_limit_per_minute={row.RateLimitPerMinute?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}; lei={row.Lei ?? "none"}; nace_activity={row.NaceActivity ?? "none"}; base_year={row.BaseYearFrom:yyyy-MM-dd}..{row.BaseYearTo:yyyy-MM-dd}; hourly_grid_scope2={(row.HourlyGridScope2 ? "on" : "off")}");
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "conflict", "The settings were changed at the same time; read them again and retry.");
        }

        await cache.ChangedAsync(tenant.TenantId).ConfigureAwait(false);
        return TypedResults.Ok(SettingsView.From(row, TenantPolicy.From(row, tenantCap), broker, limits));
    }

    internal static async Task<Results<Ok<List<AuditView>>, ProblemHttpResult>> ListAuditAsync(
        FactorTraceDb db, int? limit, DateTime? before, string? action, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "limit must be between 1 and 1000.", "limit");
        }

        var query = db.AuditEvents.AsNoTracking();
        if (before is { } b)
        {
            var utc = b.ToUniversalTime();
            query = query.Where(a => a.At < utc);
        }

        if (action is not null)
        {
            query = query.Where(a => a.Action == action);
        }

        var events = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(take)
            .Select(a => new AuditView(a.Id, a.At, a.Actor, a.Action, a.Resource, a.ResourceId, a.RequestId, a.Detail))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(events);
    }

    internal static async Task<Ok<List<TenantView>>> ListTenantsAsync(SystemDbFactory systemDb, CancellationToken cancellationToken)
    {
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            return TypedResults.Ok(await db.Tenants.AsNoTracking().OrderBy(t => t.Slug)
                .Select(t => new TenantView(t.Id, t.Slug, t.Name, t.CreatedAt, null) { MaxRateLimitPerMinute = t.MaxRateLimitPerMinute })
                .ToListAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    private static async Task<Results<Ok<TenantView>, ProblemHttpResult>> UpdateTenantAsync(
        Guid id, HttpRequest request, TenantContext caller, SystemDbFactory systemDb, TenantPolicyCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<UpdateTenantRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var input = body.Value!;
        if (input.MaxRateLimitPerMinute is < 1 or > 100_000_000)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", "max_rate_limit_per_minute must be between 1 and 100000000, or null for the service cap.", "max_rate_limit_per_minute");
        }

        if (Problems.UnsafeText(input.Name, "name") is { } unsafeName)
        {
            return unsafeName;
        }

        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken).ConfigureAwait(false);
            if (tenant is null)
            {
                return Problems.NotFound("tenant", id.ToString());
            }

            tenant.MaxRateLimitPerMinute = input.MaxRateLimitPerMinute;
            if (!string.IsNullOrWhiteSpace(input.Name))
            {
                tenant.Name = input.Name.Trim();
            }

            var detail = $"max_rate_limit_per_minute={input.MaxRateLimitPerMinute?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "service cap"}";
            db.AuditEvents.Add(AuditLog.NewEvent(time, tenant.Id, caller.Caller.Actor, "tenant.update", "tenant", tenant.Id.ToString(), request.HttpContext.TraceIdentifier, detail));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await cache.ChangedAsync(tenant.Id).ConfigureAwait(false);
            return TypedResults.Ok(new TenantView(tenant.Id, tenant.Slug, tenant.Name, tenant.CreatedAt, null) { MaxRateLimitPerMinute = tenant.MaxRateLimitPerMinute });
        }
    }

    private static async Task<Results<Ok<List<SecurityEventView>>, ProblemHttpResult>> ListSecurityEventsAsync(
        SystemDbFactory systemDb, int? limit, string? kind, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "limit must be between 1 and 1000.", "limit");
        }

        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var query = db.SecurityEvents.AsNoTracking();
            if (kind is not null)
            {
                query = query.Where(e => e.Kind == kind);
            }

            return TypedResults.Ok(await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(take)
                .Select(e => new SecurityEventView(e.Id, e.At, e.Kind, e.Actor, e.ActorTenantId, e.TargetTenantId, e.Resource, e.ResourceId, e.ClientAddress, e.RequestId, e.Detail))
                .ToListAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex SlugPattern();
}

internal sealed class CreateTenantRequest
{
    public string? Slug { get; set; }

    public string? Name { get; set; }

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}

internal sealed record TenantView(Guid Id, string Slug, string Name, DateTime CreatedAt, Guid? AdminUserId)
{
    public int? MaxRateLimitPerMinute { get; init; }
}

internal sealed class UpdateTenantRequest
{
    public string? Name { get; set; }

    /// <summary>The cap on the tenant's own rate-limit setting; null for the service-wide cap.</summary>
    public int? MaxRateLimitPerMinute { get; set; }
}

internal sealed record SecurityEventView(
    Guid Id, DateTime At, string Kind, string Actor, Guid? ActorTenantId, Guid? TargetTenantId, string? Resource, string? ResourceId, string? ClientAddress, string? RequestId, string? Detail);

internal sealed record AuditView(Guid Id, DateTime At, string Actor, string Action, string? Resource, string? ResourceId, string? RequestId, string? Detail);
