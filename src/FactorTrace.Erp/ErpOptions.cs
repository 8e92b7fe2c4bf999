using FactorTrace.Resilience;
using Microsoft.Extensions.Options;

namespace FactorTrace.Erp;

/// <summary>Settings of the ERP import (<c>FactorTrace:Erp</c>).</summary>
public sealed class ErpOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FactorTrace:Erp";

    /// <summary>
    /// Base64 of 32 random bytes: the AES-256-GCM key connection credentials are encrypted with. Without it, connections
    /// cannot hold credentials. Changing it makes stored credentials unreadable (each connection must be given them again).
    /// </summary>
    public string? CredentialsKey { get; set; }

    /// <summary>Whether this instance runs scheduled pulls (every instance may; a slot runs once).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often the scheduler looks for due connections.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one page request may take before it counts as failed (the slow-call timeout).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a failed page request within a pull.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Failed requests (within 30 s) before a connection's breaker opens (at least 2).</summary>
    public int MinimumThroughput { get; set; } = 4;

    /// <summary>How long an open breaker refuses calls.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests in flight to one connection at most (the connection limit).</summary>
    public int MaxConnections { get; set; } = 2;

    /// <summary>Pulls running at once on this instance at most.</summary>
    public int MaxConcurrentPulls { get; set; } = 2;

    /// <summary>Lines one pull fetches at most; a larger delta fails with a clear error (nothing stored).</summary>
    public int MaxLinesPerPull { get; set; } = 200_000;

    /// <summary>Pages one pull follows at most.</summary>
    public int MaxPages { get; set; } = 10_000;

    /// <summary>The page size asked for (OData <c>Prefer: odata.maxpagesize</c>); the server may send less.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>How long an instance holds a connection while it pulls; must exceed the longest pull.</summary>
    public TimeSpan PullLease { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The key, decoded; null when not configured.</summary>
    internal byte[]? Key => string.IsNullOrWhiteSpace(CredentialsKey) ? null : Convert.FromBase64String(CredentialsKey.Trim());

    /// <summary>The settings each connection's dependency starts from.</summary>
    internal DependencyOptions Pipeline => new()
    {
        Timeout = Timeout,
        MaxRetries = MaxRetries,
        MinimumThroughput = MinimumThroughput,
        BreakDuration = BreakDuration,
    };
}

/// <summary>Checks <see cref="ErpOptions"/> at start-up, each message naming its setting.</summary>
internal sealed class ErpOptionsValidator : IValidateOptions<ErpOptions>
{
    public ValidateOptionsResult Validate(string? name, ErpOptions options)
    {
        var problems = new List<string>();
        const string p = ErpOptions.SectionName;
        if (!string.IsNullOrWhiteSpace(options.CredentialsKey))
        {
            byte[]? key = null;
            try
            {
                key = Convert.FromBase64String(options.CredentialsKey.Trim());
            }
            catch (FormatException)
            {
            }

            if (key is not { Length: 32 })
            {
                problems.Add($"{p}:CredentialsKey must be the base64 of exactly 32 random bytes (for example: openssl rand -base64 32).");
            }
        }

        if (options.PollInterval < TimeSpan.FromSeconds(1) || options.PollInterval > TimeSpan.FromHours(1))
        {
            problems.Add($"{p}:PollInterval must be between 1 second and 1 hour (is {options.PollInterval}).");
        }

        if (options.Timeout < TimeSpan.FromMilliseconds(100) || options.Timeout > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{p}:Timeout must be between 100 ms and 10 minutes (is {options.Timeout}).");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            problems.Add($"{p}:MaxRetries must be 0–10 (is {options.MaxRetries}).");
        }

        if (options.MinimumThroughput < 2)
        {
            problems.Add($"{p}:MinimumThroughput must be at least 2 (is {options.MinimumThroughput}).");
        }

        if (options.BreakDuration < TimeSpan.FromMilliseconds(500) || options.BreakDuration > TimeSpan.FromDays(1))
        {
            problems.Add($"{p}:BreakDuration must be 0.5 s – 1 day (is {options.BreakDuration}).");
        }

        Range(problems, "MaxConnections", options.MaxConnections, 1, 64);
        Range(problems, "MaxConcurrentPulls", options.MaxConcurrentPulls, 1, 64);
        Range(problems, "MaxLinesPerPull", options.MaxLinesPerPull, 1, 10_000_000);
        Range(problems, "MaxPages", options.MaxPages, 1, 1_000_000);
        Range(problems, "PageSize", options.PageSize, 1, 100_000);
        if (options.PullLease < TimeSpan.FromSeconds(10) || options.PullLease > TimeSpan.FromDays(1))
        {
            problems.Add($"{p}:PullLease must be between 10 seconds and 1 day (is {options.PullLease}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Range(List<string> problems, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add($"{ErpOptions.SectionName}:{setting} must be {min}–{max} (is {value}).");
        }
    }
}
