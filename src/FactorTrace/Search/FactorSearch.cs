using System.Collections.Frozen;
using FactorTrace.Broker;
using FactorTrace.Text;

namespace FactorTrace.Search;

/// <summary>
/// Fuzzy full-text search over activity names and synonyms and factor names, with filters and facets.
/// A query token matches an indexed word exactly (weight 1), as a prefix (0.8), or within edit distance 1 (0.7) or 2 (0.5).
/// </summary>
public sealed class FactorSearch
{
    private static readonly FrozenSet<string> StopWords = new[] { "of", "and", "the", "to", "from", "for", "with", "per", "a", "an", "in", "on", "by", "or" }
        .ToFrozenSet(StringComparer.Ordinal);

    private readonly Document[] _documents;
    private readonly FrozenDictionary<string, int[]> _postings;
    private readonly string[] _vocabulary;

    internal FactorSearch(BrokerIndex index)
    {
        var documents = new List<Document>();
        foreach (var activity in index.Activities.Values.OrderBy(a => a.PatternCode is null ? 0 : 1).ThenBy(a => a.Id, StringComparer.Ordinal))
        {
            var all = activity.All.ToList();
            var phrases = activity.Synonyms.Select(Normalize).Append(Normalize(activity.Name)).Append(Normalize(activity.Id.Replace('.', ' ').Replace('-', ' '))).ToArray();
            documents.Add(new Document(
                "activity",
                activity.Id,
                activity.Name,
                Tokens(string.Join(' ', phrases.Append(activity.Id))),
                phrases,
                activity.UnitType,
                activity.Scope,
                activity.BySource.Keys.Order(StringComparer.Ordinal).ToArray(),
                all.Select(c => c.Region).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray(),
                all.Select(c => c.Year).Distinct().Order().ToArray(),
                null,
                activity.PatternCode is not null));
        }

        foreach (var (sourceId, factors) in index.SourcesById)
        {
            foreach (var factor in factors)
            {
                var unit = index.Units.Get(factor.Unit);
                documents.Add(new Document(
                    "factor",
                    factor.Id,
                    factor.Name,
                    Tokens(factor.Name),
                    [Normalize(factor.Name)],
                    unit?.Dimension ?? "",
                    factor.Scope,
                    [sourceId],
                    [factor.Region],
                    [factor.Year],
                    factor.Unit,
                    true));
            }
        }

        _documents = documents.ToArray();
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < _documents.Length; i++)
        {
            foreach (var token in _documents[i].Tokens)
            {
                if (!postings.TryGetValue(token, out var list))
                {
                    postings[token] = list = [];
                }

                list.Add(i);
            }
        }

        _postings = postings.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _vocabulary = postings.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Runs a query.</summary>
    public SearchResults Find(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, 100);
        var scored = Score(query.Text, query.Kind)
            .Where(s => Passes(_documents[s.Index], query))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => _documents[s.Index].Kind == "activity" ? 0 : 1)
            .ThenBy(s => _documents[s.Index].Tokens.Length)
            .ThenBy(s => _documents[s.Index].Id, StringComparer.Ordinal)
            .ToList();
        var hits = scored.Skip(Math.Max(0, query.Offset)).Take(limit).Select(s => ToHit(_documents[s.Index], s.Score)).ToList();
        var matched = scored.Select(s => _documents[s.Index]).ToList();
        var facets = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal)
        {
            ["kind"] = Facet(matched, d => [d.Kind]),
            ["source"] = Facet(matched, d => d.Sources),
            ["region"] = Facet(matched, d => d.Regions),
            ["year"] = Facet(matched, d => d.Years.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ["unit_type"] = Facet(matched, d => [d.UnitType]),
            ["scope"] = Facet(matched, d => d.Scope is null ? [] : [d.Scope]),
        };
        return new SearchResults(scored.Count, hits, facets, scored.Count == 0 ? DidYouMean(query.Text) : []);
    }

    /// <summary>The best activity for free text, with a 0–1 confidence, or null.</summary>
    public (string Id, double Score)? MatchActivity(string text)
    {
        var best = Score(text, "activity")
            .OrderByDescending(s => s.Score)
            .ThenBy(s => _documents[s.Index].Generated ? 1 : 0)
            .ThenBy(s => _documents[s.Index].Tokens.Length)
            .FirstOrDefault();
        return best.Score > 0 ? (_documents[best.Index].Id, Math.Min(1, best.Score)) : null;
    }

    /// <summary>Activity ids that are close to the text, for "did you mean".</summary>
    public IReadOnlyList<string> SuggestActivities(string text, int max)
    {
        var byScore = Score(text, "activity")
            .OrderByDescending(s => s.Score)
            .ThenBy(s => _documents[s.Index].Generated ? 1 : 0)
            .Take(max)
            .Select(s => _documents[s.Index].Id)
            .ToList();
        if (byScore.Count > 0)
        {
            return byScore;
        }

        var normalized = (text ?? "").Trim();
        var byDistance = _documents
            .Where(d => d.Kind == "activity" && !d.Generated)
            .Select(d => (d.Id, Distance: EditDistance.Compute(normalized, d.Id, 4)))
            .Where(d => d.Distance <= 4)
            .OrderBy(d => d.Distance)
            .Take(max)
            .Select(d => d.Id)
            .ToList();
        if (byDistance.Count > 0)
        {
            return byDistance;
        }

        // Nothing shares a word or is a small edit away: the activities whose names share the most letter triples.
        var query = Trigrams(Normalize(normalized));
        return _documents
            .Where(d => d.Kind == "activity" && !d.Generated)
            .Select(d => (d.Id, Similarity: Jaccard(query, d.Phrases.Select(Trigrams).DefaultIfEmpty([]).MaxBy(p => Jaccard(query, p))!)))
            .Where(d => d.Similarity >= 0.04)
            .OrderByDescending(d => d.Similarity)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .Take(max)
            .Select(d => d.Id)
            .ToList();
    }

    private static HashSet<string> Trigrams(string text)
    {
        var padded = $" {text} ";
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            grams.Add(padded.Substring(i, 3));
        }

        return grams;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b) =>
        a.Count == 0 || b.Count == 0 ? 0 : (double)a.Count(b.Contains) / (a.Count + b.Count - a.Count(b.Contains));

    private List<(int Index, double Score)> Score(string text, string? kind)
    {
        var queryTokens = Tokens(text ?? "");
        var normalizedText = Normalize(text ?? "");
        if (queryTokens.Length == 0)
        {
            return Enumerable.Range(0, _documents.Length)
                .Where(i => kind is null || _documents[i].Kind == kind)
                .Select(i => (i, 1.0))
                .ToList();
        }

        var weights = new List<Dictionary<string, double>>(queryTokens.Length);
        var candidates = new HashSet<int>();
        foreach (var token in queryTokens)
        {
            var termWeights = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (term, weight) in Expand(token))
            {
                termWeights[term] = Math.Max(weight, termWeights.GetValueOrDefault(term));
                foreach (var doc in _postings[term])
                {
                    if (kind is null || _documents[doc].Kind == kind)
                    {
                        candidates.Add(doc);
                    }
                }
            }

            weights.Add(termWeights);
        }

        // A document scores as its best phrase (name, a synonym, the id): how much of the query the phrase covers,
        // slightly favouring phrases that are no longer than the query.
        return candidates
            .Select(doc =>
            {
                var best = 0.0;
                foreach (var phrase in _documents[doc].Phrases)
                {
                    if (phrase == normalizedText)
                    {
                        best = 1.0;
                        break;
                    }

                    var phraseTokens = phrase.Split(' ');
                    var covered = 0.0;
                    foreach (var termWeights in weights)
                    {
                        var tokenBest = 0.0;
                        foreach (var phraseToken in phraseTokens)
                        {
                            tokenBest = Math.Max(tokenBest, termWeights.GetValueOrDefault(phraseToken));
                        }

                        covered += tokenBest;
                    }

                    var coverage = covered / queryTokens.Length;
                    var specificity = Math.Min(1.0, (double)queryTokens.Length / phraseTokens.Length);
                    // Only an exact phrase scores 1; the best partial match stays just below it.
                    best = Math.Max(best, coverage * (0.85 + (0.15 * specificity)) * 0.99);
                }

                return (doc, best);
            })
            .Where(d => d.best > 0)
            .ToList();
    }

    private IEnumerable<(string Term, double Weight)> Expand(string token)
    {
        if (_postings.ContainsKey(token))
        {
            yield return (token, 1.0);
        }

        foreach (var term in _vocabulary)
        {
            if (term == token)
            {
                continue;
            }

            if (token.Length >= 3 && term.StartsWith(token, StringComparison.Ordinal))
            {
                yield return (term, 0.8);
            }
            else if (token.Length >= 4 && Math.Abs(term.Length - token.Length) <= 2)
            {
                var max = token.Length >= 7 ? 2 : 1;
                var distance = EditDistance.Compute(token, term, max);
                if (distance <= max)
                {
                    yield return (term, distance == 1 ? 0.7 : 0.5);
                }
            }
        }
    }

    private List<string> DidYouMean(string text)
    {
        var tokens = Tokens(text ?? "");
        var corrected = tokens
            .Select(t => _vocabulary
                .Select(v => (Term: v, Distance: EditDistance.Compute(t, v, 3)))
                .Where(v => v.Distance <= 3)
                .OrderBy(v => v.Distance)
                .ThenByDescending(v => _postings[v.Term].Length)
                .Select(v => v.Term)
                .FirstOrDefault() ?? t)
            .ToArray();
        var suggestions = new List<string>();
        var correctedText = string.Join(' ', corrected);
        if (corrected.Length > 0 && correctedText != string.Join(' ', tokens))
        {
            suggestions.Add(correctedText);
            suggestions.AddRange(SuggestActivities(correctedText, 3));
        }

        return suggestions.Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool Passes(Document d, SearchQuery q) =>
        (q.Region is null || d.Regions.Contains(q.Region, StringComparer.OrdinalIgnoreCase))
        && (q.Year is null || d.Years.Contains(q.Year.Value))
        && (q.Source is null || d.Sources.Contains(q.Source, StringComparer.OrdinalIgnoreCase))
        && (q.UnitType is null || string.Equals(d.UnitType, q.UnitType, StringComparison.OrdinalIgnoreCase))
        && (q.Scope is null || string.Equals(d.Scope, q.Scope, StringComparison.OrdinalIgnoreCase))
        && (q.Kind is null || d.Kind == q.Kind);

    private static List<FacetValue> Facet(List<Document> documents, Func<Document, IEnumerable<string>> values) =>
        documents
            .SelectMany(values)
            .GroupBy(v => v, StringComparer.OrdinalIgnoreCase)
            .Select(g => new FacetValue(g.Key, g.Count()))
            .OrderByDescending(f => f.Count)
            .ThenBy(f => f.Value, StringComparer.Ordinal)
            .Take(20)
            .ToList();

    private static SearchHit ToHit(Document d, double score) =>
        new(d.Kind, d.Id, d.Name, Math.Round(score, 4), d.UnitType, d.Scope, d.Sources, d.Regions.Take(20).ToList(), d.Years, d.Unit);

    private static string Normalize(string text) => string.Join(' ', Tokens(text));

    private static string[] Tokens(string text)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                var token = text[start..i].ToLowerInvariant();
                if (!StopWords.Contains(token))
                {
                    tokens.Add(token);
                }

                start = -1;
            }
        }

        return tokens.ToArray();
    }

    private sealed record Document(
        string Kind,
        string Id,
        string Name,
        string[] Tokens,
        string[] Phrases,
        string UnitType,
        string? Scope,
        string[] Sources,
        string[] Regions,
        int[] Years,
        string? Unit,
        bool Generated);
}
