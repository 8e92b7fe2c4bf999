using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Identity;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Identity;

/// <summary>API keys of the caller's tenant. The key text is returned once, at creation.</summary>
internal static class ApiKeyEndpoints
{
    public static RouteGroupBuilder MapApiKeyEndpoints(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/api-keys").WithTags("API keys");
        keys.MapGet("/", ListAsync).RequireAuthorization(Policies.Auditor);
        keys.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admin).Accepts<CreateApiKeyRequest>("application/json");
        keys.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Auditor);
        keys.MapDelete("/{id:guid}", RevokeAsync).RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Ok<List<ApiKeyView>>> ListAsync(FactorTraceDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).Select(k => ApiKeyView.From(k, null)).ToListAsync(cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Ok<ApiKeyView>, ProblemHttpResult>> GetAsync(Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken).ConfigureAwait(false);
        return key is null ? await guard.NotFoundAsync(tenant.Caller, "api_key", id, cancellationToken).ConfigureAwait(false) : TypedResults.Ok(ApiKeyView.From(key, null));
    }

    private static async Task<Results<Created<ApiKeyView>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, TenantContext tenant, FactorTraceDb db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateApiKeyRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        return await CreateKeyAsync(body.Value!, tenant, db, audit, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Create from a request already read (the API's body or a page's form).</summary>
    internal static async Task<Results<Created<ApiKeyView>, ProblemHttpResult>> CreateKeyAsync(
        CreateApiKeyRequest input, TenantContext tenant, FactorTraceDb db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Name the key (what it is for).", "name");
        }

        if (Problems.UnsafeText(input.Name, "name") is { } unsafeName)
        {
            return unsafeName;
        }

        var role = input.Role ?? Roles.Viewer;
        if (!Roles.IsValid(role))
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", $"Role '{role}' is not one of {string.Join(", ", Roles.All)}.", "role", Roles.All);
        }

        var now = time.GetUtcNow();
        if (input.ExpiresAt is { } expires && expires <= now)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", "expires_at must be in the future.", "expires_at");
        }

        var (text, prefix, hash) = ApiKeyFormat.Generate();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.TenantId,
            Name = input.Name.Trim(),
            Prefix = prefix,
            SecretHash = hash,
            Role = role,
            CreatedBy = tenant.Caller.UserId,
            CreatedAt = now.UtcDateTime,
            ExpiresAt = input.ExpiresAt?.UtcDateTime,
        };
        db.ApiKeys.Add(key);
        audit.Add(tenant.Caller, "api_key.create", "api_key", key.Id.ToString(), $"{key.Name} as {role}");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/api-keys/{key.Id}", ApiKeyView.From(key, text));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CredentialStates states, AuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var tenantId = tenant.TenantId;
        var now = time.GetUtcNow().UtcDateTime;
        var revoked = await AuditedChange.ExecuteAsync(db,
            token => db.ApiKeys.Where(k => k.Id == id && k.TenantId == tenantId && k.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), token),
            _ => audit.Event(tenant.Caller, "api_key.revoke", "api_key", id.ToString()), cancellationToken).ConfigureAwait(false);
        if (revoked == 0)
        {
            var exists = await db.ApiKeys.AnyAsync(k => k.Id == id, cancellationToken).ConfigureAwait(false);
            return exists ? TypedResults.NoContent() : await guard.NotFoundAsync(tenant.Caller, "api_key", id, cancellationToken).ConfigureAwait(false);
        }

        await states.ChangedAsync(id).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}

internal sealed class CreateApiKeyRequest
{
    public string? Name { get; set; }

    public string? Role { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }
}

internal sealed record ApiKeyView(Guid Id, string Name, string Prefix, string Role, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, string? Key)
{
    public static ApiKeyView From(ApiKey key, string? text) => new(key.Id, key.Name, key.Prefix, key.Role, key.CreatedAt, key.ExpiresAt, key.RevokedAt, text);
}
