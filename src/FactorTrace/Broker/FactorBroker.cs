using System.Collections.Concurrent;
using FactorTrace.Activities;
using FactorTrace.Factors;
using FactorTrace.Fuels;
using FactorTrace.Gwp;
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

    /// <summary>An activity id the broker can resolve (explicit or generated from a pattern), with its defaults; null when unknown.</summary>
    public CatalogueActivity? FindActivity(string id) =>
        _index.Activities.TryGetValue(id, out var a) ? new CatalogueActivity(a.Id, a.Name, a.UnitType, a.Scope, a.Category) : null;

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
            return Fail(BrokerErrorCodes.NoFactor, "activity", $"No listed factor for {found.Value.ProxyId}; only a proxy could answer.");
        }

        return found.Value.Entry is { } entry
            ? Cascade(entry, context)
            : Proxy(found.Value.ProxyId, found.Value.ProxyName, null, context, []);
    }

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
