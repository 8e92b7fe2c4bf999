using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Identity;

/// <summary>Users of the caller's tenant: list, create, read, change, delete (admin; auditors may read).</summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", ListAsync).RequireAuthorization(Policies.Auditor);
        users.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admin).Accepts<CreateUserRequest>("application/json");
        users.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Auditor);
        users.MapPatch("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Admin).Accepts<UpdateUserRequest>("application/json");
        users.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Ok<List<UserView>>> ListAsync(FactorTraceDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => UserView.From(u)).ToListAsync(cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetAsync(Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken).ConfigureAwait(false);
        return user is null ? await guard.NotFoundAsync(tenant.Caller, "user", id, cancellationToken).ConfigureAwait(false) : TypedResults.Ok(UserView.From(user));
    }

    private static async Task<Results<Created<UserView>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, TenantContext tenant, FactorTraceDb db, SystemDbFactory systemDb, IPasswordHasher<User> hasher, AuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateUserRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var input = body.Value!;
        if (ValidateNewUser(input.Email, input.Password, input.Role) is { } invalid)
        {
            return invalid;
        }

        var email = input.Email!.Trim().ToLowerInvariant();
        if (await EmailTakenAsync(systemDb, email, cancellationToken).ConfigureAwait(false))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "conflict", $"A user with e-mail '{email}' already exists.", "email");
        }

        var now = time.GetUtcNow();
        var user = new User { Id = Guid.CreateVersion7(now), TenantId = tenant.TenantId, Email = email, Name = input.Name, Role = input.Role!, CreatedAt = now.UtcDateTime };
        user.PasswordHash = hasher.HashPassword(user, input.Password!);
        db.Users.Add(user);
        audit.Add(tenant.Caller, "user.create", "user", user.Id.ToString(), $"{email} as {user.Role}");
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "conflict", $"A user with e-mail '{email}' already exists.", "email");
        }

        return TypedResults.Created($"/api/v1/users/{user.Id}", UserView.From(user));
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> UpdateAsync(
        Guid id, HttpRequest request, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, IPasswordHasher<User> hasher, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<UpdateUserRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var input = body.Value!;
        if (input.Role is not null && !Roles.IsValid(input.Role))
        {
            return InvalidRole(input.Role);
        }

        if (input.Password is { Length: < 12 })
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", "Passwords have at least 12 characters.", "password");
        }

        var hash = input.Password is null ? null : hasher.HashPassword(new User { Email = "", Role = Roles.Viewer }, input.Password);
        var tenantId = tenant.TenantId;
        var changed = await db.Users.Where(u => u.Id == id && u.TenantId == tenantId).ExecuteUpdateAsync(s =>
        {
            if (input.Role is not null)
            {
                s.SetProperty(u => u.Role, input.Role);
            }

            if (input.Name is not null)
            {
                s.SetProperty(u => u.Name, input.Name);
            }

            if (input.Disabled is { } disabled)
            {
                s.SetProperty(u => u.Disabled, disabled);
            }

            if (hash is not null)
            {
                s.SetProperty(u => u.PasswordHash, hash);
            }
        }, cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            return await guard.NotFoundAsync(tenant.Caller, "user", id, cancellationToken).ConfigureAwait(false);
        }

        audit.Add(tenant.Caller, "user.update", "user", id.ToString(),
            string.Join(", ", new[] { input.Role is null ? null : "role", input.Name is null ? null : "name", input.Disabled is null ? null : "disabled", hash is null ? null : "password" }.OfType<string>()));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(UserView.From(user));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, AuditLog audit, CancellationToken cancellationToken)
    {
        if (tenant.Caller.UserId == id)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "conflict", "Admins cannot delete themselves.", "id");
        }

        var tenantId = tenant.TenantId;
        var deleted = await db.Users.Where(u => u.Id == id && u.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (deleted == 0)
        {
            return await guard.NotFoundAsync(tenant.Caller, "user", id, cancellationToken).ConfigureAwait(false);
        }

        audit.Add(tenant.Caller, "user.delete", "user", id.ToString());
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    internal static ProblemHttpResult? ValidateNewUser(string? email, string? password, string? role)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "An e-mail is required.", "email");
        }

        if (!email.Contains('@', StringComparison.Ordinal) || email.Length > 320)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", $"'{email}' is not an e-mail address.", "email");
        }

        if (password is not { Length: >= 12 })
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", "Passwords have at least 12 characters.", "password");
        }

        return Roles.IsValid(role) ? null : InvalidRole(role);
    }

    internal static async Task<bool> EmailTakenAsync(SystemDbFactory systemDb, string email, CancellationToken cancellationToken)
    {
        var system = systemDb.Create();
        await using (system.ConfigureAwait(false))
        {
            return await system.Users.IgnoreQueryFilters().AnyAsync(u => u.Email == email, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ProblemHttpResult InvalidRole(string? role) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", $"Role '{role}' is not one of {string.Join(", ", Roles.All)}.", "role", Roles.All);
}

internal sealed class CreateUserRequest
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? Role { get; set; }

    public string? Name { get; set; }
}

internal sealed class UpdateUserRequest
{
    public string? Role { get; set; }

    public string? Name { get; set; }

    public bool? Disabled { get; set; }

    public string? Password { get; set; }
}

internal sealed record UserView(Guid Id, string Email, string? Name, string Role, bool Disabled, DateTime CreatedAt)
{
    public static UserView From(User user) => new(user.Id, user.Email, user.Name, user.Role, user.Disabled, user.CreatedAt);
}
