using System.Globalization;
using FactorTrace.Fuels;
using FactorTrace.Regions;
using FactorTrace.Units;

namespace FactorTrace.Broker;

/// <summary>The cascade over sources and regions, and the pick among candidates.</summary>
public sealed partial class FactorBroker
{
    private ResolveOutcome Cascade(ActivityEntry entry, Context context)
    {
        if (!AnyConvertible(entry, context))
        {
            var units = entry.All.Select(c => c.Unit.Code).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return units.Count == 0
                ? Proxy(entry.Id, entry.Name, entry, context, [])
                : Fail(BrokerErrorCodes.IncompatibleUnit, "unit",
                    $"{entry.Id} is published per {string.Join(", ", units)}; '{context.Request.Unit}' ({context.Unit.Dimension}) cannot be converted to those{(entry.Fuel is null ? "" : " even through fuel properties")}.",
                    units);
        }

        var attempts = new List<Attempt>();
        var chain = _index.RegionChain(context.Region);
        var absent = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var level = 0; level < chain.Count; level++)
        {
            var region = chain[level];
            var levelName = level == 0 ? AttemptLevels.Exact : AttemptLevels.ParentRegion;
            foreach (var sourceId in context.Order)
            {
                if (!entry.BySource.TryGetValue(sourceId, out var byRegion))
                {
                    if (absent.Add(sourceId))
                    {
                        attempts.Add(new Attempt(levelName, sourceId, region, AttemptOutcomes.Skipped, "the source has no rows for this activity"));
                    }

                    continue;
                }

                if (!byRegion.TryGetValue(region, out var candidates))
                {
                    attempts.Add(new Attempt(levelName, sourceId, region, AttemptOutcomes.Miss, "no rows for this region"));
                    continue;
                }

                var pick = Pick(candidates, entry, context, out var reason);
                if (pick is null)
                {
                    attempts.Add(new Attempt(levelName, sourceId, region, AttemptOutcomes.Skipped, reason));
                    continue;
                }

                attempts.Add(new Attempt(levelName, sourceId, region, AttemptOutcomes.Hit, pick.Value.Candidate.Factor.Id));
                if (level > 0)
                {
                    context.Fallbacks.Add(new Fallback(FallbackKinds.ParentRegion, $"no factor for {context.Region}; used {region} ({_index.Regions.Name(region)})"));
                }

                return Answer(entry, context, pick.Value, level == 0 ? 1 : Geographical(region), attempts);
            }
        }

        if (!context.AllowProxies)
        {
            return ResolveOutcome.Failure(new BrokerError(BrokerErrorCodes.NoFactor, "activity", $"No listed factor for {entry.Id} in {context.Region} or its parent regions.", [])
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
                attempts.Add(new Attempt(AttemptLevels.GeographicProxy, sourceId, "*", AttemptOutcomes.Miss, "no usable rows in other regions"));
                continue;
            }

            attempts.Add(new Attempt(AttemptLevels.GeographicProxy, sourceId, "*", AttemptOutcomes.Hit, pick.Value.Candidate.Factor.Id));
            context.Fallbacks.Add(new Fallback(FallbackKinds.GeographicProxy, $"no factor for {context.Region} or its parents; used {pick.Value.Candidate.Region} ({_index.Regions.Name(pick.Value.Candidate.Region)})"));
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
}
