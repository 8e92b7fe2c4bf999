using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using FactorTrace.Data;
using FactorTrace.Data.Erp;
using FactorTrace.Data.Ledger;
using FactorTrace.Import.Processing;
using FactorTrace.Import.TextClassification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FactorTrace.Erp;

/// <summary>
/// Pulls one connection: every page first (<see cref="ErpFetcher"/>), then the lines become activity records (the
/// importer's number and date normalisation, <see cref="ActivityValidation"/>, and the <see cref="TextClassifier"/> for lines
/// with a description but no activity id), and everything is written in one transaction: the lines upserted by document
/// and line id, their records created or updated, the pull's counts and the connection's watermark. A failure anywhere
/// stores nothing but the failed pull and its error; the last successful pull's data and watermark stay.
/// </summary>
public sealed class ErpPuller(
    ErpFetcher fetcher, CredentialProtector protector, TimeProvider time, ILogger<ErpPuller> logger, TextClassifier? classifier = null)
{
    /// <summary>Pulls <paramref name="connectionId"/> on the tenant's context; the caller holds its claim (<see cref="ErpClaims"/>), which this releases.</summary>
    public async Task<ErpPull> PullAsync(FactorTraceDb db, Guid connectionId, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = await db.ErpConnections.FirstAsync(c => c.Id == connectionId, cancellationToken).ConfigureAwait(false);
        var started = time.GetTimestamp();
        var pull = new ErpPull
        {
            Id = Guid.CreateVersion7(),
            TenantId = connection.TenantId,
            ConnectionId = connection.Id,
            Trigger = trigger,
            Status = ErpPullStatus.Running,
            StartedAt = time.GetUtcNow().UtcDateTime,
            WatermarkFrom = connection.Watermark,
        };
        db.ErpPulls.Add(pull);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var credentials = connection.Credentials is { } blob ? Unprotect(connection.Id, blob) : null;
            var mapping = ErpMapping.FromJson(connection.Mapping);
            var fetched = await fetcher.FetchAsync(
                new FetchRequest(connection.Id, connection.Kind, connection.BaseUrl, connection.Entity, mapping, credentials, connection.Watermark), cancellationToken).ConfigureAwait(false);
            await StoreAsync(db, connection, mapping, pull, fetched, cancellationToken).ConfigureAwait(false);
            Log.PullSucceeded(logger, connection.Id, connection.TenantId, trigger, pull.Fetched, pull.Pages, pull.Created, pull.Updated, pull.Invalid, (long)time.GetElapsedTime(started).TotalMilliseconds);
            return pull;
        }
        catch (Exception ex) when (ex is ErpPullException or DbException or DbUpdateException or InvalidOperationException or OperationCanceledException)
        {
            var error = ex switch
            {
                ErpPullException => ex.Message,
                OperationCanceledException => "The pull was cancelled (the service stopped or the request was abandoned); nothing stored.",
                InvalidOperationException when ex.Message.Contains(ErpOptions.SectionName, StringComparison.Ordinal) => ex.Message,
                _ => $"The lines could not be stored: {ex.Message}; nothing stored.",
            };
            Log.PullFailed(logger, connection.Id, connection.TenantId, trigger, error);
            await FailAsync(db, pull, error).ConfigureAwait(false);
            return pull;
        }
        finally
        {
            await ErpClaims.ReleaseAsync(db, connection.Id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private ErpCredentials Unprotect(Guid connectionId, byte[] blob)
    {
        try
        {
            return protector.Unprotect(connectionId, blob);
        }
        catch (InvalidOperationException ex)
        {
            throw new ErpPullException(ex.Message);
        }
    }

    private async Task FailAsync(FactorTraceDb db, ErpPull pull, string error)
    {
        db.ChangeTracker.Clear();
        var now = time.GetUtcNow().UtcDateTime;
        error = error.Length > 2000 ? error[..2000] : error;
        pull.Status = ErpPullStatus.Failed;
        pull.Error = error;
        pull.FinishedAt = now;
        (pull.Created, pull.Updated, pull.Unchanged, pull.Invalid) = (0, 0, 0, 0);
        await db.ErpPulls.Where(p => p.Id == pull.Id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, ErpPullStatus.Failed).SetProperty(p => p.Error, error).SetProperty(p => p.FinishedAt, now)
            .SetProperty(p => p.Pages, pull.Pages).SetProperty(p => p.Fetched, pull.Fetched), CancellationToken.None).ConfigureAwait(false);
        await db.ErpConnections.Where(c => c.Id == pull.ConnectionId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.LastPullAt, now).SetProperty(c => c.LastStatus, ErpPullStatus.Failed).SetProperty(c => c.LastError, error), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task StoreAsync(FactorTraceDb db, ErpConnection connection, ErpMapping mapping, ErpPull pull, FetchedLines fetched, CancellationToken cancellationToken)
    {
        pull.Pages = fetched.Pages;
        pull.Fetched = fetched.Lines.Count;
        var now = time.GetUtcNow().UtcDateTime;

        // The same line may come twice (changed while the pages were read): the latest change wins.
        var incoming = new Dictionary<(string Document, string Line), Incoming>();
        var invalid = 0;
        foreach (var line in fetched.Lines)
        {
            var document = LineValues.Text(line, mapping.DocumentId);
            var changed = LineValues.Text(line, mapping.ChangedAt) is { } text ? LineValues.Instant(text) : null;
            if (document is null || document.Length > 100 || changed is null)
            {
                invalid++;
                continue;
            }

            var lineId = LineValues.Text(line, mapping.LineId) ?? "";
            if (lineId.Length > 100)
            {
                invalid++;
                continue;
            }

            var key = (document, lineId);
            if (!incoming.TryGetValue(key, out var seen) || seen.ChangedAt <= changed.Value)
            {
                incoming[key] = new Incoming(document, lineId, changed.Value, line, line.GetRawText());
            }
        }

        var existing = await db.ErpLines.Where(l => l.ConnectionId == connection.Id).ToDictionaryAsync(l => (l.DocumentId, l.LineId), cancellationToken).ConfigureAwait(false);
        var changedLines = incoming.Values.Where(i => !existing.TryGetValue((i.Document, i.LineId), out var stored) || stored.Raw != i.Raw).ToList();
        pull.Unchanged = incoming.Count - changedLines.Count;

        var drafts = changedLines.Select(i => (Line: i, Draft: Convert(i.Json, mapping))).ToList();
        await ClassifyAsync(db, connection.TenantId, drafts.Where(d => d.Draft.Error is null).Select(d => d.Draft).ToList(), cancellationToken).ConfigureAwait(false);

        var recordIds = drafts.Select(d => existing.GetValueOrDefault((d.Line.Document, d.Line.LineId))?.RecordId).OfType<Guid>().ToList();
        var records = new Dictionary<Guid, ActivityRecord>();
        foreach (var chunk in recordIds.Chunk(500))
        {
            foreach (var record in await db.ActivityRecords.Where(r => chunk.Contains(r.Id)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                records[record.Id] = record;
            }
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            int created = 0, updated = 0, bad = invalid;
            foreach (var (line, draft) in drafts)
            {
                var stored = existing.GetValueOrDefault((line.Document, line.LineId));
                if (stored is null)
                {
                    stored = new ErpLine { Id = Guid.CreateVersion7(), TenantId = connection.TenantId, ConnectionId = connection.Id, DocumentId = line.Document, LineId = line.LineId };
                    db.ErpLines.Add(stored);
                }

                stored.ChangedAt = line.ChangedAt;
                stored.Raw = line.Raw;
                stored.UpdatedAt = now;
                if (draft.Error is { } error)
                {
                    // The record of an earlier good version stays until the ERP sends a good one again.
                    stored.Error = error.Length > 500 ? error[..500] : error;
                    bad++;
                    continue;
                }

                stored.Error = null;
                if (stored.RecordId is { } id && records.TryGetValue(id, out var record))
                {
                    updated++;
                }
                else
                {
                    record = new ActivityRecord { Id = Guid.CreateVersion7(), TenantId = connection.TenantId, CreatedAt = now };
                    db.ActivityRecords.Add(record);
                    stored.RecordId = record.Id;
                    created++;
                }

                ActivityValidation.Apply(draft.Body!, record);
                record.Notes = string.Create(CultureInfo.InvariantCulture, $"ERP {connection.Name}: document {line.Document}{(line.LineId.Length > 0 ? $" line {line.LineId}" : "")}");
                record.ClassifiedBy = draft.ClassifiedBy;
                record.UpdatedAt = now;
            }

            var watermark = incoming.Count == 0 ? connection.Watermark : Max(connection.Watermark, incoming.Values.Max(i => i.ChangedAt));
            (pull.Created, pull.Updated, pull.Invalid) = (created, updated, bad);
            pull.Status = ErpPullStatus.Succeeded;
            pull.FinishedAt = time.GetUtcNow().UtcDateTime;
            pull.WatermarkTo = watermark;
            connection.Watermark = watermark;
            connection.LastPullAt = pull.FinishedAt;
            connection.LastStatus = ErpPullStatus.Succeeded;
            connection.LastError = null;
            connection.LastSuccessAt = pull.FinishedAt;
            connection.LastSuccessLines = pull.Fetched;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ClassifyAsync(FactorTraceDb db, Guid tenantId, List<Draft> drafts, CancellationToken cancellationToken)
    {
        var pending = drafts.Where(d => string.IsNullOrWhiteSpace(d.Body!.ActivityId) && !string.IsNullOrWhiteSpace(d.Body.Description)).ToList();
        if (classifier is null || pending.Count == 0)
        {
            return;
        }

        foreach (var batch in pending.Chunk(Math.Max(1, classifier.MaxItems)))
        {
            var items = batch.Select(d => new ClassifyItem(ClassifyText(d.Body!), d.Body!.Spend, d.Body.Currency)).ToList();
            var results = await classifier.ClassifyAsync(db, tenantId, items, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                if (results[i] is { ActivityId: { } id } r && (r.Method != ClassificationMethods.Local || r.Confidence >= ActivityMatch.AcceptAt))
                {
                    var method = r.Method == ClassificationMethods.Cache && r.Provider is { } provider ? ClassificationMethods.Llm(provider) : r.Method;
                    batch[i].Body = batch[i].Body! with { ActivityId = id };
                    batch[i].ClassifiedBy = string.Create(CultureInfo.InvariantCulture, $"{method} {r.Confidence:0.00}");
                }
            }
        }
    }

    /// <summary>
    /// The text classified: the description alone (a supplier name appended lowers the search's confidence in the
    /// description's words; the supplier stays on the record).
    /// </summary>
    private static string ClassifyText(ActivityBody body)
    {
        var text = body.Description!;
        return text.Length > 500 ? text[..500] : text;
    }

    private static Draft Convert(JsonElement line, ErpMapping mapping)
    {
        var (spend, spendSymbol, badSpend) = LineValues.Number(line, mapping.Spend);
        var (amount, _, badAmount) = LineValues.Number(line, mapping.Amount);
        if (badSpend || badAmount)
        {
            return new Draft(null, $"{(badSpend ? mapping.Spend : mapping.Amount)} is not a number.");
        }

        var date = LineValues.Date(line, mapping.Date);
        if (date is null)
        {
            return new Draft(null, LineValues.Text(line, mapping.Date) is { } text ? $"{mapping.Date} '{text}' is not a date." : $"The line has no {mapping.Date}.");
        }

        var currency = LineValues.Text(line, mapping.Currency) ?? spendSymbol ?? mapping.DefaultCurrency;
        var body = new ActivityBody
        {
            ActivityId = LineValues.Text(line, mapping.ActivityId),
            Description = LineValues.Text(line, mapping.Description),
            Supplier = LineValues.Text(line, mapping.Supplier),
            Spend = spend,
            Currency = spend is null ? null : currency,
            Amount = amount,
            Unit = amount is null ? null : LineValues.Text(line, mapping.Unit),
            Date = date,
            Site = LineValues.Text(line, mapping.Site),
            Region = LineValues.Text(line, mapping.Region) is { } region ? Classification.Region(region) ?? region : null,
            Category = LineValues.Text(line, mapping.Category) is { } category ? Classification.Category(category) ?? category : null,
        };
        if (ActivityValidation.Validate(body) is { } problem)
        {
            return new Draft(null, $"{problem.Field}: {problem.Message}");
        }

        return new Draft(body, null);
    }

    private static DateTime? Max(DateTime? a, DateTime b) => a is { } x && x > b ? x : b;

    private sealed record Incoming(string Document, string LineId, DateTime ChangedAt, JsonElement Json, string Raw);

    private sealed class Draft(ActivityBody? body, string? error)
    {
        public ActivityBody? Body { get; set; } = body;

        public string? Error { get; } = error;

        public string? ClassifiedBy { get; set; }
    }
}

/// <summary>How a pull ends.</summary>
public static class ErpPullStatus
{
    /// <summary>In progress.</summary>
    public const string Running = "running";

    /// <summary>Every page fetched and stored.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Nothing stored; see the error.</summary>
    public const string Failed = "failed";
}
