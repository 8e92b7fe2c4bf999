using FactorTrace.Caching;

namespace FactorTrace.Remote;

/// <summary>
/// Start-up checks of the remote sources and of every cache retention against their licences: fresh duration plus
/// fail-safe retention (what L1, L2 and L3 may keep, counted from fetch time) must not exceed a source's licence limit.
/// </summary>
public static class RemoteSettingsValidation
{
    /// <summary>Every problem, each naming the setting and the limit.</summary>
    public static List<string> Problems(RemoteSourcesOptions remote, CacheOptions cache, IEnumerable<string> datasetSourceIds)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(cache);
        var problems = new List<string>();
        var section = RemoteSourcesOptions.SectionName + ":Sources";
        var taken = datasetSourceIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (remote.MaxLicensedFactorsPerTenantPerDay < 1)
        {
            problems.Add($"{RemoteSourcesOptions.SectionName}:MaxLicensedFactorsPerTenantPerDay must be at least 1 (is {remote.MaxLicensedFactorsPerTenantPerDay}).");
        }

        foreach (var (id, source) in remote.Sources)
        {
            var at = $"{section}:{id}";
            if (taken.Contains(id))
            {
                problems.Add($"{at}: '{id}' is already a dataset source; give the remote source another id.");
            }

            if (source.Kind is not ("licensed-api" or "climatiq"))
            {
                problems.Add($"{at}:Kind must be 'licensed-api' or 'climatiq' (is '{source.Kind}').");
            }

            if (source.Enabled && (source.BaseUrl is not { IsAbsoluteUri: true } url || url.Scheme is not ("http" or "https")))
            {
                problems.Add($"{at}:BaseUrl must be an absolute http(s) URL (is '{source.BaseUrl}').");
            }

            if (source.MaxConcurrency is < 1 or > 1024)
            {
                problems.Add($"{at}:MaxConcurrency must be 1–1024 (is {source.MaxConcurrency}).");
            }

            if (source.Priority < 0)
            {
                problems.Add($"{at}:Priority must not be negative (is {source.Priority}).");
            }

            if (source.SourceKind is not ("activity" or "grid" or "spend"))
            {
                problems.Add($"{at}:SourceKind must be activity, grid or spend (is '{source.SourceKind}').");
            }

            if (source.Licence.MaxCacheAge is not { } limit)
            {
                continue;
            }

            if (limit <= TimeSpan.Zero)
            {
                problems.Add($"{at}:Licence:MaxCacheAge must be positive (is {limit}).");
                continue;
            }

            var overrides = cache.Sources.GetValueOrDefault(id);
            var durationSetting = overrides?.Duration is null ? $"{CacheOptions.SectionName}:Duration" : $"{CacheOptions.SectionName}:Sources:{id}:Duration";
            var failSafeSetting = overrides?.FailSafeMaxDuration is null ? $"{CacheOptions.SectionName}:FailSafeMaxDuration" : $"{CacheOptions.SectionName}:Sources:{id}:FailSafeMaxDuration";
            var duration = cache.DurationFor(id);
            var failSafe = cache.FailSafeFor(id);
            if (duration > limit)
            {
                problems.Add($"{durationSetting} = {duration} exceeds the licence limit of source '{id}' ({at}:Licence:MaxCacheAge = {limit}).");
            }
            else if (duration + failSafe > limit)
            {
                problems.Add($"{durationSetting} ({duration}) + {failSafeSetting} ({failSafe}) = {duration + failSafe} exceeds the licence limit of source '{id}' ({at}:Licence:MaxCacheAge = {limit}); stale answers count too.");
            }
        }

        if (cache.Duration <= TimeSpan.Zero || cache.FailSafeMaxDuration < TimeSpan.Zero || cache.FailSafeThrottleDuration <= TimeSpan.Zero || cache.DegradedDuration <= TimeSpan.Zero)
        {
            problems.Add($"{CacheOptions.SectionName}: Duration, FailSafeThrottleDuration and DegradedDuration must be positive and FailSafeMaxDuration not negative.");
        }

        return problems;
    }
}
