namespace FactorTrace.Import.Processing;

/// <summary>The activity a free-text description was matched to, with a 0–1 confidence and the runners-up.</summary>
/// <param name="ActivityId">Best activity id.</param>
/// <param name="Confidence">0–1.</param>
/// <param name="Alternatives">Next-best activity ids.</param>
public sealed record ActivityMatch(string ActivityId, double Confidence, IReadOnlyList<string> Alternatives)
{
    /// <summary>What found it (<c>local</c>, <c>supplier_rule</c>, <c>llm:&lt;provider&gt;</c>), kept on the record.</summary>
    public string Method { get; init; } = "local";

    /// <summary>At or above this confidence the match is stored as the record's activity id.</summary>
    public const double AcceptAt = 0.6;
}

/// <summary>Matches descriptions to activity ids, deterministically (same text, same answer).</summary>
public interface IActivityMatcher
{
    /// <summary>The best match, or null when nothing is close.</summary>
    ActivityMatch? Match(string description);
}
