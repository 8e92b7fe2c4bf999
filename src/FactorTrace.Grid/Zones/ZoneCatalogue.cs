using System.Collections.Frozen;
using System.Reflection;
using FactorTrace.Text;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FactorTrace.Grid.Zones;

/// <summary>
/// Zones and cloud regions: the shipped zone file (country, subdivisions, WattTime region), every other zone of the
/// Electricity Maps yearly dataset by id and name, and the cloud-region file. Ids are case-insensitive.
/// </summary>
public sealed class ZoneCatalogue
{
    private readonly FrozenDictionary<string, GridZone> _zones;
    private readonly FrozenDictionary<string, CloudRegion> _cloud;
    private readonly FrozenDictionary<string, GridZone> _bySubdivision;
    private readonly FrozenDictionary<string, IReadOnlyList<GridZone>> _byCountry;

    private ZoneCatalogue(IEnumerable<GridZone> zones, IEnumerable<CloudRegion> cloud)
    {
        _zones = zones.ToFrozenDictionary(z => z.Id, StringComparer.OrdinalIgnoreCase);
        Zones = [.. _zones.Values.OrderBy(z => z.Id, StringComparer.Ordinal)];
        CloudRegions = [.. cloud.OrderBy(c => c.Provider, StringComparer.Ordinal).ThenBy(c => c.Region, StringComparer.Ordinal)];
        _cloud = CloudRegions.SelectMany(c => new[] { ($"{c.Provider}:{c.Region}", c), (c.Region, c) })
            .GroupBy(p => p.Item1, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() == 1 || g.Key.Contains(':', StringComparison.Ordinal))
            .ToFrozenDictionary(g => g.Key, g => g.First().c, StringComparer.OrdinalIgnoreCase);
        _bySubdivision = Zones.SelectMany(z => z.Subdivisions.Select(s => (s, z)))
            .GroupBy(p => p.s, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.First().z, StringComparer.OrdinalIgnoreCase);
        _byCountry = Zones.GroupBy(z => z.Country, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<GridZone>)[.. g], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every zone, by id.</summary>
    public IReadOnlyList<GridZone> Zones { get; }

    /// <summary>Every cloud region mapping.</summary>
    public IReadOnlyList<CloudRegion> CloudRegions { get; }

    /// <summary>The shipped zone and cloud-region files, plus zones named by the yearly dataset.</summary>
    /// <param name="datasetZones">Zone id and name pairs (the Electricity Maps yearly factors); may be empty.</param>
    public static ZoneCatalogue Load(IEnumerable<(string Id, string Name)> datasetZones)
    {
        ArgumentNullException.ThrowIfNull(datasetZones);
        var file = Read<ZoneFile>("zones.yaml");
        var curated = file.Zones.Select(z => new GridZone(
            z.Id.ToUpperInvariant(), z.Name, z.Country.ToUpperInvariant(),
            [.. z.Subdivisions.Select(s => s.ToUpperInvariant())], z.Watttime, true)).ToList();
        var known = curated.Select(z => z.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, name) in datasetZones)
        {
            var upper = id.Trim().ToUpperInvariant();
            if (upper.Length >= 2 && known.Add(upper))
            {
                curated.Add(new GridZone(upper, name, upper[..2], [], null, false));
            }
        }

        var regions = Read<CloudFile>("cloud-regions.yaml");
        var cloud = regions.Regions.Select(r => new CloudRegion(
            r.Provider, r.Region, r.Location, r.Zone.ToUpperInvariant(), regions.Sources.GetValueOrDefault(r.Provider, "")));
        return new ZoneCatalogue(curated, cloud);
    }

    /// <summary>The zone of an id or a cloud region (<c>aws:eu-central-1</c>, or <c>eu-central-1</c> when only one provider has it).</summary>
    public bool TryResolve(string? text, out GridZone zone, out CloudRegion? viaCloud)
    {
        viaCloud = null;
        zone = null!;
        var key = text?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        if (_zones.TryGetValue(key, out var z))
        {
            zone = z;
            return true;
        }

        if (_cloud.TryGetValue(key, out var c) && _zones.TryGetValue(c.Zone, out z))
        {
            viaCloud = c;
            zone = z;
            return true;
        }

        return false;
    }

    /// <summary>The zone whose hourly profile serves a ledger site region (zone id, ISO subdivision, or a country with one zone).</summary>
    public GridZone? ForSiteRegion(string? region)
    {
        var key = region?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        if (_zones.TryGetValue(key, out var z) || _bySubdivision.TryGetValue(key, out z))
        {
            return z;
        }

        return _byCountry.TryGetValue(key, out var zones) && zones.Count == 1 ? zones[0] : null;
    }

    /// <summary>Up to five zone ids or cloud regions close to what was typed (did-you-mean).</summary>
    public IReadOnlyList<string> Suggest(string? text)
    {
        var key = (text ?? "").Trim().ToUpperInvariant();
        if (key.Length == 0)
        {
            return [];
        }

        var max = Math.Max(1, key.Length / 3);
        return _zones.Keys.Concat(_cloud.Keys.Where(k => k.Contains(':', StringComparison.Ordinal)))
            .Select(k => (k, d: k.StartsWith(key, StringComparison.OrdinalIgnoreCase) ? 0 : EditDistance.Compute(key, k.ToUpperInvariant(), max + 1)))
            .Where(p => p.d <= max)
            .OrderBy(p => p.d).ThenBy(p => p.k, StringComparer.Ordinal)
            .Take(5)
            .Select(p => p.k)
            .ToList();
    }

    private static T Read<T>(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"FactorTrace.Grid.Zones.{name}")
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<T>(reader);
    }

    private sealed class ZoneFile
    {
        public List<ZoneEntry> Zones { get; set; } = [];
    }

    private sealed class ZoneEntry
    {
        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        public string Country { get; set; } = "";

        public List<string> Subdivisions { get; set; } = [];

        public string? Watttime { get; set; }
    }

    private sealed class CloudFile
    {
        public Dictionary<string, string> Sources { get; set; } = [];

        public List<CloudEntry> Regions { get; set; } = [];
    }

    private sealed class CloudEntry
    {
        public string Provider { get; set; } = "";

        public string Region { get; set; } = "";

        public string Location { get; set; } = "";

        public string Zone { get; set; } = "";
    }
}
