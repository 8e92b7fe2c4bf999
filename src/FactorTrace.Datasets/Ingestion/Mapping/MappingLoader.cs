using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
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
            var document = Yaml.Deserialize<MappingDocument>(new MergingParser(new Parser(reader))) ?? throw new IngestionException($"Mapping '{name}' is empty.");
            Check(name, document, "", new NullabilityInfoContext());
            return document;
        }
        catch (YamlException ex)
        {
            throw new IngestionException($"Mapping '{name}' is invalid at line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and parser throw these, not a YamlException, on some malformed text (found by fuzzing).
            throw new IngestionException($"Mapping '{name}' is invalid: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Refuses what the schema has no room for, naming the path: a null where a value is required (<c>source: ~</c>,
    /// <c>tables: [~]</c>, an empty list item or map value) and a <c>vars_from_file</c> that is not a regex.
    /// </summary>
    private static void Check(string name, object node, string path, NullabilityInfoContext nullability)
    {
        foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var at = $"{path}{(path.Length == 0 ? "" : ".")}{UnderscoredNamingConvention.Instance.Apply(property.Name)}";
            var value = property.GetValue(node);
            if (value is null)
            {
                if (nullability.Create(property).ReadState == NullabilityState.NotNull)
                {
                    throw new IngestionException($"Mapping '{name}': '{at}' needs a value.");
                }

                continue;
            }

            CheckValue(name, value, at, nullability);
        }

        if (node is SourceSpec { VarsFromFile: { } pattern })
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw new IngestionException($"Mapping '{name}': '{path}.vars_from_file' is not a valid regex: {ex.Message}", ex);
            }
        }
    }

    private static void CheckValue(string name, object value, string at, NullabilityInfoContext nullability)
    {
        switch (value)
        {
            case string:
                return;
            case IDictionary map:
                foreach (DictionaryEntry entry in map)
                {
                    CheckItem(name, entry.Value, $"{at}.{entry.Key}", nullability);
                }

                return;
            case IList list:
                for (var i = 0; i < list.Count; i++)
                {
                    CheckItem(name, list[i], $"{at}[{i}]", nullability);
                }

                return;
            default:
                if (value.GetType().Namespace == typeof(MappingDocument).Namespace)
                {
                    Check(name, value, at, nullability);
                }

                return;
        }
    }

    private static void CheckItem(string name, object? item, string at, NullabilityInfoContext nullability)
    {
        if (item is null)
        {
            throw new IngestionException($"Mapping '{name}': '{at}' needs a value.");
        }

        CheckValue(name, item, at, nullability);
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
