using Microsoft.Extensions.Options;

namespace FactorTrace.Grid.Providers;

/// <summary>The providers' settings in <see cref="GridOptions"/>: absolute http(s) URLs, concurrency caps in range, a known signal type.</summary>
internal sealed class GridProviderOptionsValidator : IValidateOptions<GridOptions>
{
    public const int MaxConcurrencyLimit = 1000;

    public ValidateOptionsResult Validate(string? name, GridOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    internal static IEnumerable<string> Problems(GridOptions options)
    {
        const string em = $"{GridOptions.SectionName}:ElectricityMaps";
        const string wt = $"{GridOptions.SectionName}:WattTime";
        foreach (var (key, url) in new[] { ($"{em}:BaseUrl", options.ElectricityMaps.BaseUrl), ($"{wt}:BaseUrl", options.WattTime.BaseUrl), ($"{wt}:LoginUrl", options.WattTime.LoginUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                yield return $"{key} must be an absolute http(s) URL (is '{url}').";
            }
        }

        foreach (var (key, cap) in new[] { ($"{em}:MaxConcurrency", options.ElectricityMaps.MaxConcurrency), ($"{wt}:MaxConcurrency", options.WattTime.MaxConcurrency) })
        {
            if (cap is < 1 or > MaxConcurrencyLimit)
            {
                yield return $"{key} must be 1–{MaxConcurrencyLimit} (is {cap}).";
            }
        }

        if (options.WattTime.SignalType?.Trim().ToLowerInvariant() is not ("co2_moer" or "co2_aoer"))
        {
            yield return $"{wt}:SignalType must be co2_moer or co2_aoer (is '{options.WattTime.SignalType}').";
        }
    }
}
