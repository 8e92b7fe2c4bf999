namespace FactorTrace.Broker;

/// <summary>Why a request could not be answered, with the field at fault and suggestions.</summary>
/// <param name="Code">Stable code: <c>unknown_activity</c>, <c>unknown_unit</c>, <c>ambiguous_unit</c>, <c>incompatible_unit</c>,
/// <c>unknown_region</c>, <c>unknown_gwp</c>, <c>unknown_source</c>, <c>unknown_dataset</c>, <c>invalid_year</c>, <c>no_factor</c>.</param>
/// <param name="Field">The request field at fault.</param>
/// <param name="Message">A sentence for a person.</param>
/// <param name="Suggestions">What the caller may have meant.</param>
public sealed record BrokerError(string Code, string Field, string Message, IReadOnlyList<string> Suggestions)
{
    /// <summary>The sources tried before giving up (for a caller that continues the cascade elsewhere).</summary>
    public IReadOnlyList<Attempt> Attempts { get; init; } = [];
}

/// <summary>An answer or an error.</summary>
public sealed class ResolveOutcome
{
    private ResolveOutcome(FactorAnswer? answer, BrokerError? error)
    {
        Answer = answer;
        Error = error;
    }

    /// <summary>The answer, when there is one.</summary>
    public FactorAnswer? Answer { get; }

    /// <summary>The error, when there is no answer.</summary>
    public BrokerError? Error { get; }

    /// <summary>Whether there is an answer.</summary>
    public bool IsSuccess => Answer is not null;

    /// <summary>A successful outcome.</summary>
    public static ResolveOutcome Success(FactorAnswer answer) => new(answer ?? throw new ArgumentNullException(nameof(answer)), null);

    /// <summary>A failed outcome.</summary>
    public static ResolveOutcome Failure(BrokerError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
