using System.Text.Json;
using FactorTrace.Data;
using FactorTrace.Data.Erp;
using FactorTrace.Erp;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Erp;

/// <summary>
/// <c>/erp/connections</c>: the tenant's ERP connections (admins write, everyone reads), a pull on demand
/// (<c>POST /{id}/pull</c>, editors) and the pull history (<c>/{id}/pulls</c>). Credentials are accepted on create and
/// update and never returned (<c>has_credentials</c> says whether there are some). Another tenant's id answers 404.
/// </summary>
internal static class ErpEndpoints
{
    public static RouteGroupBuilder MapErpEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/erp/connections").WithTags("ERP");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader).WithSummary("The tenant's ERP connections with their last pull and watermark.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admin).Accepts<ErpConnectionBody>("application/json").Produces<ErpConnectionView>(StatusCodes.Status201Created)
            .WithSummary("Adds an OData v4 or REST/JSON connection whose lines become activity records.");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Reader).Produces<ErpConnectionView>();
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Admin).Accepts<ErpConnectionBody>("application/json").Produces<ErpConnectionView>()
            .WithSummary("Changes a connection; fields left out keep their value, credentials included (clear_credentials removes them).");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Admin).Produces(StatusCodes.Status204NoContent)
            .WithSummary("Removes a connection with its pull history; the activity records it produced stay.");
        group.MapPost("/{id:guid}/pull", PullAsync).RequireAuthorization(Policies.Editor).Produces<ErpPullView>()
            .WithSummary("Pulls the lines changed since the last successful pull now; answers when the pull has ended (succeeded or failed, with its error).");
        group.MapGet("/{id:guid}/pulls", PullsAsync).RequireAuthorization(Policies.Reader).WithSummary("The connection's pulls, newest first (?offset, ?limit).");
        return api;
    }

    private static async Task<IResult> ListAsync(FactorTraceDb db, ErpDependencies dependencies, CancellationToken cancellationToken)
    {
        var items = await db.ErpConnections.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ErpConnectionList([.. items.Select(c => ErpConnectionView.From(c, dependencies))], items.Count));
    }

    private static async Task<IResult> GetAsync(Guid id, TenantContext tenant, FactorTraceDb db, ErpDependencies dependencies, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var connection = await db.ErpConnections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        return connection is null ? await guard.NotFoundAsync(tenant.Caller, "erp_connection", id, cancellationToken).ConfigureAwait(false)
            : TypedResults.Ok(ErpConnectionView.From(connection, dependencies));
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, TenantContext tenant, FactorTraceDb db, CredentialProtector protector, ErpDependencies dependencies, AuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ErpConnectionBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var connection = new ErpConnection { Id = Guid.CreateVersion7(), TenantId = tenant.TenantId, CreatedAt = now, UpdatedAt = now };
        if (Apply(body.Value!, connection, protector, creating: true, now) is { } invalid)
        {
            return invalid;
        }

        if (await db.ErpConnections.AnyAsync(c => c.Name == connection.Name, cancellationToken).ConfigureAwait(false))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "duplicate_name", $"A connection named '{connection.Name}' exists; change that one or choose another name.", "name");
        }

        db.ErpConnections.Add(connection);
        audit.Add(tenant.Caller, "erp_connection.create", "erp_connection", connection.Id.ToString(), $"{connection.Name} ({connection.Kind} {connection.BaseUrl})");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        dependencies.Register(connection.Id);
        return TypedResults.Created($"/api/v1/erp/connections/{connection.Id}", ErpConnectionView.From(connection, dependencies));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, HttpRequest request, TenantContext tenant, FactorTraceDb db, CredentialProtector protector, ErpDependencies dependencies, AuditLog audit, CrossTenantGuard guard,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = await db.ErpConnections.FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "erp_connection", id, cancellationToken).ConfigureAwait(false);
        }

        var body = await JsonBody.ReadAsync<ErpConnectionBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var before = (connection.Kind, connection.BaseUrl, connection.Entity, connection.Mapping);
        if (Apply(body.Value!, connection, protector, creating: false, now) is { } invalid)
        {
            return invalid;
        }

        if (await db.ErpConnections.AnyAsync(c => c.Name == connection.Name && c.Id != id, cancellationToken).ConfigureAwait(false))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "duplicate_name", $"A connection named '{connection.Name}' exists; choose another name.", "name");
        }

        if (before != (connection.Kind, connection.BaseUrl, connection.Entity, connection.Mapping))
        {
            // Another source or mapping: the next pull starts from the beginning (lines already stored are updated, not duplicated).
            connection.Watermark = null;
        }

        connection.UpdatedAt = now;
        audit.Add(tenant.Caller, "erp_connection.update", "erp_connection", connection.Id.ToString(), connection.Name);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ErpConnectionView.From(connection, dependencies));
    }

    private static async Task<IResult> DeleteAsync(Guid id, TenantContext tenant, FactorTraceDb db, AuditLog audit, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var connection = await db.ErpConnections.FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "erp_connection", id, cancellationToken).ConfigureAwait(false);
        }

        db.ErpConnections.Remove(connection);
        audit.Add(tenant.Caller, "erp_connection.delete", "erp_connection", connection.Id.ToString(), connection.Name);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> PullAsync(
        Guid id, TenantContext tenant, FactorTraceDb db, ErpPuller puller, AuditLog audit, CrossTenantGuard guard, TimeProvider time, IOptions<ErpOptions> options,
        CancellationToken cancellationToken)
    {
        if (!await db.ErpConnections.AnyAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false))
        {
            return await guard.NotFoundAsync(tenant.Caller, "erp_connection", id, cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (!await ErpClaims.TryClaimAsync(db, id, now, now + options.Value.PullLease, cancellationToken).ConfigureAwait(false))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "pull_running", "A pull of this connection is running; see its pulls for how it ends.");
        }

        var pull = await puller.PullAsync(db, id, "manual", cancellationToken).ConfigureAwait(false);
        audit.Add(tenant.Caller, "erp_connection.pull", "erp_connection", id.ToString(), $"{pull.Status}: {pull.Fetched} lines, {pull.Created} created, {pull.Updated} updated{(pull.Error is null ? "" : $"; {pull.Error}")}");
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        return TypedResults.Ok(ErpPullView.From(pull));
    }

    private static async Task<IResult> PullsAsync(Guid id, HttpRequest request, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        if (Paging.Read(request.Query, out var offset, out var limit) is { } bad)
        {
            return bad;
        }

        if (!await db.ErpConnections.AnyAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false))
        {
            return await guard.NotFoundAsync(tenant.Caller, "erp_connection", id, cancellationToken).ConfigureAwait(false);
        }

        var query = db.ErpPulls.AsNoTracking().Where(p => p.ConnectionId == id);
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await query.OrderByDescending(p => p.StartedAt).ThenByDescending(p => p.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ErpPullList([.. items.Select(ErpPullView.From)], total));
    }

    /// <summary>Copies a body onto a connection (every field on create, those given on update); the problem with the first bad one.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Apply(ErpConnectionBody body, ErpConnection connection, CredentialProtector protector, bool creating, DateTime now)
    {
        if (creating || body.Name is not null)
        {
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Trim().Length > 100)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, body.Name is null ? "missing_field" : "invalid_value", "Give the connection a name of 1–100 characters.", "name");
            }

            if (Problems.UnsafeText(body.Name, "name") is { } unsafeName)
            {
                return unsafeName;
            }

            connection.Name = body.Name.Trim();
        }

        if (creating || body.Kind is not null)
        {
            var kind = body.Kind?.Trim().ToLowerInvariant();
            if (kind is null || !ErpKinds.All.Contains(kind))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, kind is null ? "missing_field" : "unknown_kind", $"kind is one of {string.Join(", ", ErpKinds.All)}.", "kind", ErpKinds.All);
            }

            connection.Kind = kind;
        }

        if (creating || body.BaseUrl is not null)
        {
            if (!Uri.TryCreate(body.BaseUrl?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.UserInfo)
                || url.Query.Length > 0 || url.Fragment.Length > 0 || url.OriginalString.Length > 1000)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, body.BaseUrl is null ? "missing_field" : "invalid_url",
                    "base_url is the service root: an absolute http or https URL without credentials, query or fragment (https://erp.example.com/sap/opu/odata4/sap/api_supplierinvoice/srvd_a2x/sap/supplierinvoice/0001).", "base_url");
            }

            connection.BaseUrl = url.OriginalString.TrimEnd('/');
        }

        if (creating || body.Entity is not null)
        {
            var entity = body.Entity?.Trim().Trim('/');
            if (string.IsNullOrEmpty(entity) || entity.Length > 300 || entity.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '?' or '#'))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, body.Entity is null ? "missing_field" : "invalid_value",
                    "entity is the entity set (OData, e.g. SupplierInvoiceItem) or path (REST, e.g. v1/invoice-lines) below base_url, without query.", "entity");
            }

            connection.Entity = entity;
        }

        if (creating || body.Mapping is not null)
        {
            if (body.Mapping is not { } json)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Give the field mapping: { \"document_id\": …, \"changed_at\": …, \"date\": …, \"description\": …, \"spend\": …, \"currency\": … }.", "mapping");
            }

            var (mapping, field, message) = ErpMapping.Parse(json, connection.Kind);
            if (mapping is null)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_mapping", message!, field);
            }

            connection.Mapping = mapping.ToJson();
        }
        else if (body.Kind is not null && ErpMapping.Parse(JsonDocument.Parse(connection.Mapping).RootElement, connection.Kind) is { Mapping: null } stale)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_mapping", $"The mapping does not fit kind {connection.Kind}: {stale.Problem}", stale.Field);
        }

        if (creating || body.ScheduleMinutes is not null)
        {
            var minutes = body.ScheduleMinutes ?? 0;
            if (minutes is < 0 or > 10080 || (minutes is > 0 and < 5))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "schedule_minutes is 0 (on demand only) or 5–10080 (a week).", "schedule_minutes");
            }

            if (minutes != connection.ScheduleMinutes || creating)
            {
                connection.ScheduleMinutes = minutes;
                connection.NextPullAt = minutes == 0 ? null : now;
            }
        }

        if (body.ClearCredentials == true)
        {
            if (body.Credentials is not null)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "Give credentials or clear_credentials, not both.", "clear_credentials");
            }

            connection.Credentials = null;
        }
        else if (body.Credentials is { } credentials)
        {
            if (credentials.Problem() is { } wrong)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_credentials", wrong, "credentials");
            }

            if (!protector.HasKey)
            {
                return Problems.Create(StatusCodes.Status409Conflict, "credentials_key_missing",
                    $"The service has no key to encrypt credentials with; the operator sets {ErpOptions.SectionName}:CredentialsKey (base64 of 32 random bytes).", "credentials");
            }

            connection.Credentials = protector.Protect(connection.Id, credentials);
        }

        return null;
    }
}

/// <summary>A connection as sent: every field on create; on update, those to change.</summary>
/// <param name="Name">Name, unique in the tenant.</param>
/// <param name="Kind"><c>odata</c> or <c>rest</c>.</param>
/// <param name="BaseUrl">Service root.</param>
/// <param name="Entity">Entity set (OData) or path (REST).</param>
/// <param name="Mapping">Field mapping (docs/erp.md).</param>
/// <param name="ScheduleMinutes">Minutes between scheduled pulls; 0 for on demand only.</param>
/// <param name="Credentials">Credentials, stored encrypted and never returned.</param>
/// <param name="ClearCredentials">Removes the stored credentials.</param>
internal sealed record ErpConnectionBody(
    string? Name, string? Kind, string? BaseUrl, string? Entity, JsonElement? Mapping, int? ScheduleMinutes, ErpCredentials? Credentials, bool? ClearCredentials);

/// <summary>A connection as returned (never its credentials).</summary>
internal sealed record ErpConnectionView(
    Guid Id, string Name, string Kind, string BaseUrl, string Entity, JsonElement Mapping, int ScheduleMinutes, bool HasCredentials, ErpDependencyView Dependency,
    DateTime? Watermark, DateTime? NextPullAt, bool Pulling, ErpLastPull? LastPull, ErpLastSuccess? LastSuccess, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static ErpConnectionView From(ErpConnection c, ErpDependencies dependencies)
    {
        var dependency = dependencies.Find(c.Id);
        return new(
            c.Id, c.Name, c.Kind, c.BaseUrl, c.Entity, JsonDocument.Parse(c.Mapping).RootElement.Clone(), c.ScheduleMinutes, c.Credentials is not null,
            new ErpDependencyView(ErpDependencies.NameOf(c.Id), dependency is null ? "closed" : Factors.SourceStatus.Breaker(dependency.State), dependency?.LastError),
            c.Watermark, c.NextPullAt, c.LeaseUntil is not null,
            c.LastPullAt is { } at ? new ErpLastPull(at, c.LastStatus ?? "", c.LastError) : null,
            c.LastSuccessAt is { } ok ? new ErpLastSuccess(ok, c.LastSuccessLines, c.Watermark) : null,
            c.CreatedAt, c.UpdatedAt);
    }
}

/// <summary>The connection's dependency (breaker state on this instance).</summary>
internal sealed record ErpDependencyView(string Name, string Breaker, string? LastError);

/// <summary>How the last pull ended.</summary>
internal sealed record ErpLastPull(DateTime At, string Status, string? Error);

/// <summary>The last successful pull: the data the tenant has while the ERP is down.</summary>
internal sealed record ErpLastSuccess(DateTime At, int Lines, DateTime? Watermark);

/// <summary>Connections.</summary>
internal sealed record ErpConnectionList(IReadOnlyList<ErpConnectionView> Items, int Total);

/// <summary>A pull as returned.</summary>
internal sealed record ErpPullView(
    Guid Id, Guid ConnectionId, string Trigger, string Status, DateTime StartedAt, DateTime? FinishedAt, int Pages, int Fetched, int Created, int Updated, int Unchanged, int Invalid,
    DateTime? WatermarkFrom, DateTime? WatermarkTo, string? Error)
{
    public static ErpPullView From(ErpPull p) =>
        new(p.Id, p.ConnectionId, p.Trigger, p.Status, p.StartedAt, p.FinishedAt, p.Pages, p.Fetched, p.Created, p.Updated, p.Unchanged, p.Invalid, p.WatermarkFrom, p.WatermarkTo, p.Error);
}

/// <summary>Pulls.</summary>
internal sealed record ErpPullList(IReadOnlyList<ErpPullView> Items, int Total);
