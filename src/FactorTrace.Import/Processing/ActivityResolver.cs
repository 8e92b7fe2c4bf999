using FactorTrace.Import.Mapping;
using static FactorTrace.Import.Processing.IssueText;

namespace FactorTrace.Import.Processing;

/// <summary>
/// The activity of one mapping's rows: an id as written, else a description (or an activity column's name) through the
/// import's value map and then the matcher (cached), else the file's open question.
/// </summary>
internal sealed class ActivityResolver(ImportMapping mapping, IActivityMatcher? matcher)
{
    private const int CacheLimit = 20_000;

    private readonly Dictionary<string, ActivityMatch?> _matches = new(StringComparer.Ordinal);
    private readonly bool _activityPending = mapping.Decisions.Any(d => d.Kind == "activity" && d.Column is null);

    /// <summary>Whether an activity column's text that is not written like an id is a name to match (there is a matcher).</summary>
    public bool MatchesNames => matcher is not null;

    /// <summary>Sets the draft's activity (and its description from an activity name when it has none); records the cells and issues.</summary>
    public void Resolve(RowState state, RowDraft draft)
    {
        if (draft.ActivityName is { } activityName)
        {
            // An activity column holding names is matched like a description; the name is kept as the description when
            // the file has no other.
            draft.Activity ??= MatchText(state, draft, activityName, draft.ActivityColumn!, "activity");
            draft.Description ??= activityName.Trim();
        }

        if (draft.Description is { } description && draft.DescriptionColumn is { } descriptionColumn)
        {
            if (draft.Activity is null)
            {
                draft.Activity = MatchText(state, draft, description, descriptionColumn, "description");
            }
            else
            {
                state.Cell(descriptionColumn, "description", description, description, "ok", null);
            }
        }

        if (draft.Activity is null && draft.Description is null && _activityPending)
        {
            // The file never says what the activity is: one question for the file, not an error on every row.
            state.Block("(file)", "activity", "", "No activity: answer the file's decision (defaults.activity).");
        }
    }

    /// <summary>
    /// An activity id for a description (or an activity column's name): the import's value map first, then the matcher at
    /// or above <see cref="ActivityMatch.AcceptAt"/>; else an <c>unmatched_description</c> error with the nearest ones.
    /// </summary>
    private string? MatchText(RowState state, RowDraft draft, string text, string column, string field)
    {
        if (mapping.Values.TryGetValue("activity", out var chosen) && chosen.TryGetValue(text.Trim(), out var chosenId))
        {
            // The user's own choice for this text beats the matcher.
            state.Cell(column, field, text, chosenId, "mapped", "Mapped by the import's value map.");
            draft.ClassifiedBy = "value_map";
            return chosenId;
        }

        if (matcher is null)
        {
            state.Cell(column, field, text, text, "ok", null);
            return null;
        }

        var match = Match(matcher, text);
        if (match is not { Confidence: >= ActivityMatch.AcceptAt }
            && mapping.Decisions.Any(d => d.Kind == "activity" && d.Column == column && string.Equals(d.Value, text.Trim(), StringComparison.Ordinal)))
        {
            // One question for every row that says this text.
            state.Block(column, field, text, $"'{Short(text)}' matches no activity well enough: answer the decision for it (values.activity).");
            return null;
        }

        if (match is null)
        {
            state.Error(column, field, text, "unmatched_description",
                $"'{Short(text)}' matches no activity; map it to an activity id (a value map of the description, or an activity column).", null);
            return null;
        }

        if (match.Confidence >= ActivityMatch.AcceptAt)
        {
            state.Cell(column, field, text, match.ActivityId, "matched", $"Matched to {match.ActivityId} with confidence {match.Confidence:0.00} ({match.Method}).", match.Alternatives);
            draft.ClassifiedBy = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{match.Method} {match.Confidence:0.00}");
            return match.ActivityId;
        }

        // The calculation would not find an activity for it either: refuse now, with the nearest ones.
        state.Error(column, field, text, "unmatched_description",
            match.Confidence > 0
                ? $"'{Short(text)}' is only a weak match for {match.ActivityId} ({match.Confidence:0.00}); map it to an activity id (a value map of the description, or an activity column)."
                : $"'{Short(text)}' matches no activity; map it to an activity id (a value map of the description, or an activity column).",
            string.Join(", ", match.Alternatives.Prepend(match.ActivityId)));
        return null;
    }

    private ActivityMatch? Match(IActivityMatcher activityMatcher, string description)
    {
        if (_matches.TryGetValue(description, out var cached))
        {
            return cached;
        }

        var match = activityMatcher.Match(description.Trim());
        if (_matches.Count < CacheLimit)
        {
            _matches[description] = match;
        }

        return match;
    }
}
