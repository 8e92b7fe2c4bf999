using FactorTrace.Datasets.Ingestion.Mapping;
using FactorTrace.Factors;
using FactorTrace.Gwp;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>Turns the records of a <c>factors</c> table into emission factors (one per row and spec, or one per row group).</summary>
internal static class FactorTable
{
    public static void Apply(
        TableMapping table, TableHeader header, List<TableRecord> records, TableReport report,
        DatasetInfo dataset, Dictionary<string, EmissionFactor> factors)
    {
        var builders = table.Factors.Select(spec => new FactorRowBuilder(spec, header)).ToArray();
        if (builders.Length == 0)
        {
            throw new IngestionException($"Table '{table.Name}': the mapping has no 'factors'.");
        }

        foreach (var group in Groups(table.Rows, header, records, report))
        {
            foreach (var builder in builders)
            {
                try
                {
                    var factor = builder.Build(group.Primary, group.GasRows, group.HasTotal, dataset, out var noValue);
                    if (noValue)
                    {
                        report.NoValue++;
                        continue;
                    }

                    if (!factors.TryAdd(factor!.Id, factor))
                    {
                        report.Rejected.Add(new RejectedRow(header.Grid.Describe(group.Primary.RowNumber), $"duplicate id '{factor.SourceActivityId}' (first at {factors[factor.Id].Row})"));
                        continue;
                    }

                    report.Ingested++;
                }
                catch (RowRejectedException ex)
                {
                    report.Rejected.Add(new RejectedRow(header.Grid.Describe(group.Primary.RowNumber), ex.Message));
                }
            }
        }
    }

    private sealed record RowGroup(TableRecord Primary, bool HasTotal, List<(string Gas, TableRecord Row)> GasRows);

    private static IEnumerable<RowGroup> Groups(RowRolesSpec? roles, TableHeader header, List<TableRecord> records, TableReport report)
    {
        if (roles is null)
        {
            foreach (var record in records)
            {
                yield return new RowGroup(record, true, []);
            }

            yield break;
        }

        var roleColumn = header.Resolve(roles.Column);
        var keyColumns = roles.GroupBy.Select(header.Resolve).ToArray();
        RowGroup? current = null;
        string? currentKey = null;
        foreach (var record in records)
        {
            var roleText = record.Cell(roleColumn);
            if (roleText is not null && roles.Skip.Contains(roleText, StringComparer.OrdinalIgnoreCase))
            {
                report.Skipped++;
                continue;
            }

            if (roleText is null || !roles.Roles.TryGetValue(roleText, out var role))
            {
                report.Rejected.Add(new RejectedRow(header.Grid.Describe(record.RowNumber), $"unknown row kind '{roleText}' in column '{roles.Column}'"));
                continue;
            }

            var key = string.Join('\u001f', keyColumns.Select(c => record.Cell(c)));
            var isTotal = string.Equals(role, "total", StringComparison.OrdinalIgnoreCase);
            var gas = isTotal ? null : GasCodes.Normalize(role);
            if (isTotal || current is null || key != currentKey || current.GasRows.Exists(g => g.Gas == gas))
            {
                if (current is not null)
                {
                    yield return current;
                }

                current = new RowGroup(record, isTotal, []);
                currentKey = key;
            }

            if (!isTotal)
            {
                current.GasRows.Add((gas!, record));
            }
        }

        if (current is not null)
        {
            yield return current;
        }
    }
}
