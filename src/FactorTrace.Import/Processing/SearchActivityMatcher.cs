using FactorTrace.Search;

namespace FactorTrace.Import.Processing;

/// <summary>
/// Matches descriptions with the broker's activity search (exact, prefix and edit-distance scoring); deterministic. A
/// text joined from parts (<c>fuel - use</c>) takes the score of its best part when that part names the same activity.
/// </summary>
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

        var score = best.Score;
        if (score < ActivityMatch.AcceptAt)
        {
            // Exports often join a fuel and a use ("Motor Gasoline - Gasoline Passenger Cars"): a part that matches the same
            // activity strongly confirms it. A part pointing elsewhere never replaces the whole text's best match.
            foreach (var part in description.Split([" - ", " – ", " / ", ", ", ";"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (part.Length >= 3 && part != description.Trim() && index.MatchActivity(part) is { } partMatch && partMatch.Id == best.Id && partMatch.Score > score)
                {
                    score = partMatch.Score;
                }
            }
        }

        var alternatives = index.SuggestActivities(description, 4).Where(id => id != best.Id).Take(3).ToList();
        return new ActivityMatch(best.Id, Math.Round(score, 2), alternatives);
    }
}
