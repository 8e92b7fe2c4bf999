using FactorTrace.Factors;
using FactorTrace.Fuels;
using FactorTrace.Gwp;
using FactorTrace.Quality;
using FactorTrace.Sources;

namespace FactorTrace.Broker;

/// <summary>The broker's side of remote sources: which activity to ask for, and turning a remote factor into an answer.</summary>
public sealed partial class FactorBroker
{
    /// <summary>
    /// The canonical activity a request names (id, source-specific id or matched free text) with the publisher ids other
    /// sources know it by; null when nothing matches.
    /// </summary>
    public ActivityRef? FindActivityRef(string activity)
    {
        var found = FindActivity(activity ?? "", [], out _);
        if (found is not { Entry: { } entry })
        {
            return found is { } proxyOnly ? new ActivityRef(proxyOnly.ProxyId, proxyOnly.ProxyName, new Dictionary<string, IReadOnlyList<string>>()) : null;
        }

        var ids = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (sourceId, byRegion) in entry.BySource)
        {
            ids[sourceId] = byRegion.Values.SelectMany(c => c)
                .Select(c => c.Factor.Attributes.TryGetValue("activity_id", out var aid) ? aid : c.Factor.SourceActivityId)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
        }

        return new ActivityRef(entry.Id, entry.Name, ids);
    }

    /// <summary>
    /// Turns a remote source's factor into an answer for <paramref name="request"/>: unit conversion (fuel properties
    /// included), CO2e in the requested GWP set, quality, uncertainty, the source's licence and attribution, provenance and hash.
    /// A failure (for example a unit that cannot be converted) means the cascade should go on.
    /// </summary>
    public ResolveOutcome AnswerFromExternal(FactorRequest request, ExternalFactor factor, SourceDefinition source, IReadOnlyList<Attempt> attempts, IReadOnlyList<Fallback> fallbacks)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(factor);
        ArgumentNullException.ThrowIfNull(source);
        var gwpSet = (request.Gwp ?? _options.DefaultGwp).Trim().ToUpperInvariant();
        var lookup = _index.Units.Lookup(request.Unit);
        if (lookup.Unit is not { } unit || !GwpConverter.SupportedSets.Contains(gwpSet, StringComparer.Ordinal))
        {
            return Compute(request, allowProxies: false);
        }

        if (!_index.Units.TryResolveDatasetUnit(factor.Unit, out var factorUnit))
        {
            return Fail(BrokerErrorCodes.IncompatibleUnit, "unit", $"{source.Id} answered per '{factor.Unit}', a unit FactorTrace does not know.");
        }

        var entryFallbacks = new List<Fallback>(fallbacks);
        var found = FindActivity(request.Activity ?? "", entryFallbacks, out _);
        var entry = found?.Entry;
        if (FuelConverter.Convert(unit, factorUnit, _fuels.Find(entry?.Fuel)) is not { } conversion)
        {
            return Fail(BrokerErrorCodes.IncompatibleUnit, "unit", $"{source.Id} answered per {factorUnit.Code}, which does not convert to {unit.Code}.");
        }

        var dataset = new DatasetInfo(source.Id, source.Name, factor.Version, source.LicencePolicy.LicenceId ?? source.Id, source.LicencePolicy.Attribution ?? source.Name, $"remote:{source.Id}:{factor.Version}");
        var emission = new EmissionFactor
        {
            Id = $"{source.Id}:{factor.Id}",
            Dataset = dataset,
            SourceActivityId = factor.Id,
            Name = factor.Name,
            Region = factor.Region,
            Year = factor.Year,
            Unit = factorUnit.Code,
            UnitText = factor.Unit,
            Co2e = [new Co2eValue(factor.GwpSet, factor.KgCo2ePerUnit)],
            Gases = factor.GasMasses.Select(g => new GasAmount(g.Key, g.Value, GasMeasure.Mass)).ToList(),
            Row = new RowReference($"{source.Id} API", null, 0, factor.Id),
        };
        var region = _index.Regions.Normalize(request.Region ?? "");
        var candidate = new Candidate(emission, source, factor.Region, factorUnit);
        var co2e = _gwp.Convert(emission, gwpSet, factor.GwpSet ?? source.GwpBasis);
        var geographical = string.Equals(factor.Region, region, StringComparison.OrdinalIgnoreCase) ? 1 : Geographical(factor.Region);
        var context = new Context(request, region, unit, gwpSet, [source.Id], entryFallbacks);
        var answerEntry = entry ?? new ActivityEntry(factor.Id, factor.Name, factorUnit.Dimension, "3", null, null);
        var outcome = Answer(answerEntry, context, new Choice(candidate, conversion, co2e), geographical, [.. attempts]);
        if (outcome.Answer is { } answer && factor.Gsd is { } gsd && gsd >= 1)
        {
            var stated = answer with { Uncertainty = Uncertainty.FromGsd(gsd) };
            return ResolveOutcome.Success(stated with { Provenance = stated.Provenance with { Sha256 = AnswerHasher.Hash(request, stated) } });
        }

        return outcome;
    }
}
