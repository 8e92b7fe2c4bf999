using System.Globalization;
using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using FactorTrace.Sources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Web.Pages.Admin;

/// <summary>
/// The tenant's administration: users and roles, API keys, settings and the audit log. Every action is the API's own
/// (<see cref="UserEndpoints"/>, <see cref="ApiKeyEndpoints"/>, <see cref="TenantEndpoints"/>), under the same admin policy.
/// </summary>
[Authorize(Policy = Policies.Admin)]
internal sealed class IndexModel(
    FactorTraceDb db, IPasswordHasher<User> hasher, AuditLog audit, TimeProvider time, CrossTenantGuard guard, CredentialStates states, SecurityLog security,
    TenantPolicyCache policies, BrokerHost broker, IOptions<ServiceOptions> options) : PageModel
{
    public const int AuditPageSize = 25;

    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public IReadOnlyList<ApiKeyView> Keys { get; private set; } = [];

    public SettingsView? Settings { get; private set; }

    public IReadOnlyList<AuditView> Audit { get; private set; } = [];

    public string? Before { get; private set; }

    /// <summary>Which form the <see cref="Problem"/> is about (<c>user</c>, <c>users</c>, <c>key</c>, <c>keys</c>, <c>settings</c>).</summary>
    public string? Form { get; private set; }

    public FieldProblem? Problem { get; private set; }

    public string? Done { get; private set; }

    /// <summary>The text of a key just created: shown on this response only, never stored.</summary>
    public string? NewKey { get; private set; }

    /// <summary>What was typed into the forms, kept when a form is refused.</summary>
    public Dictionary<string, string> Typed { get; } = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> AllRoles => Roles.All;

    public static IEnumerable<string> SourceIds => SourceCatalog.Default.Sources.Select(s => s.Id).Order(StringComparer.Ordinal);

    private TenantContext Tenant => HttpContext.Features.Get<TenantContext>()!;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateUserAsync(string? email, string? name, string? role, string? password, CancellationToken cancellationToken)
    {
        Keep(("user-email", email), ("user-name", name), ("user-role", role));
        var result = await UserEndpoints.CreateUserAsync(new CreateUserRequest { Email = email, Name = string.IsNullOrWhiteSpace(name) ? null : name, Role = role, Password = password },
            Tenant, db, hasher, audit, time, cancellationToken);
        return await AfterAsync("user", result.Result, $"User {email?.Trim().ToLowerInvariant()} added as {role}.", cancellationToken);
    }

    public async Task<IActionResult> OnPostChangeRoleAsync(Guid id, string? role, CancellationToken cancellationToken)
    {
        var result = await UserEndpoints.UpdateUserAsync(new UpdateUserRequest { Role = role }, HttpContext, id, Tenant, db, guard, hasher, audit, states, security, cancellationToken);
        return await AfterAsync("users", result.Result, result.Result is Ok<UserView> ok ? $"{ok.Value!.Email} is now {ok.Value.Role}." : null, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveUserAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await UserEndpoints.DeleteAsync(id, HttpContext.Request, Tenant, db, guard, audit, states, security, cancellationToken);
        return await AfterAsync("users", result.Result, "The user was removed.", cancellationToken);
    }

    public async Task<IActionResult> OnPostCreateKeyAsync(string? name, string? role, CancellationToken cancellationToken)
    {
        Keep(("key-name", name), ("key-role", role));
        var result = await ApiKeyEndpoints.CreateKeyAsync(new CreateApiKeyRequest { Name = name, Role = role }, Tenant, db, audit, time, cancellationToken);
        if (result.Result is Created<ApiKeyView> created)
        {
            NewKey = created.Value!.Key;
            Typed.Clear();
        }

        return await AfterAsync("key", result.Result, $"API key '{name?.Trim()}' created.", cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeKeyAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await ApiKeyEndpoints.RevokeAsync(id, Tenant, db, guard, states, audit, time, cancellationToken);
        return await AfterAsync("keys", result.Result, "The API key was revoked.", cancellationToken);
    }

    public async Task<IActionResult> OnPostSettingsAsync(
        [FromForm(Name = "source_priority")] string? sourcePriority, [FromForm(Name = "allowed_sources")] string? allowedSources,
        [FromForm(Name = "rate_limit_per_minute")] string? rateLimit, [FromForm(Name = "lei")] string? lei, [FromForm(Name = "nace_activity")] string? nace,
        CancellationToken cancellationToken)
    {
        Keep(("source_priority", sourcePriority), ("allowed_sources", allowedSources), ("rate_limit_per_minute", rateLimit), ("lei", lei), ("nace_activity", nace));
        int? limit = null;
        if (!string.IsNullOrWhiteSpace(rateLimit))
        {
            if (!int.TryParse(rateLimit.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                return await AfterAsync("settings", Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value",
                    $"The rate limit is a whole number of requests per minute (got '{rateLimit}'); leave it empty for the default.", "rate_limit_per_minute"), null, cancellationToken);
            }

            limit = parsed;
        }

        // The report's identity of the company: empty clears it (the report then says it is missing).
        var request = new SettingsRequest
        {
            SourcePriority = List(sourcePriority),
            AllowedSources = List(allowedSources),
            RateLimitPerMinute = limit,
            Lei = string.IsNullOrWhiteSpace(lei) ? null : lei.Trim(),
            NaceActivity = string.IsNullOrWhiteSpace(nace) ? null : nace.Trim(),
        };
        var result = await TenantEndpoints.PutSettingsFromAsync(request, Tenant, db, audit, policies, broker, time, options, cancellationToken);
        return await AfterAsync("settings", result.Result, "Settings saved.", cancellationToken);
    }

    public string Value(string key, string fallback = "") => Typed.TryGetValue(key, out var v) ? v : fallback;

    /// <summary>The refusal's words when it is about this form and field.</summary>
    public string? ErrorFor(string form, string field) => Form == form ? Problem?.For(field) : null;

    /// <summary>The refusal's words when it is about this form but no field of it.</summary>
    public string? FormError(string form, params string[] fields) =>
        Form == form && Problem is { } p && (p.Field is null || !fields.Contains(p.Field, StringComparer.Ordinal)) ? p.Message : null;

    private async Task<IActionResult> AfterAsync(string form, IResult? result, string? done, CancellationToken cancellationToken)
    {
        if (FieldProblem.Of(result) is { } problem)
        {
            (Form, Problem) = (form, problem);
            Response.StatusCode = problem.Status is StatusCodes.Status404NotFound or StatusCodes.Status403Forbidden ? problem.Status : StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            Done = done;
            if (form != "key")
            {
                Typed.Clear();
            }
        }

        db.ChangeTracker.Clear();
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Users = await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => UserView.From(u)).ToListAsync(cancellationToken);
        Keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).Select(k => ApiKeyView.From(k, null)).ToListAsync(cancellationToken);
        Settings = (await TenantEndpoints.GetSettingsAsync(Tenant, db, broker, options, cancellationToken)).Value;
        Before = Request.Query["before"].ToString();
        DateTime? before = DateTime.TryParse(Before, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var b) ? b : null;
        if ((await TenantEndpoints.ListAuditAsync(db, AuditPageSize, before, null, cancellationToken)).Result is Ok<List<AuditView>> events)
        {
            Audit = events.Value!;
        }
    }

    private void Keep(params (string Key, string? Value)[] values)
    {
        foreach (var (key, value) in values)
        {
            Typed[key] = value ?? "";
        }
    }

    private static List<string>? List(string? text) =>
        text?.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } items ? [.. items] : null;
}
