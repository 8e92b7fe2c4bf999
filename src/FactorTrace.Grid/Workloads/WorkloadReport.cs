using FactorTrace.Data;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Store;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Grid.Workloads;

/// <summary>
/// A tenant's workload emissions over <c>[from, to)</c>, grouped by service, region (zone) or month. Records are clipped
/// to the interval and split at UTC month starts (each part takes its share of the record's energy and units), then
/// priced hour by hour (<see cref="WorkloadEmissions"/>), location-based; market-based with the tenant's
/// <c>electricity_supplier</c> factor for the zone or its country where it has one. Embodied emissions are the service's
/// share of the location-based operational ones.
/// </summary>
public sealed class WorkloadReport(GridStore store, GridReference reference)
{
    /// <summary>Group keys.</summary>
    public static IReadOnlyList<string> Groupings { get; } = ["service", "region", "month"];

    /// <summary>The report (the context is the tenant's; its filters keep other tenants out).</summary>
    public async Task<WorkloadReportAnswer> RunAsync(FactorTraceDb db, DateTimeOffset from, DateTimeOffset to, string groupBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        long f = from.ToUnixTimeSeconds(), t = to.ToUnixTimeSeconds();
        var services = await db.ServiceProfiles.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken).ConfigureAwait(false);
        var records = await db.WorkloadRecords.AsNoTracking().Where(r => r.StartUnix < t && r.EndUnix > f).ToListAsync(cancellationToken).ConfigureAwait(false);
        var instruments = await db.PrivateFactors.AsNoTracking().Where(p => p.Kind == FactorTrace.Calculation.PrivateFactorKinds.ElectricitySupplier)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var hourly = new Dictionary<string, Dictionary<DateTimeOffset, double>>(StringComparer.Ordinal);
        foreach (var zone in records.Select(r => r.Zone).Distinct(StringComparer.Ordinal))
        {
            var points = await store.ReadAsync(zone, GridSignals.Average, GridUnits.HourOf(from), to, cancellationToken).ConfigureAwait(false);
            hourly[zone] = points.Where(p => p.Lifecycle is not null).ToDictionary(p => p.Start, p => p.Lifecycle!.Value);
        }

        var rows = new Dictionary<string, WorkloadRowBuilder>(StringComparer.Ordinal);
        var total = new WorkloadRowBuilder("total", null);
        foreach (var record in records)
        {
            var service = services[record.ServiceId];
            var start = DateTimeOffset.FromUnixTimeSeconds(Math.Max(record.StartUnix, f));
            var end = DateTimeOffset.FromUnixTimeSeconds(Math.Min(record.EndUnix, t));
            var length = (double)(record.EndUnix - record.StartUnix);
            var energy = WorkloadEmissions.EnergyKwh(record.MeasuredKwh, record.Units, service.WhPerUnit, service.Pue) ?? 0;
            foreach (var (partStart, partEnd) in MonthParts(start, end))
            {
                var share = (partEnd - partStart).TotalSeconds / length;
                var kwh = energy * share;
                var yearly = reference.Yearly?.Find(record.Zone, partStart.Year)?.Lifecycle;
                var price = kwh > 0 ? WorkloadEmissions.Price(partStart, partEnd, kwh, hourly[record.Zone], yearly) : new WorkloadPrice(0, 0, 0, 0, 0, 0);
                var key = groupBy switch
                {
                    "region" => record.Zone,
                    "month" => $"{partStart:yyyy-MM}",
                    _ => service.Name,
                };
                if (!rows.TryGetValue(key, out var row))
                {
                    rows[key] = row = new WorkloadRowBuilder(key, groupBy == "service" ? service : null);
                }

                var units = record.Units * share;
                var market = Instrument(instruments, record.Zone, DateOnly.FromDateTime(partStart.UtcDateTime)) is { } perKwh ? kwh * perKwh : (double?)null;
                row.Add(units, kwh, price, service.EmbodiedShare, market);
                total.Add(units, kwh, price, service.EmbodiedShare, market);
            }
        }

        return new WorkloadReportAnswer(from, to, groupBy, [.. rows.Values.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Build())], total.Build(), records.Count);
    }

    /// <summary>The tenant's supplier rate (kg CO2e/kWh) for the zone or its country on a day, from its <c>electricity_supplier</c> factors.</summary>
    private double? Instrument(List<Data.Ledger.PrivateFactor> instruments, string zone, DateOnly day)
    {
        var country = reference.Zones.TryResolve(zone, out var z, out _) ? z.Country : zone;
        var match = instruments
            .Where(i => string.Equals(i.Region, zone, StringComparison.OrdinalIgnoreCase) || string.Equals(i.Region, country, StringComparison.OrdinalIgnoreCase))
            .Where(i => (i.ValidFrom is null || i.ValidFrom <= day) && (i.ValidTo is null || i.ValidTo >= day))
            .OrderByDescending(i => string.Equals(i.Region, zone, StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault(i => i.Unit.Equals("kWh", StringComparison.OrdinalIgnoreCase) || i.Unit.Equals("MWh", StringComparison.OrdinalIgnoreCase));
        return match is null ? null : match.Unit.Equals("MWh", StringComparison.OrdinalIgnoreCase) ? match.KgCo2ePerUnit / 1000.0 : match.KgCo2ePerUnit;
    }

    private static IEnumerable<(DateTimeOffset, DateTimeOffset)> MonthParts(DateTimeOffset start, DateTimeOffset end)
    {
        var part = start;
        while (part < end)
        {
            var next = new DateTimeOffset(part.Year, part.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
            var partEnd = next < end ? next : end;
            yield return (part, partEnd);
            part = partEnd;
        }
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
