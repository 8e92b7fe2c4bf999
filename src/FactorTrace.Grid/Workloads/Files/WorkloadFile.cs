using FactorTrace.Data.Workloads;
using FactorTrace.Grid.Zones;
using FactorTrace.Import;
using FactorTrace.Import.Reading;

namespace FactorTrace.Grid.Workloads.Files;

/// <summary>
/// Workload records from a CSV, TSV, XLSX or XLS file, read with the importer's readers (format, encoding, delimiter and
/// header detection, limits) and each row validated by <see cref="WorkloadInput.ToRecord"/>, the rule of the JSON API.
/// The service and the HTTP endpoint are adapters of this one reading.
/// </summary>
public static class WorkloadFile
{
    private const int HeaderSearchRows = 31;

    /// <summary>
    /// Reads and validates <paramref name="path"/> against the tenant's <paramref name="services"/> (by name, any case)
    /// and the zone catalogue. Throws <see cref="ImportException"/> for a file that cannot be read at all (empty, too
    /// large, corrupt, not a table); every other problem is in the result.
    /// </summary>
    public static WorkloadFileResult Read(
        string path, WorkloadFileOptions options, IReadOnlyDictionary<string, ServiceProfile> services, ZoneCatalogue zones, Guid tenantId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(zones);
        var layout = TableReader.Detect(path, options.Limits);
        if (layout.Format is "json" or "jsonl")
        {
            throw new ImportException("unsupported_format", "Workload files are CSV, TSV, XLSX or XLS; post JSON to /api/v1/workloads/records/batch.");
        }

        using var rows = TableReader.Read(path, layout, options.Limits).GetEnumerator();
        var head = new List<SourceRow>(HeaderSearchRows);
        while (head.Count < HeaderSearchRows && rows.MoveNext())
        {
            head.Add(rows.Current);
        }

        var collector = new Collector(options.MaxErrors);
        var headerIndex = HeaderDetector.Find(head);
        if (headerIndex < 0)
        {
            collector.File("missing_header", "The file has no header row; name the columns in the first row: "
                + string.Join(", ", WorkloadColumns.Synonyms.Select(s => s.Column)) + ".");
            return collector.Result(layout, 0, []);
        }

        var header = head[headerIndex];
        layout = layout with { HeaderRow = header.Number, Headers = header.Cells };
        var map = WorkloadColumnMap.From(header.Cells, collector);
        if (map is null)
        {
            return collector.Result(layout, 0, []);
        }

        var records = new List<WorkloadRecord>();
        var count = 0;
        foreach (var row in head.Skip(headerIndex + 1).Concat(Rest(rows)))
        {
            if (row.IsBlank)
            {
                continue;
            }

            if (++count > options.MaxRows)
            {
                throw new ImportException("too_many_rows", $"The file has more than {options.MaxRows:N0} workload rows; split it (they are stored in one transaction).");
            }

            if (ReadRow(row, map, options.NumberFormat, services, zones, tenantId, now, collector) is { } record)
            {
                records.Add(record);
            }
        }

        if (count == 0)
        {
            collector.File("no_rows", "The file has a header but no workload rows.");
        }

        return collector.Result(layout, count, records);
    }

    private static IEnumerable<SourceRow> Rest(IEnumerator<SourceRow> rows)
    {
        while (rows.MoveNext())
        {
            yield return rows.Current;
        }
    }

    private static WorkloadRecord? ReadRow(
        SourceRow row, WorkloadColumnMap map, string? numberFormat, IReadOnlyDictionary<string, ServiceProfile> services, ZoneCatalogue zones, Guid tenantId, DateTimeOffset now,
        Collector collector)
    {
        var cellErrors = new List<WorkloadError>();
        double? Amount(int? index, string field)
        {
            if (index is not { } i)
            {
                return null;
            }

            var value = WorkloadCells.Number(row.Cell(i), row.IsTyped(i), numberFormat, field, out var error);
            if (error is not null)
            {
                cellErrors.Add(error);
            }

            return value;
        }

        var input = new WorkloadInput
        {
            Service = map.Text(row, WorkloadColumns.Service),
            Region = map.Text(row, WorkloadColumns.Region),
            From = map.Text(row, WorkloadColumns.Start),
            To = map.Text(row, WorkloadColumns.End),
            Requests = Amount(map.Index(WorkloadColumns.Requests), "requests"),
            MeasuredKwh = Amount(map.Index(WorkloadColumns.Kwh), "measured_kwh"),
        };
        var (record, errors) = input.ToRecord(services, zones, tenantId, now);
        // A cell that could not be read is its own problem; the rule then sees no amount and would say so a second time.
        var unreadAmount = cellErrors.Count > 0;
        var problems = cellErrors.Concat(errors.Where(e => !(unreadAmount && e.Code is "missing_amount" or "no_energy_per_unit")
            && !cellErrors.Any(c => c.Field == e.Field))).ToList();
        if (problems.Count == 0)
        {
            return record;
        }

        foreach (var p in problems)
        {
            var column = map.ColumnOfField(p.Field);
            var index = column is null ? null : map.Index(column);
            var suggestions = p.Suggestions ?? [];
            if (suggestions.Count == 0 && index is { } i && p.Field is "from" or "to")
            {
                suggestions = WorkloadCells.InstantSuggestions(row.Cell(i), row.IsTyped(i));
            }

            collector.Add(new WorkloadRowError(row.Number, index is { } at ? map.Header(at) : null, p.Field, p.Code, p.Message, suggestions));
        }

        collector.BadRow();
        return null;
    }

    /// <summary>The problems as they are found, the list capped, the counts not.</summary>
    internal sealed class Collector(int maxErrors)
    {
        private readonly List<WorkloadRowError> _errors = [];
        private int _count;
        private int _badRows;

        public void Add(WorkloadRowError error)
        {
            _count++;
            if (_errors.Count < maxErrors)
            {
                _errors.Add(error);
            }
        }

        public void File(string code, string message, string? column = null, string field = "", IReadOnlyList<string>? suggestions = null) =>
            Add(new WorkloadRowError(null, column, field, code, message, suggestions ?? []));

        public void BadRow() => _badRows++;

        public WorkloadFileResult Result(FileLayout layout, int rows, List<WorkloadRecord> records) =>
            new(layout, rows, _count == 0 ? records : [], _errors, _count, _badRows, layout.Headers.Where(h => WorkloadColumns.Of(h) is null && !string.IsNullOrWhiteSpace(h)).ToList());
    }
}
