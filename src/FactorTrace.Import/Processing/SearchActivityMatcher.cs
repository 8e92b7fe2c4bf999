using FactorTrace.Search;

namespace FactorTrace.Import.Processing;

/// <summary>Matches descriptions with the broker's activity search (exact, prefix and edit-distance scoring); deterministic.</summary>
/// <param name="search">The current search index, or null while datasets are still loading (then nothing matches).</param>
public sealed class SearchActivityMatcher(Func<FactorSearch?> search) : IActivityMatcher
{
    /// <inheritdoc />
    public ActivityMatch? Match(string description)
    {
        if (search() is not { } index || string.IsNullOrWhiteSpace(description))
        {
            return null;
        }

        if (index.MatchActivity(description) is not { } best)
        {
            // Nothing shares a word: the nearest activities by search, at confidence 0, so the refusal can suggest them.
            var nearest = index.SuggestActivities(description, 4);
            return nearest.Count == 0 ? null : new ActivityMatch(nearest[0], 0, [.. nearest.Skip(1)]);
        }

        var alternatives = index.SuggestActivities(description, 4).Where(id => id != best.Id).Take(3).ToList();
        return new ActivityMatch(best.Id, Math.Round(best.Score, 2), alternatives);
    }
}
