using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FactorTrace.Datasets.Ingestion.Mapping;

/// <summary>Loads mapping files from a folder (when configured) or from the ones shipped in the assembly, resolving <c>extends</c>.</summary>
public sealed class MappingLoader(string? mappingsPath)
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Loads <paramref name="name"/> (a file name such as <c>desnz-2024.yaml</c>).</summary>
    public MappingDocument Load(string name) => Load(name, depth: 0);

    private MappingDocument Load(string name, int depth)
    {
        if (depth > 4)
        {
            throw new IngestionException($"Mapping '{name}': 'extends' is nested too deeply.");
        }

        var document = Parse(name, ReadText(name));
        if (document.Extends is null)
        {
            return document;
        }

        var parent = Load(document.Extends, depth + 1);
        var tables = parent.Tables
            .Where(t => !document.ExcludeTables.Contains(t.Name, StringComparer.Ordinal))
            .Where(t => document.Tables.All(own => own.Name != t.Name))
            .Concat(document.Tables)
            .ToList();
        var vars = new Dictionary<string, string>(parent.Vars);
        foreach (var (key, value) in document.Vars)
        {
            vars[key] = value;
        }

        return new MappingDocument { Dataset = document.Dataset, Vars = vars, Tables = tables };
    }

    private static MappingDocument Parse(string name, string text)
    {
        try
        {
            using var reader = new StringReader(text);
            return Yaml.Deserialize<MappingDocument>(new MergingParser(new Parser(reader))) ?? throw new IngestionException($"Mapping '{name}' is empty.");
        }
        catch (YamlException ex)
        {
            throw new IngestionException($"Mapping '{name}' is invalid at line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }

    private string ReadText(string name)
    {
        if (mappingsPath is not null && File.Exists(Path.Combine(mappingsPath, name)))
        {
            return File.ReadAllText(Path.Combine(mappingsPath, name));
        }

        var resource = $"FactorTrace.Datasets.Mappings.{name}";
        return EmbeddedResources.Exists(resource)
            ? EmbeddedResources.ReadText(resource)
            : throw new IngestionException($"Mapping '{name}' not found{(mappingsPath is null ? "" : $" in '{mappingsPath}' or")} among the built-in mappings.");
    }
}
