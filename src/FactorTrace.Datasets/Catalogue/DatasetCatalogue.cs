using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FactorTrace.Datasets.Catalogue;

/// <summary>The catalogue of every dataset FactorTrace knows (<c>Catalogue/catalogue.yaml</c>).</summary>
public sealed class DatasetCatalogue
{
    /// <summary>Creates a catalogue from entries; ids must be unique.</summary>
    public DatasetCatalogue(IReadOnlyList<DatasetEntry> datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        var duplicate = datasets.GroupBy(d => d.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Dataset id '{duplicate.Key}' appears twice in the catalogue.", nameof(datasets));
        }

        Datasets = datasets;
    }

    /// <summary>All datasets, in catalogue order.</summary>
    public IReadOnlyList<DatasetEntry> Datasets { get; }

    /// <summary>The catalogue shipped with FactorTrace.</summary>
    public static DatasetCatalogue Default { get; } = Parse(EmbeddedResources.ReadText("FactorTrace.Datasets.catalogue.yaml"));

    /// <summary>The dataset with this id, or null.</summary>
    public DatasetEntry? Find(string id) => Datasets.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a catalogue document.</summary>
    public static DatasetCatalogue Parse(string yaml)
    {
        var document = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build()
            .Deserialize<CatalogueDocument>(yaml);
        return new DatasetCatalogue(document.Datasets);
    }

    private sealed class CatalogueDocument
    {
        public List<DatasetEntry> Datasets { get; set; } = [];
    }
}
