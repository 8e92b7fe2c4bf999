using FactorTrace.Factors;

namespace FactorTrace.Grid.Query;

/// <summary>
/// The last fallback: the Electricity Maps yearly life-cycle averages by zone, from the loaded datasets
/// (<c>electricitymaps-yearly</c>, factor ids <c>electricity:&lt;zone&gt;:&lt;year&gt;</c>).
/// </summary>
public sealed class YearlyGridFactors
{
    /// <summary>The dataset it reads.</summary>
    public const string DatasetId = "electricitymaps-yearly";

    private readonly Dictionary<string, SortedList<int, EmissionFactor>> _byZone = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Indexes the yearly factors of a store.</summary>
    public YearlyGridFactors(FactorStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var factor in store.ForDataset(DatasetId))
        {
            var parts = factor.SourceActivityId.Split(':');
            var zone = parts.Length == 3 ? parts[1] : factor.Region;
            if (!_byZone.TryGetValue(zone, out var years))
            {
                _byZone[zone] = years = [];
            }

            years[factor.Year] = factor;
        }
    }

    /// <summary>Zone ids and names the dataset knows.</summary>
    public IEnumerable<(string Id, string Name)> Zones =>
        _byZone.Select(z => (z.Key, ZoneName(z.Value.Values[^1])));

    /// <summary>The yearly mean of a zone for a year: that year, else the closest earlier one, else the earliest later one.</summary>
    public YearlyIntensity? Find(string zone, int year)
    {
        if (!_byZone.TryGetValue(zone, out var years) || years.Count == 0)
        {
            return null;
        }

        var pick = years.Keys.LastOrDefault(y => y <= year, years.Keys[0]);
        var factor = years[pick];
        var kgPerKwh = factor.Co2e.Count > 0 ? factor.Co2e[0].KgPerUnit : double.NaN;
        return double.IsFinite(kgPerKwh)
            ? new YearlyIntensity(zone.ToUpperInvariant(), pick, kgPerKwh * 1000.0, factor.Id, factor.Dataset.Id, factor.Dataset.LicenceId)
            : null;
    }

    private static string ZoneName(EmissionFactor factor)
    {
        var slash = factor.Name.LastIndexOf(" / ", StringComparison.Ordinal);
        return slash >= 0 ? factor.Name[(slash + 3)..] : factor.Region;
    }
}

/// <summary>A zone's yearly life-cycle mean in gCO2e/kWh.</summary>
public sealed record YearlyIntensity(string Zone, int Year, double Lifecycle, string FactorId, string Dataset, string Licence);
