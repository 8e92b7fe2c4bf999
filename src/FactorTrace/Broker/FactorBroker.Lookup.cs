using System.Globalization;
using FactorTrace.Activities;

namespace FactorTrace.Broker;

/// <summary>Finding the activity a request names: ids, source-specific names, free text.</summary>
public sealed partial class FactorBroker
{
    private (ActivityEntry? Entry, string ProxyId, string ProxyName)? FindActivity(string activity, List<Fallback> fallbacks, out BrokerError? error)
    {
        error = null;
        var text = activity.Trim();
        if (text.Length == 0)
        {
            error = new BrokerError(BrokerErrorCodes.UnknownActivity, "activity", "The activity is empty.", []);
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
                error = new BrokerError(BrokerErrorCodes.UnknownActivity, "activity",
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
            error = new BrokerError(BrokerErrorCodes.UnknownActivity, "activity",
                $"There is no activity '{text}'{(suggestions.Count > 0 ? $"; did you mean {suggestions[0]}?" : ".")} (Text written like an id is not matched loosely; describe the activity in words to search.)",
                suggestions);
            return null;
        }

        var best = Search.MatchActivity(text);
        if (best is { } match && match.Score >= _options.TextMatchThreshold && _index.Activities.TryGetValue(match.Id, out var matched))
        {
            fallbacks.Add(new Fallback(FallbackKinds.TextMatch, $"'{text}' matched activity {matched.Id} ({matched.Name}), score {match.Score.ToString("0.00", CultureInfo.InvariantCulture)}"));
            return (matched, matched.Id, matched.Name);
        }

        error = new BrokerError(BrokerErrorCodes.UnknownActivity, "activity", $"No activity matches '{text}'.", Search.SuggestActivities(text, 5));
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
}
