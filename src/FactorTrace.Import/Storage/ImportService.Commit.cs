using System.Data.Common;
using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Imports;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Notifications;
using FactorTrace.Import.Processing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FactorTrace.Import.Storage;

/// <summary>Commit, roll back and discard: the transactions that store or remove an import's records.</summary>
public sealed partial class ImportService
{
    /// <summary>
    /// Stores every valid row as an activity record in one transaction with the import's new status: all or nothing.
    /// Refused when another commit of the same file exists (unless <paramref name="allowDuplicate"/>) or, with
    /// <paramref name="strict"/>, when any row has an error. <paramref name="observe"/> sees every converted row, on the
    /// reading thread, so a caller can list issues or show rows without another pass over the file. <paramref name="audit"/>
    /// makes the audit event, which is stored in the commit's own transaction.
    /// </summary>
    public async Task<CommitResult> CommitAsync(
        FactorTraceDb db, ActivityImport import, bool allowDuplicate, bool strict, CancellationToken cancellationToken, Action<ConvertedRow>? observe = null,
        Func<CommitResult, AuditEvent>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        EnsureEditable(import);
        if (!allowDuplicate && await db.Imports.AsNoTracking().AnyAsync(i => i.Id != import.Id && i.FileSha256 == import.FileSha256 && i.Status == ImportStatuses.Committed, cancellationToken).ConfigureAwait(false))
        {
            throw new ImportException("duplicate_import", "The same file (by SHA-256) was already committed; roll that import back first, or commit with allow_duplicate.");
        }

        if (strict && import.Invalid > 0)
        {
            throw new ImportException("import_has_errors", $"{import.Invalid:N0} rows have errors; fix them, or commit without strict to store only the valid rows.");
        }

        var stored = ImportJson.ReadLayout(import.Layout);
        var mapping = ImportJson.ReadMapping(import.Mapping);
        var patches = ImportJson.ReadPatches(import.Patches);
        var total = import.Rows;
        var processor = new ImportProcessor(_options, await MatcherForAsync(db, import, new ImportAnalysis(stored.Layout, mapping, stored.Notes), patches, cancellationToken)
            .ConfigureAwait(false));
        progress.Report(import.Id, "writing", 0, total);
        var started = time.GetTimestamp();
        try
        {
            var result = await Task.Run(
                () =>
                {
                    using var transaction = db.Database.BeginTransaction();
                    var now = time.GetUtcNow().UtcDateTime;
                    // Claims the import inside the transaction: a concurrent commit of the same import finds no row to update.
                    var claimed = db.Imports.Where(i => i.Id == import.Id && i.Status == ImportStatuses.Validated)
                        .ExecuteUpdate(s => s.SetProperty(i => i.Status, ImportStatuses.Committed).SetProperty(i => i.UpdatedAt, now));
                    if (claimed != 1)
                    {
                        throw new ImportException("import_not_editable", "The import is already committed or rolled back.");
                    }

                    using var writer = RecordWriter.Create(db.Database.GetDbConnection(), transaction.GetDbTransaction());
                    long seen = 0;
                    // Reading and converting on one core while the database writes on the other: the two stages
                    // meet in a small bounded channel, so memory stays flat whatever the file's size.
                    var summary = RecordPipeline.Run(
                        (emit, token) => processor.Scan(FilePath(import), stored.Layout, mapping, stored.Notes, patches, 0,
                            row =>
                            {
                                if (row.Body is { } body)
                                {
                                    var record = new ActivityRecord { Id = Guid.CreateVersion7(), TenantId = import.TenantId, CreatedAt = now, UpdatedAt = now };
                                    ActivityValidation.Apply(body with { ImportId = import.Id }, record);
                                    // Notes are kept exactly as written; the other text fields are trimmed by Apply.
                                    record.Notes = body.Notes;
                                    record.ClassifiedBy = row.ClassifiedBy;
                                    emit(record);
                                }
                                else if (strict)
                                {
                                    throw new ImportException("import_has_errors", $"Row {row.Row} has errors; nothing was stored.");
                                }

                                observe?.Invoke(row);
                            },
                            cancellationToken: token),
                        record =>
                        {
                            writer.Write(record);
                            if ((++seen & 0xFFF) == 0)
                            {
                                progress.Report(import.Id, "writing", seen, Math.Max(total, seen));
                            }
                        },
                        cancellationToken);
                    progress.Report(import.Id, "finishing", seen, Math.Max(total, seen));
                    writer.Complete();
                    db.Imports.Where(i => i.Id == import.Id).ExecuteUpdate(s => s
                        .SetProperty(i => i.Committed, writer.Written)
                        .SetProperty(i => i.CommittedAt, now)
                        .SetProperty(i => i.Rows, summary.Rows)
                        .SetProperty(i => i.Valid, summary.Valid)
                        .SetProperty(i => i.Invalid, summary.Invalid)
                        .SetProperty(i => i.Warnings, summary.Warnings));
                    var committed = new CommitResult(writer.Written, summary.Invalid, summary);
                    // The audit event and the notifications are part of the change: all are stored, or none.
                    Outbox.Enqueue(db, import.TenantId, Notifications.ImportFinished(import, writer.Written, summary.Invalid), now);
                    if (audit is not null)
                    {
                        db.AuditEvents.Add(audit(committed));
                    }

                    db.SaveChanges();

                    transaction.Commit();
                    import.Status = ImportStatuses.Committed;
                    import.Committed = writer.Written;
                    import.CommittedAt = now;
                    import.UpdatedAt = now;
                    (import.Rows, import.Valid, import.Invalid, import.Warnings) = (summary.Rows, summary.Valid, summary.Invalid, summary.Warnings);
                    return committed;
                },
                cancellationToken).ConfigureAwait(false);
            Log.ImportCommitted(_log, import.Id, import.TenantId, result.Stored, result.SkippedInvalid, (long)time.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (Exception ex) when (ex is ImportException or DbException or InvalidOperationException)
        {
            Log.ImportCommitFailed(_log, import.Id, import.TenantId, ex.Message);
            await NotifyFailedAsync(db, import, ex.Message).ConfigureAwait(false);
            throw;
        }
        finally
        {
            progress.Finish(import.Id);
        }
    }

    /// <summary>Writes the failure's notification on its own (the commit's transaction was rolled back); a failure here is only logged.</summary>
    private async Task NotifyFailedAsync(FactorTraceDb db, ActivityImport import, string reason)
    {
        try
        {
            db.ChangeTracker.Clear();
            await Outbox.EnqueueAsync(db, import.TenantId, Notifications.ImportFailed(import, reason), time.GetUtcNow().UtcDateTime, CancellationToken.None).ConfigureAwait(false);
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or DbUpdateException)
        {
            Log.ImportCommitFailed(_log, import.Id, import.TenantId, "its failure notification was not stored: " + ex.Message);
        }
    }

    /// <summary>Deletes a committed import's records in one transaction and marks it rolled back (with <paramref name="audit"/>'s event in it).</summary>
    public async Task<long> RollbackAsync(FactorTraceDb db, ActivityImport import, CancellationToken cancellationToken, Func<long, AuditEvent>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var claimed = await db.Imports.Where(i => i.Id == import.Id && i.Status == ImportStatuses.Committed)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatuses.RolledBack).SetProperty(i => i.RolledBackAt, now).SetProperty(i => i.UpdatedAt, now), cancellationToken)
                .ConfigureAwait(false);
            if (claimed != 1)
            {
                throw new ImportException("import_not_committed", "Only a committed import can be rolled back.");
            }

            var deleted = await db.ActivityRecords.Where(r => r.ImportId == import.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            if (audit is not null)
            {
                db.AuditEvents.Add(audit(deleted));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            Log.ImportRolledBack(_log, import.Id, import.TenantId, deleted);
            import.Status = ImportStatuses.RolledBack;
            import.RolledBackAt = now;
            return deleted;
        }
    }

    /// <summary>Forgets an import that was never committed, with its file; <paramref name="audit"/>'s event is stored in the same transaction.</summary>
    public async Task DiscardAsync(FactorTraceDb db, ActivityImport import, CancellationToken cancellationToken, Func<AuditEvent>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        EnsureEditable(import);
        Func<CancellationToken, Task<int>> delete = token => db.Imports.Where(i => i.Id == import.Id && i.Status == ImportStatuses.Validated).ExecuteDeleteAsync(token);
        _ = audit is null
            ? await delete(cancellationToken).ConfigureAwait(false)
            : await AuditedChange.ExecuteAsync(db, delete, _ => audit(), cancellationToken).ConfigureAwait(false);
        File.Delete(FilePath(import));
    }
}
