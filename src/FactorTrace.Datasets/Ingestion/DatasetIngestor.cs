using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FactorTrace.Currency;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Download;
using FactorTrace.Datasets.Ingestion.Grids;
using FactorTrace.Datasets.Ingestion.Mapping;
using FactorTrace.Factors;
using FactorTrace.Fuels;
using FactorTrace.Gwp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>Ingests catalogued datasets from the datasets folder through their YAML mappings.</summary>
public sealed class DatasetIngestor(DatasetCatalogue catalogue, IOptions<DatasetsOptions> options, ILogger<DatasetIngestor>? logger = null)
{
    private readonly ILogger _log = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>
    /// Ingests the selected datasets that have a mapping (all when <paramref name="datasetIds"/> is empty), in parallel.
    /// With <paramref name="skipFailures"/>, a dataset that cannot be ingested is reported in <see cref="LoadedDatasets.Failures"/>
    /// instead of failing the whole load.
    /// </summary>
    public async Task<LoadedDatasets> IngestAsync(
        IReadOnlyCollection<string> datasetIds, CancellationToken cancellationToken, bool skipFailures = false)
    {
        var clock = Stopwatch.StartNew();
        var selected = DatasetSelection.Select(catalogue, datasetIds).Where(d => d.Mapping is not null).ToList();
        var results = new IngestedDataset?[selected.Count];
        var failures = new string?[selected.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, selected.Count),
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var dataset = await IngestOneAsync(selected[i], ct).ConfigureAwait(false);
                    results[i] = dataset;
                    Log.DatasetIngested(_log, dataset.Info.Id, dataset.Info.ContentHash, dataset.Factors.Count, dataset.RowsRead, dataset.RejectedCount,
                        (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (IngestionException ex) when (skipFailures)
                {
                    failures[i] = ex.Message;
                    Log.DatasetFailed(_log, selected[i].Id, ex.Message);
                }
            }).ConfigureAwait(false);
        var failed = selected.Select((d, i) => (d.Id, Error: failures[i]))
            .Where(f => f.Error is not null)
            .ToDictionary(f => f.Id, f => f.Error!, StringComparer.Ordinal);
        return new LoadedDatasets(results.OfType<IngestedDataset>().ToList(), clock.Elapsed, failed);
    }

    /// <summary>Ingests one dataset.</summary>
    public async Task<IngestedDataset> IngestOneAsync(DatasetEntry dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var clock = Stopwatch.StartNew();
        var mapping = new MappingLoader(options.Value.MappingsPath).Load(dataset.Mapping
            ?? throw new IngestionException($"Dataset '{dataset.Id}' has no mapping; it is reference material only."));
        var folder = Path.Combine(options.Value.Path, dataset.Folder);
        var usedFiles = mapping.Tables.SelectMany(t => FilesOf(t, mapping.Vars)).Distinct(StringComparer.Ordinal).ToList();
        var hash = await HashFilesAsync(dataset, folder, usedFiles, cancellationToken).ConfigureAwait(false);
        var info = new DatasetInfo(dataset.Id, dataset.Publisher, dataset.Version, dataset.Licence, dataset.Attribution, hash)
        {
            Released = dataset.Released ?? new DateOnly(dataset.Year, 1, 1),
        };

        var state = new State(info);
        var grids = new Dictionary<(string, string?), Grid>();
        foreach (var table in mapping.Tables)
        {
            foreach (var file in FilesOf(table, mapping.Vars))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = (file, table.Source.Sheet);
                if (!grids.TryGetValue(key, out var grid))
                {
                    grid = ReadGrid(folder, file, table.Source);
                    grids[key] = grid;
                }

                var vars = Vars(mapping, table, file);
                var (header, records) = TableExtractor.Extract(grid, table, vars);
                var report = new TableReport
                {
                    Table = table.Name,
                    Kind = table.Kind,
                    Source = grid.Sheet is null ? file : $"{file} [{grid.Sheet}]",
                    RowsRead = records.Count,
                };
                state.Reports.Add(report);
                Apply(table, header, records, report, state);
            }
        }

        return new IngestedDataset
        {
            Info = info,
            Factors = state.Factors.Values.ToList(),
            Gwp = state.Gwp.Count == 0 ? null : new GwpTable(state.Gwp.ToDictionary(
                kv => kv.Key, kv => (IReadOnlyDictionary<string, double>)kv.Value, StringComparer.OrdinalIgnoreCase)),
            Fuels = state.Fuels,
            Rates = state.Rates,
            Tables = state.Reports,
            Elapsed = clock.Elapsed,
        };
    }

    private static void Apply(TableMapping table, TableHeader header, List<TableRecord> records, TableReport report, State state)
    {
        switch (table.Kind)
        {
            case "factors":
                FactorTable.Apply(table, header, records, report, state.Info, state.Factors);
                break;
            case "factor_gases":
                GasRowTable.Apply(table, header, records, report, state.Info.Id, state.Factors);
                break;
            case "gwp":
                ReferenceTables.ApplyGwp(table, header, records, report, state.Gwp);
                break;
            case "fuel_properties":
                ReferenceTables.ApplyFuels(table, header, records, report, state.Info.Id, state.Fuels);
                break;
            case "fx_rates":
                state.Rates = ReferenceTables.ReadRates(table, header, records, report);
                break;
            default:
                throw new IngestionException($"Table '{table.Name}': unknown kind '{table.Kind}'.");
        }
    }

    private static IEnumerable<string> FilesOf(TableMapping table, Dictionary<string, string> vars) =>
        (table.Source.File is { } f ? table.Source.Files.Prepend(f) : table.Source.Files)
        .Select(file => vars.Aggregate(file, (text, v) => text.Replace($"{{${v.Key}}}", v.Value, StringComparison.Ordinal)));

    private static Dictionary<string, string> Vars(MappingDocument mapping, TableMapping table, string file)
    {
        var vars = new Dictionary<string, string>(mapping.Vars, StringComparer.Ordinal) { ["table"] = table.Name };
        if (table.Source.VarsFromFile is { } pattern)
        {
            var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            Match match;
            try
            {
                match = regex.Match(file);
            }
            catch (RegexMatchTimeoutException ex)
            {
                throw new IngestionException($"Table '{table.Name}': matching '{pattern}' on file name '{file}' took too long.", ex);
            }

            if (!match.Success)
            {
                throw new IngestionException($"Table '{table.Name}': file name '{file}' does not match '{pattern}'.");
            }

            foreach (var name in regex.GetGroupNames().Where(n => !int.TryParse(n, CultureInfo.InvariantCulture, out _)))
            {
                vars[name] = match.Groups[name].Value;
            }
        }

        return vars;
    }

    private static Grid ReadGrid(string folder, string file, SourceSpec source)
    {
        var full = Path.Combine(folder, file);
        if (!File.Exists(full))
        {
            throw new IngestionException($"{file}: not found in '{folder}'. Run 'factortrace datasets pull' or set {DatasetsOptions.PathEnvironmentVariable}.");
        }

        var format = source.Format ?? Path.GetExtension(file).TrimStart('.').ToLowerInvariant();
        return format switch
        {
            "csv" => CsvGridReader.Read(full, file, source.CommentPrefix),
            "xlsx" or "xls" => XlsxGridReader.Read(full, file, source.Sheet
                ?? throw new IngestionException($"{file}: the mapping names no sheet.")),
            "json" => JsonGridReader.Read(full, file),
            _ => throw new IngestionException($"{file}: unsupported format '{format}'."),
        };
    }

    private async Task<string> HashFilesAsync(DatasetEntry dataset, string folder, List<string> files, CancellationToken cancellationToken)
    {
        var combined = new StringBuilder();
        foreach (var file in files)
        {
            var full = Path.Combine(folder, file);
            if (!File.Exists(full))
            {
                throw new IngestionException($"{Path.Combine(dataset.Folder, file)}: not found in '{options.Value.Path}'. " +
                    $"Run 'factortrace datasets pull' or set {DatasetsOptions.PathEnvironmentVariable}.");
            }

            var actual = await Sha256File.ComputeAsync(full, cancellationToken).ConfigureAwait(false);
            var pinned = dataset.Files.FirstOrDefault(f => f.Path == file)?.Sha256;
            if (options.Value.VerifyHashes && pinned is not null && !string.Equals(actual, pinned, StringComparison.OrdinalIgnoreCase))
            {
                throw new IngestionException($"{Path.Combine(dataset.Folder, file)}: SHA-256 is {actual}, the catalogue pins {pinned}. " +
                    "The file is not the published version; refusing to ingest it.");
            }

            combined.Append(file).Append('=').Append(actual).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(combined.ToString())));
    }

    private sealed class State(DatasetInfo info)
    {
        public DatasetInfo Info { get; } = info;

        public Dictionary<string, EmissionFactor> Factors { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Dictionary<string, double>> Gwp { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<FuelProperties> Fuels { get; } = [];

        public ExchangeRateTable? Rates { get; set; }

        public List<TableReport> Reports { get; } = [];
    }
}
