using System.Globalization;
using FactorTrace.Broker;
using FactorTrace.Sources;
using Microsoft.Extensions.Options;

namespace FactorTrace.Remote;

/// <summary>The broker's settings, each failure naming its configuration key, the value and what is allowed.</summary>
internal sealed class BrokerOptionsValidator(RemoteSourceRegistry remote) : IValidateOptions<BrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var key = BrokerOptions.SectionName;
        // Remote sources take their place in the order like the loaded ones.
        var known = remote.Extend(SourceCatalog.Default);
        var unknown = options.SourceOrder.Where(id => known.Find(id) is null).ToList();
        if (unknown.Count > 0)
        {
            failures.Add($"{key}:SourceOrder names unknown sources ({string.Join(", ", unknown)}); known: {string.Join(", ", known.DefaultOrder)}");
        }

        var repeated = options.SourceOrder.GroupBy(id => id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            failures.Add($"{key}:SourceOrder names a source more than once ({string.Join(", ", repeated)})");
        }

        if (options.DefaultGwp is not ("AR4" or "AR5" or "AR6"))
        {
            failures.Add($"{key}:DefaultGwp must be AR4, AR5 or AR6 (got '{options.DefaultGwp}')");
        }

        if (options.AnswerMemoSize is < 1 or > 10_000_000)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:AnswerMemoSize must be between 1 and 10000000 (got '{options.AnswerMemoSize}')"));
        }

        if (options.TextMatchThreshold is < 0 or > 1 || double.IsNaN(options.TextMatchThreshold))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:TextMatchThreshold must be between 0 and 1 (got '{options.TextMatchThreshold}')"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
