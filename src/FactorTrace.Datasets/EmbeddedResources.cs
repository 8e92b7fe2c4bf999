namespace FactorTrace.Datasets;

internal static class EmbeddedResources
{
    public static string ReadText(string name)
    {
        using var stream = typeof(EmbeddedResources).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static bool Exists(string name) =>
        typeof(EmbeddedResources).Assembly.GetManifestResourceInfo(name) is not null;
}
