using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Classification;

/// <summary>Language-model use of one tenant with one provider in one month: calls, tokens and their cost.</summary>
public sealed class ClassificationSpend : ITenantOwned
{
    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The first day of the month (UTC).</summary>
    public DateOnly Month { get; set; }

    /// <summary>The provider's configured name.</summary>
    public string Provider { get; set; } = "";

    /// <summary>Answers received (accepted or rejected).</summary>
    public long Requests { get; set; }

    /// <summary>Prompt tokens the provider counted.</summary>
    public long PromptTokens { get; set; }

    /// <summary>Completion tokens the provider counted.</summary>
    public long CompletionTokens { get; set; }

    /// <summary>Cost from the configured prices per 1,000 tokens.</summary>
    public double Cost { get; set; }
}
