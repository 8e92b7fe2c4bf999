namespace FactorTrace.Activities;

/// <summary>Which rows of one source are an activity. Exactly one selector is set.</summary>
public sealed record CrosswalkRule
{
    /// <summary>Source id (see <c>Sources/sources.yaml</c>).</summary>
    public required string Source { get; init; }

    /// <summary>Exact factor name.</summary>
    public string? Name { get; init; }

    /// <summary>Factor name prefix.</summary>
    public string? NamePrefix { get; init; }

    /// <summary>Exact publisher activity id.</summary>
    public string? Id { get; init; }

    /// <summary>Publisher activity id prefix (with <see cref="IdSuffix"/> when set).</summary>
    public string? IdPrefix { get; init; }

    /// <summary>Publisher activity id suffix.</summary>
    public string? IdSuffix { get; init; }

    /// <summary>Climatiq-style <c>activity_id</c> attribute.</summary>
    public string? ActivityId { get; init; }

    /// <summary>Further attributes a row must have (<c>lca_activity: electricity_generation</c>).</summary>
    public Dictionary<string, string> Where { get; init; } = [];

    /// <summary>Take the region from the last segment of the name (a country name), for rows a publisher lists by country.</summary>
    public bool RegionFromName { get; init; }

    /// <summary>Whether a factor's name and id satisfy this rule.</summary>
    public bool Matches(Factors.EmissionFactor factor)
    {
        ArgumentNullException.ThrowIfNull(factor);
        foreach (var (attribute, value) in Where)
        {
            if (!factor.Attributes.TryGetValue(attribute, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (Name is not null)
        {
            return string.Equals(factor.Name, Name, StringComparison.Ordinal);
        }

        if (NamePrefix is not null)
        {
            return factor.Name.StartsWith(NamePrefix, StringComparison.Ordinal);
        }

        if (Id is not null)
        {
            return string.Equals(factor.SourceActivityId, Id, StringComparison.Ordinal);
        }

        if (IdPrefix is not null)
        {
            return factor.SourceActivityId.StartsWith(IdPrefix, StringComparison.Ordinal)
                && (IdSuffix is null || factor.SourceActivityId.EndsWith(IdSuffix, StringComparison.Ordinal));
        }

        return ActivityId is not null
            && factor.Attributes.TryGetValue("activity_id", out var activityId)
            && string.Equals(activityId, ActivityId, StringComparison.Ordinal);
    }
}
