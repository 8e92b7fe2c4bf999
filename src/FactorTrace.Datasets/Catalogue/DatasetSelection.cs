namespace FactorTrace.Datasets.Catalogue;

/// <summary>Picks catalogue entries by id, failing clearly on an unknown id.</summary>
public static class DatasetSelection
{
    /// <summary>The selected datasets; all of them when <paramref name="ids"/> is empty.</summary>
    /// <exception cref="ArgumentException">An id is not in the catalogue.</exception>
    public static IReadOnlyList<DatasetEntry> Select(DatasetCatalogue catalogue, IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        if (ids is null || ids.Count == 0)
        {
            return catalogue.Datasets;
        }

        return ids.Select(id => catalogue.Find(id) ?? throw new ArgumentException(
            $"Unknown dataset '{id}'. Known: {string.Join(", ", catalogue.Datasets.Select(d => d.Id))}.", nameof(ids))).ToList();
    }
}
