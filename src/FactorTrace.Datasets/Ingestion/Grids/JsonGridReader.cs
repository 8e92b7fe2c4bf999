using System.Globalization;
using System.Text.Json;

namespace FactorTrace.Datasets.Ingestion.Grids;

/// <summary>
/// Reads a JSON object of objects (<c>{"DE": {...}, "FR": {...}}</c>) into a grid: row 1 is the header
/// (<c>_key</c> and the dotted paths of every leaf, e.g. <c>carbonIntensity.value</c>), then one row per entry.
/// </summary>
internal static class JsonGridReader
{
    public static Grid Read(string fullPath, string relativeName)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(fullPath);
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new IngestionException($"{relativeName} is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new IngestionException($"{relativeName}: expected a JSON object of entries, found {document.RootElement.ValueKind}.");
            }

            var columns = new List<string> { "_key" };
            var index = new Dictionary<string, int>(StringComparer.Ordinal) { ["_key"] = 0 };
            var entries = new List<Dictionary<string, string?>>();
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                var leaves = new Dictionary<string, string?>(StringComparer.Ordinal) { ["_key"] = entry.Name };
                Flatten(entry.Value, "", leaves);
                foreach (var path in leaves.Keys.Where(p => !index.ContainsKey(p)))
                {
                    index[path] = columns.Count;
                    columns.Add(path);
                }

                entries.Add(leaves);
            }

            var rows = new List<GridRow> { new(1, columns.ToArray<string?>()) };
            var number = 1;
            foreach (var leaves in entries)
            {
                var cells = new string?[columns.Count];
                foreach (var (path, value) in leaves)
                {
                    cells[index[path]] = value;
                }

                rows.Add(new GridRow(++number, cells));
            }

            return new Grid(relativeName, null, rows);
        }
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string?> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", leaves);
                }

                break;
            case JsonValueKind.String:
                var s = element.GetString();
                leaves[prefix] = string.IsNullOrEmpty(s) ? null : s;
                break;
            case JsonValueKind.Number:
                leaves[prefix] = element.GetDouble().ToString("R", CultureInfo.InvariantCulture);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                leaves[prefix] = element.GetBoolean() ? "true" : "false";
                break;
            default:
                leaves[prefix] = null;
                break;
        }
    }
}
