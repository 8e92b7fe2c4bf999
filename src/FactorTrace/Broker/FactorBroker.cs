using System.Collections.Concurrent;
using System.Globalization;
using FactorTrace.Activities;
using FactorTrace.Factors;
using FactorTrace.Fuels;
using FactorTrace.Gwp;
using FactorTrace.Quality;
using FactorTrace.Regions;
using FactorTrace.Search;
using FactorTrace.Sources;
using FactorTrace.Units;

namespace FactorTrace.Broker;

/// <summary>
/// Resolves an activity, region, year, unit and GWP set to the best factor across sources, with quality,
/// uncertainty, licence and provenance. Rules: <c>docs/broker.md</c>.
/// </summary>
public sealed partial class FactorBroker
{
    private const int MinYear = 1990;
    private const int MaxYear = 2100;
    private const double KWhPerMmBtu = 293.07107017222222;
    private readonly BrokerIndex _index;
    private readonly SourceCatalog _sources;
    private readonly GwpConverter _gwp;
    private readonly FuelConverter _fuels;
    private readonly BrokerOptions _options;
    private readonly IReadOnlyList<string> _order;
    private readonly ConcurrentDictionary<RequestKey, ResolveOutcome> _memo = new();

    /// <summary>Creates a broker over a loaded factor store.</summary>
    /// <param name="store">The factors.</param>
    /// <param name="gwp">GWP table with AR4, AR5 and AR6 (IPCC).</param>
    /// <param name="fuels">Fuel properties for cross-dimension conversion.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="taxonomy">Activities; the shipped taxonomy when null.</param>
    /// <param name="sources">Sources; the shipped catalogue when null.</param>
    public FactorBroker(
        FactorStore store,
        GwpTable gwp,
        IEnumerable<FuelProperties> fuels,
        BrokerOptions? options = null,
        ActivityTaxonomy? taxonomy = null,
        SourceCatalog? sources = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(gwp);
        _options = options ?? new BrokerOptions();
        _sources = sources ?? SourceCatalog.Default;
        _index = new BrokerIndex(store, taxonomy ?? ActivityTaxonomy.Default, _sources, RegionHierarchy.Default, UnitRegistry.Default);
        _gwp = new GwpConverter(gwp);
        _fuels = new FuelConverter(fuels);
        _order = _options.SourceOrder.Count > 0 ? _options.SourceOrder : _sources.DefaultOrder;
        if (_order.FirstOrDefault(s => _sources.Find(s) is null) is { } unknown)
        {
            throw new ArgumentException($"Broker source order names unknown source '{unknown}'.", nameof(options));
        }

        Search = new FactorSearch(_index);
    }

    /// <summary>
    /// Version of the rules that choose and re-express factors; part of the cache generation, so a change of rules does
    /// not serve answers computed under the old ones.
    /// </summary>
    public const string RulesVersion = "2026-12-03";

    /// <summary>Search over activities and factors.</summary>
    public FactorSearch Search { get; }

    /// <summary>Source ids in the order the broker tries them.</summary>
    public IReadOnlyList<string> SourceOrder => _order;

    /// <summary>The sources.</summary>
    public SourceCatalog Sources => _sources;

    /// <summary>The GWP set used when a request names none.</summary>
    public string DefaultGwp => _options.DefaultGwp;

    /// <summary>The factors the broker answers from.</summary>
    public FactorStore Store => _index.Store;

    /// <summary>The region hierarchy, including the aggregates the loaded datasets use.</summary>
    public RegionHierarchy Regions => _index.Regions;

    /// <summary>Region codes that at least one loaded factor carries.</summary>
    public IReadOnlySet<string> FactorRegions => _index.KnownRegions;

    /// <summary>Number of activity ids the broker can resolve (explicit and generated from patterns).</summary>
    public int ActivityCount => _index.Activities.Count;

    /// <summary>Explicit activities that matched no row of any loaded source.</summary>
    public IReadOnlyList<string> UnmatchedActivities => _index.Unmatched;

    /// <summary>Resolves a request (completes synchronously; async for callers that add remote sources later).</summary>
    public ValueTask<ResolveOutcome> ResolveAsync(FactorRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Resolve(request));
    }

    /// <summary>Resolves a request. Repeated requests are answered from a memo of computed answers (the store is immutable).</summary>
    public ResolveOutcome Resolve(FactorRequest request) => Resolve(request, allowProxies: true);

    /// <summary>
    /// Resolves a request over the loaded sources; without <paramref name="allowProxies"/> the cascade stops after the
    /// region levels (a remote source later in the order comes before any proxy). A repeated request is served from the
    /// memo — the in-process layer, reported as <c>cache: l1</c>.
    /// </summary>
    public ResolveOutcome Resolve(FactorRequest request, bool allowProxies)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = RequestKey.From(request, allowProxies);
        if (_memo.TryGetValue(key, out var known))
        {
            return known;
        }

        var outcome = Compute(request, allowProxies);
        if (_memo.Count >= _options.AnswerMemoSize)
        {
            _memo.Clear();
        }

        _memo.TryAdd(key, outcome.Answer is { } answer ? ResolveOutcome.Success(answer.ServedFrom("l1")) : outcome);
        return outcome;
    }

    /// <summary>Computes an answer without the memo (for diagnostics and for measuring the full cascade).</summary>
    public ResolveOutcome ResolveUncached(FactorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Compute(request, allowProxies: true);
    }

    /// <summary>
    /// Estimates many rows at once: kg CO2e per row into <paramref name="kgCo2e"/> (NaN where the row has no answer),
    /// and totals per gas. Rows that share a request share one resolution.
    /// </summary>
    public BatchEstimate EstimateMany(ReadOnlySpan<EstimateRow> rows, Span<double> kgCo2e)
    {
        if (kgCo2e.Length < rows.Length)
        {
            throw new ArgumentException("The output span is shorter than the rows.", nameof(kgCo2e));
        }

        var amountByAnswer = new Dictionary<FactorAnswer, double>(ReferenceEqualityComparer.Instance);
        var failed = 0;
        var total = 0.0;
        for (var i = 0; i < rows.Length; i++)
        {
            var answer = Resolve(rows[i].Request).Answer;
            if (answer is null)
            {
                kgCo2e[i] = double.NaN;
                failed++;
                continue;
            }

            var kg = answer.Value * rows[i].Amount;
            kgCo2e[i] = kg;
            total += kg;
            ref var sum = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(amountByAnswer, answer, out _);
            sum += rows[i].Amount;
        }

        var byGas = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (answer, amount) in amountByAnswer)
        {
            foreach (var gas in answer.Gases)
            {
                byGas[gas.Gas] = byGas.GetValueOrDefault(gas.Gas) + (gas.KgCo2e * amount);
            }
        }

        return new BatchEstimate(total, byGas, rows.Length - failed, failed);
    }

    /// <summary>Resolves and multiplies: kg CO2e for an amount, with per-gas parts and the 95 % interval.</summary>
    public EstimateOutcome Estimate(FactorRequest request, double amount)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!double.IsFinite(amount))
        {
            return new EstimateOutcome(null, new BrokerError("invalid_amount", "amount", "The amount must be a finite number.", []));
        }

        var outcome = Resolve(request);
        return outcome.Answer is { } answer
            ? new EstimateOutcome(Estimation.From(answer, amount), null)
            : new EstimateOutcome(null, outcome.Error);
    }

    private ResolveOutcome Compute(FactorRequest request, bool allowProxies)
    {
        if (request.Year is < MinYear or > MaxYear)
        {
            return Fail("invalid_year", "year", $"Year {request.Year} is outside {MinYear}–{MaxYear}.");
        }

        var gwpSet = (request.Gwp ?? _options.DefaultGwp).Trim().ToUpperInvariant();
        if (!GwpConverter.SupportedSets.Contains(gwpSet, StringComparer.Ordinal))
        {
            return Fail("unknown_gwp", "gwp", $"GWP set '{request.Gwp}' is not supported.", GwpConverter.SupportedSets);
        }

        var lookup = _index.Units.Lookup(request.Unit);
        if (lookup.IsAmbiguous)
        {
            return Fail("ambiguous_unit", "unit", $"Unit '{request.Unit}' is ambiguous; say which one: {string.Join(", ", lookup.Choices)}.", lookup.Choices);
        }

        if (lookup.Unit is not { } unit)
        {
            var families = UnitFamilies(request.Activity);
            return Fail("unknown_unit", "unit",
                $"Unit '{request.Unit}' is not known{(families.Count > 0 ? $"; {request.Activity} is measured in {string.Join(" or ", families)}" : "")}.",
                _index.Units.Suggest(request.Unit ?? "", families));
        }

        var region = _index.Regions.Normalize(request.Region ?? "");
        if (_index.Regions.Classify(region) == RegionKind.Unknown && !_index.KnownRegions.Contains(region))
        {
            return Fail("unknown_region", "region", $"Region '{request.Region}' is not an ISO 3166 code, a group, GLOBAL or a known grid zone.", _index.Regions.Suggest(request.Region ?? ""));
        }

        var order = request.Sources is { Count: > 0 } requested ? requested : _order;
        if (order.FirstOrDefault(s => _sources.Find(s) is null) is { } unknownSource)
        {
            return Fail("unknown_source", "sources", $"Source '{unknownSource}' is not known.", _sources.Sources.Select(s => s.Id).ToList());
        }

        if (request.Datasets?.FirstOrDefault(d => !_index.SourceOfDataset.ContainsKey(d)) is { } unknownDataset)
        {
            return Fail("unknown_dataset", "datasets", $"Dataset '{unknownDataset}' is not a loaded factor dataset.", _index.SourceOfDataset.Keys.Order(StringComparer.Ordinal).ToList());
        }

        if (request.PriceBasis is { } basis && basis is not ("purchaser" or "producer"))
        {
            return Fail("invalid_price_basis", "price_basis", $"Price basis '{basis}' is not 'purchaser' or 'producer'.", ["purchaser", "producer"]);
        }

        var fallbacks = new List<Fallback>();
        var found = FindActivity(request.Activity ?? "", fallbacks, out var error);
        if (found is null)
        {
            return ResolveOutcome.Failure(error!);
        }

        var context = new Context(request, region, unit, gwpSet, order.Select(s => _sources.Find(s)!.Id).ToList(), fallbacks) { AllowProxies = allowProxies };
        if (!allowProxies && found.Value.Entry is null)
        {
            return Fail("no_factor", "activity", $"No listed factor for {found.Value.ProxyId}; only a proxy could answer.");
        }

        return found.Value.Entry is { } entry
            ? Cascade(entry, context)
            : Proxy(found.Value.ProxyId, found.Value.ProxyName, null, context, []);
    }

    private (ActivityEntry? Entry, string ProxyId, string ProxyName)? FindActivity(string activity, List<Fallback> fallbacks, out BrokerError? error)
    {
        error = null;
        var text = activity.Trim();
        if (text.Length == 0)
        {
            error = new BrokerError("unknown_activity", "activity", "The activity is empty.", []);
            return null;
        }

        if (_index.Activities.TryGetValue(text, out var entry))
        {
            return (entry, entry.Id, entry.Name);
        }

        if (text.Contains(':', StringComparison.Ordinal) && SourceSpecific(text) is { } direct)
        {
            return (direct, direct.Id, direct.Name);
        }

        if (_index.Taxonomy.MatchPattern(text) is { } pattern)
        {
            if (!ActivityTaxonomy.IsWellFormed(pattern.Pattern, pattern.Code))
            {
                error = new BrokerError("unknown_activity", "activity",
                    $"'{text}' is not a well-formed {pattern.Pattern.Prefix} id (code must match {pattern.Pattern.CodePattern}).",
                    Search.SuggestActivities(text, 5));
                return null;
            }

            // A well-formed code the source does not list: answered by a proxy over neighbouring codes.
            return (null, $"{pattern.Pattern.Prefix}.{pattern.Code}", $"{pattern.Pattern.Prefix} {pattern.Code}");
        }

        if (ActivityIdShape.LooksLikeId(text))
        {
            var suggestions = Search.SuggestActivities(text, 5);
            error = new BrokerError("unknown_activity", "activity",
                $"There is no activity '{text}'{(suggestions.Count > 0 ? $"; did you mean {suggestions[0]}?" : ".")} (Text written like an id is not matched loosely; describe the activity in words to search.)",
                suggestions);
            return null;
        }

        var best = Search.MatchActivity(text);
        if (best is { } match && match.Score >= _options.TextMatchThreshold && _index.Activities.TryGetValue(match.Id, out var matched))
        {
            fallbacks.Add(new Fallback("text_match", $"'{text}' matched activity {matched.Id} ({matched.Name}), score {match.Score.ToString("0.00", CultureInfo.InvariantCulture)}"));
            return (matched, matched.Id, matched.Name);
        }

        error = new BrokerError("unknown_activity", "activity", $"No activity matches '{text}'.", Search.SuggestActivities(text, 5));
        return null;
    }

    private ActivityEntry? SourceSpecific(string text)
    {
        if (_index.Store.TryGet(text, out var factor))
        {
            var source = _index.SourceOfDataset.GetValueOrDefault(factor.Dataset.Id)?.FirstOrDefault(s => s.Contains(factor));
            if (source is null || _index.ToCandidate(factor, source, factor.Region) is not { } candidate)
            {
                return null;
            }

            var entry = new ActivityEntry(factor.Id, factor.Name, candidate.Unit.Dimension, factor.Scope ?? "3", null, null);
            entry.Add(candidate);
            return entry;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var owner = text[..colon];
        var key = text[(colon + 1)..];
        var sources = _sources.Find(owner) is { } s ? [s] : _index.SourceOfDataset.GetValueOrDefault(owner) ?? [];
        ActivityEntry? result = null;
        foreach (var source in sources)
        {
            foreach (var f in _index.SourcesById[source.Id])
            {
                if ((f.Dataset.Id == owner || source.Id == owner)
                    && (string.Equals(f.SourceActivityId, key, StringComparison.Ordinal)
                        || (f.Attributes.TryGetValue("activity_id", out var aid) && string.Equals(aid, key, StringComparison.Ordinal)))
                    && _index.ToCandidate(f, source, f.Region) is { } candidate)
                {
                    result ??= new ActivityEntry(text, f.Name, candidate.Unit.Dimension, f.Scope ?? "3", null, null);
                    result.Add(candidate);
                }
            }
        }

        return result;
    }

    private ResolveOutcome Cascade(ActivityEntry entry, Context context)
    {
        if (!AnyConvertible(entry, context))
        {
            var units = entry.All.Select(c => c.Unit.Code).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return units.Count == 0
                ? Proxy(entry.Id, entry.Name, entry, context, [])
                : Fail("incompatible_unit", "unit",
                    $"{entry.Id} is published per {string.Join(", ", units)}; '{context.Request.Unit}' ({context.Unit.Dimension}) cannot be converted to those{(entry.Fuel is null ? "" : " even through fuel properties")}.",
                    units);
        }

        var attempts = new List<Attempt>();
        var chain = _index.RegionChain(context.Region);
        var absent = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var level = 0; level < chain.Count; level++)
        {
            var region = chain[level];
            var levelName = level == 0 ? "exact" : "parent_region";
            foreach (var sourceId in context.Order)
            {
                if (!entry.BySource.TryGetValue(sourceId, out var byRegion))
                {
                    if (absent.Add(sourceId))
                    {
                        attempts.Add(new Attempt(levelName, sourceId, region, "skipped", "the source has no rows for this activity"));
                    }

                    continue;
                }

                if (!byRegion.TryGetValue(region, out var candidates))
                {
                    attempts.Add(new Attempt(levelName, sourceId, region, "miss", "no rows for this region"));
                    continue;
                }

                var pick = Pick(candidates, entry, context, out var reason);
                if (pick is null)
                {
                    attempts.Add(new Attempt(levelName, sourceId, region, "skipped", reason));
                    continue;
                }

                attempts.Add(new Attempt(levelName, sourceId, region, "hit", pick.Value.Candidate.Factor.Id));
                if (level > 0)
                {
                    context.Fallbacks.Add(new Fallback("parent_region", $"no factor for {context.Region}; used {region} ({_index.Regions.Name(region)})"));
                }

                return Answer(entry, context, pick.Value, level == 0 ? 1 : Geographical(region), attempts);
            }
        }

        if (!context.AllowProxies)
        {
            return ResolveOutcome.Failure(new BrokerError("no_factor", "activity", $"No listed factor for {entry.Id} in {context.Region} or its parent regions.", [])
            {
                Attempts = attempts,
            });
        }

        foreach (var sourceId in context.Order)
        {
            if (!entry.BySource.TryGetValue(sourceId, out var byRegion))
            {
                continue;
            }

            var others = byRegion.Where(r => !chain.Contains(r.Key, StringComparer.OrdinalIgnoreCase)).SelectMany(r => r.Value).ToList();
            var pick = others.Count == 0 ? null : Pick(others, entry, context, out _);
            if (pick is null)
            {
                attempts.Add(new Attempt("geographic_proxy", sourceId, "*", "miss", "no usable rows in other regions"));
                continue;
            }

            attempts.Add(new Attempt("geographic_proxy", sourceId, "*", "hit", pick.Value.Candidate.Factor.Id));
            context.Fallbacks.Add(new Fallback("geographic_proxy", $"no factor for {context.Region} or its parents; used {pick.Value.Candidate.Region} ({_index.Regions.Name(pick.Value.Candidate.Region)})"));
            return Answer(entry, context, pick.Value, 5, attempts);
        }

        return Proxy(entry.Id, entry.Name, entry, context, attempts);
    }

    private bool AnyConvertible(ActivityEntry entry, Context context)
    {
        var fuel = _fuels.Find(entry.Fuel);
        foreach (var candidate in entry.All)
        {
            if (Convert(context, candidate, fuel) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private Choice? Pick(List<Candidate> candidates, ActivityEntry entry, Context context, out string reason)
    {
        var fuel = _fuels.Find(entry.Fuel);
        var usable = new List<(Candidate Candidate, UnitConversion Conversion)>(candidates.Count);
        var pinnedOut = 0;
        foreach (var candidate in candidates)
        {
            if (!Allowed(candidate, context.Request))
            {
                pinnedOut++;
                continue;
            }

            if (Convert(context, candidate, fuel) is { } conversion)
            {
                usable.Add((candidate, conversion));
            }
        }

        if (usable.Count == 0)
        {
            reason = pinnedOut == candidates.Count
                ? "excluded by the requested dataset versions or as_of date"
                : $"no row convertible to {context.Unit.Code}";
            return null;
        }

        var year = context.Request.Year;
        var earlier = usable.Where(u => u.Candidate.Year <= year).Select(u => u.Candidate.Year).DefaultIfEmpty(int.MinValue).Max();
        var chosenYear = earlier != int.MinValue ? earlier : usable.Min(u => u.Candidate.Year);
        var best = usable
            .Where(u => u.Candidate.Year == chosenYear)
            .Select(u => (u.Candidate, u.Conversion, Co2e: _gwp.Convert(WithoutBiogenicCo2(WithPriceBasis(WithGas(u.Candidate, entry), context.Request)), context.Gwp, u.Candidate.Source.GwpBasis, entry.MethaneOrigin)))
            .OrderBy(u => u.Conversion.Rank)
            .ThenByDescending(u => u.Candidate.Released)
            .ThenByDescending(u => u.Candidate.Source.Pedigree.Score)
            .ThenByDescending(u => u.Co2e.KgCo2e * u.Conversion.FactorUnitsPerRequestUnit)
            .ThenBy(u => u.Candidate.Factor.Id, StringComparer.Ordinal)
            .First();
        reason = "";
        return new Choice(best.Candidate, best.Conversion, best.Co2e);
    }

    // A single-gas activity (a refrigerant) published as a CO2e total only: the total is that gas, so it can be re-expressed.
    // A blend published per mass is its Kyoto components' masses (mass fraction x kg of blend per factor unit).
    private static EmissionFactor WithGas(Candidate candidate, ActivityEntry entry)
    {
        var factor = candidate.Factor;
        if (factor.Gases.Count > 0 || factor.Co2e.Count == 0 || candidate.Source.GwpBasis is null)
        {
            return factor;
        }

        if (entry.Blend is { Kyoto.Count: > 0 } blend && candidate.Unit.Dimension == "mass" && candidate.Unit.FactorToCanonical is { } kgPerUnit)
        {
            return factor with { Gases = blend.Kyoto.Select(k => new GasAmount(k.Key, k.Value * kgPerUnit, GasMeasure.Mass)).ToList() };
        }

        return entry.Gas is { } gas ? factor with { Gases = [new GasAmount(gas, factor.Co2e[0].KgPerUnit, GasMeasure.Co2e)] } : factor;
    }

    // A spend factor at producer prices: the publisher's total without margins (its gases are given with margins only).
    private static EmissionFactor WithPriceBasis(EmissionFactor factor, FactorRequest request) =>
        request.PriceBasis == "producer"
        && factor.Attributes.TryGetValue("without_margins_kg_co2e", out var text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var without)
        && factor.Co2e.Count > 0
            ? factor with { Co2e = [factor.Co2e[0] with { KgPerUnit = without }], Gases = [] }
            : factor;

    private static string? PriceBasisOf(EmissionFactor factor, FactorRequest request)
    {
        if (!factor.Attributes.TryGetValue("price_basis", out var basis))
        {
            return null;
        }

        // The publisher's price basis names the currency year and "purchaser price"; margins say which value was used.
        var producer = request.PriceBasis == "producer" && factor.Attributes.ContainsKey("without_margins_kg_co2e");
        return producer
            ? basis.Replace("purchaser price", "producer price", StringComparison.Ordinal) + ", without margins"
            : factor.Attributes.ContainsKey("without_margins_kg_co2e") ? basis + ", with margins" : basis;
    }

    // EPA Table 1 biomass fuels ("Biomass Fuels - Solid/Gaseous/Liquid") publish their CO2 beside CH4 and N2O; that CO2
    // is biogenic, outside the scopes (GHG Protocol, ESRS E1), and reported apart.
    private static bool IsBiomassRow(EmissionFactor factor) =>
        factor.Category.Any(c => c.Contains("Biomass", StringComparison.OrdinalIgnoreCase));

    private static EmissionFactor WithoutBiogenicCo2(EmissionFactor factor) =>
        IsBiomassRow(factor) && factor.Gases.Any(g => g.Gas == "CO2" && g.Measure == GasMeasure.Mass)
            ? factor with { Gases = factor.Gases.Where(g => g.Gas != "CO2").ToList() }
            : factor;

    // kg biogenic CO2 per factor unit and the row it came from: EPA's CO2 of a biomass row, or DESNZ's "Outside of
    // Scopes" row for the same fuel and unit (scope 1 combustion rows only).
    private (double Kg, string Row)? BiogenicCo2(ActivityEntry entry, EmissionFactor factor)
    {
        if (IsBiomassRow(factor) && factor.Gases.FirstOrDefault(g => g.Gas == "CO2" && g.Measure == GasMeasure.Mass) is { } co2)
        {
            return (co2.KgPerUnit, factor.Row.ToString());
        }

        if (entry.Id.StartsWith("fuel.", StringComparison.Ordinal)
            && !factor.SourceActivityId.StartsWith("99_", StringComparison.Ordinal)
            && BrokerIndex.DesnzItemKey(factor) is { } key
            && _index.OutsideOfScopes.TryGetValue(key, out var outside))
        {
            return (outside.Co2e[0].KgPerUnit, $"{outside.Row} ({outside.SourceActivityId})");
        }

        return null;
    }

    // An activity whose name promises radiative forcing (DESNZ "With RF") answered by a row that does not include it.
    private static bool MissingRadiativeForcing(ActivityEntry entry, EmissionFactor factor) =>
        entry.Name.Contains("with radiative forcing", StringComparison.OrdinalIgnoreCase)
        && !factor.Name.Contains("With RF", StringComparison.OrdinalIgnoreCase)
        && !factor.Name.Contains("radiative forcing", StringComparison.OrdinalIgnoreCase)
        && !(factor.Attributes.TryGetValue("activity_id", out var aid) && aid.Contains("rf_included", StringComparison.OrdinalIgnoreCase));

    private static bool Allowed(Candidate candidate, FactorRequest request)
    {
        if (request.AsOf is { } asOf && candidate.Released > asOf)
        {
            return false;
        }

        if (request.Datasets is not { Count: > 0 } pinned)
        {
            return true;
        }

        if (pinned.Contains(candidate.Factor.Dataset.Id, StringComparer.Ordinal))
        {
            return true;
        }

        // A source with no pinned version keeps all its versions.
        return !candidate.Source.Datasets.Any(d => pinned.Contains(d, StringComparer.Ordinal));
    }

    // Within a dimension the registry converts. Across dimensions the publisher's own heat content of the fuel (EPA
    // Table 1, HHV) comes before DESNZ fuel properties, which are another publisher's and flagged when borrowed.
    private UnitConversion? Convert(Context context, Candidate candidate, FuelProperties? fuel)
    {
        var conversion = FuelConverter.Convert(context.Unit, candidate.Unit, fuel);
        return conversion is null || conversion.Kind == "fuel_properties"
            ? PublisherHeatContent(context.Unit, candidate) ?? conversion
            : conversion;
    }

    private UnitConversion? PublisherHeatContent(UnitDefinition requestUnit, Candidate candidate)
    {
        if (requestUnit.Dimension != "energy" || requestUnit.CalorificBasis == "net" || requestUnit.FactorToCanonical is not { } kWh
            || _index.HeatContent(candidate.Factor) is not { } heat
            || heat.Unit.Dimension != candidate.Unit.Dimension
            || heat.Unit.FactorToCanonical is not { } heatUnit || candidate.Unit.FactorToCanonical is not { } factorUnit)
        {
            return null;
        }

        // request unit → mmBtu (HHV) → the heat content's physical unit → the factor's unit.
        var mmBtu = kWh / KWhPerMmBtu;
        var ratio = mmBtu / heat.MmBtuPerUnit * (heatUnit / factorUnit);
        return new UnitConversion(ratio, "publisher_heat_content",
        [
            $"1 {requestUnit.Code} = {ratio.ToString("G6", CultureInfo.InvariantCulture)} {candidate.Unit.Code} (heat content {heat.MmBtuPerUnit.ToString("G6", CultureInfo.InvariantCulture)} mmBtu per {heat.Unit.Code}, HHV, {heat.Row}){(requestUnit.CalorificBasis is null ? "; an energy unit without a stated basis is read as gross calorific value" : "")}",
        ]);
    }

    private int Geographical(string region) => _index.Regions.Classify(region) == RegionKind.Global ? 3 : 2;

    private ResolveOutcome Answer(ActivityEntry entry, Context context, Choice pick, int geographical, List<Attempt> attempts)
    {
        var candidate = pick.Candidate;
        var factor = candidate.Factor;
        var fallbacks = context.Fallbacks;
        if (candidate.Year < context.Request.Year)
        {
            fallbacks.Add(new Fallback("year_earlier", $"no {context.Request.Year} factor; used {candidate.Year}, the latest year not after it"));
        }
        else if (candidate.Year > context.Request.Year)
        {
            fallbacks.Add(new Fallback("year_later", $"no factor for {context.Request.Year} or earlier; used {candidate.Year}, the nearest later year"));
        }

        if (pick.Conversion.Kind != "exact")
        {
            var kind = pick.Conversion.Kind switch
            {
                "fuel_properties" or "publisher_heat_content" => "fuel_conversion",
                "occupancy" => "occupancy_assumed",
                _ => "unit_conversion",
            };
            fallbacks.Add(new Fallback(kind, string.Join("; ", pick.Conversion.Steps)));
        }

        if (pick.Conversion.Kind == "fuel_properties" && _fuels.Find(entry.Fuel) is { } fuel
            && !candidate.Source.Datasets.Any(d => fuel.Source.StartsWith(d, StringComparison.Ordinal)))
        {
            fallbacks.Add(new Fallback("borrowed_fuel_properties",
                $"{candidate.Source.Id} publishes no row for {entry.Id} per {context.Unit.Code} nor the fuel properties to convert; converted with {fuel.Fuel} properties from {fuel.Source}"));
        }

        if (pick.Co2e.Method == "not_recomputable")
        {
            fallbacks.Add(new Fallback("gwp_not_recomputable", $"value is on {pick.Co2e.GwpSet ?? "the publisher's unstated GWP set"}, not {context.Gwp}: {pick.Co2e.Note}"));
        }

        if (MissingRadiativeForcing(entry, factor))
        {
            fallbacks.Add(new Fallback("radiative_forcing_not_included",
                $"{entry.Name}: the row used ({factor.Name}) does not include the radiative forcing uplift of non-CO2 effects at altitude"));
        }

        if (context.Request.PriceBasis == "producer" && factor.Attributes.ContainsKey("price_basis") && !factor.Attributes.ContainsKey("without_margins_kg_co2e"))
        {
            fallbacks.Add(new Fallback("price_basis", $"{candidate.Source.Id} gives no factor without margins; the value is at {factor.Attributes["price_basis"]}"));
        }

        var biogenic = BiogenicCo2(entry, factor);
        var co2e = pick.Co2e.Scale(pick.Conversion.FactorUnitsPerRequestUnit);
        var pedigree = candidate.Source.Pedigree with
        {
            Temporal = PedigreeScores.TemporalFor(context.Request.Year - candidate.Year),
            Geographical = geographical,
        };
        var answer = new FactorAnswer
        {
            FactorId = factor.Id,
            ActivityId = entry.Id,
            ActivityName = entry.Name,
            Value = co2e.KgCo2e,
            Unit = context.Unit.Code,
            FactorUnit = factor.Unit,
            Gwp = co2e.GwpSet ?? (co2e.Method == "not_recomputable" ? "unstated" : context.Gwp),
            GwpMethod = co2e.Method,
            PriceBasis = PriceBasisOf(factor, context.Request),
            BiogenicCo2 = biogenic is { } bio ? bio.Kg * pick.Conversion.FactorUnitsPerRequestUnit : null,
            BiogenicCo2Row = biogenic?.Row,
            Ch4Origin = co2e.Ch4Origin,
            Ch4Gwp = co2e.Ch4Gwp,
            GwpNote = GwpNote(entry, co2e),
            Gases = co2e.Gases,
            Source = candidate.Source.Id,
            Dataset = factor.Dataset.Id,
            DatasetVersion = factor.Dataset.Version,
            DatasetVersions = [new DatasetVersionRef(factor.Dataset.Id, factor.Dataset.Version, factor.Dataset.ContentHash)],
            Region = candidate.Region,
            Year = candidate.Year,
            Scope = entry.Scope,
            Category = entry.Category,
            Quality = QualityInfo.From(pedigree),
            Uncertainty = Uncertainty.FromPedigree(_sources.BasicVariance(entry.Id), pedigree),
            Licence = Licence(factor.Dataset, candidate.Source),
            Provenance = new Provenance { Attempts = attempts, Fallbacks = fallbacks },
            SourceRow = factor.Row.ToString() + (factor.Row.PublisherId is { } pid ? $" ({pid})" : ""),
        };
        return Seal(context.Request, answer);
    }

    private static string? GwpNote(ActivityEntry entry, Co2eBreakdown co2e)
    {
        var notes = new List<string>();
        if (co2e.Method == "recomputed" && entry.Blend is { } blend && co2e.Gases.Count == blend.Kyoto.Count)
        {
            notes.Add($"{blend.Name} recomputed from its composition ({blend.Composition}; {blend.Source}); non-Kyoto components count zero");
        }

        if (co2e.Ch4Origin is { } origin)
        {
            notes.Add(origin == "unspecified"
                ? $"CH4 at the single AR6 value {co2e.Ch4Gwp?.ToString(CultureInfo.InvariantCulture)} (methane origin of {entry.Id} not classified)"
                : $"CH4 at AR6 {origin.Replace('_', '-')} {co2e.Ch4Gwp?.ToString(CultureInfo.InvariantCulture)} ({MethaneOrigins.Citation})");
        }

        return notes.Count == 0 ? null : string.Join("; ", notes);
    }

    private ResolveOutcome Proxy(string activityId, string activityName, ActivityEntry? entry, Context context, List<Attempt> attempts)
    {
        var pool = ProxyPool(activityId, entry).ToList();
        var chain = _index.RegionChain(context.Region);
        var members = new List<(ActivityEntry Activity, Choice Pick)>();
        foreach (var member in pool)
        {
            Choice? best = null;
            foreach (var region in chain.Append("*"))
            {
                var candidates = member.BySource
                    .Where(s => context.Order.Contains(s.Key, StringComparer.OrdinalIgnoreCase))
                    .SelectMany(s => region == "*" ? s.Value.Values.SelectMany(v => v) : s.Value.GetValueOrDefault(region) ?? [])
                    .ToList();
                if (candidates.Count > 0 && Pick(candidates, member, context, out _) is { } pick)
                {
                    best = pick;
                    break;
                }
            }

            if (best is { } found)
            {
                members.Add((member, found));
            }
        }

        if (members.Count == 0)
        {
            attempts.Add(new Attempt("category_proxy", "proxy", context.Region, "miss", "no related activity has a usable factor"));
            return Fail("no_factor", "activity",
                $"No source has a factor for {activityId} in {context.Region} or elsewhere that converts to {context.Unit.Code}, and no related activity can stand in.",
                Search.SuggestActivities(activityName, 5));
        }

        var values = members
            .Select(m => (m.Activity, m.Pick, Value: m.Pick.Co2e.KgCo2e * m.Pick.Conversion.FactorUnitsPerRequestUnit))
            .OrderBy(m => m.Value)
            .ToList();
        var median = values.Count % 2 == 1
            ? values[values.Count / 2].Value
            : (values[(values.Count / 2) - 1].Value + values[values.Count / 2].Value) / 2;
        attempts.Add(new Attempt("category_proxy", "proxy", context.Region, "hit", $"median of {values.Count} related activities"));
        context.Fallbacks.Add(new Fallback("category_proxy",
            $"no factor for {activityId}; median of {values.Count} related activities: {string.Join(", ", values.Take(10).Select(v => v.Activity.Id))}{(values.Count > 10 ? ", …" : "")}"));
        var datasets = values
            .Select(v => v.Pick.Candidate.Factor.Dataset)
            .DistinctBy(d => d.Id)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        var pedigree = new PedigreeScores(4, 4, 3, 4, 5);
        var answer = new FactorAnswer
        {
            FactorId = $"proxy:{activityId}:{context.Region}:{context.Request.Year}",
            ActivityId = activityId,
            ActivityName = activityName,
            Value = median,
            Unit = context.Unit.Code,
            FactorUnit = context.Unit.Code,
            Gwp = context.Gwp,
            GwpMethod = "proxy_median",
            Gases = [],
            Source = "proxy",
            Dataset = "proxy",
            DatasetVersion = string.Join("+", datasets.Select(d => d.Id)),
            DatasetVersions = datasets.Select(d => new DatasetVersionRef(d.Id, d.Version, d.ContentHash)).ToList(),
            Region = context.Region,
            Year = context.Request.Year,
            Scope = entry?.Scope ?? values[0].Activity.Scope,
            Category = entry?.Category ?? values[0].Activity.Category,
            Quality = QualityInfo.From(pedigree) with { Score = 50 },
            Uncertainty = Uncertainty.Proxy,
            Licence = new LicenceInfo(
                string.Join(" AND ", datasets.Select(d => d.LicenceId).Distinct(StringComparer.Ordinal)),
                string.Join(" ", values.Select(v => Licence(v.Pick.Candidate.Factor.Dataset, v.Pick.Candidate.Source).Attribution).Distinct(StringComparer.Ordinal)),
                values.All(v => v.Pick.Candidate.Source.LicencePolicy.BulkExport),
                values.Select(v => v.Pick.Candidate.Source.LicencePolicy.MaxCacheAge?.TotalSeconds).Where(s => s is not null).DefaultIfEmpty(null).Min()),
            Provenance = new Provenance { Attempts = attempts, Fallbacks = context.Fallbacks },
        };
        return Seal(context.Request, answer);
    }

    private List<ActivityEntry> ProxyPool(string activityId, ActivityEntry? entry)
    {
        if (_index.Taxonomy.MatchPattern(activityId) is { } pattern)
        {
            var siblings = _index.Activities.Values
                .Where(a => a.PatternCode?.Prefix == pattern.Pattern.Prefix && !string.Equals(a.Id, activityId, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (pattern.Pattern.Proxy == "code_prefix")
            {
                for (var length = pattern.Code.Length - 1; length >= 2; length--)
                {
                    var prefix = pattern.Code[..length];
                    var pool = siblings.Where(a => a.PatternCode!.Value.Code.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                    if (pool.Count > 0)
                    {
                        return pool;
                    }
                }
            }

            return siblings;
        }

        var parent = entry is null ? null : ParentOf(entry.Id);
        while (parent is not null)
        {
            var prefix = parent + ".";
            var pool = _index.Activities.Values
                .Where(a => a.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && a.PatternCode is null && a.BySource.Count > 0 && a != entry)
                .ToList();
            if (pool.Count > 0)
            {
                return pool;
            }

            parent = ParentOf(parent);
        }

        return [];
    }

    private static string? ParentOf(string id) => id.LastIndexOf('.') is > 0 and var i ? id[..i] : null;

    private static LicenceInfo Licence(DatasetInfo dataset, SourceDefinition source) => new(
        dataset.LicenceId,
        source.ExtraAttribution is null ? dataset.Attribution : $"{dataset.Attribution} {source.ExtraAttribution}",
        source.LicencePolicy.BulkExport,
        source.LicencePolicy.MaxCacheAge?.TotalSeconds);

    private static ResolveOutcome Seal(FactorRequest request, FactorAnswer answer) =>
        ResolveOutcome.Success(answer with { Provenance = answer.Provenance with { Sha256 = AnswerHasher.Hash(request, answer) } });

    private static ResolveOutcome Fail(string code, string field, string message, IReadOnlyList<string>? suggestions = null) =>
        ResolveOutcome.Failure(new BrokerError(code, field, message, suggestions ?? []));

    private readonly record struct Choice(Candidate Candidate, UnitConversion Conversion, Co2eBreakdown Co2e);

    private sealed record Context(FactorRequest Request, string Region, UnitDefinition Unit, string Gwp, IReadOnlyList<string> Order, List<Fallback> Fallbacks)
    {
        public bool AllowProxies { get; init; } = true;
    }
}
