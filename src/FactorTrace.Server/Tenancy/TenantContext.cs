using System.Data.Common;
using System.Reflection;
using FactorTrace.Data;
using FactorTrace.Data.Tenancy;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;

namespace FactorTrace.Server.Tenancy;

/// <summary>The authenticated caller and its tenant's settings; endpoint handlers take it as a parameter.</summary>
internal sealed record TenantContext(Caller Caller, TenantPolicy Policy)
{
    public Guid TenantId => Caller.TenantId;

    /// <summary>The tenant's own factors, first in its cascade.</summary>
    public FactorTrace.Calculation.PrivateFactorBook PrivateFactors { get; init; } = FactorTrace.Calculation.PrivateFactorBook.Empty;

    /// <summary>What the tenant adds to every resolution: its own factors, then its source rules.</summary>
    public FactorTrace.Calculation.TenantCascade Cascade => field ??= new(Policy.Sources, PrivateFactors);

    public static ValueTask<TenantContext?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<TenantContext>());
}

/// <summary>
/// After authentication: binds the request's <see cref="TenantScope"/> to the caller's tenant (once, for the whole
/// request), loads the tenant's settings, and opens a log scope with the request id, the tenant id and the user.
/// </summary>
internal sealed partial class TenantContextMiddleware(RequestDelegate next, ILogger<TenantContextMiddleware> logger, TenantPolicyCache policies, Ledger.PrivateFactorCache privateFactors)
{
    public async Task InvokeAsync(HttpContext context, TenantScope scope)
    {
        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
        var caller = Caller.From(context.User);
        if (caller is not null)
        {
            scope.Set(caller.TenantId);
            // The database context is only created when the cached settings are stale.
            TenantPolicy policy;
            try
            {
                policy = policies.TryGetFresh(caller.TenantId, out var fresh)
                    ? fresh
                    : await policies.GetAsync(caller.TenantId, context.RequestServices.GetRequiredService<FactorTraceDb>(), context.RequestAborted).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                LogSettingsUnavailable(logger, ex.Message);
                await Problems.Create(StatusCodes.Status503ServiceUnavailable, "database_unavailable",
                    "The tenant's settings cannot be read: the database is unavailable.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            var book = await privateFactors.GetAsync(caller.TenantId, context.RequestAborted).ConfigureAwait(false);
            context.Features.Set(new TenantContext(caller, policy) { PrivateFactors = book });
        }

        // The user is its id (user:<id>, key:<id> or external:<subject>), never an e-mail address.
        using (logger.BeginScope(new Dictionary<string, object?> { ["RequestId"] = context.TraceIdentifier, ["TenantId"] = caller?.TenantId, ["User"] = caller?.Actor }))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    [LoggerMessage(20, LogLevel.Warning, "Tenant settings unavailable: {Reason}")]
    private static partial void LogSettingsUnavailable(ILogger logger, string reason);
}
