using System.Globalization;
using FactorTrace.Data;
using FactorTrace.Data.Classification;
using FactorTrace.Import.TextClassification;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using CategoryText = FactorTrace.Import.Processing.Classification;

namespace FactorTrace.Server.Classification;

/// <summary>
/// <c>POST /classify</c> (a batch of purchase lines), the tenant's supplier rules (<c>/classification/supplier-rules</c>)
/// and its language-model spend of a month (<c>/classification/spend</c>); the rules live in <see cref="TextClassifier"/>.
/// </summary>
internal static class ClassificationEndpoints
{
    private const int MaxText = 500;

    public static RouteGroupBuilder MapClassificationEndpoints(this RouteGroupBuilder api)
    {
        // Built once the host has started (after every setting was validated, so a bad one fails the start with the
        // others), so each provider's dependency shows in health and metrics before its first call.
        var services = ((IEndpointRouteBuilder)api).ServiceProvider;
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => _ = services.GetService<TextClassifier>());
        var classify = api.MapGroup("").RequireBrokerReady().WithTags("Classification");
        classify.MapPost("/classify", ClassifyAsync).RequireAuthorization(Policies.Editor).Accepts<ClassifyBody>("application/json")
            .WithSummary("Classifies purchase lines to activities: supplier rules, the activity search, then language models within the monthly budget.");
        var rules = api.MapGroup("/classification/supplier-rules").WithTags("Classification");
        rules.MapGet("/", ListRulesAsync).RequireAuthorization(Policies.Reader);
        rules.MapPost("/", CreateRuleAsync).RequireAuthorization(Policies.Editor).RequireBrokerReady().Accepts<RuleBody>("application/json").Produces(StatusCodes.Status201Created);
        rules.MapGet("/{id:guid}", GetRuleAsync).RequireAuthorization(Policies.Reader);
        rules.MapPut("/{id:guid}", UpdateRuleAsync).RequireAuthorization(Policies.Editor).RequireBrokerReady().Accepts<RuleBody>("application/json");
        rules.MapDelete("/{id:guid}", DeleteRuleAsync).RequireAuthorization(Policies.Editor).Produces(StatusCodes.Status204NoContent);
        api.MapGet("/classification/spend", SpendAsync).RequireAuthorization(Policies.Reader).WithTags("Classification")
            .WithSummary("The tenant's language-model calls, tokens and cost per provider in a month (?month=yyyy-MM, default this month), with its budget.");
        return api;
    }

    private static async Task<IResult> ClassifyAsync(HttpRequest request, TenantContext tenant, FactorTraceDb db, TextClassifier classifier, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ClassifyBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Value!.Items is not { Count: > 0 } items)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Send at least one item: { \"items\": [{ \"text\": \"…\" }] }.", "items");
        }

        if (items.Count > classifier.MaxItems)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "too_many_items", $"At most {classifier.MaxItems} items per request (sent {items.Count}); split the batch.", "items");
        }

        for (var i = 0; i < items.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"items[{i}].text");
            if (items[i] is not { } item || string.IsNullOrWhiteSpace(item.Text))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Every item needs a text.", field);
            }

            if (item.Text.Length > MaxText)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"A text has at most {MaxText} characters.", field);
            }

            if (Problems.UnsafeText(item.Text, field) is { } unsafeText)
            {
                return unsafeText;
            }

            if (item.Amount is { } amount && !double.IsFinite(amount))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "The amount must be a finite number.", string.Create(CultureInfo.InvariantCulture, $"items[{i}].amount"));
            }
        }

        var results = await classifier.ClassifyAsync(db, tenant.TenantId, items.Select(i => new ClassifyItem(i!.Text!.Trim(), i.Amount, i.Currency)).ToList(), cancellationToken)
            .ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            items = results.Select(r => new
            {
                text = r.Text,
                activity_id = r.ActivityId,
                category = r.Category,
                scope = r.Scope,
                unit = r.Unit,
                confidence = r.Confidence,
                reason = r.Reason,
                method = r.Method,
                provider = r.Provider,
                tokens = new { prompt = r.PromptTokens, completion = r.CompletionTokens },
                alternatives = r.Alternatives,
            }),
            total = results.Count,
            tokens = new { prompt = results.Sum(r => r.PromptTokens), completion = results.Sum(r => r.CompletionTokens) },
        });
    }

    private static async Task<IResult> ListRulesAsync(FactorTraceDb db, CancellationToken cancellationToken)
    {
        var items = await db.SupplierRules.AsNoTracking().OrderBy(r => r.Pattern).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = items.Select(RuleView.From), total = items.Count });
    }

    private static async Task<IResult> GetRuleAsync(Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var rule = await db.SupplierRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        return rule is null ? await guard.NotFoundAsync(tenant.Caller, "supplier_rule", id, cancellationToken).ConfigureAwait(false) : TypedResults.Ok(RuleView.From(rule));
    }

    private static async Task<IResult> CreateRuleAsync(
        HttpRequest request, TenantContext tenant, FactorTraceDb db, TextClassifier classifier, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var read = await ReadRuleAsync(request, classifier, cancellationToken).ConfigureAwait(false);
        if (read.Problem is { } problem)
        {
            return problem;
        }

        var (pattern, activityId, category) = read.Rule!.Value;
        if (await PatternTakenAsync(db, pattern, null, cancellationToken).ConfigureAwait(false))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "duplicate_pattern", $"A supplier rule for '{pattern}' exists; change that one.", "pattern");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var rule = new SupplierRule { Id = Guid.CreateVersion7(), TenantId = tenant.TenantId, Pattern = pattern, ActivityId = activityId, Category = category, CreatedAt = now, UpdatedAt = now };
        db.SupplierRules.Add(rule);
        audit.Add(tenant.Caller, "supplier_rule.create", "supplier_rule", rule.Id.ToString(), $"{pattern} → {activityId}");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/classification/supplier-rules/{rule.Id}", RuleView.From(rule));
    }

    private static async Task<IResult> UpdateRuleAsync(
        Guid id, HttpRequest request, TenantContext tenant, FactorTraceDb db, TextClassifier classifier, AuditLog audit, CrossTenantGuard guard, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var rule = await db.SupplierRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (rule is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "supplier_rule", id, cancellationToken).ConfigureAwait(false);
        }

        var read = await ReadRuleAsync(request, classifier, cancellationToken).ConfigureAwait(false);
        if (read.Problem is { } problem)
        {
            return problem;
        }

        var (pattern, activityId, category) = read.Rule!.Value;
        if (await PatternTakenAsync(db, pattern, id, cancellationToken).ConfigureAwait(false))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "duplicate_pattern", $"A supplier rule for '{pattern}' exists; change that one.", "pattern");
        }

        rule.Pattern = pattern;
        rule.ActivityId = activityId;
        rule.Category = category;
        rule.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Add(tenant.Caller, "supplier_rule.update", "supplier_rule", rule.Id.ToString(), $"{pattern} → {activityId}");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(RuleView.From(rule));
    }

    private static async Task<IResult> DeleteRuleAsync(Guid id, TenantContext tenant, FactorTraceDb db, AuditLog audit, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var rule = await db.SupplierRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (rule is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "supplier_rule", id, cancellationToken).ConfigureAwait(false);
        }

        db.SupplierRules.Remove(rule);
        audit.Add(tenant.Caller, "supplier_rule.delete", "supplier_rule", rule.Id.ToString(), rule.Pattern);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SpendAsync(
        string? month, TenantContext tenant, FactorTraceDb db, TimeProvider time, IOptions<ClassificationOptions> options, CancellationToken cancellationToken)
    {
        var first = ClassificationSpendStore.MonthOf(time.GetUtcNow());
        if (month is not null)
        {
            if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "month is yyyy-MM (2026-12).", "month");
            }
        }

        var rows = await ClassificationSpendStore.MonthAsync(db, first, cancellationToken).ConfigureAwait(false);
        var budget = options.Value.BudgetFor(tenant.TenantId);
        var spent = rows.Sum(r => r.Cost);
        return TypedResults.Ok(new
        {
            month = first.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            budget,
            spent = Math.Round(spent, 6),
            remaining = Math.Max(0, Math.Round(budget - spent, 6)),
            providers = rows.Select(r => new { provider = r.Provider, requests = r.Requests, prompt_tokens = r.PromptTokens, completion_tokens = r.CompletionTokens, cost = Math.Round(r.Cost, 6) }),
        });
    }

    private static Task<bool> PatternTakenAsync(FactorTraceDb db, string pattern, Guid? except, CancellationToken cancellationToken) =>
        db.SupplierRules.AnyAsync(r => r.Pattern == pattern && r.Id != except, cancellationToken);

    private static async Task<(IResult? Problem, (string Pattern, string ActivityId, string? Category)? Rule)> ReadRuleAsync(
        HttpRequest request, TextClassifier classifier, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RuleBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return (problem, null);
        }

        var value = body.Value!;
        if (string.IsNullOrWhiteSpace(value.Pattern) || !TextKey.Normalize(value.Pattern).Any(char.IsLetter))
        {
            return ((IResult)Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Give a pattern with at least one letter (a supplier name such as 'Shell').", "pattern"), null);
        }

        var pattern = value.Pattern.Trim();
        if (pattern.Length > 200 || Problems.UnsafeText(pattern, "pattern") is not null)
        {
            return ((IResult)Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "A pattern is plain text of at most 200 characters.", "pattern"), null);
        }

        if (string.IsNullOrWhiteSpace(value.ActivityId))
        {
            return ((IResult)Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Give the activity_id the matching lines are.", "activity_id"), null);
        }

        if (classifier.Catalogue.Find(value.ActivityId) is not { } activity)
        {
            var suggestions = classifier.Catalogue.Candidates(value.ActivityId, [], 5).Select(a => a.Id).ToList();
            return ((IResult)Problems.Create(StatusCodes.Status422UnprocessableEntity, "unknown_activity", $"'{value.ActivityId.Trim()}' is not an activity of the catalogue.", "activity_id",
                suggestions), null);
        }

        string? category = null;
        if (!string.IsNullOrWhiteSpace(value.Category))
        {
            category = CategoryText.Category(value.Category);
            if (category is null)
            {
                return ((IResult)Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "category is a Scope 3 category: 3.1–3.15, '6' or 'Business travel'.", "category"), null);
            }
        }

        return (null, (pattern, activity.Id, category));
    }
}

/// <summary>A classification request.</summary>
internal sealed record ClassifyBody(List<ClassifyItemBody?>? Items);

/// <summary>One line to classify.</summary>
internal sealed record ClassifyItemBody(string? Text, double? Amount, string? Currency);

/// <summary>A supplier rule as sent.</summary>
internal sealed record RuleBody(string? Pattern, string? ActivityId, string? Category);

/// <summary>A supplier rule as returned.</summary>
internal sealed record RuleView(Guid Id, string Pattern, string ActivityId, string? Category, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static RuleView From(SupplierRule r) => new(r.Id, r.Pattern, r.ActivityId, r.Category, r.CreatedAt, r.UpdatedAt);
}
