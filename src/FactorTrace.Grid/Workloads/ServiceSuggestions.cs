using FactorTrace.Text;

namespace FactorTrace.Grid.Workloads;

/// <summary>Did-you-mean for a service name that is not one of the tenant's.</summary>
internal static class ServiceSuggestions
{
    /// <summary>Up to five of <paramref name="names"/> close to <paramref name="text"/>: sharing its start or a few edits away.</summary>
    public static IReadOnlyList<string> Close(string? text, IEnumerable<string> names)
    {
        var key = (text ?? "").Trim().ToUpperInvariant();
        if (key.Length == 0)
        {
            return [];
        }

        var max = Math.Max(1, key.Length / 3);
        return names
            .Select(n => (n, d: n.StartsWith(key, StringComparison.OrdinalIgnoreCase) || key.StartsWith(n.ToUpperInvariant(), StringComparison.Ordinal)
                ? 0 : EditDistance.Compute(key, n.ToUpperInvariant(), max + 1)))
            .Where(p => p.d <= max)
            .OrderBy(p => p.d).ThenBy(p => p.n, StringComparer.Ordinal)
            .Take(5)
            .Select(p => p.n)
            .ToList();
    }
}
