using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Workloads;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Query;
using FactorTrace.Grid.Store;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Grid.Workloads;

/// <summary>
/// The one pricing rule of workload records, shared by the workload report and the ledger: records are clipped to
/// <c>[from, to)</c> and split at UTC month starts (each part takes its share of the record's energy and units by
/// time), then priced hour by hour (<see cref="WorkloadEmissions"/>) at the measured or estimated hours of the store
/// (forecasts do not count), both life-cycle and direct; market-based with the tenant's <c>electricity_supplier</c>
/// factor for the zone or its country where it has one.
/// </summary>
public sealed class WorkloadPricing(GridStore store, GridReference reference)
{
    /// <summary>Loads what pricing the tenant's records over the interval needs (the context is the tenant's).</summary>
    public async Task<WorkloadBook> LoadAsync(FactorTraceDb db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        long f = from.ToUnixTimeSeconds(), t = to.ToUnixTimeSeconds();
        var services = await db.ServiceProfiles.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken).ConfigureAwait(false);
        var records = await db.WorkloadRecords.AsNoTracking().Where(r => r.StartUnix < t && r.EndUnix > f)
            .OrderBy(r => r.StartUnix).ThenBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var instruments = await db.PrivateFactors.AsNoTracking().Where(p => p.Kind == FactorTrace.Calculation.PrivateFactorKinds.ElectricitySupplier)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var hours = new Dictionary<string, IReadOnlyList<GridPoint>>(StringComparer.Ordinal);
        foreach (var zone in records.Select(r => r.Zone).Distinct(StringComparer.Ordinal))
        {
            var points = await store.ReadAsync(zone, GridSignals.Average, GridUnits.HourOf(from), to, cancellationToken).ConfigureAwait(false);
            hours[zone] = points.Where(p => GridQualities.Rank(p.Quality) > 0).ToList();
        }

        return new WorkloadBook(reference, from, to, services, records, instruments, hours);
    }
}

/// <summary>The records of an interval with everything needed to price them.</summary>
public sealed class WorkloadBook
{
    private readonly GridReference _reference;
    private readonly DateTimeOffset _from, _to;
    private readonly List<PrivateFactor> _instruments;
    private readonly Dictionary<string, (Dictionary<DateTimeOffset, double> Lifecycle, Dictionary<DateTimeOffset, double> Direct)> _byZone = new(StringComparer.Ordinal);

    internal WorkloadBook(
        GridReference reference, DateTimeOffset from, DateTimeOffset to, IReadOnlyDictionary<Guid, ServiceProfile> services, IReadOnlyList<WorkloadRecord> records,
        List<PrivateFactor> instruments, IReadOnlyDictionary<string, IReadOnlyList<GridPoint>> hours)
    {
        _reference = reference;
        (_from, _to) = (from, to);
        Services = services;
        Records = records;
        _instruments = instruments;
        Hours = hours;
        foreach (var (zone, points) in hours)
        {
            _byZone[zone] = (
                points.Where(p => p.Lifecycle is { } v && double.IsFinite(v)).ToDictionary(p => p.Start, p => p.Lifecycle!.Value),
                points.Where(p => p.Direct is { } v && double.IsFinite(v)).ToDictionary(p => p.Start, p => p.Direct!.Value));
        }
    }

    /// <summary>The tenant's services by id.</summary>
    public IReadOnlyDictionary<Guid, ServiceProfile> Services { get; }

    /// <summary>The records overlapping the interval, by start.</summary>
    public IReadOnlyList<WorkloadRecord> Records { get; }

    /// <summary>The stored measured or estimated hours of each zone of the records over the interval.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<GridPoint>> Hours { get; }

    /// <summary>Every record's parts inside the interval, one per UTC month it touches, priced.</summary>
    public IEnumerable<PricedPart> Parts()
    {
        long f = _from.ToUnixTimeSeconds(), t = _to.ToUnixTimeSeconds();
        foreach (var record in Records)
        {
            var service = Services[record.ServiceId];
            var start = DateTimeOffset.FromUnixTimeSeconds(Math.Max(record.StartUnix, f));
            var end = DateTimeOffset.FromUnixTimeSeconds(Math.Min(record.EndUnix, t));
            var length = (double)(record.EndUnix - record.StartUnix);
            var energy = WorkloadEmissions.EnergyKwh(record.MeasuredKwh, record.Units, service.WhPerUnit, service.Pue);
            var (lifecycle, direct) = _byZone[record.Zone];
            foreach (var (partStart, partEnd) in MonthParts(start, end))
            {
                var share = (partEnd - partStart).TotalSeconds / length;
                var kwh = energy * share;
                var yearly = _reference.Yearly?.Find(record.Zone, partStart.Year);
                var priced = kwh is > 0;
                yield return new PricedPart(
                    record, service, partStart, partEnd, share, record.Units * share, kwh,
                    priced ? WorkloadEmissions.Price(partStart, partEnd, kwh!.Value, lifecycle, yearly?.Lifecycle) : WorkloadPrice.None,
                    priced ? WorkloadEmissions.Price(partStart, partEnd, kwh!.Value, direct, yearly?.Lifecycle) : WorkloadPrice.None,
                    Instrument(record.Zone, DateOnly.FromDateTime(partStart.UtcDateTime)), yearly);
            }
        }
    }

    /// <summary>The tenant's supplier rate for the zone or its country on a day, from its <c>electricity_supplier</c> factors.</summary>
    private SupplierRate? Instrument(string zone, DateOnly day)
    {
        var country = _reference.Zones.TryResolve(zone, out var z, out _) ? z.Country : zone;
        var match = _instruments
            .Where(i => string.Equals(i.Region, zone, StringComparison.OrdinalIgnoreCase) || string.Equals(i.Region, country, StringComparison.OrdinalIgnoreCase))
            .Where(i => (i.ValidFrom is null || i.ValidFrom <= day) && (i.ValidTo is null || i.ValidTo >= day))
            .OrderByDescending(i => string.Equals(i.Region, zone, StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault(i => i.Unit.Equals("kWh", StringComparison.OrdinalIgnoreCase) || i.Unit.Equals("MWh", StringComparison.OrdinalIgnoreCase));
        return match is null ? null
            : new SupplierRate(match.Id, match.ActivityId, match.Name, match.Unit.Equals("MWh", StringComparison.OrdinalIgnoreCase) ? match.KgCo2ePerUnit / 1000.0 : match.KgCo2ePerUnit);
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
}

/// <summary>One record's part in one UTC month, priced.</summary>
/// <param name="Record">The record.</param>
/// <param name="Service">Its service.</param>
/// <param name="Start">Start of the part.</param>
/// <param name="End">End (exclusive).</param>
/// <param name="Share">The part's share of the record (by time).</param>
/// <param name="Units">Units of work in the part (null: measured energy only).</param>
/// <param name="Kwh">Energy in the part (null: neither measured energy nor Wh per unit is known).</param>
/// <param name="Lifecycle">Priced at life-cycle intensities.</param>
/// <param name="Direct">Priced at direct intensities (hours without a value at the yearly life-cycle mean, which is all the yearly dataset gives).</param>
/// <param name="Supplier">The tenant's supplier rate for the zone, when it has one.</param>
/// <param name="Yearly">The zone's yearly mean used for hours without data, when known.</param>
public sealed record PricedPart(
    WorkloadRecord Record, ServiceProfile Service, DateTimeOffset Start, DateTimeOffset End, double Share, double? Units, double? Kwh,
    WorkloadPrice Lifecycle, WorkloadPrice Direct, SupplierRate? Supplier, YearlyIntensity? Yearly);

/// <summary>A tenant's supplier-specific electricity rate.</summary>
/// <param name="Id">The private factor.</param>
/// <param name="ActivityId">Its activity id.</param>
/// <param name="Name">Its name.</param>
/// <param name="KgPerKwh">kg CO2e/kWh.</param>
public sealed record SupplierRate(Guid Id, string ActivityId, string Name, double KgPerKwh);
