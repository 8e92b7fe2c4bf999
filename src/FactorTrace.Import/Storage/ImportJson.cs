using System.Text.Json;
using System.Text.Json.Serialization;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Processing;
using FactorTrace.Import.Reading;

namespace FactorTrace.Import.Storage;

/// <summary>How layouts, mappings and patches are stored in the imports table (snake_case JSON).</summary>
public static class ImportJson
{
    /// <summary>Serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The stored layout and its column notes.</summary>
    public sealed record StoredLayout(FileLayout Layout, IReadOnlyList<ImportIssue> Notes);

    /// <summary>A stored cell patch.</summary>
    public sealed record StoredPatch(long Row, int Column, string Value);

    /// <summary>Serializes.</summary>
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads a mapping.</summary>
    public static ImportMapping ReadMapping(string json) => JsonSerializer.Deserialize<ImportMapping>(json, Options) ?? new ImportMapping();

    /// <summary>Reads a layout.</summary>
    public static StoredLayout ReadLayout(string json) => JsonSerializer.Deserialize<StoredLayout>(json, Options) ?? new StoredLayout(new FileLayout(), []);

    /// <summary>Reads patches.</summary>
    public static CellPatches ReadPatches(string? json)
    {
        var patches = new CellPatches();
        if (!string.IsNullOrEmpty(json))
        {
            foreach (var p in JsonSerializer.Deserialize<List<StoredPatch>>(json, Options) ?? [])
            {
                patches.Set(p.Row, p.Column, p.Value);
            }
        }

        return patches;
    }

    /// <summary>Writes patches.</summary>
    public static string? WritePatches(CellPatches patches)
    {
        ArgumentNullException.ThrowIfNull(patches);
        return patches.Count == 0 ? null : Write(patches.All().Select(p => new StoredPatch(p.Row, p.Column, p.Value)).ToList());
    }
}
