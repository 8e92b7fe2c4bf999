using FactorTrace.Import.Reading;

namespace FactorTrace.Grid.Workloads.Files;

/// <summary>Where each workload column is in the file, from its header row.</summary>
internal sealed class WorkloadColumnMap
{
    private readonly Dictionary<string, int> _indexes;
    private readonly IReadOnlyList<string> _headers;

    private WorkloadColumnMap(Dictionary<string, int> indexes, IReadOnlyList<string> headers)
    {
        _indexes = indexes;
        _headers = headers;
    }

    /// <summary>The map, or null after adding to <paramref name="collector"/> a problem for each column missing or given twice.</summary>
    public static WorkloadColumnMap? From(IReadOnlyList<string> headers, WorkloadFile.Collector collector)
    {
        var indexes = new Dictionary<string, int>();
        var valid = true;
        for (var i = 0; i < headers.Count; i++)
        {
            if (WorkloadColumns.Of(headers[i]) is not { } column)
            {
                continue;
            }

            if (indexes.TryGetValue(column, out var first))
            {
                collector.File("duplicate_column", $"Columns '{headers[first].Trim()}' and '{headers[i].Trim()}' both name {column} ({WorkloadColumns.Names(column)}); keep one.", headers[i].Trim(), FieldOf(column));
                valid = false;
                continue;
            }

            indexes[column] = i;
        }

        foreach (var column in new[] { WorkloadColumns.Service, WorkloadColumns.Region, WorkloadColumns.Start, WorkloadColumns.End })
        {
            if (!indexes.ContainsKey(column))
            {
                collector.File("missing_column", $"No column for {column}: name one {WorkloadColumns.Names(column)}.", null, FieldOf(column), [column]);
                valid = false;
            }
        }

        if (!indexes.ContainsKey(WorkloadColumns.Requests) && !indexes.ContainsKey(WorkloadColumns.Kwh))
        {
            collector.File("missing_column", $"No column for the amount: name one {WorkloadColumns.Names(WorkloadColumns.Requests)} (priced with the service's Wh per unit) or {WorkloadColumns.Names(WorkloadColumns.Kwh)}.",
                null, "requests", [WorkloadColumns.Requests, WorkloadColumns.Kwh]);
            valid = false;
        }

        return valid ? new WorkloadColumnMap(indexes, headers) : null;
    }

    /// <summary>Index of <paramref name="column"/>, or null when the file has none.</summary>
    public int? Index(string column) => _indexes.TryGetValue(column, out var i) ? i : null;

    /// <summary>The cell of <paramref name="column"/> in <paramref name="row"/>, or null when the file has no such column.</summary>
    public string? Text(SourceRow row, string column) => Index(column) is { } i ? row.Cell(i) : null;

    /// <summary>The header at <paramref name="index"/> as written (trimmed).</summary>
    public string Header(int index) => _headers[index].Trim().Trim('\uFEFF');

    /// <summary>The column holding a workload field, for naming it in a problem: the amount problems go to whichever amount column the file has.</summary>
    public string? ColumnOfField(string field) => field switch
    {
        "service" => WorkloadColumns.Service,
        "region" => WorkloadColumns.Region,
        "from" => WorkloadColumns.Start,
        "to" => WorkloadColumns.End,
        "requests" => _indexes.ContainsKey(WorkloadColumns.Requests) ? WorkloadColumns.Requests : WorkloadColumns.Kwh,
        "measured_kwh" => _indexes.ContainsKey(WorkloadColumns.Kwh) ? WorkloadColumns.Kwh : WorkloadColumns.Requests,
        _ => null,
    };

    private static string FieldOf(string column) => column switch
    {
        WorkloadColumns.Start => "from",
        WorkloadColumns.End => "to",
        WorkloadColumns.Kwh => "measured_kwh",
        _ => column,
    };
}
