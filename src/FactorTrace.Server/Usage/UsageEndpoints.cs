using System.Globalization;
using FactorTrace.Data;
using FactorTrace.Data.Tenancy;
using FactorTrace.Data.Usage;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Imports;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Usage;

/// <summary>Metered use and credits: a tenant's own, and every tenant's for platform administrators (JSON or CSV).</summary>
internal static class UsageEndpoints
{
    public static RouteGroupBuilder MapUsageEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/usage", UsageAsync).RequireAuthorization(Policies.Reader).WithTags("Usage")
            .WithSummary("The tenant's use per meter (group_by=meter) or per day and meter (group_by=day) over [from, to]; CSV with format=csv or Accept: text/csv.");
        api.MapGet("/credits", CreditsAsync).RequireAuthorization(Policies.Reader).WithTags("Usage")
            .WithSummary("The tenant's credit balance, prices, and its latest grants and charges.");
        api.MapGet("/platform/usage", PlatformUsageAsync).RequireAuthorization(Policies.Platform).WithTags("Usage")
            .WithSummary("Every tenant's use per meter over [from, to]; CSV with format=csv or Accept: text/csv.");
        api.MapGet("/platform/credits", PlatformCreditsAsync).RequireAuthorization(Policies.Platform).WithTags("Usage")
            .WithSummary("Every tenant's credit balance.");
        api.MapPost("/platform/tenants/{id:guid}/credits", GrantAsync).RequireAuthorization(Policies.Platform).WithTags("Usage").Accepts<GrantBody>("application/json")
            .WithSummary("Grants credits to a tenant, with the reason written to its ledger.");
        return api;
    }

    private static async Task<IResult> UsageAsync(HttpRequest request, FactorTraceDb db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Period(request, time, out var from, out var to) is { } bad)
        {
            return bad;
        }

        var groupBy = request.Query["group_by"].ToString();
        if (groupBy is not ("" or "meter" or "day"))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "group_by is 'meter' (default) or 'day'.", "group_by", ["meter", "day"]);
        }

        var byDay = groupBy == "day";
        var lines = await UsageStore.ForTenantAsync(db, from, to, byDay, cancellationToken).ConfigureAwait(false);
        if (WantsCsv(request))
        {
            using var csv = new StringWriter(CultureInfo.InvariantCulture);
            csv.Write(byDay ? "day,meter,quantity\r\n" : "meter,quantity\r\n");
            foreach (var line in lines)
            {
                var quantity = line.Quantity.ToString(CultureInfo.InvariantCulture);
                CsvExport.WriteRow(csv, byDay ? [line.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), line.Meter, quantity] : [line.Meter, quantity]);
            }

            return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8");
        }

        return TypedResults.Json(new
        {
            from,
            to,
            group_by = byDay ? "day" : "meter",
            items = lines.Select(l => new { day = l.Day, meter = l.Meter, quantity = l.Quantity }),
            note = "Each instance writes its counts every flush interval; the latest seconds of use may not be included yet.",
        }, ApiJson.Options);
    }

    private static async Task<IResult> CreditsAsync(HttpRequest request, TenantContext tenant, FactorTraceDb db, CreditCharges charges, IOptions<UsageOptions> options, CancellationToken cancellationToken)
    {
        if (Paging.Read(request.Query, out _, out var limit) is { } bad)
        {
            return bad;
        }

        var balance = await charges.EnsureAccountAsync(tenant.TenantId, cancellationToken).ConfigureAwait(false);
        var entries = await db.CreditEntries.AsNoTracking().OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new
        {
            balance = UsageOptions.FromMillis(balance),
            low = balance < UsageOptions.ToMillis(options.Value.LowCredits),
            low_threshold = options.Value.LowCredits,
            prices = options.Value.Prices.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value),
            entries = entries.Select(e => new
            {
                id = e.Id,
                at = new DateTimeOffset(DateTime.SpecifyKind(e.At, DateTimeKind.Utc)),
                kind = e.Kind,
                amount = UsageOptions.FromMillis(e.AmountMillis),
                balance_after = UsageOptions.FromMillis(e.BalanceAfterMillis),
                meter = e.Meter,
                quantity = e.Quantity,
                reason = e.Reason,
                actor = e.Actor,
                reference = e.Reference,
            }),
        }, ApiJson.Options);
    }

    private static async Task<IResult> PlatformUsageAsync(HttpRequest request, SystemDbFactory systemDb, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Period(request, time, out var from, out var to) is { } bad)
        {
            return bad;
        }

        var lines = await UsageStore.ForPlatformAsync(systemDb, from, to, cancellationToken).ConfigureAwait(false);
        var names = await TenantNamesAsync(systemDb, cancellationToken).ConfigureAwait(false);
        if (WantsCsv(request))
        {
            using var csv = new StringWriter(CultureInfo.InvariantCulture);
            csv.Write("tenant_id,tenant,meter,quantity\r\n");
            foreach (var line in lines)
            {
                CsvExport.WriteRow(csv, [line.TenantId.ToString(), names.GetValueOrDefault(line.TenantId, ""), line.Meter, line.Quantity.ToString(CultureInfo.InvariantCulture)]);
            }

            return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8");
        }

        return TypedResults.Json(new
        {
            from,
            to,
            items = lines.Select(l => new { tenant_id = l.TenantId, tenant = names.GetValueOrDefault(l.TenantId), meter = l.Meter, quantity = l.Quantity }),
        }, ApiJson.Options);
    }

    private static async Task<IResult> PlatformCreditsAsync(SystemDbFactory systemDb, IOptions<UsageOptions> options, CancellationToken cancellationToken)
    {
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var accounts = await db.CreditAccounts.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var names = await TenantNamesAsync(systemDb, cancellationToken).ConfigureAwait(false);
            var low = UsageOptions.ToMillis(options.Value.LowCredits);
            return TypedResults.Json(new
            {
                items = names.OrderBy(n => n.Value, StringComparer.Ordinal).Select(n =>
                {
                    var account = accounts.FirstOrDefault(a => a.TenantId == n.Key);
                    return new
                    {
                        tenant_id = n.Key,
                        tenant = n.Value,
                        balance = account is null ? (decimal?)null : UsageOptions.FromMillis(account.BalanceMillis),
                        low = account is not null && account.BalanceMillis < low,
                    };
                }),
                note = "A tenant without a balance opens its account with the opening credits on its first priced action.",
            }, ApiJson.Options);
        }
    }

    private static async Task<IResult> GrantAsync(Guid id, HttpRequest request, TenantContext caller, SystemDbFactory systemDb, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<GrantBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var grant = body.Value!;
        if (grant.Amount is not { } amount || amount <= 0 || decimal.Round(amount, 3) != amount || amount > 1_000_000_000m)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", "amount must be a positive number of credits, in steps of 0.001, at most 1,000,000,000.", "amount");
        }

        if (string.IsNullOrWhiteSpace(grant.Reason) || grant.Reason.Length > 500)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "missing_field", "reason is required (at most 500 characters): it is written to the tenant's ledger.", "reason");
        }

        if (Problems.UnsafeText(grant.Reason, "reason") is { } unsafeText)
        {
            return unsafeText;
        }

        var names = await TenantNamesAsync(systemDb, cancellationToken).ConfigureAwait(false);
        if (!names.ContainsKey(id))
        {
            return Problems.NotFound("tenant", id.ToString());
        }

        // The grant is written on the tenant's own context, as if the tenant acted, so row-level security holds.
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(id);
            var charges = scope.ServiceProvider.GetRequiredService<CreditCharges>();
            await charges.EnsureAccountAsync(id, cancellationToken).ConfigureAwait(false);
            var ledger = new CreditLedger(scope.ServiceProvider.GetRequiredService<FactorTraceDb>(), scope.ServiceProvider.GetRequiredService<TimeProvider>());
            var balance = await ledger.AddAsync(id, CreditLedger.Kinds.Grant, UsageOptions.ToMillis(amount), caller.Caller.Actor, grant.Reason.Trim(), null, 0, null, cancellationToken)
                .ConfigureAwait(false);
            return TypedResults.Json(new { tenant_id = id, granted = amount, balance = UsageOptions.FromMillis(balance) }, ApiJson.Options, statusCode: StatusCodes.Status201Created);
        }
    }

    private static ProblemHttpResult? Period(HttpRequest request, TimeProvider time, out DateOnly from, out DateOnly to)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        from = new DateOnly(today.Year, today.Month, 1);
        to = today;
        foreach (var (name, target) in new[] { ("from", 0), ("to", 1) })
        {
            var text = request.Query[name].ToString();
            if (text.Length == 0)
            {
                continue;
            }

            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_date", $"{name} must be a date as yyyy-MM-dd (got '{text}').", name);
            }

            if (target == 0)
            {
                from = day;
            }
            else
            {
                to = day;
            }
        }

        return to < from ? Problems.Create(StatusCodes.Status400BadRequest, "invalid_range", $"to ({to:yyyy-MM-dd}) is before from ({from:yyyy-MM-dd}).", "to") : null;
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.Query["format"].ToString().Equals("csv", StringComparison.OrdinalIgnoreCase)
        || request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));


    private static async Task<Dictionary<Guid, string>> TenantNamesAsync(SystemDbFactory systemDb, CancellationToken cancellationToken)
    {
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            return await db.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>A grant of credits.</summary>
/// <param name="Amount">Credits to add.</param>
/// <param name="Reason">Why (written to the ledger).</param>
internal sealed record GrantBody(decimal? Amount, string? Reason);
