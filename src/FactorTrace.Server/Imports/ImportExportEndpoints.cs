using System.Globalization;
using System.Text;
using FactorTrace.Data;
using FactorTrace.Import.Processing;
using FactorTrace.Import.Storage;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Imports;

/// <summary>An import's exports: its issues (JSON, CSV or XLSX) and its committed records (CSV or XLSX).</summary>
internal static class ImportExportEndpoints
{
    /// <summary>Every issue of an import: JSON, CSV or XLSX, streamed from a fresh pass over its file.</summary>
    public static async Task<IResult> ErrorsAsync(Guid id, HttpContext context, TenantContext tenant, FactorTraceDb db, ImportService imports, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var import = await ImportEndpoints.FindAsync(db, id, tracked: false, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        var severity = context.Request.Query["severity"].FirstOrDefault();
        if (severity is not (null or "" or ImportIssue.Error or ImportIssue.Warning))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_parameter", "severity must be error or warning.", "severity", [ImportIssue.Error, ImportIssue.Warning]);
        }

        var format = Format(context.Request);
        var csv = format == "csv";
        var response = context.Response;
        response.ContentType = format switch { "csv" => "text/csv; charset=utf-8", "xlsx" => XlsxExport.MediaType, _ => "application/json; charset=utf-8" };
        if (format != "json")
        {
            response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-errors.{format}\"";
        }

        // Issues stream from a fresh pass over the file straight into the response: memory stays flat however many there are.
        AllowSynchronousWrites(context);

        await Task.Run(
            () =>
            {
                if (format == "xlsx")
                {
                    using var xlsx = new XlsxExport(response.Body);
                    xlsx.Row(["row", "column", "value", "code", "severity", "message", "suggestion"]);
                    imports.Issues(import, issue =>
                    {
                        if (severity is not { Length: > 0 } || issue.Severity == severity)
                        {
                            xlsx.Row([issue.Row is { } r ? (double)r : null, issue.Column, issue.Value, issue.Code, issue.Severity, issue.Message, issue.Suggestion]);
                        }
                    }, cancellationToken);
                    return;
                }

                using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                long count = 0;
                if (csv)
                {
                    writer.Write("row,column,value,code,severity,message,suggestion\r\n");
                }
                else
                {
                    writer.Write("{\"import_id\":\"");
                    writer.Write(id.ToString());
                    writer.Write("\",\"issues\":[");
                }

                imports.Issues(import, issue =>
                {
                    if (severity is { Length: > 0 } && issue.Severity != severity)
                    {
                        return;
                    }

                    if (csv)
                    {
                        CsvExport.WriteRow(writer, [issue.Row?.ToString(CultureInfo.InvariantCulture), issue.Column, issue.Value, issue.Code, issue.Severity, issue.Message, issue.Suggestion]);
                    }
                    else
                    {
                        writer.Write(count == 0 ? "" : ",");
                        writer.Write(issue.ToJson());
                    }

                    count++;
                }, cancellationToken);
                if (!csv)
                {
                    writer.Write("],\"total\":");
                    writer.Write(count.ToString(CultureInfo.InvariantCulture));
                    writer.Write('}');
                }
            },
            cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    /// <summary>The committed records of an import as CSV or XLSX, streamed from the database.</summary>
    public static async Task<IResult> RecordsAsync(Guid id, HttpContext context, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var import = await ImportEndpoints.FindAsync(db, id, tracked: false, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        var format = Format(context.Request) == "xlsx" ? "xlsx" : "csv";
        var response = context.Response;
        response.ContentType = format == "xlsx" ? XlsxExport.MediaType : "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-records.{format}\"";
        AllowSynchronousWrites(context);

        // Records stream from the database into the response.
        await Task.Run(
            () =>
            {
                var records = db.ActivityRecords.AsNoTracking().Where(r => r.ImportId == id).OrderBy(r => r.Id).AsEnumerable();
                if (format == "xlsx")
                {
                    using var xlsx = new XlsxExport(response.Body);
                    xlsx.Row(CsvExport.RecordHeader.TrimEnd().Split(','));
                    foreach (var r in records)
                    {
                        xlsx.Row(CsvExport.RecordCells(r));
                    }

                    return;
                }

                using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                writer.Write(CsvExport.RecordHeader);
                foreach (var r in records)
                {
                    CsvExport.WriteRecord(writer, r);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    /// <summary>Exports are written by a pass that runs on a pool thread of its own, synchronously.</summary>
    private static void AllowSynchronousWrites(HttpContext context)
    {
        if (context.Features.Get<IHttpBodyControlFeature>() is { } bodyControl)
        {
            bodyControl.AllowSynchronousIO = true;
        }
    }

    /// <summary>json, csv or xlsx, from <c>?format=</c> or the Accept header.</summary>
    private static string Format(HttpRequest request)
    {
        if (request.Query["format"].FirstOrDefault() is { } format && format is "csv" or "xlsx" or "json")
        {
            return format;
        }

        var accept = request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)) ? "csv"
            : accept.Any(a => a.MediaType.Equals(XlsxExport.MediaType, StringComparison.OrdinalIgnoreCase)) ? "xlsx"
            : "json";
    }
}
