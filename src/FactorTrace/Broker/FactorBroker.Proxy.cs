using FactorTrace.Quality;

namespace FactorTrace.Broker;

/// <summary>Category proxies: a parent or sibling activity when the requested one has no factor.</summary>
public sealed partial class FactorBroker
{
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
            attempts.Add(new Attempt(AttemptLevels.CategoryProxy, "proxy", context.Region, AttemptOutcomes.Miss, "no related activity has a usable factor"));
            return Fail(BrokerErrorCodes.NoFactor, "activity",
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
        attempts.Add(new Attempt(AttemptLevels.CategoryProxy, "proxy", context.Region, AttemptOutcomes.Hit, $"median of {values.Count} related activities"));
        context.Fallbacks.Add(new Fallback(FallbackKinds.CategoryProxy,
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
}
