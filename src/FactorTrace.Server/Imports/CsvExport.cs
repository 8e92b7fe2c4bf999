using System.Globalization;
using FactorTrace.Data.Ledger;

namespace FactorTrace.Server.Imports;

/// <summary>
/// CSV written back to users (issue lists, committed records). Text that a spreadsheet would run as a formula
/// (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) is prefixed with an apostrophe;
/// numbers and dates this service formats are written as they are.
/// </summary>
internal static class CsvExport
{
    public const string RecordHeader = "id,activity_id,description,amount,unit,date,period_start,period_end,site,region,scope,category,scope1_source,supplier,spend,currency,notes\r\n";

    /// <summary>Text made safe to open in a spreadsheet.</summary>
    public static string? Neutralize(string? text) =>
        text is { Length: > 0 } && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public static void WriteRow(TextWriter writer, IReadOnlyList<string?> cells, int firstText = 1)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            Write(writer, i >= firstText ? Neutralize(cells[i]) : cells[i]);
        }

        writer.Write("\r\n");
    }

    /// <summary>A record's cells for the XLSX export, in <see cref="RecordHeader"/> order.</summary>
    public static object?[] RecordCells(ActivityRecord r) =>
    [
        r.Id.ToString(), r.ActivityId, r.Description, r.Amount, r.Unit, r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        r.PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.PeriodEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Site, r.Region,
        r.Scope, r.Category, r.Scope1Source, r.Supplier, r.Spend, r.Currency, r.Notes,
    ];

    public static void WriteRecord(TextWriter writer, ActivityRecord r)
    {
        Write(writer, r.Id.ToString());
        Text(writer, r.ActivityId);
        Text(writer, r.Description);
        Value(writer, r.Amount?.ToString("R", CultureInfo.InvariantCulture));
        Text(writer, r.Unit);
        Value(writer, r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Value(writer, r.PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Value(writer, r.PeriodEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Text(writer, r.Site);
        Text(writer, r.Region);
        Text(writer, r.Scope);
        Text(writer, r.Category);
        Text(writer, r.Scope1Source);
        Text(writer, r.Supplier);
        Value(writer, r.Spend?.ToString("R", CultureInfo.InvariantCulture));
        Text(writer, r.Currency);
        Text(writer, r.Notes);
        writer.Write("\r\n");
    }

    private static void Text(TextWriter writer, string? text)
    {
        writer.Write(',');
        Write(writer, Neutralize(text));
    }

    private static void Value(TextWriter writer, string? text)
    {
        writer.Write(',');
        Write(writer, text);
    }

    private static void Write(TextWriter writer, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0 && text[0] != ' ' && text[^1] != ' ')
        {
            writer.Write(text);
            return;
        }

        writer.Write('"');
        writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
