using FactorTrace.Usage;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Usage;

/// <summary>Metering and credits (configuration section <c>FactorTrace:Usage</c>).</summary>
public sealed class UsageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FactorTrace:Usage";

    /// <summary>How often each instance writes its counts to the database (what a crash may lose at most).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Credits per unit of a meter; a meter not listed is free. A report costs one credit unless configured otherwise.</summary>
    public Dictionary<string, decimal> Prices { get; set; } = new(StringComparer.Ordinal) { [Meters.Reports] = 1m };

    /// <summary>Credits a tenant's account opens with.</summary>
    public decimal OpeningCredits { get; set; } = 100m;

    /// <summary>A balance below this is low (health of the account, the <c>factortrace_credits_low_tenants</c> gauge and its alert).</summary>
    public decimal LowCredits { get; set; } = 10m;

    /// <summary>Thousandths of a credit, the unit balances are kept in.</summary>
    public static long ToMillis(decimal credits) => (long)decimal.Round(credits * 1000m, MidpointRounding.AwayFromZero);

    /// <summary>Credits from thousandths.</summary>
    public static decimal FromMillis(long millis) => millis / 1000m;

    /// <summary>The price of one unit of a meter, in thousandths of a credit.</summary>
    public long PriceMillis(string meter) => Prices.TryGetValue(meter, out var price) ? ToMillis(price) : 0;
}

/// <summary>Start-up checks of <see cref="UsageOptions"/>.</summary>
internal sealed class UsageOptionsValidator : IValidateOptions<UsageOptions>
{
    public ValidateOptionsResult Validate(string? name, UsageOptions options)
    {
        var problems = new List<string>();
        if (options.FlushInterval < TimeSpan.FromSeconds(1) || options.FlushInterval > TimeSpan.FromMinutes(5))
        {
            problems.Add($"FactorTrace:Usage:FlushInterval must be between 00:00:01 and 00:05:00 (it is {options.FlushInterval}).");
        }

        foreach (var (meter, price) in options.Prices)
        {
            if (!Meters.IsKnown(meter))
            {
                problems.Add($"FactorTrace:Usage:Prices:{meter} is not a meter; meters are {string.Join(", ", Meters.All)}.");
            }
            else if (price < 0 || decimal.Round(price, 3) != price)
            {
                problems.Add($"FactorTrace:Usage:Prices:{meter} must be zero or more, in steps of 0.001 credit (it is {price}).");
            }
        }

        if (options.OpeningCredits < 0 || options.LowCredits < 0)
        {
            problems.Add("FactorTrace:Usage:OpeningCredits and LowCredits must be zero or more.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
