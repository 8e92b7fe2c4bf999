using System.Globalization;
using FactorTrace.Broker;
using FactorTrace.Caching;
using FactorTrace.Data;
using FactorTrace.Data.Classification;
using FactorTrace.Import.Processing;
using FactorTrace.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorTrace.Import.TextClassification;

/// <summary>
/// Classifies purchase lines for a tenant: its supplier rules first, then the broker's search (accepted at
/// <see cref="ActivityMatch.AcceptAt"/>), then — for what the search cannot place, within the tenant's monthly budget —
/// a cached language-model answer or the providers in order; an answer outside the candidates is refused and never
/// stored. Whatever fails, the line still gets the local matcher's answer. Tokens and cost are added to the tenant's
/// month; the usage meters count lines and tokens.
/// </summary>
public sealed class TextClassifier : IDescriptionClassifier
{
    private readonly ClassificationOptions _options;
    private readonly ActivityCatalogue _catalogue;
    private readonly LayeredCache<CachedClassification>? _cache;
    private readonly UsageMeter? _usage;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    /// <summary>Creates the classifier.</summary>
    public TextClassifier(
        ClassificationOptions options, ActivityCatalogue catalogue, IReadOnlyList<ChatCompletionsProvider> providers, LayeredCache<CachedClassification>? cache,
        UsageMeter? usage, TimeProvider time, ILogger<TextClassifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _catalogue = catalogue;
        Providers = providers;
        _cache = cache;
        _usage = usage;
        _time = time;
        _log = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The providers, in the order they are tried.</summary>
    public IReadOnlyList<ChatCompletionsProvider> Providers { get; }

    /// <summary>The catalogue answers are checked against.</summary>
    public ActivityCatalogue Catalogue => _catalogue;

    /// <summary>Lines in one request at most.</summary>
    public int MaxItems => _options.MaxItems;

    /// <summary>
    /// Classifies lines on the tenant's context (supplier rules, budget, spend); the results are in the order of
    /// <paramref name="items"/>. The same normalised text is classified once per call.
    /// </summary>
    public async Task<IReadOnlyList<ClassificationResult>> ClassifyAsync(FactorTraceDb db, Guid tenantId, IReadOnlyList<ClassifyItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(items);
        var rules = (await db.SupplierRules.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(r => (Rule: r, Key: TextKey.Normalize(r.Pattern)))
            .Where(r => r.Key.Length > 0)
            .OrderByDescending(r => r.Key.Length)
            .ToList();
        var month = ClassificationSpendStore.MonthOf(_time.GetUtcNow());
        var budget = _options.BudgetFor(tenantId);
        var spent = Providers.Count == 0 ? 0 : await ClassificationSpendStore.SpentAsync(db, month, cancellationToken).ConfigureAwait(false);
        var session = new Session(tenantId, spent, budget);

        var results = new ClassificationResult[items.Count];
        var groups = items.Select((item, index) => (item, index)).GroupBy(x => TextKey.Normalize(x.item.Text ?? ""), StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken }, async (group, token) =>
        {
            var first = group.First();
            var result = await OneAsync(first.item, group.Key, rules, session, token).ConfigureAwait(false);
            foreach (var (item, index) in group)
            {
                results[index] = index == first.index ? result
                    : result.PromptTokens + result.CompletionTokens > 0 ? result with { Text = item.Text, Method = ClassificationMethods.Cache, PromptTokens = 0, CompletionTokens = 0 }
                    : result with { Text = item.Text };
            }
        }).ConfigureAwait(false);

        foreach (var (provider, tally) in session.Tallies)
        {
            await ClassificationSpendStore.AddAsync(db, tenantId, month, provider, tally.Requests, tally.PromptTokens, tally.CompletionTokens, tally.Cost, cancellationToken)
                .ConfigureAwait(false);
        }

        _usage?.Add(tenantId, Meters.Classifications, items.Count);
        _usage?.Add(tenantId, Meters.ClassificationTokens, session.Tallies.Values.Sum(t => t.PromptTokens + t.CompletionTokens));
        return results;
    }

    /// <inheritdoc />
    public async Task<bool> AddsToLocalAsync(FactorTraceDb db, CancellationToken cancellationToken) =>
        Providers.Count > 0 || await db.SupplierRules.AnyAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, ActivityMatch>> ClassifyDescriptionsAsync(FactorTraceDb db, Guid tenantId, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var answers = new Dictionary<string, ActivityMatch>(StringComparer.Ordinal);
        for (var start = 0; start < texts.Count; start += _options.MaxItems)
        {
            var batch = texts.Skip(start).Take(_options.MaxItems).ToList();
            var results = await ClassifyAsync(db, tenantId, batch.Select(t => new ClassifyItem(t)).ToList(), cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                // The local matcher's own answers stay with it (the import reports them as it always has).
                if (results[i] is { ActivityId: { } id, Method: not ClassificationMethods.Local } r)
                {
                    var method = r.Method == ClassificationMethods.Cache && r.Provider is { } provider ? ClassificationMethods.Llm(provider) : r.Method;
                    answers[batch[i].Trim()] = new ActivityMatch(id, r.Confidence, r.Alternatives) { Method = method };
                }
            }
        }

        return answers;
    }

    private async Task<ClassificationResult> OneAsync(ClassifyItem item, string key, List<(SupplierRule Rule, string Key)> rules, Session session, CancellationToken cancellationToken)
    {
        var text = item.Text ?? "";
        if (key.Length == 0)
        {
            return new ClassificationResult(text, null, null, null, null, 0, "The text is empty.", ClassificationMethods.Local, null, 0, 0, []);
        }

        foreach (var (rule, pattern) in rules)
        {
            if (TextKey.Contains(key, pattern))
            {
                var activity = _catalogue.Find(rule.ActivityId);
                return new ClassificationResult(text, rule.ActivityId, rule.Category ?? CategoryOf(activity), activity?.Scope, activity is null ? null : ActivityCatalogue.UnitOf(activity, item.Currency),
                    1, $"The tenant's supplier rule '{rule.Pattern}'.", ClassificationMethods.SupplierRule, null, 0, 0, []);
            }
        }

        var local = _catalogue.Matcher.Match(text);
        if (local is { Confidence: >= ActivityMatch.AcceptAt })
        {
            return Local(item, local, null);
        }

        if (Providers.Count == 0 || _catalogue.Version is not { } version)
        {
            return Local(item, local, Providers.Count == 0 ? null : "the activity catalogue is still loading");
        }

        var cacheKey = TextKey.CacheKey(version, text);
        if (_cache is not null)
        {
            var found = await _cache.GetOrAddAsync(cacheKey, static (_, _) => ValueTask.FromResult(new Computed<CachedClassification>(null, TimeSpan.Zero, TimeSpan.Zero, false)),
                cancellationToken).ConfigureAwait(false);
            if (found.Value is { } cached && _catalogue.Find(cached.ActivityId) is { } known)
            {
                return Result(item, known, cached.Confidence, cached.Reason, ClassificationMethods.Cache, cached.Provider, 0, 0, []);
            }
        }

        if (session.BudgetSpent)
        {
            if (session.ReportBudget())
            {
                Log.BudgetSpent(_log, session.TenantId, session.Budget);
            }

            return Local(item, local, "the tenant's monthly language-model budget is spent");
        }

        IEnumerable<string> first = local is null ? [] : [local.ActivityId, .. local.Alternatives];
        var candidates = _catalogue.Candidates(text, first, _options.Candidates);
        if (candidates.Count == 0)
        {
            return Local(item, local, "no candidate activity to offer a language model");
        }

        var notes = new List<string>();
        int prompt = 0, completion = 0;
        foreach (var provider in Providers)
        {
            var name = provider.Options.Name;
            var asked = await provider.AskAsync(item, candidates, cancellationToken).ConfigureAwait(false);
            if (!asked.Succeeded || asked.Value is not { } answer)
            {
                Log.ProviderFailed(_log, name, asked.Error ?? asked.Outcome.ToString());
                notes.Add($"{name}: {asked.Error ?? asked.Outcome.ToString()}");
                continue;
            }

            session.Add(name, answer.PromptTokens, answer.CompletionTokens, provider.CostOf(answer.PromptTokens, answer.CompletionTokens));
            prompt += answer.PromptTokens;
            completion += answer.CompletionTokens;
            switch (answer.Answer.Kind)
            {
                case ChatAnswerKind.Accepted when _catalogue.Find(answer.Answer.ActivityId!) is { } activity:
                    if (_cache is not null)
                    {
                        await _cache.SetAsync(cacheKey, new CachedClassification(activity.Id, answer.Answer.Confidence, answer.Answer.Reason, name), _options.CacheDuration,
                            _options.CacheDuration).ConfigureAwait(false);
                    }

                    var alternatives = candidates.Select(c => c.Id).Where(id => id != activity.Id).Take(3).ToList();
                    return Result(item, activity, answer.Answer.Confidence, answer.Answer.Reason, ClassificationMethods.Llm(name), name, prompt, completion, alternatives);
                case ChatAnswerKind.NoneFits:
                    return Local(item, local, $"{name} found no fitting activity ({answer.Answer.Reason})", prompt, completion);
                default:
                    Log.AnswerRefused(_log, name, answer.Answer.ActivityId ?? "");
                    notes.Add($"{name} named '{answer.Answer.ActivityId}', which is not in the catalogue (refused)");
                    break;
            }
        }

        return Local(item, local, string.Join("; ", notes), prompt, completion);
    }

    private ClassificationResult Local(ClassifyItem item, ActivityMatch? match, string? note, int promptTokens = 0, int completionTokens = 0)
    {
        var suffix = note is null ? "" : $" Language models not used: {note}.";
        if (match is null || match.Confidence <= 0 || _catalogue.Find(match.ActivityId) is not { } activity)
        {
            return new ClassificationResult(item.Text, null, null, null, null, 0, "No activity matches." + suffix, ClassificationMethods.Local, null, promptTokens, completionTokens,
                match is null ? [] : [match.ActivityId, .. match.Alternatives]);
        }

        var reason = match.Confidence >= ActivityMatch.AcceptAt
            ? string.Create(CultureInfo.InvariantCulture, $"Matched by the activity search ({match.Confidence:0.00}).")
            : string.Create(CultureInfo.InvariantCulture, $"Only a weak match by the activity search ({match.Confidence:0.00}).");
        return Result(item, activity, match.Confidence, reason + suffix, ClassificationMethods.Local, null, promptTokens, completionTokens, match.Alternatives);
    }

    private static ClassificationResult Result(
        ClassifyItem item, CatalogueActivity activity, double confidence, string reason, string method, string? provider, int promptTokens, int completionTokens,
        IReadOnlyList<string> alternatives) =>
        new(item.Text, activity.Id, CategoryOf(activity), activity.Scope, ActivityCatalogue.UnitOf(activity, item.Currency), Math.Round(confidence, 2), reason, method, provider,
            promptTokens, completionTokens, alternatives);

    private static string? CategoryOf(CatalogueActivity? activity) => activity is { Scope: "3" } ? activity.Category : null;

    /// <summary>One call's budget and the tokens it spent per provider (shared by the parallel lines of the call).</summary>
    private sealed class Session(Guid tenantId, double spentBefore, double budget)
    {
        private readonly Lock _gate = new();
        private double _spent = spentBefore;
        private bool _reported;

        public Guid TenantId => tenantId;

        public double Budget => budget;

        public Dictionary<string, Tally> Tallies { get; } = new(StringComparer.Ordinal);

        public bool BudgetSpent
        {
            get
            {
                lock (_gate)
                {
                    return _spent >= budget;
                }
            }
        }

        public bool ReportBudget()
        {
            lock (_gate)
            {
                var first = !_reported;
                _reported = true;
                return first;
            }
        }

        public void Add(string provider, int promptTokens, int completionTokens, double cost)
        {
            lock (_gate)
            {
                _spent += cost;
                if (!Tallies.TryGetValue(provider, out var tally))
                {
                    Tallies[provider] = tally = new Tally();
                }

                tally.Requests++;
                tally.PromptTokens += promptTokens;
                tally.CompletionTokens += completionTokens;
                tally.Cost += cost;
            }
        }
    }

    private sealed class Tally
    {
        public long Requests { get; set; }

        public long PromptTokens { get; set; }

        public long CompletionTokens { get; set; }

        public double Cost { get; set; }
    }
}
