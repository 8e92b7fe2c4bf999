using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FactorTrace;

/// <summary>Reads the data files embedded in this assembly (units, regions, activities, sources).</summary>
internal static class EmbeddedData
{
    /// <summary>Deserializes an embedded YAML resource with snake_case keys.</summary>
    public static T ReadYaml<T>(string resourceName)
    {
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{resourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build()
            .Deserialize<T>(reader);
    }
}
