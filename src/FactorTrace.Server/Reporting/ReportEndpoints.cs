using System.Text.Json;
using FactorTrace.Data;
using FactorTrace.Data.Reporting;
using FactorTrace.Reporting;
using FactorTrace.Reporting.Generation;
using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Queries;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Ledger;
using FactorTrace.Server.Tenancy;
using FactorTrace.Server.Usage;
using FactorTrace.Usage;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Reporting;

/// <summary>ESRS E1 reports: ask for one (generated in the background), list, read, download each format, trace a figure to its rows.</summary>
internal static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/reports").WithTags("Reports");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Editor).Accepts<ReportBody>("application/json")
            .Produces(StatusCodes.Status201Created, contentType: "application/json")
            .WithSummary("Asks for a report of a period (ESRS E1-6) from its latest completed calculation, or the run named; it is generated in the background (status pending → completed or failed).");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader).Produces(StatusCodes.Status200OK, contentType: "application/json");
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Reader).Produces(StatusCodes.Status200OK, contentType: "application/json");
        group.MapGet("/{id:guid}/files/{kind}", FileAsync).RequireAuthorization(Policies.Reader).Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .WithSummary("One output of a completed report: html, pdf, xhtml (Inline XBRL), csv or json.");
        group.MapGet("/{id:guid}/figures/{figure}/rows", FigureRowsAsync).RequireAuthorization(Policies.Reader).Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("The result rows behind one figure of a completed report, paged (offset, limit), with the factor answer each used.");

        var periods = api.MapGroup("/reporting-periods").WithTags("Reports");
        periods.MapGet("/", ListPeriodsAsync).RequireAuthorization(Policies.Reader).Produces(StatusCodes.Status200OK, contentType: "application/json");
        periods.MapPut("/", PutPeriodAsync).RequireAuthorization(Policies.Editor).Accepts<PeriodBody>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("Stores the tenant's inputs for a reporting period: net revenue, the Scope 1 share under emission trading schemes, Scope 3 exclusions and why.");
        return api;
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, TenantContext tenant, FactorTraceDb db, ReportWorker worker, CreditCharges charges, UsageMeter usage, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ReportBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        return await CreateReportAsync(body.Value!, request.HttpContext, tenant, db, worker, charges, usage, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks for a report from a request already read (the API's body or the reports page's form): 201 with the pending report, or the problem.</summary>
    internal static async Task<IResult> CreateReportAsync(
        ReportBody input, HttpContext http, TenantContext tenant, FactorTraceDb db, ReportWorker worker, CreditCharges charges, UsageMeter usage, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (input.From is not { } from || input.To is not { } to)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", $"Field '{(input.From is null ? "from" : "to")}' is required (yyyy-MM-dd).", input.From is null ? "from" : "to");
        }

        if (input.NetRevenue is { } revenue && (revenue.Amount is null || revenue.Currency is null))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "net_revenue needs both amount and currency.", "net_revenue");
        }

        var order = new ReportOrder(input.Framework ?? ReportOrder.EsrsE1, from, to, input.CalculationRunId,
            input.NetRevenue is { Amount: { } amount, Currency: { } currency } ? new NetRevenue(amount, currency.Trim().ToUpperInvariant()) : null, input.Formats);
        // The report and its charge are stored together or not at all (a refused charge or a bad order leaves nothing).
        await charges.EnsureAccountAsync(tenant.TenantId, cancellationToken).ConfigureAwait(false);
        Report report;
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            try
            {
                report = await new ReportService(db, time).CreateAsync(order, new ReportActor(tenant.TenantId, tenant.Caller.Actor, http.TraceIdentifier), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (ReportInputException ex)
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, FieldOf(ex.Code));
            }

            if (await charges.TryChargeAsync(tenant.TenantId, Meters.Reports, 1, tenant.Caller.Actor, $"ESRS E1 report {from:yyyy-MM-dd}..{to:yyyy-MM-dd}", report.Id.ToString(),
                cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        usage.Add(tenant.TenantId, Meters.Reports);
        worker.Enqueue(tenant.TenantId, report.Id, http.TraceIdentifier);
        return TypedResults.Json(ReportView.Of(report, []), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, FactorTraceDb db, CancellationToken cancellationToken)
    {
        if (Paging.Read(request.Query, out var offset, out var limit, 50, 500) is { } badPage)
        {
            return badPage;
        }

        return TypedResults.Json(new { offset, limit, items = await PageAsync(db, offset, limit, cancellationToken).ConfigureAwait(false) }, ApiJson.Options);
    }

    /// <summary>A page of the tenant's reports, newest first, with their files.</summary>
    internal static async Task<List<ReportView>> PageAsync(FactorTraceDb db, int offset, int limit, CancellationToken cancellationToken)
    {
        var reports = await db.Reports.AsNoTracking().OrderByDescending(r => r.CreatedAt).Skip(offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = reports.Select(r => r.Id).ToList();
        var files = await FilesAsync(db, ids, cancellationToken).ConfigureAwait(false);
        return reports.Select(r => ReportView.Of(r, files[r.Id])).ToList();
    }

    private static async Task<IResult> GetAsync(Guid id, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var report = await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "report", id, cancellationToken).ConfigureAwait(false);
        }

        var files = await FilesAsync(db, [id], cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(ReportView.Of(report, files[id]), ApiJson.Options);
    }

    internal static async Task<IResult> FileAsync(Guid id, string kind, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var report = await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "report", id, cancellationToken).ConfigureAwait(false);
        }

        if (ReportFormats.Find(kind) is not { } format)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "unknown_format", $"'{kind}' is not a report format.", "kind", ReportFormats.All.Select(f => f.Kind).ToList());
        }

        if (report.Status != ReportStatus.Completed)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "report_not_ready",
                report.Status == ReportStatus.Failed ? $"The report failed: {report.Error}" : $"The report is {report.Status}; read GET /api/v1/reports/{id} until it is completed.");
        }

        var file = await db.ReportFiles.AsNoTracking().FirstOrDefaultAsync(f => f.ReportId == id && f.Kind == format.Kind, cancellationToken).ConfigureAwait(false);
        if (file is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "not_found", $"The report was generated without its {format.Kind} output; ask for a report with \"formats\": [\"{format.Kind}\"].");
        }

        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<IResult> FigureRowsAsync(
        Guid id, string figure, HttpRequest request, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, TimeProvider time, CancellationToken cancellationToken)
    {
        var report = await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "report", id, cancellationToken).ConfigureAwait(false);
        }

        if (Paging.Read(request.Query, out var offset, out var limit, 100, 1000) is { } badPage)
        {
            return badPage;
        }

        if (report.Status != ReportStatus.Completed)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "report_not_ready", $"The report is {report.Status}; its figures can be traced once it is completed.");
        }

        var rows = await new ReportService(db, time).FigureRowsAsync(id, figure, offset, limit, cancellationToken).ConfigureAwait(false);
        if (rows is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "unknown_figure", $"The report has no figure '{figure}' made of result rows; the ids are in its JSON output (GET /api/v1/reports/{id}/files/json).", "figure");
        }

        var answers = ResultRowView.Answers(rows.Factors);
        return TypedResults.Json(new
        {
            report_id = id,
            figure = rows.FigureId,
            label = rows.Label,
            value = rows.Value,
            calculation_run_id = rows.RunId,
            total = rows.Total,
            offset,
            limit,
            items = rows.Rows.Select(r => ResultRowView.Of(r, answers)),
        }, ApiJson.Options);
    }

    private static async Task<IResult> ListPeriodsAsync(FactorTraceDb db, CancellationToken cancellationToken)
    {
        var periods = await db.ReportingPeriods.AsNoTracking().OrderByDescending(p => p.From).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(periods.Select(PeriodView.Of).ToList(), ApiJson.Options);
    }

    private static async Task<IResult> PutPeriodAsync(HttpRequest request, TenantContext tenant, FactorTraceDb db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<PeriodBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var input = body.Value!;
        if (input.From is not { } from || input.To is not { } to)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", $"Field '{(input.From is null ? "from" : "to")}' is required (yyyy-MM-dd).", input.From is null ? "from" : "to");
        }

        if (PeriodProblem(input, from, to) is { } invalid)
        {
            return invalid;
        }

        var row = await db.ReportingPeriods.FirstOrDefaultAsync(p => p.From == from && p.To == to, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new ReportingPeriod { TenantId = tenant.TenantId, From = from, To = to };
            db.ReportingPeriods.Add(row);
        }

        row.NetRevenue = input.NetRevenue?.Amount;
        row.Currency = input.NetRevenue?.Currency?.Trim().ToUpperInvariant();
        row.EtsSharePercent = input.EtsSharePercent;
        row.Scope3Exclusions = input.Scope3Exclusions is { Count: > 0 } exclusions ? JsonSerializer.Serialize(exclusions) : null;
        row.Narratives = input.Narratives is { Count: > 0 } narratives ? JsonSerializer.Serialize(narratives) : null;
        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Add(tenant.Caller, "reporting_period.update", "reporting_period", $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}",
            $"net_revenue={row.NetRevenue} {row.Currency}; ets_share_percent={row.EtsSharePercent}; scope3_exclusions={row.Scope3Exclusions ?? "none"}");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(PeriodView.Of(row), ApiJson.Options);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? PeriodProblem(PeriodBody input, DateOnly from, DateOnly to)
    {
        // The period and input rules are the report's own (EsrsE1Query), so what is stored here is what a report accepts.
        try
        {
            EsrsE1Query.CheckPeriod(from, to);
        }
        catch (ReportInputException ex)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, "to");
        }

        foreach (var (field, options) in new (string, ReportOptions)[]
        {
            ("net_revenue", new ReportOptions { NetRevenue = input.NetRevenue is { } revenue ? new NetRevenue(revenue.Amount ?? 0, revenue.Currency ?? "") : null }),
            ("ets_share_percent", new ReportOptions { EtsSharePercent = input.EtsSharePercent }),
        })
        {
            try
            {
                EsrsE1Query.CheckOptions(options);
            }
            catch (ReportInputException ex)
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", ex.Message, field);
            }
        }

        foreach (var (key, text) in input.Narratives ?? [])
        {
            if (!NarrativeKeys.All.Contains(key))
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", $"'{key}' is not a narrative disclosure of the report.", "narratives", NarrativeKeys.All);
            }

            if (Problems.UnsafeText(text, "narratives", multiline: true) is { } unsafeText)
            {
                return unsafeText;
            }
        }

        foreach (var (category, reason) in input.Scope3Exclusions ?? [])
        {
            if (!int.TryParse(category, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n is < 1 or > 15)
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", $"'{category}' is not a Scope 3 category; use 1 to 15.", "scope3_exclusions");
            }

            if (string.IsNullOrWhiteSpace(reason) || Problems.UnsafeText(reason, "scope3_exclusions", multiline: true) is not null)
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", $"Category {n} needs a reason in plain text (why it is left out).", "scope3_exclusions");
            }
        }

        return null;
    }

    private static async Task<Dictionary<Guid, List<ReportFileView>>> FilesAsync(FactorTraceDb db, List<Guid> ids, CancellationToken cancellationToken)
    {
        var files = await db.ReportFiles.AsNoTracking().Where(f => ids.Contains(f.ReportId))
            .Select(f => new { f.ReportId, f.Kind, f.FileName, f.ContentType, f.Sha256, f.Length }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return ids.ToDictionary(id => id, id => files.Where(f => f.ReportId == id)
            .Select(f => new ReportFileView(f.Kind, f.FileName, f.ContentType, f.Sha256, f.Length, $"/api/v1/reports/{id}/files/{f.Kind}")).ToList());
    }

    private static string? FieldOf(string code) => code switch
    {
        "lei_required" => "lei",
        "net_revenue_required" or "invalid_net_revenue" => "net_revenue",
        "unknown_format" => "formats",
        "unknown_framework" => "framework",
        "invalid_period" => "to",
        "run_not_found" or "run_not_completed" or "run_does_not_cover_period" => "calculation_run_id",
        _ => null,
    };
}

/// <summary>A report request.</summary>
internal sealed class ReportBody
{
    public string? Framework { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public Guid? CalculationRunId { get; set; }

    public MoneyBody? NetRevenue { get; set; }

    public List<string>? Formats { get; set; }
}

/// <summary>An amount of money.</summary>
internal sealed class MoneyBody
{
    public decimal? Amount { get; set; }

    public string? Currency { get; set; }
}

/// <summary>A tenant's inputs for one reporting period.</summary>
internal sealed class PeriodBody
{
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public MoneyBody? NetRevenue { get; set; }

    public double? EtsSharePercent { get; set; }

    public Dictionary<string, string>? Scope3Exclusions { get; set; }

    public Dictionary<string, string>? Narratives { get; set; }
}

internal sealed record ReportFileView(string Kind, string FileName, string ContentType, string Sha256, long Bytes, string Url);

internal sealed record ReportView(
    Guid Id, string Framework, DateOnly From, DateOnly To, string Status, string? Error, Guid CalculationRunId, Guid? SupersedesReportId, string? GwpSet,
    string? DatasetVersions, string Actor, DateTime CreatedAt, DateTime? FinishedAt, IReadOnlyList<ReportFileView> Files)
{
    public static ReportView Of(Report r, IReadOnlyList<ReportFileView> files) => new(
        r.Id, r.Framework, r.From, r.To, r.Status, r.Error, r.CalculationRunId, r.SupersedesReportId, r.GwpSet, r.DatasetVersions, r.Actor, r.CreatedAt, r.FinishedAt, files);
}

internal sealed record PeriodView(
    DateOnly From, DateOnly To, object? NetRevenue, double? EtsSharePercent, IReadOnlyDictionary<string, string> Scope3Exclusions, IReadOnlyDictionary<string, string> Narratives, DateTime UpdatedAt)
{
    public static PeriodView Of(ReportingPeriod p) => new(
        p.From, p.To, p.NetRevenue is { } amount ? new { amount, currency = p.Currency } : null, p.EtsSharePercent,
        p.Scope3Exclusions is { } text ? JsonSerializer.Deserialize<Dictionary<string, string>>(text)! : new Dictionary<string, string>(),
        p.Narratives is { } blocks ? JsonSerializer.Deserialize<Dictionary<string, string>>(blocks)! : new Dictionary<string, string>(), p.UpdatedAt);
}
