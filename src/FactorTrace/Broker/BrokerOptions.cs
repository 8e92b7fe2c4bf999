using System.ComponentModel.DataAnnotations;

namespace FactorTrace.Broker;

/// <summary>Broker settings (configuration section <c>FactorTrace:Broker</c>).</summary>
public sealed class BrokerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FactorTrace:Broker";

    /// <summary>Source ids in priority order; empty for the catalogue's default order.</summary>
    public List<string> SourceOrder { get; set; } = [];

    /// <summary>GWP set used when a request names none.</summary>
    [RegularExpression("^(AR4|AR5|AR6)$")]
    public string DefaultGwp { get; set; } = "AR6";

    /// <summary>How many computed answers the broker memoizes before it starts over.</summary>
    [Range(1, 10_000_000)]
    public int AnswerMemoSize { get; set; } = 200_000;

    /// <summary>Minimum search score (0–1) for free text to be taken as an activity without asking.</summary>
    [Range(0.0, 1.0)]
    public double TextMatchThreshold { get; set; } = 0.75;
}
