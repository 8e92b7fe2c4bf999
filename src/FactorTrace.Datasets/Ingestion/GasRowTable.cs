using FactorTrace.Datasets.Ingestion.Mapping;
using FactorTrace.Factors;
using FactorTrace.Gwp;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>Adds one gas per row to factors built by an earlier table (EPA supply-chain factors by gas).</summary>
internal static class GasRowTable
{
    public static void Apply(
        TableMapping table, TableHeader header, List<TableRecord> records, TableReport report,
        string datasetId, Dictionary<string, EmissionFactor> factors)
    {
        var spec = table.GasRows ?? throw new IngestionException($"Table '{table.Name}': kind factor_gases needs 'gas_rows'.");
        var target = Template.Compile(spec.Target, header);
        var gas = Template.Compile(spec.Gas, header);
        var value = Template.Compile(spec.Value, header);
        var added = new Dictionary<string, List<GasAmount>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var where = header.Grid.Describe(record.RowNumber);
            var id = $"{datasetId}:{target.Evaluate(record, header)}";
            if (!factors.ContainsKey(id))
            {
                report.Rejected.Add(new RejectedRow(where, $"no factor '{id}' to add the gas to"));
                continue;
            }

            var gasName = gas.Evaluate(record, header) ?? "";
            double? amount;
            try
            {
                amount = CellValues.ParseNumber(value.Evaluate(record, header));
            }
            catch (FormatException ex)
            {
                report.Rejected.Add(new RejectedRow(where, ex.Message));
                continue;
            }

            if (amount is not { } kg)
            {
                report.NoValue++;
                continue;
            }

            if (!double.IsFinite(kg) || kg < 0)
            {
                report.Rejected.Add(new RejectedRow(where, $"negative or non-finite value {kg}"));
                continue;
            }

            var measure = spec.Co2eGases.Contains(gasName, StringComparer.OrdinalIgnoreCase) ? GasMeasure.Co2e : GasMeasure.Mass;
            if (!added.TryGetValue(id, out var list))
            {
                added[id] = list = [];
            }

            list.Add(new GasAmount(GasCodes.Normalize(gasName), kg, measure));
            report.Ingested++;
        }

        foreach (var (id, gases) in added)
        {
            factors[id] = factors[id] with { Gases = factors[id].Gases.Concat(gases).ToArray() };
        }
    }
}
