namespace FactorTrace.Broker;

/// <summary>Broker settings (configuration section <c>FactorTrace:Broker</c>); the service checks them at start.</summary>
public sealed class BrokerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FactorTrace:Broker";

    /// <summary>Source ids in priority order; empty for the catalogue's default order.</summary>
    public List<string> SourceOrder { get; set; } = [];

    /// <summary>GWP set used when a request names none: AR4, AR5 or AR6.</summary>
    public string DefaultGwp { get; set; } = "AR6";

    /// <summary>How many computed answers the broker memoizes before it starts over (1 to 10,000,000).</summary>
    public int AnswerMemoSize { get; set; } = 200_000;

    /// <summary>Minimum search score (0–1) for free text to be taken as an activity without asking.</summary>
    public double TextMatchThreshold { get; set; } = 0.75;
}
