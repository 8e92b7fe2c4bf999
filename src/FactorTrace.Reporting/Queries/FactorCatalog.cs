using System.Text.Json;
using FactorTrace.Data;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Reporting.Queries;

/// <summary>What a report needs from a factor answer a run stored (<c>run_factors.answer</c>).</summary>
/// <param name="No">Number in the run.</param>
/// <param name="Sha256">Provenance hash.</param>
/// <param name="ActivityId">Activity answered.</param>
/// <param name="Datasets">Dataset versions used.</param>
/// <param name="Licence">Licence id.</param>
/// <param name="Attribution">Attribution.</param>
/// <param name="FallbackKinds">Kinds of fallback applied.</param>
/// <param name="Gases">Per-gas kg CO2e per unit, by gas code.</param>
internal sealed record FactorInfo(int No, string Sha256, string ActivityId, IReadOnlyList<(string Dataset, string Version, string ContentHash)> Datasets,
    string Licence, string Attribution, IReadOnlyList<string> FallbackKinds, IReadOnlyList<(string Gas, double KgCo2e)> Gases)
{
    /// <summary>Fallbacks that mean another region or a category average stood in.</summary>
    public static readonly IReadOnlySet<string> ProxyKinds = new HashSet<string>(StringComparer.Ordinal) { "parent_region", "geographic_proxy", "category_proxy" };

    /// <summary>Fallbacks that mean the factor is not the one asked for in another way (year, text match, GWP set).</summary>
    public static readonly IReadOnlySet<string> FallbackKindsCounted = new HashSet<string>(StringComparer.Ordinal) { "year_earlier", "year_later", "text_match", "gwp_not_recomputable" };

    public bool IsProxy => FallbackKinds.Any(ProxyKinds.Contains);

    public bool IsFallback => !IsProxy && FallbackKinds.Any(FallbackKindsCounted.Contains);
}

/// <summary>The factor answers of a run, read one at a time (a run has as many as distinct factors, not rows).</summary>
internal static class FactorCatalog
{
    public static async Task<Dictionary<int, FactorInfo>> LoadAsync(FactorTraceDb db, Guid runId, IReadOnlySet<int> numbers, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, FactorInfo>();
        if (numbers.Count == 0)
        {
            return result;
        }

        var query = db.RunFactors.AsNoTracking().Where(f => f.RunId == runId).OrderBy(f => f.No).Select(f => new { f.No, f.Sha256, f.Source, f.Answer });
        await foreach (var factor in query.AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (numbers.Contains(factor.No))
            {
                result[factor.No] = Parse(factor.No, factor.Sha256, factor.Source, factor.Answer);
            }
        }

        return result;
    }

    internal static FactorInfo Parse(int no, string sha256, string source, string answer)
    {
        using var json = JsonDocument.Parse(answer);
        var root = json.RootElement;
        var datasets = new List<(string, string, string)>();
        if (root.TryGetProperty("dataset_versions", out var versions) && versions.ValueKind == JsonValueKind.Array)
        {
            foreach (var v in versions.EnumerateArray())
            {
                datasets.Add((Text(v, "dataset") ?? source, Text(v, "version") ?? "", Text(v, "content_hash") ?? ""));
            }
        }
        else if (Text(root, "dataset") is { } dataset)
        {
            datasets.Add((dataset, Text(root, "dataset_version") ?? "", ""));
        }

        string licence = "", attribution = "";
        if (root.TryGetProperty("licence", out var l) && l.ValueKind == JsonValueKind.Object)
        {
            licence = Text(l, "id") ?? "";
            attribution = Text(l, "attribution") ?? "";
        }

        var fallbacks = new List<string>();
        if (root.TryGetProperty("provenance", out var p) && p.TryGetProperty("fallbacks", out var f) && f.ValueKind == JsonValueKind.Array)
        {
            fallbacks.AddRange(f.EnumerateArray().Select(x => Text(x, "kind")).OfType<string>());
        }

        var gases = new List<(string, double)>();
        if (root.TryGetProperty("gases", out var g) && g.ValueKind == JsonValueKind.Array)
        {
            foreach (var gas in g.EnumerateArray())
            {
                if (Text(gas, "gas") is { } code && gas.TryGetProperty("kg_co2e", out var kg) && kg.ValueKind == JsonValueKind.Number)
                {
                    gases.Add((code, kg.GetDouble()));
                }
            }
        }

        return new FactorInfo(no, sha256, Text(root, "activity_id") ?? "", datasets, licence, attribution, fallbacks, gases);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
