using System.Globalization;
using FactorTrace.Broker;
using FactorTrace.Units;

namespace FactorTrace.Calculation;

/// <summary>
/// Turns activity records into result rows for one calculation run. Each distinct request (activity, region, year, unit)
/// is resolved once — the tenant's own factors first, then the shared cascade — and every record using it is a
/// multiplication. Rules (quantities, refunds, spend, Scope 2 methods, errors): <c>docs/calculation.md</c>.
/// </summary>
public sealed class CalculationEngine
{
    private const string ResidualMixActivity = "electricity.grid.residual-mix";
    private static readonly UnitDefinition Kwh = UnitRegistry.Default.Lookup("kWh").Unit!;
    private readonly FactorBroker _broker;
    private readonly Func<FactorRequest, CancellationToken, ValueTask<ResolveOutcome>> _shared;
    private readonly PrivateFactorBook _book;
    private readonly SpendConverter? _spend;
    private readonly string _gwp;
    private readonly Dictionary<PlanKey, Plan> _plans = [];
    private readonly Dictionary<(Guid, string, int), Plan> _privatePlans = [];
    private readonly Dictionary<(string, string, DateOnly), ConvertedSpend?> _rates = [];
    private readonly Dictionary<(string, int, string), Plan> _residual = [];
    private readonly List<ResolvedFactor> _factors = [];
    private readonly Dictionary<string, int> _factorBySha = new(StringComparer.Ordinal);
    private readonly HourlyLocationRows? _hourly;

    /// <summary>Creates an engine for one run.</summary>
    /// <param name="broker">The broker (for the tenant's own factors' answers).</param>
    /// <param name="shared">The shared cascade (loaded datasets and remote sources, cached).</param>
    /// <param name="book">The tenant's own factors.</param>
    /// <param name="spend">Exchange rates; null when none are loaded (spend in another currency then fails).</param>
    /// <param name="gwp">GWP set of the run.</param>
    /// <param name="hourly">
    /// The run's hourly grid profiles when the tenant asks for location-based Scope 2 from them (null: yearly factors).
    /// </param>
    public CalculationEngine(
        FactorBroker broker, Func<FactorRequest, CancellationToken, ValueTask<ResolveOutcome>> shared, PrivateFactorBook book, SpendConverter? spend, string gwp, IHourlyGridProfile? hourly = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(book);
        _broker = broker;
        _shared = shared;
        _book = book;
        _spend = spend;
        _gwp = gwp;
        _hourly = hourly is null ? null : new HourlyLocationRows(hourly, broker, gwp, (outcome, unit) =>
        {
            var plan = PlanFrom(outcome, unit, null, primary: false);
            return (plan.Factor, plan.ErrorMessage);
        });
    }

    /// <summary>The factors used so far, by <see cref="ResolvedFactor.No"/>.</summary>
    public IReadOnlyList<ResolvedFactor> Factors => _factors;

    /// <summary>
    /// Registers the answer for a mean of hourly grid intensities (<see cref="HourlyGridAnswers"/>) as a factor of the run,
    /// for rows calculated outside the engine (software workloads) that must still name their factor; null with the reason
    /// when it cannot be answered per kWh.
    /// </summary>
    public (ResolvedFactor? Factor, string? Error) RegisterHourly(string activity, HourlyGridIntensity intensity)
    {
        ArgumentNullException.ThrowIfNull(intensity);
        var plan = PlanFrom(HourlyGridAnswers.Answer(_broker, Request(activity, intensity.Region, intensity.First.Year, "kWh"), intensity), "kWh", null, primary: false);
        return (plan.Factor, plan.ErrorMessage);
    }

    /// <summary>Resolves a request through the run's shared cascade and registers the answer as a factor of the run; null with the reason when there is none.</summary>
    public async ValueTask<(ResolvedFactor? Factor, string? Error)> ResolveAsync(FactorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = PlanFrom(await _shared(request with { Gwp = _gwp }, cancellationToken).ConfigureAwait(false), request.Unit, null, primary: false);
        return (plan.Factor, plan.ErrorMessage);
    }

    /// <summary>Appends the record's rows to <paramref name="rows"/>: one row, or a location-based and a market-based row in Scope 2.</summary>
    public ValueTask CalculateAsync(ActivityInput record, List<ResultRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(rows);
        if (Validate(record, out var activity, out var quantity, out var unit) is { } invalid)
        {
            rows.Add(Error(record, invalid.Code, invalid.Message));
            return ValueTask.CompletedTask;
        }

        var region = string.IsNullOrWhiteSpace(record.Region) ? "GLOBAL" : record.Region.Trim();
        var year = record.Date.Year;
        if (_book.Count > 0 && _book.Find(activity, region, record.Date, record.Date) is { } own)
        {
            if (!_privatePlans.TryGetValue((own.Id, unit, year), out var ownPlan))
            {
                // Spend in another currency than the factor's: answered per the factor's currency, converted on each record's date.
                var currency = UnitRegistry.Default.Lookup(unit).Unit is { Dimension: "money" } from && UnitRegistry.Default.Lookup(own.Unit).Unit is { Dimension: "money" } to
                    && from.Code != to.Code ? to.Code : null;
                ownPlan = PlanFrom(PrivateFactorBook.Answer(_broker, Request(activity, region, year, currency ?? unit), own), unit, currency, primary: true);
                _privatePlans[(own.Id, unit, year)] = ownPlan;
            }

            return Emit(record, ownPlan, quantity, unit, region, rows, cancellationToken);
        }

        var key = new PlanKey(activity, region, year, unit);
        return _plans.TryGetValue(key, out var plan)
            ? Emit(record, plan, quantity, unit, region, rows, cancellationToken)
            : PlanAndEmitAsync(record, key, quantity, rows, cancellationToken);
    }

    /// <summary>The in-memory step alone: a record whose factor is already resolved, as a multiplication (used by the benchmark).</summary>
    public static void Multiply(ActivityInput record, ResolvedFactor factor, double quantity, string? unit, ref ResultRow row)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(factor);
        row.RecordId = record.Id;
        row.Method = ResultMethods.Both;
        row.Date = record.Date;
        row.Scope = record.Scope ?? factor.Answer.Scope ?? "3";
        row.Category = record.Category ?? (row.Scope == "3" ? factor.Answer.Category : null);
        row.Site = record.Site;
        row.Scope1Source = row.Scope == "1" ? record.Scope1Source : null;
        row.Quantity = quantity;
        row.Unit = unit;
        row.Share = 1;
        row.KgCo2e = factor.Answer.Value * quantity;
        row.Gases = factor.Gases.Times(quantity);
        row.BiogenicCo2 = (factor.Answer.BiogenicCo2 ?? 0) * quantity;
        row.FactorNo = factor.No;
        row.SigmaLn = factor.SigmaLn;
        row.QualityScore = factor.Answer.Quality.Score;
        row.Tier = factor.Tier;
        row.Primary = factor.Primary;
        row.Status = ResultStatuses.Ok;
        row.Code = null;
        row.Note = null;
    }

    private async ValueTask PlanAndEmitAsync(ActivityInput record, PlanKey key, double quantity, List<ResultRow> rows, CancellationToken cancellationToken)
    {
        var outcome = await _shared(Request(key.Activity, key.Region, key.Year, key.Unit), cancellationToken).ConfigureAwait(false);
        string? currency = null;
        if (outcome.Error is { Code: BrokerErrorCodes.IncompatibleUnit } error && UnitRegistry.Default.Lookup(key.Unit).Unit is { Dimension: "money" }
            && error.Suggestions.FirstOrDefault(s => UnitRegistry.Default.Lookup(s).Unit is { Dimension: "money" }) is { } factorCurrency)
        {
            // Spend in another currency than the factor's: resolve in the factor's currency and convert each record's spend on its date.
            var converted = await _shared(Request(key.Activity, key.Region, key.Year, factorCurrency), cancellationToken).ConfigureAwait(false);
            if (converted.Answer is not null)
            {
                outcome = converted;
                currency = UnitRegistry.Default.Lookup(factorCurrency).Unit!.Code;
            }
        }

        var plan = PlanFrom(outcome, key.Unit, currency, primary: false);
        _plans[key] = plan;
        await Emit(record, plan, quantity, key.Unit, key.Region, rows, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask Emit(ActivityInput record, Plan plan, double quantity, string unit, string region, List<ResultRow> rows, CancellationToken cancellationToken)
    {
        if (plan.Factor is not { } factor)
        {
            rows.Add(Error(record, plan.ErrorCode!, plan.ErrorMessage!));
            return ValueTask.CompletedTask;
        }

        string? note = null;
        if (plan.Currency is { } currency)
        {
            if (_spend is null)
            {
                rows.Add(Error(record, "no_exchange_rate", $"The factor is per {currency}; no exchange rates are loaded to convert {unit}."));
                return ValueTask.CompletedTask;
            }

            if (!_rates.TryGetValue((unit, currency, record.Date), out var converted))
            {
                converted = _spend.Convert(1, unit, currency, record.Date);
                _rates[(unit, currency, record.Date)] = converted;
            }

            if (converted is null)
            {
                rows.Add(Error(record, "no_exchange_rate", $"No ECB reference rate for {unit} or {currency} within 10 days before {record.Date:yyyy-MM-dd}."));
                return ValueTask.CompletedTask;
            }

            quantity *= converted.Rate;
            note = converted.Statement;
            unit = currency;
        }

        if (string.IsNullOrWhiteSpace(record.Region))
        {
            // Say what was really used: a request for GLOBAL may be answered by another region's factor (a proxy).
            var answer = factor.Answer;
            note = Join(note, string.Equals(answer.Region, "GLOBAL", StringComparison.OrdinalIgnoreCase)
                ? $"no region on the record: used a GLOBAL factor ({answer.Source} {answer.FactorId})"
                : $"no region on the record: asked for GLOBAL, and the factor used is for {answer.Region} ({answer.Source} {answer.FactorId}); set the record's region for a factor that fits it");
        }

        var row = default(ResultRow);
        Multiply(record, factor, quantity, unit, ref row);
        row.Note = note;
        if (row.Scope != "2")
        {
            rows.Add(row);
            return ValueTask.CompletedTask;
        }

        row.Method = ResultMethods.Location;
        rows.Add(_hourly is not null && HourlyLocationRows.AppliesTo(factor) ? _hourly.Location(record, row, factor, region) : row);
        return MarketAsync(record, row, factor, region, rows, cancellationToken);
    }

    /// <summary>
    /// One month part of a row (for <see cref="MonthlyAllocation.Apply"/>): scaled by its share, except a row from the
    /// hourly profile, whose part is recalculated from the hours of its own days.
    /// </summary>
    public ResultRow AllocatePart(ResultRow row, PeriodPart part) =>
        _hourly is not null && row.HourlyGrid is not null ? _hourly.Part(row, part) : MonthlyAllocation.Scale(row, part);

    /// <summary>
    /// Market-based Scope 2 (GHG Protocol Scope 2 Guidance hierarchy): the record's contractual instrument, else the
    /// supplier's specific rate, else the residual mix of the region, else the grid average; each step is written down.
    /// </summary>
    private async ValueTask MarketAsync(ActivityInput record, ResultRow location, ResolvedFactor grid, string region, List<ResultRow> rows, CancellationToken cancellationToken)
    {
        var steps = new List<string>();
        var market = location;
        market.Method = ResultMethods.Market;
        var unitDefinition = location.Unit is null ? null : UnitRegistry.Default.Lookup(location.Unit).Unit;
        if (record.Instrument is { } instrument)
        {
            if (unitDefinition is not null && UnitRegistry.Convert(location.Quantity, unitDefinition, Kwh) is { } kwh)
            {
                market.KgCo2e = kwh * instrument.KgCo2ePerKwh;
                market.Gases = default;
                market.FactorNo = -1;
                market.SigmaLn = 0;
                market.QualityScore = 0;
                market.Tier = 1;
                market.Primary = true;
                market.Note = string.Create(CultureInfo.InvariantCulture,
                    $"contractual_instrument: {instrument.Type}{(instrument.Reference is null ? "" : " " + instrument.Reference)} at {instrument.KgCo2ePerKwh:G6} kg CO2e/kWh over {kwh:G10} kWh");
                rows.Add(market);
                return;
            }

            steps.Add($"contractual_instrument: {location.Unit} does not convert to kWh");
        }
        else
        {
            steps.Add("contractual_instrument: none on the record");
        }

        if (_book.FindSupplier(record.Supplier, region, record.Date) is { } supplier)
        {
            if (!_privatePlans.TryGetValue((supplier.Id, location.Unit!, record.Date.Year), out var plan))
            {
                plan = PlanFrom(PrivateFactorBook.Answer(_broker, Request(grid.Answer.ActivityId, region, record.Date.Year, location.Unit!), supplier), location.Unit!, null, primary: true);
                _privatePlans[(supplier.Id, location.Unit!, record.Date.Year)] = plan;
            }

            if (plan.Factor is { } rate)
            {
                rows.Add(WithFactor(market, rate, Join(Join(location.Note, string.Join("; ", steps)), $"supplier_factor: {supplier.Name} ({supplier.Supplier})")));
                return;
            }

            steps.Add($"supplier_factor: {supplier.Name} could not be used ({plan.ErrorMessage})");
        }
        else
        {
            steps.Add(record.Supplier is null ? "supplier_factor: no supplier on the record" : $"supplier_factor: none stored for '{record.Supplier}' valid on {record.Date:yyyy-MM-dd}");
        }

        if (grid.Answer.ActivityId.StartsWith("electricity.grid", StringComparison.Ordinal))
        {
            var key = (region, record.Date.Year, location.Unit!);
            if (!_residual.TryGetValue(key, out var residual))
            {
                var outcome = await _shared(Request(ResidualMixActivity, region, record.Date.Year, location.Unit!), cancellationToken).ConfigureAwait(false);
                residual = outcome.Answer is { } answer && answer.Provenance.Fallbacks.Any(f => FallbackKinds.IsProxy(f.Kind))
                    ? new Plan(null, BrokerErrorCodes.NoFactor, $"only a proxy from another region ({answer.Region})", null)
                    : PlanFrom(outcome, location.Unit!, null, primary: false);
                _residual[key] = residual;
            }

            if (residual.Factor is { } mix)
            {
                steps.Add($"residual_mix: {mix.Answer.FactorId} ({mix.Answer.Region} {mix.Answer.Year})");
                rows.Add(WithFactor(market, mix, Join(location.Note, string.Join("; ", steps))));
                return;
            }

            steps.Add($"residual_mix: none for {region} ({residual.ErrorMessage})");
        }
        else
        {
            steps.Add("residual_mix: not applicable to this activity");
        }

        steps.Add($"grid_average: {grid.Answer.FactorId} (the location-based factor)");
        market.Note = Join(location.Note, string.Join("; ", steps));
        rows.Add(market);
    }

    /// <summary>A row with another factor: emissions, gases and quality recalculated for its quantity, and the note replaced.</summary>
    internal static ResultRow WithFactor(ResultRow market, ResolvedFactor factor, string? note)
    {
        market.KgCo2e = factor.Answer.Value * market.Quantity;
        market.Gases = factor.Gases.Times(market.Quantity);
        market.BiogenicCo2 = (factor.Answer.BiogenicCo2 ?? 0) * market.Quantity;
        market.FactorNo = factor.No;
        market.SigmaLn = factor.SigmaLn;
        market.QualityScore = factor.Answer.Quality.Score;
        market.Tier = factor.Tier;
        market.Primary = factor.Primary;
        market.Note = note;
        return market;
    }

    private Plan PlanFrom(ResolveOutcome outcome, string unit, string? currency, bool primary)
    {
        if (outcome.Answer is not { } answer)
        {
            var error = outcome.Error!;
            return new Plan(null, error.Code, error.Suggestions.Count == 0 ? error.Message : $"{error.Message} Suggestions: {string.Join(", ", error.Suggestions.Take(5))}", null);
        }

        if (!_factorBySha.TryGetValue(answer.Provenance.Sha256, out var no))
        {
            no = _factors.Count;
            var dimension = UnitRegistry.Default.Lookup(currency ?? unit).Unit?.Dimension ?? "";
            _factors.Add(new ResolvedFactor(no, answer, dimension, primary, GasColumns.From(answer.Gases)));
            _factorBySha[answer.Provenance.Sha256] = no;
        }

        return new Plan(_factors[no], null, null, currency);
    }

    private FactorRequest Request(string activity, string region, int year, string unit) =>
        new() { Activity = activity, Region = region, Year = year, Unit = unit, Gwp = _gwp };

    private static (string Code, string Message)? Validate(ActivityInput record, out string activity, out double quantity, out string unit)
    {
        activity = (record.ActivityId ?? record.Description ?? "").Trim();
        quantity = 0;
        unit = "";
        if (activity.Length == 0)
        {
            return ("missing_activity", "The record has neither an activity id nor a description.");
        }

        if (!string.IsNullOrWhiteSpace(record.Unit))
        {
            if (record.Amount is not { } amount)
            {
                return ("missing_amount", $"The record has a unit ({record.Unit}) but no amount.");
            }

            quantity = amount;
            unit = record.Unit.Trim();
        }
        else if (record.Spend is { } spend && !string.IsNullOrWhiteSpace(record.Currency))
        {
            quantity = spend;
            unit = record.Currency.Trim().ToUpperInvariant();
        }
        else
        {
            return record.Amount is null && record.Spend is null
                ? ("missing_amount", "The record has neither an amount with a unit nor a spend with a currency.")
                : ("missing_unit", record.Amount is not null ? "The record has an amount but no unit." : "The record has a spend but no currency.");
        }

        return double.IsFinite(quantity) ? null : ("invalid_amount", "The amount is not a finite number.");
    }

    private static ResultRow Error(ActivityInput record, string code, string message) => new()
    {
        RecordId = record.Id,
        Method = ResultMethods.Both,
        Date = record.Date,
        Scope = record.Scope ?? "",
        Category = record.Category,
        Site = record.Site,
        Quantity = record.Amount ?? record.Spend ?? 0,
        Unit = record.Unit ?? record.Currency,
        Share = 1,
        FactorNo = -1,
        Status = ResultStatuses.Error,
        Code = code,
        Note = message,
    };

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : $"{a}; {b}";

    private readonly record struct PlanKey(string Activity, string Region, int Year, string Unit);

    private sealed record Plan(ResolvedFactor? Factor, string? ErrorCode, string? ErrorMessage, string? Currency);
}
