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
        HttpRequest request, TenantContext tenant, FactorTraceDb db, IPasswordHasher<User> hasher, AuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateUserRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        return await CreateUserAsync(body.Value!, tenant, db, hasher, audit, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Create from a request already read (the API's body or a page's form).</summary>
    internal static async Task<Results<Created<UserView>, ProblemHttpResult>> CreateUserAsync(
        CreateUserRequest input, TenantContext tenant, FactorTraceDb db, IPasswordHasher<User> hasher, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if ((ValidateNewUser(input.Email, input.Password, input.Role) ?? Problems.UnsafeText(input.Name, "name")) is { } invalid)
        {
            return invalid;
        }

        // E-mails are unique per tenant: whether one exists in another tenant is not this tenant's business.
        var email = input.Email!.Trim().ToLowerInvariant();
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken).ConfigureAwait(false))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "conflict", $"This tenant already has a user with e-mail '{email}'.", "email");
        }

        var now = time.GetUtcNow();
        var user = new User
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.TenantId,
            Email = email,
            Name = input.Name,
            Role = input.Role!,
            CreatedAt = now.UtcDateTime,
            SecurityStamp = Guid.NewGuid(),
        };
        user.PasswordHash = Passwords.Hash(hasher, user, input.Password!);
        db.Users.Add(user);
        audit.Add(tenant.Caller, "user.create", "user", user.Id.ToString(), $"{email} as {user.Role}");
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "conflict", $"This tenant already has a user with e-mail '{email}'.", "email");
        }

        return TypedResults.Created($"/api/v1/users/{user.Id}", UserView.From(user));
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> UpdateAsync(
        Guid id, HttpRequest request, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, IPasswordHasher<User> hasher, AuditLog audit,
        CredentialStates states, SecurityLog security, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<UpdateUserRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        return await UpdateUserAsync(body.Value!, request.HttpContext, id, tenant, db, guard, hasher, audit, states, security, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Update from a request already read (the API's body or a page's form).</summary>
    internal static async Task<Results<Ok<UserView>, ProblemHttpResult>> UpdateUserAsync(
        UpdateUserRequest input, HttpContext http, Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, IPasswordHasher<User> hasher, AuditLog audit, CredentialStates states, SecurityLog security, CancellationToken cancellationToken)
    {
        if (input.Role is not null && !Roles.IsValid(input.Role))
        {
            return InvalidRole(input.Role);
        }

        if (Problems.UnsafeText(input.Name, "name") is { } invalid)
        {
            return invalid;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.TenantId == tenant.TenantId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "user", id, cancellationToken).ConfigureAwait(false);
        }

        if (input.Password is not null && ValidatePassword(input.Password, "password", user.Email) is { } weak)
        {
            return weak;
        }

        if (Refusal(tenant.Caller, user, http, security) is { } refused)
        {
            return refused;
        }

        if (input.Password is not null && tenant.Caller.UserId == user.Id)
        {
            // Changing one's own password proves knowledge of the current one: a stolen token alone must not take the account.
            if (string.IsNullOrEmpty(input.CurrentPassword))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Changing your own password needs your current password in current_password.", "current_password");
            }

            if (!Passwords.Verify(hasher, user, input.CurrentPassword))
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "invalid_credentials", "current_password is not the current password.", "current_password");
            }
        }

        var demotes = user.Role == Roles.Admin && !user.Disabled && ((input.Role is { } r && r != Roles.Admin) || input.Disabled == true);
        var accessChanged = (input.Role is not null && input.Role != user.Role) || (input.Disabled is { } d && d != user.Disabled) || input.Password is not null;
        user.Role = input.Role ?? user.Role;
        user.Name = input.Name ?? user.Name;
        user.Disabled = input.Disabled ?? user.Disabled;
        if (input.Password is not null)
        {
            user.PasswordHash = Passwords.Hash(hasher, user, input.Password);
            user.FailedSignIns = 0;
            user.LockedUntil = null;
        }

        if (accessChanged)
        {
            // Every token issued before this change stops working on the next request.
            user.SecurityStamp = Guid.NewGuid();
        }

        audit.Add(tenant.Caller, "user.update", "user", id.ToString(),
            string.Join(", ", new[] { input.Role is null ? null : "role", input.Name is null ? null : "name", input.Disabled is null ? null : "disabled", input.Password is null ? null : "password" }.OfType<string>()));
        if (await SaveKeepingAnAdminAsync(db, tenant.TenantId, demotes, cancellationToken).ConfigureAwait(false) is { } lastAdmin)
        {
            return lastAdmin;
        }

        await states.ChangedAsync(id).ConfigureAwait(false);
        return TypedResults.Ok(UserView.From(user));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, HttpRequest request, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, AuditLog audit, CredentialStates states, SecurityLog security,
        CancellationToken cancellationToken)
    {
        if (tenant.Caller.UserId == id)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "conflict", "Admins cannot delete themselves.", "id");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.TenantId == tenant.TenantId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "user", id, cancellationToken).ConfigureAwait(false);
        }

        if (Refusal(tenant.Caller, user, request.HttpContext, security) is { } refused)
        {
            return refused;
        }

        db.Users.Remove(user);
        audit.Add(tenant.Caller, "user.delete", "user", id.ToString(), user.Email);
        if (await SaveKeepingAnAdminAsync(db, tenant.TenantId, user.Role == Roles.Admin && !user.Disabled, cancellationToken).ConfigureAwait(false) is { } lastAdmin)
        {
            return lastAdmin;
        }

        await states.ChangedAsync(id).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    /// <summary>A tenant admin never changes a platform admin: only a platform admin may.</summary>
    private static ProblemHttpResult? Refusal(Caller caller, User target, HttpContext http, SecurityLog security)
    {
        if (!target.PlatformAdmin || caller.PlatformAdmin)
        {
            return null;
        }

        security.Record("access.platform_admin_change_refused", http, caller.Actor, caller.TenantId, "user", target.Id.ToString(), target.TenantId,
            $"{http.Request.Method} of a platform administrator by a tenant {caller.Role}.");
        return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Platform administrators can be changed only by a platform administrator.", "id");
    }

    /// <summary>
    /// Saves the change in a transaction that also checks the tenant keeps at least one enabled admin when the change takes
    /// one away. On PostgreSQL a transaction-scoped advisory lock per tenant serialises such changes, so two admins demoting
    /// each other at the same moment cannot both succeed; SQLite serialises writers by itself.
    /// </summary>
    private static async Task<ProblemHttpResult?> SaveKeepingAnAdminAsync(FactorTraceDb db, Guid tenantId, bool removesAnAdmin, CancellationToken cancellationToken)
    {
        if (!removesAnAdmin)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"admins:" + tenantId.ToString()}))", cancellationToken).ConfigureAwait(false);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            if (!await db.Users.AnyAsync(u => u.TenantId == tenantId && u.Role == Roles.Admin && !u.Disabled, cancellationToken).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return Problems.Create(StatusCodes.Status409Conflict, "last_admin",
                    "This is the tenant's last enabled admin; make another user admin first.", "role");
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
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

        if (email.Trim().Contains(' ', StringComparison.Ordinal) || FactorTrace.Text.TextSafety.FindUnsafe(email) is not null)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", "An e-mail address has no spaces or control characters.", "email");
        }

        if (password is null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "A password is required.", "password");
        }

        return ValidatePassword(password, "password", email) ?? (Roles.IsValid(role) ? null : InvalidRole(role));
    }

    /// <summary>The password policy (NIST SP 800-63B, <see cref="PasswordPolicy"/>) as a 422 problem whose code says which rule.</summary>
    internal static ProblemHttpResult? ValidatePassword(string password, string field, params string?[] context) =>
        PasswordPolicy.Check(password, context) is { } verdict
            ? Problems.Create(StatusCodes.Status422UnprocessableEntity, "weak_password", verdict.Message, field, [verdict.Code])
            : null;

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

    /// <summary>Required when users change their own password.</summary>
    public string? CurrentPassword { get; set; }
}

internal sealed record UserView(Guid Id, string Email, string? Name, string Role, bool Disabled, DateTime CreatedAt)
{
    public static UserView From(User user) => new(user.Id, user.Email, user.Name, user.Role, user.Disabled, user.CreatedAt);
}
