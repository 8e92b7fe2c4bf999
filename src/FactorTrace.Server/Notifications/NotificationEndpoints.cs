using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Data.Notifications;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Notifications;

/// <summary>
/// A user's notification preferences (<c>/me/notifications</c>) and the tenant's outbox for its administrators
/// (<c>/outbox</c>: what is waiting, sent or parked as failed, and a retry of a parked message). Tenant data only.
/// </summary>
internal static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me/notifications", GetPreferencesAsync).RequireAuthorization(Policies.Reader).WithTags("Notifications")
            .WithSummary("The signed-in user's e-mail notification choices, per kind (with the default where none was chosen).");
        api.MapPut("/me/notifications", PutPreferencesAsync).RequireAuthorization(Policies.Reader).WithTags("Notifications").Accepts<PreferencesBody>("application/json")
            .WithSummary("Sets the signed-in user's choices: { \"preferences\": { \"report.ready\": false } }; kinds not named keep their choice.");
        api.MapGet("/outbox", ListOutboxAsync).RequireAuthorization(Policies.Admin).WithTags("Notifications")
            .WithSummary("The tenant's e-mails (?state=pending|sending|sent|failed), newest first, at most 200.");
        api.MapPost("/outbox/{id:guid}/retry", RetryAsync).RequireAuthorization(Policies.Admin).WithTags("Notifications")
            .WithSummary("Sends a message parked as failed again, with its attempts reset.");
        return api;
    }

    private static async Task<IResult> GetPreferencesAsync(TenantContext tenant, FactorTraceDb db, CancellationToken cancellationToken)
    {
        if (await UserAsync(tenant, db, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return NotAUser();
        }

        return TypedResults.Ok(await ViewAsync(db, user, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> PutPreferencesAsync(HttpRequest request, TenantContext tenant, FactorTraceDb db, CancellationToken cancellationToken)
    {
        if (await UserAsync(tenant, db, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return NotAUser();
        }

        var body = await JsonBody.ReadAsync<PreferencesBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Value!.Preferences is not { Count: > 0 } wanted)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Send { \"preferences\": { \"<kind>\": true|false } }.", "preferences", NotificationKinds.All);
        }

        foreach (var kind in wanted.Keys)
        {
            if (!NotificationKinds.IsKnown(kind))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"'{kind}' is not a notification kind.", $"preferences.{kind}", NotificationKinds.All);
            }
        }

        var existing = await db.NotificationPreferences.Where(p => p.UserId == user.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (kind, enabled) in wanted)
        {
            if (existing.FirstOrDefault(p => p.Kind == kind) is { } row)
            {
                row.Enabled = enabled;
            }
            else
            {
                db.NotificationPreferences.Add(new NotificationPreference { TenantId = tenant.TenantId, UserId = user.Id, Kind = kind, Enabled = enabled });
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await ViewAsync(db, user, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> ListOutboxAsync(HttpRequest request, FactorTraceDb db, CancellationToken cancellationToken)
    {
        var state = request.Query["state"].ToString();
        if (state.Length > 0 && !OutboxStates.All.Contains(state, StringComparer.Ordinal))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "state is one of pending, sending, sent, failed.", "state", OutboxStates.All);
        }

        // The tenant filter (and row-level security on PostgreSQL) keeps this to the caller's tenant.
        var query = db.OutboxMessages.AsNoTracking();
        if (state.Length > 0)
        {
            query = query.Where(m => m.State == state);
        }

        var rows = await query.OrderByDescending(m => m.CreatedAt).Take(200).Select(m => new OutboxView(
            m.Id, m.Recipient, m.Kind, m.Subject, m.MessageId, m.State, m.Attempts, m.NextAttemptAt, m.LastError, m.CreatedAt, m.SentAt)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = rows });
    }

    private static async Task<IResult> RetryAsync(Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var message = await db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "outbox_message", id, cancellationToken).ConfigureAwait(false);
        }

        var changed = await db.OutboxMessages.Where(m => m.Id == id && m.State == OutboxStates.Failed).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.State, OutboxStates.Pending).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now), cancellationToken).ConfigureAwait(false);
        return changed == 1
            ? TypedResults.Accepted($"/api/v1/outbox?state=pending", new { id, state = OutboxStates.Pending })
            : Problems.Create(StatusCodes.Status409Conflict, "not_failed", $"Only a message parked as failed can be retried; this one is {message.State}.");
    }

    private static Task<User?> UserAsync(TenantContext tenant, FactorTraceDb db, CancellationToken cancellationToken) =>
        tenant.Caller.UserId is { } id ? db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken) : Task.FromResult<User?>(null);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotAUser() =>
        Problems.Create(StatusCodes.Status400BadRequest, "not_a_user", "Notification preferences belong to users; an API key has none.");

    private static async Task<PreferencesView> ViewAsync(FactorTraceDb db, User user, CancellationToken cancellationToken)
    {
        var chosen = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == user.Id).ToDictionaryAsync(p => p.Kind, p => p.Enabled, StringComparer.Ordinal, cancellationToken)
            .ConfigureAwait(false);
        var byDefault = Outbox.DefaultFor(user.Role);
        return new PreferencesView(user.Email, NotificationKinds.All.Select(k => new PreferenceView(k, chosen.TryGetValue(k, out var on) ? on : byDefault, !chosen.ContainsKey(k))).ToList());
    }
}

/// <summary>Choices to set, by kind.</summary>
internal sealed record PreferencesBody(Dictionary<string, bool>? Preferences);

/// <summary>A user's choices.</summary>
internal sealed record PreferencesView(string Email, IReadOnlyList<PreferenceView> Preferences);

/// <summary>One kind: whether the user gets it, and whether that is the default.</summary>
internal sealed record PreferenceView(string Kind, bool Enabled, bool Default);

/// <summary>An outbox message as administrators see it (no body).</summary>
internal sealed record OutboxView(
    Guid Id, string Recipient, string Kind, string Subject, string MessageId, string State, int Attempts, DateTime NextAttemptAt, string? LastError, DateTime CreatedAt, DateTime? SentAt);
