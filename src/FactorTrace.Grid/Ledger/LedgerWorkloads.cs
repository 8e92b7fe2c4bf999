using System.Globalization;
using FactorTrace.Broker;
using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Query;
using FactorTrace.Grid.Workloads;

namespace FactorTrace.Grid.Ledger;

/// <summary>
/// The ledger rows of a tenant's software workloads in a calculation run, priced by <see cref="WorkloadPricing"/> (the
/// rule the workload report uses), one record part per UTC month, each naming the factor it stands on: the run
/// registers, per zone and month, the mean of the stored hours as a factor (provenance, licence, a hash of the hours).
/// <list type="bullet">
/// <item>A <c>scope3-cloud</c> service: Scope 3 category 1 (cloud computing), life-cycle intensities, plus its embodied share.</item>
/// <item>A <c>scope2</c> service (own data centres): Scope 2 location-based at direct intensities; market-based at the
/// tenant's supplier rate for the zone, else the location-based value; the upstream part of the life-cycle intensity in
/// Scope 3 category 3. Its embodied share is not posted: own hardware is a capital good (category 2), accounted where it
/// was bought, and posting it here would count it twice.</item>
/// </list>
/// See <c>docs/grid.md</c>.
/// </summary>
public sealed class LedgerWorkloads(WorkloadPricing pricing)
{
    private const string Direct = "electricity.grid";
    private const string Lifecycle = "electricity.grid.lifecycle";

    /// <summary>Scope 3 category 1, purchased goods and services (cloud computing is a service bought), as results store it.</summary>
    public const string CloudCategory = "3.1";

    /// <summary>Scope 3 category 3, fuel- and energy-related activities not in Scope 1 or 2 (the upstream of electricity).</summary>
    public const string FuelAndEnergyCategory = "3.3";

    /// <summary>The rows of the tenant's workload records in <c>[from, to]</c> (whole UTC days), for <see cref="Data.Ledger.CalculationRunner"/>.</summary>
    public async Task<IReadOnlyList<ResultRow>> RowsAsync(FactorTraceDb db, CalculationEngine engine, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(engine);
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var book = await pricing.LoadAsync(db, start, end, cancellationToken).ConfigureAwait(false);
        var factors = new MonthFactors(engine, book);
        var rows = new List<ResultRow>();
        foreach (var part in book.Parts())
        {
            var cloud = part.Service.LedgerCategory != LedgerCategories.Scope2;
            if (Problem(part) is { } problem)
            {
                rows.Add(Error(part, cloud, problem.Code, problem.Message));
                continue;
            }

            var lifecycle = await factors.ForAsync(part, IntensityBases.Lifecycle, cancellationToken).ConfigureAwait(false);
            if (lifecycle.Factor is null)
            {
                rows.Add(Error(part, cloud, "no_grid_factor", lifecycle.Error!));
                continue;
            }

            if (cloud)
            {
                var embodied = part.Lifecycle.KgCo2e * part.Service.EmbodiedShare;
                rows.Add(Row(part, "3", CloudCategory, ResultMethods.Both, part.Lifecycle.KgCo2e + embodied, lifecycle.Factor, ResultBases.WorkloadCloud,
                    Join(Statement(part, part.Lifecycle, "life-cycle"), embodied == 0 ? null : Invariant($"plus {embodied:G6} kg embodied (hardware, {part.Service.EmbodiedShare:P0} of operational)"))));
                continue;
            }

            var direct = await factors.ForAsync(part, IntensityBases.Direct, cancellationToken).ConfigureAwait(false);
            var locationFactor = direct.Factor ?? lifecycle.Factor;
            var location = Row(part, "2", null, ResultMethods.Location, part.Direct.KgCo2e, locationFactor, ResultBases.WorkloadDataCentre, Statement(part, part.Direct, "direct"));
            rows.Add(location);
            rows.Add(part.Supplier is { } rate
                ? Row(part, "2", null, ResultMethods.Market, part.Kwh!.Value * rate.KgPerKwh, locationFactor, ResultBases.WorkloadDataCentre,
                    Invariant($"supplier rate {rate.KgPerKwh:G6} kg CO2e/kWh of the tenant's factor '{rate.Name}' ({rate.ActivityId}) × {part.Kwh:G6} kWh")) with
                { FactorNo = -1, Primary = true }
                : location with { Method = ResultMethods.Market, Note = Join(location.Note, "no supplier rate for the zone: the location-based value (no residual mix per zone is shipped)") });
            var upstream = part.Lifecycle.KgCo2e - part.Direct.KgCo2e;
            if (upstream != 0)
            {
                rows.Add(Row(part, "3", FuelAndEnergyCategory, ResultMethods.Both, upstream, lifecycle.Factor, ResultBases.WorkloadDataCentre,
                    Invariant($"upstream of the grid electricity of the workload (life-cycle {part.Lifecycle.KgCo2e:G6} kg minus direct {part.Direct.KgCo2e:G6} kg)")));
            }
        }

        return rows;
    }

    private static (string Code, string Message)? Problem(PricedPart part)
    {
        if (part.Kwh is null)
        {
            return ("workload_energy_unknown", $"service '{part.Service.Name}' has no wh_per_unit and the record no measured kWh, so its energy is unknown");
        }

        return part.Lifecycle.UnpricedKwh > 0
            ? ("no_grid_intensity", Invariant($"{part.Lifecycle.UnpricedKwh:G6} kWh of zone {part.Record.Zone} fall in hours with no stored value and the zone has no yearly mean"))
            : null;
    }

    private static ResultRow Row(PricedPart part, string scope, string? category, string method, double kg, ResolvedFactor factor, string basis, string? note) => new()
    {
        RecordId = part.Record.Id,
        Method = method,
        Date = DateOnly.FromDateTime(part.Start.UtcDateTime),
        Scope = scope,
        Category = category,
        Quantity = part.Kwh!.Value,
        Unit = "kWh",
        Share = part.Share,
        KgCo2e = kg,
        FactorNo = factor.No,
        SigmaLn = factor.SigmaLn,
        QualityScore = factor.Answer.Quality.Score,
        Tier = factor.Tier,
        Primary = false,
        Status = ResultStatuses.Ok,
        Note = note,
        Basis = basis,
    };

    private static ResultRow Error(PricedPart part, bool cloud, string code, string message) => new()
    {
        RecordId = part.Record.Id,
        Method = ResultMethods.Both,
        Date = DateOnly.FromDateTime(part.Start.UtcDateTime),
        Scope = cloud ? "3" : "2",
        Category = cloud ? CloudCategory : null,
        Quantity = part.Kwh ?? 0,
        Unit = "kWh",
        Share = part.Share,
        FactorNo = -1,
        Status = ResultStatuses.Error,
        Code = code,
        Note = message,
        Basis = cloud ? ResultBases.WorkloadCloud : ResultBases.WorkloadDataCentre,
    };

    private static string Statement(PricedPart part, WorkloadPrice price, string basis)
    {
        var kwh = part.Kwh!.Value;
        var text = Invariant($"workload of service '{part.Service.Name}' in {part.Record.Region} (zone {part.Record.Zone}) {part.Start:yyyy-MM-ddTHH:mm}Z to {part.End:yyyy-MM-ddTHH:mm}Z: ")
            + Invariant($"{kwh:G6} kWh, {price.HoursUsed} hours at their {basis} intensity ({(kwh == 0 ? 0 : price.KgCo2e * 1000 / kwh):G6} gCO2e/kWh on average)");
        return price.YearlyKwh > 0 && part.Yearly is { } yearly
            ? text + Invariant($"; {price.YearlyKwh:G6} kWh in {price.HoursMissing} hours without stored data at the {yearly.Year} yearly life-cycle mean {yearly.Lifecycle:G6} gCO2e/kWh ({yearly.FactorId})")
            : text;
    }

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : $"{a}; {b}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Per zone, month and basis: the stored hours' mean registered as a factor, else the zone's yearly factor.</summary>
    private sealed class MonthFactors(CalculationEngine engine, WorkloadBook book)
    {
        private readonly Dictionary<(string Zone, int Year, int Month, string Basis), (ResolvedFactor? Factor, string? Error)> _known = [];

        public async ValueTask<(ResolvedFactor? Factor, string? Error)> ForAsync(PricedPart part, string basis, CancellationToken cancellationToken)
        {
            var zone = part.Record.Zone;
            var key = (zone, part.Start.Year, part.Start.Month, basis);
            if (_known.TryGetValue(key, out var known))
            {
                return known;
            }

            var first = new DateOnly(part.Start.Year, part.Start.Month, 1);
            var last = first.AddMonths(1).AddDays(-1);
            var monthStart = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var monthEnd = monthStart.AddMonths(1);
            var hours = book.Hours.TryGetValue(zone, out var stored)
                ? stored.Where(p => p.Start >= monthStart && p.Start < monthEnd && HourlyIntensities.Counts(p, basis)).ToList()
                : [];
            if (hours.Count > 0)
            {
                known = engine.RegisterHourly(basis == IntensityBases.Direct ? Direct : Lifecycle, HourlyIntensities.Of(zone, zone, first, last, hours, basis));
            }
            else if (basis == IntensityBases.Direct)
            {
                known = (null, "no stored direct hours");
            }
            else
            {
                var request = new FactorRequest { Activity = Lifecycle, Region = zone, Year = part.Start.Year, Unit = "kWh", Datasets = [YearlyGridFactors.DatasetId] };
                known = await engine.ResolveAsync(request, cancellationToken).ConfigureAwait(false);
            }

            _known[key] = known;
            return known;
        }
    }
}
