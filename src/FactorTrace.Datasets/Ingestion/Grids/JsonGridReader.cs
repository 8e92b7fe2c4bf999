using System.Globalization;
using System.Text.Json;

namespace FactorTrace.Datasets.Ingestion.Grids;

/// <summary>
/// Reads a JSON object of objects (<c>{"DE": {...}, "FR": {...}}</c>) into a grid: row 1 is the header
/// (<c>_key</c> and the dotted paths of every leaf, e.g. <c>carbonIntensity.value</c>), then one row per entry,
/// numbered by the file line its key is on, so a row reference points at the entry in the published file.
/// </summary>
internal static class JsonGridReader
{
    public static Grid Read(string fullPath, string relativeName)
    {
        JsonDocument document;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
            document = JsonDocument.Parse(bytes.AsMemory(Utf8Bom(bytes)));
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

            var lines = EntryLines(bytes);
            var rows = new List<GridRow> { new(1, columns.ToArray<string?>()) };
            var number = 1;
            foreach (var leaves in entries)
            {
                number = lines.Count > rows.Count - 1 ? lines[rows.Count - 1] : number + 1;
                var cells = new string?[columns.Count];
                foreach (var (path, value) in leaves)
                {
                    cells[index[path]] = value;
                }

                rows.Add(new GridRow(number, cells));
            }

            return new Grid(relativeName, null, rows);
        }
    }

    private static int Utf8Bom(byte[] bytes) => bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;

    // The 1-based line of each top-level key, in document order.
    private static List<int> EntryLines(byte[] bytes)
    {
        var lines = new List<int>();
        var start = Utf8Bom(bytes);
        var reader = new Utf8JsonReader(bytes.AsSpan(start));
        var line = 1;
        var counted = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                var at = (int)reader.TokenStartIndex;
                line += bytes.AsSpan(start + counted, at - counted).Count((byte)'\n');
                counted = at;
                lines.Add(line);
            }
        }

        return lines;
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
