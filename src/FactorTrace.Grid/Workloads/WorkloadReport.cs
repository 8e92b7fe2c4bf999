using FactorTrace.Data;

namespace FactorTrace.Grid.Workloads;

/// <summary>
/// A tenant's workload emissions over <c>[from, to)</c>, grouped by service, region (zone) or month, priced by
/// <see cref="WorkloadPricing"/>: location-based at life-cycle intensities; market-based with the tenant's supplier rate
/// where it has one. Embodied emissions are the service's share of the location-based operational ones.
/// </summary>
public sealed class WorkloadReport(WorkloadPricing pricing)
{
    /// <summary>Group keys.</summary>
    public static IReadOnlyList<string> Groupings { get; } = ["service", "region", "month"];

    /// <summary>The report (the context is the tenant's; its filters keep other tenants out).</summary>
    public async Task<WorkloadReportAnswer> RunAsync(FactorTraceDb db, DateTimeOffset from, DateTimeOffset to, string groupBy, CancellationToken cancellationToken)
    {
        var book = await pricing.LoadAsync(db, from, to, cancellationToken).ConfigureAwait(false);
        var rows = new Dictionary<string, WorkloadRowBuilder>(StringComparer.Ordinal);
        var total = new WorkloadRowBuilder("total", null);
        foreach (var part in book.Parts())
        {
            var key = groupBy switch
            {
                "region" => part.Record.Zone,
                "month" => $"{part.Start:yyyy-MM}",
                _ => part.Service.Name,
            };
            if (!rows.TryGetValue(key, out var row))
            {
                rows[key] = row = new WorkloadRowBuilder(key, groupBy == "service" ? part.Service : null);
            }

            var kwh = part.Kwh ?? 0;
            var market = part.Supplier is { } rate ? kwh * rate.KgPerKwh : (double?)null;
            row.Add(part.Units, kwh, part.Lifecycle, part.Service.EmbodiedShare, market);
            total.Add(part.Units, kwh, part.Lifecycle, part.Service.EmbodiedShare, market);
        }

        return new WorkloadReportAnswer(from, to, groupBy, [.. rows.Values.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Build())], total.Build(), book.Records.Count);
    }

    private sealed class WorkloadRowBuilder(string key, Data.Workloads.ServiceProfile? service)
    {
        private double _units, _kwh, _kg, _embodied, _hourlyKwh, _yearlyKwh, _unpricedKwh, _marketKg, _instrumentKwh;
        private int _parts;
        private bool _unitsKnown = true;

        public string Key => key;

        public void Add(double? units, double kwh, WorkloadPrice price, double embodiedShare, double? marketKg)
        {
            _parts++;
            _marketKg += marketKg ?? price.KgCo2e;
            _instrumentKwh += marketKg is null ? 0 : kwh;
            if (units is { } u)
            {
                _units += u;
            }
            else
            {
                _unitsKnown = false;
            }

            _kwh += kwh;
            _kg += price.KgCo2e;
            _embodied += price.KgCo2e * embodiedShare;
            _hourlyKwh += price.HourlyKwh;
            _yearlyKwh += price.YearlyKwh;
            _unpricedKwh += price.UnpricedKwh;
        }

        public WorkloadRow Build()
        {
            var totalKg = _kg + _embodied;
            return new WorkloadRow(
                key, service?.LedgerCategory, service?.Unit, _unitsKnown ? _units : null, _kwh, _kg, _embodied, totalKg,
                _unitsKnown && _units > 0 ? totalKg * 1000.0 / _units * 1000.0 : null,
                _kwh > 0 ? _hourlyKwh / _kwh : null, _yearlyKwh, _unpricedKwh, _parts, _marketKg, _instrumentKwh);
        }
    }
}

/// <summary>The report.</summary>
public sealed record WorkloadReportAnswer(DateTimeOffset From, DateTimeOffset To, string GroupBy, IReadOnlyList<WorkloadRow> Rows, WorkloadRow Total, int Records);

/// <summary>One group.</summary>
/// <param name="Key">Service name, zone or month (<c>yyyy-MM</c>).</param>
/// <param name="Ledger">The service's ledger category (service grouping).</param>
/// <param name="Unit">The service's unit of work (service grouping).</param>
/// <param name="Units">Units of work (null when some records had measured energy only).</param>
/// <param name="Kwh">Energy.</param>
/// <param name="OperationalKg">Operational emissions.</param>
/// <param name="EmbodiedKg">Embodied emissions.</param>
/// <param name="TotalKg">Both.</param>
/// <param name="GramsPer1000Units">Total grams CO2e per 1,000 units.</param>
/// <param name="HourlyShare">Share of the energy priced with hourly intensities (the rest: yearly mean or unpriced).</param>
/// <param name="YearlyKwh">Energy priced at the yearly mean because hours had no data.</param>
/// <param name="UnpricedKwh">Energy with no intensity at all.</param>
/// <param name="Parts">Record parts (a record split at month starts counts once per month).</param>
/// <param name="MarketBasedKg">Operational emissions market-based: the tenant's supplier rate for the zone (or its country) where it has one, else the location-based figure (GHG Protocol Scope 2 quality criteria; no residual mix per zone is shipped).</param>
/// <param name="InstrumentKwh">Energy covered by a supplier rate.</param>
public sealed record WorkloadRow(
    string Key, string? Ledger, string? Unit, double? Units, double Kwh, double OperationalKg, double EmbodiedKg, double TotalKg,
    double? GramsPer1000Units, double? HourlyShare, double YearlyKwh, double UnpricedKwh, int Parts, double MarketBasedKg, double InstrumentKwh);
