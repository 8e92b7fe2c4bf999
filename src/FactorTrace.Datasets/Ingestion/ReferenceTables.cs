using System.Globalization;
using FactorTrace.Currency;
using FactorTrace.Datasets.Ingestion.Mapping;
using FactorTrace.Fuels;
using FactorTrace.Gwp;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>Readers for the non-factor tables: GWP values, fuel properties and exchange rates.</summary>
internal static class ReferenceTables
{
    public static void ApplyGwp(
        TableMapping table, TableHeader header, List<TableRecord> records, TableReport report,
        Dictionary<string, Dictionary<string, double>> gwp)
    {
        var spec = table.Gwp ?? throw new IngestionException($"Table '{table.Name}': kind gwp needs 'gwp'.");
        var species = Template.Compile(spec.Species, header);
        var sets = spec.Sets.Select(s => (Set: s.Key, Value: Template.Compile(s.Value, header))).ToArray();
        foreach (var record in records)
        {
            var gas = species.Evaluate(record, header);
            if (gas is null)
            {
                report.Rejected.Add(new RejectedRow(header.Grid.Describe(record.RowNumber), "no species"));
                continue;
            }

            foreach (var (set, template) in sets)
            {
                if (!TryNumber(template.Evaluate(record, header), record, header, report, out var value))
                {
                    continue;
                }

                if (!gwp.TryGetValue(set, out var gases))
                {
                    gwp[set] = gases = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
                }

                gases[GasCodes.Normalize(gas)] = value;
                report.Ingested++;
            }
        }
    }

    public static void ApplyFuels(
        TableMapping table, TableHeader header, List<TableRecord> records, TableReport report, string datasetId, List<FuelProperties> fuels)
    {
        var spec = table.Fuel ?? throw new IngestionException($"Table '{table.Name}': kind fuel_properties needs 'fuel'.");
        var name = Template.Compile(spec.Name, header);
        var category = spec.Category is null ? null : Template.Compile(spec.Category, header);
        var year = Template.Compile(spec.Year, header);
        var net = Template.Compile(spec.NetCv, header);
        var gross = Template.Compile(spec.GrossCv, header);
        var density = Template.Compile(spec.Density, header);
        foreach (var record in records)
        {
            var where = header.Grid.Describe(record.RowNumber);
            var fuel = name.Evaluate(record, header);
            if (fuel is null)
            {
                report.Rejected.Add(new RejectedRow(where, "no fuel name"));
                continue;
            }

            try
            {
                fuels.Add(new FuelProperties(
                    fuel,
                    category?.Evaluate(record, header),
                    CellValues.ParseYear(year.Evaluate(record, header)) ?? 0,
                    CellValues.ParseNumber(net.Evaluate(record, header)),
                    CellValues.ParseNumber(gross.Evaluate(record, header)),
                    CellValues.ParseNumber(density.Evaluate(record, header)),
                    $"{datasetId}:{where}"));
                report.Ingested++;
            }
            catch (FormatException ex)
            {
                report.Rejected.Add(new RejectedRow(where, ex.Message));
            }
        }
    }

    public static ExchangeRateTable ReadRates(TableMapping table, TableHeader header, List<TableRecord> records, TableReport report)
    {
        var dateColumn = header.Resolve(table.FxDateColumn ?? throw new IngestionException($"Table '{table.Name}': kind fx_rates needs 'fx_date_column'."));
        var currencies = header.Names
            .Select((n, i) => (Name: n, Index: i))
            .Where(c => c.Index != dateColumn && c.Name is { Length: 3 } && c.Name.All(char.IsAsciiLetterUpper))
            .ToArray();
        var dates = new List<DateOnly>();
        var rates = currencies.ToDictionary(c => c.Name!, _ => new List<double?>(), StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (!DateOnly.TryParseExact(record.Cell(dateColumn), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                report.Rejected.Add(new RejectedRow(header.Grid.Describe(record.RowNumber), $"'{record.Cell(dateColumn)}' is not a date (yyyy-MM-dd)"));
                continue;
            }

            dates.Add(date);
            foreach (var (currency, index) in currencies)
            {
                double? rate = null;
                if (TryNumber(record.Cell(index), record, header, report, out var value))
                {
                    rate = value;
                }
                else
                {
                    report.NoValue++;
                }

                rates[currency!].Add(rate);
            }

            report.Ingested++;
        }

        return new ExchangeRateTable(dates, rates.ToDictionary(r => r.Key, r => r.Value.ToArray(), StringComparer.Ordinal));
    }

    private static bool TryNumber(string? text, TableRecord record, TableHeader header, TableReport report, out double value)
    {
        value = 0;
        try
        {
            if (CellValues.ParseNumber(text) is not { } number)
            {
                return false;
            }

            if (!double.IsFinite(number) || number < 0)
            {
                report.Rejected.Add(new RejectedRow(header.Grid.Describe(record.RowNumber), $"negative or non-finite value {text}"));
                return false;
            }

            value = number;
            return true;
        }
        catch (FormatException ex)
        {
            report.Rejected.Add(new RejectedRow(header.Grid.Describe(record.RowNumber), ex.Message));
            return false;
        }
    }
}
