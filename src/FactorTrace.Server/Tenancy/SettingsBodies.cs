using FactorTrace.Data.Tenancy;
using FactorTrace.Server.Hosting;
using FactorTrace.Sources;

namespace FactorTrace.Server.Tenancy;

/// <summary>The settings to change: a field left out keeps its value, <c>null</c> restores the default.</summary>
internal sealed class SettingsRequest
{
    public List<string>? SourcePriority { get; set => Present(field = value); }

    public List<string>? AllowedSources { get; set => Present(field = value); }

    public int? RateLimitPerMinute { get; set => Present(field = value); }

    public string? Lei { get; set => Present(field = value); }

    public BaseYearBody? BaseYear { get; set => Present(field = value); }

    public string? NaceActivity { get; set => Present(field = value); }

    /// <summary>Location-based Scope 2 of grid electricity from hourly grid profiles; null restores the default (off).</summary>
    public bool? HourlyGridScope2 { get; set => Present(field = value); }

    [System.Text.Json.Serialization.JsonIgnore]
    public HashSet<string> Given { get; } = new(StringComparer.Ordinal);

    private void Present<T>(T _, [System.Runtime.CompilerServices.CallerMemberName] string name = "") => Given.Add(name);
}

/// <summary>The base year reports compare with.</summary>
internal sealed record BaseYearBody(DateOnly From, DateOnly To);

internal sealed record SettingsView(
    IReadOnlyList<string>? SourcePriority, IReadOnlyList<string>? AllowedSources, int? RateLimitPerMinute, IReadOnlyList<string> EffectiveSourceOrder, DateTime? UpdatedAt,
    int EffectiveRateLimitPerMinute, int MaxRateLimitPerMinute, string? Lei, string? NaceActivity, BaseYearBody? BaseYear, bool HourlyGridScope2)
{
    public static SettingsView From(TenantSettings? row, TenantPolicy policy, Factors.BrokerHost broker, RateLimitOptions limits) => new(
        policy.Sources.SourcePriority,
        policy.Sources.AllowedSources?.Order(StringComparer.Ordinal).ToList(),
        policy.RateLimitPerMinute,
        policy.Sources.EffectiveOrder(broker.Broker?.SourceOrder ?? SourceCatalog.Default.DefaultOrder),
        row?.UpdatedAt,
        policy.EffectiveRateLimit(limits),
        policy.MaxRateLimitPerMinute ?? limits.EffectiveTenantMax,
        row?.Lei,
        row?.NaceActivity,
        row is { BaseYearFrom: { } from, BaseYearTo: { } to } ? new BaseYearBody(from, to) : null,
        row?.HourlyGridScope2 ?? false);
}
