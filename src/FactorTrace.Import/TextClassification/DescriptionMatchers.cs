using System.Collections.Concurrent;
using FactorTrace.Data;
using FactorTrace.Import.Processing;

namespace FactorTrace.Import.TextClassification;

/// <summary>
/// Classifies an import's descriptions ahead of its rows (the row conversion is synchronous): the answers become
/// matches the import's <see cref="IActivityMatcher"/> gives for those texts.
/// </summary>
public interface IDescriptionClassifier
{
    /// <summary>Whether it can place more than the local matcher for the context's tenant (a provider, or a supplier rule).</summary>
    Task<bool> AddsToLocalAsync(FactorTraceDb db, CancellationToken cancellationToken);

    /// <summary>Matches for the texts it could place (supplier rules, the search, a language model), by trimmed text.</summary>
    Task<IReadOnlyDictionary<string, ActivityMatch>> ClassifyDescriptionsAsync(FactorTraceDb db, Guid tenantId, IReadOnlyList<string> texts, CancellationToken cancellationToken);
}

/// <summary>Passes to the inner matcher and keeps the distinct texts it was asked about (at most <paramref name="limit"/>).</summary>
internal sealed class CollectingMatcher(IActivityMatcher inner, int limit) : IActivityMatcher
{
    private readonly ConcurrentDictionary<string, byte> _texts = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Texts => [.. _texts.Keys.Order(StringComparer.Ordinal)];

    public ActivityMatch? Match(string description)
    {
        if (_texts.Count < limit && !string.IsNullOrWhiteSpace(description))
        {
            _texts.TryAdd(description.Trim(), 0);
        }

        return inner.Match(description);
    }
}

/// <summary>The classifier's answers for an import's texts first, then the inner matcher.</summary>
internal sealed class AnsweredMatcher(IActivityMatcher inner, IReadOnlyDictionary<string, ActivityMatch> answers) : IActivityMatcher
{
    public ActivityMatch? Match(string description) =>
        description is not null && answers.TryGetValue(description.Trim(), out var answer) ? answer : inner.Match(description!);
}
