using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Reporting;
using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Queries;
using FactorTrace.Reporting.Rendering;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Reporting.Generation;

/// <summary>
/// Reports as records: <see cref="CreateAsync"/> checks what can be checked at once (framework, period, a completed run,
/// net revenue, an LEI for Inline XBRL) and stores the report <c>pending</c>; <see cref="GenerateAsync"/> builds the model
/// in the database, renders every format and stores the files with their SHA-256 and the report <c>completed</c> in one
/// transaction, or marks it <c>failed</c> with no file. The same path serves the API (in the background) and the CLI.
/// </summary>
public sealed class ReportService(FactorTraceDb db, TimeProvider time)
{
    /// <summary>Checks the order, and stores the report as pending with its audit event.</summary>
    /// <exception cref="ReportInputException">What to fix (a 4xx).</exception>
    public async Task<Report> CreateAsync(ReportOrder order, ReportActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(actor);
        if (!string.Equals(order.Framework, ReportOrder.EsrsE1, StringComparison.OrdinalIgnoreCase))
        {
            throw new ReportInputException("unknown_framework", $"'{order.Framework}' is not a report framework; use \"{ReportOrder.EsrsE1}\".");
        }

        var formats = ReportFormats.Parse(order.Formats);
        var options = await OptionsAsync(order, cancellationToken).ConfigureAwait(false);
        var run = await new EsrsE1Query(db).ResolveRunAsync(order.From, order.To, order.CalculationRunId, cancellationToken).ConfigureAwait(false);
        if (options.NetRevenue is null)
        {
            throw new ReportInputException("net_revenue_required",
                $"ESRS E1-6 reports GHG intensity per net revenue: give \"net_revenue\": {{\"amount\", \"currency\"}} with the request, or store it for the period (PUT /api/v1/reporting-periods with from {order.From:yyyy-MM-dd} and to {order.To:yyyy-MM-dd}).");
        }

        EsrsE1Query.CheckOptions(options);
        if (formats.Contains(ReportFormats.Xhtml) && LegalEntityIdentifier.Problem(options.Lei) is not null)
        {
            throw new LeiRequiredException();
        }

        var now = time.GetUtcNow();
        var previous = await db.Reports.AsNoTracking()
            .Where(r => r.Framework == ReportOrder.EsrsE1 && r.From == order.From && r.To == order.To && r.Status == ReportStatus.Completed)
            .OrderByDescending(r => r.CreatedAt).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var report = new Report
        {
            Id = Guid.CreateVersion7(now),
            TenantId = actor.TenantId,
            Framework = ReportOrder.EsrsE1,
            From = order.From,
            To = order.To,
            Status = ReportStatus.Pending,
            CalculationRunId = run.Id,
            SupersedesReportId = previous,
            GwpSet = run.GwpSet,
            DatasetVersions = run.DatasetVersions,
            Request = JsonSerializer.Serialize(new StoredRequest(formats.Select(f => f.Kind).ToList(), options.NetRevenue?.Amount, options.NetRevenue?.Currency)),
            Actor = actor.Actor,
            CreatedAt = now.UtcDateTime,
        };
        db.Reports.Add(report);
        db.AuditEvents.Add(AuditEvent.Create(time, actor.TenantId, actor.Actor, "report.create", "report", report.Id.ToString(), actor.RequestId,
            $"esrs-e1 {order.From:yyyy-MM-dd}..{order.To:yyyy-MM-dd}; run {run.Id}; formats {string.Join(',', formats.Select(f => f.Kind))}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// Generates a pending report: claims it (so two workers never generate the same report), builds, renders and stores
    /// every file and completes it in one transaction; on any failure the report is <c>failed</c> with the reason and no file.
    /// Returns the report as it ends, or null when it was not pending (another worker has it, or it is done).
    /// </summary>
    public async Task<Report?> GenerateAsync(Guid reportId, string? requestId, CancellationToken cancellationToken)
    {
        var claimed = await db.Reports.Where(r => r.Id == reportId && r.Status == ReportStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReportStatus.Running), cancellationToken).ConfigureAwait(false);
        if (claimed == 0)
        {
            return null;
        }

        var report = await db.Reports.FirstAsync(r => r.Id == reportId, cancellationToken).ConfigureAwait(false);
        try
        {
            var files = await RenderAsync(report, cancellationToken).ConfigureAwait(false);
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                db.ReportFiles.AddRange(files);
                report.Status = ReportStatus.Completed;
                report.FinishedAt = time.GetUtcNow().UtcDateTime;
                db.AuditEvents.Add(AuditEvent.Create(time, report.TenantId, report.Actor, "report.complete", "report", report.Id.ToString(), requestId,
                    string.Join("; ", files.Select(f => $"{f.Kind} sha256={f.Sha256}"))));
                await FactorTrace.Data.Notifications.Outbox.EnqueueAsync(db, report.TenantId, FactorTrace.Data.Notifications.Notifications.ReportReady(report), report.FinishedAt.Value, cancellationToken).ConfigureAwait(false);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            var message = ex is ReportInputException ? ex.Message : $"The report could not be generated: {ex.GetType().Name}: {ex.Message}";
            await db.Reports.Where(r => r.Id == reportId).ExecuteUpdateAsync(
                s => s.SetProperty(r => r.Status, ReportStatus.Failed).SetProperty(r => r.Error, message).SetProperty(r => r.FinishedAt, time.GetUtcNow().UtcDateTime),
                CancellationToken.None).ConfigureAwait(false);
            report.Status = ReportStatus.Failed;
            report.Error = message;
        }

        return report;
    }

    /// <summary>A page of the result rows behind one figure of a completed report, and the figure as reported.</summary>
    /// <returns>Null when the report has no such figure (or no figures yet).</returns>
    public async Task<FigureRows?> FigureRowsAsync(Guid reportId, string figureId, int offset, int limit, CancellationToken cancellationToken)
    {
        var json = await db.ReportFiles.AsNoTracking().Where(f => f.ReportId == reportId && f.Kind == ReportFormats.Json.Kind)
            .Select(f => f.Content).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        var figure = document.RootElement.GetProperty("figures").EnumerateArray()
            .FirstOrDefault(f => f.GetProperty("id").GetString() == figureId && !f.TryGetProperty("comparative", out _));
        if (figure.ValueKind != JsonValueKind.Object || !figure.TryGetProperty("rows", out var rows))
        {
            return null;
        }

        var runId = figure.GetProperty("calculation_run_id").GetGuid();
        var selector = FigureSelectorJson.Read(rows);
        var query = db.EmissionResults.AsNoTracking().Apply(runId, selector);
        var total = (int)Math.Min(int.MaxValue, await FigureSelectorQuery.CountAsync(db, runId, selector, cancellationToken).ConfigureAwait(false));
        var page = await query.OrderBy(r => r.AccountingDate).ThenBy(r => r.RecordId).ThenBy(r => r.Method)
            .Skip(offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        var factors = await new EmissionQueries(db).FactorsOfAsync(runId, page, cancellationToken).ConfigureAwait(false);
        return new FigureRows(figureId, figure.GetProperty("label").GetString() ?? figureId, figure.GetProperty("value").GetDouble(), runId, selector, total, page, factors);
    }

    private async Task<List<ReportFile>> RenderAsync(Report report, CancellationToken cancellationToken)
    {
        var stored = JsonSerializer.Deserialize<StoredRequest>(report.Request) ?? new StoredRequest([], null, null);
        var order = new ReportOrder(report.Framework, report.From, report.To, report.CalculationRunId,
            stored.NetRevenue is { } amount && stored.Currency is { } currency ? new NetRevenue(amount, currency) : null, stored.Formats);
        var options = await OptionsAsync(order, cancellationToken).ConfigureAwait(false);
        var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == report.TenantId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var run = await db.CalculationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == report.CalculationRunId, cancellationToken).ConfigureAwait(false)
            ?? throw new ReportInputException("run_not_found", $"Calculation run {report.CalculationRunId} no longer exists.");
        var model = await new EsrsE1Query(db).BuildAsync(run, new ReportRequest(tenant ?? "", report.From, report.To, options, run.Id), cancellationToken).ConfigureAwait(false);
        var files = new List<ReportFile>();
        foreach (var format in ReportFormats.Parse(stored.Formats))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var buffer = new MemoryStream();
            Writer(format)(model, buffer);
            var content = buffer.ToArray();
            files.Add(new ReportFile
            {
                ReportId = report.Id,
                Kind = format.Kind,
                TenantId = report.TenantId,
                ContentType = format.ContentType,
                FileName = format.FileName(report.Framework, report.From, report.To, report.Id),
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                Length = content.Length,
                Content = content,
            });
        }

        return files;
    }

    private static Action<EsrsE1Report, Stream> Writer(ReportFormat format) => format.Kind switch
    {
        "json" => FigureExport.WriteJson,
        "csv" => FigureExport.WriteCsv,
        "html" => ReportRenderer.WriteHtml,
        "xhtml" => ReportRenderer.WriteIxbrl,
        "pdf" => Pdf.PdfReportRenderer.Write,
        _ => throw new ReportInputException("unknown_format", $"The {format.Kind} output is not available in this build."),
    };

    /// <summary>The tenant's settings and its inputs for the period, with the order's net revenue first.</summary>
    private async Task<ReportOptions> OptionsAsync(ReportOrder order, CancellationToken cancellationToken)
    {
        var settings = await db.TenantSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var period = await db.ReportingPeriods.AsNoTracking().FirstOrDefaultAsync(p => p.From == order.From && p.To == order.To, cancellationToken).ConfigureAwait(false);
        var narratives = period?.Narratives is { } blocks ? JsonSerializer.Deserialize<Dictionary<string, string>>(blocks)! : [];
        var exclusions = period?.Scope3Exclusions is { } text
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(text)!.ToDictionary(e => int.Parse(e.Key, CultureInfo.InvariantCulture), e => e.Value)
            : [];
        return new ReportOptions
        {
            Lei = settings?.Lei,
            NetRevenue = order.NetRevenue ?? (period is { NetRevenue: { } amount, Currency: { } currency } ? new NetRevenue(amount, currency) : null),
            EtsSharePercent = period?.EtsSharePercent,
            Scope3Exclusions = exclusions,
            BaseYear = settings is { BaseYearFrom: { } from, BaseYearTo: { } to } ? new ReportPeriod(from, to) : null,
            NaceActivity = settings?.NaceActivity,
            Narratives = narratives,
        };
    }

    private sealed record StoredRequest(List<string> Formats, decimal? NetRevenue, string? Currency);
}

/// <summary>A page of the result rows behind a figure.</summary>
/// <param name="FigureId">The figure.</param>
/// <param name="Label">Its label.</param>
/// <param name="Value">Its value as reported (kg CO2e for emissions).</param>
/// <param name="RunId">The run whose rows these are.</param>
/// <param name="Selector">Which rows.</param>
/// <param name="Total">Rows in all.</param>
/// <param name="Rows">This page.</param>
/// <param name="Factors">The factor answers the page used, by number.</param>
public sealed record FigureRows(string FigureId, string Label, double Value, Guid RunId, FigureSelector Selector, int Total, IReadOnlyList<EmissionResult> Rows, IReadOnlyDictionary<int, RunFactor> Factors);
