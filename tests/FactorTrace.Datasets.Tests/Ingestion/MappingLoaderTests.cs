using FactorTrace.Datasets.Ingestion;
using FactorTrace.Datasets.Ingestion.Mapping;

namespace FactorTrace.Datasets.Tests.Ingestion;

/// <summary>Mappings found by fuzzing (scripts/fuzz.sh yaml-mappings): each is refused with a message naming the path.</summary>
public sealed class MappingLoaderTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("factortrace-mapping-");

    public void Dispose() => _root.Delete(recursive: true);

    [Theory]
    [InlineData("dataset: f\ntables: [null]\n", "tables[0]")]
    [InlineData("dataset: f\ntables:\n  - name: t\n    source: null\n", "tables[0].source")]
    [InlineData("dataset: f\ntables:\n  - name: t\n    source: { file: data.csv }\n    header: null\n", "tables[0].header")]
    [InlineData("dataset: f\ntables:\n  - name: t\n    source: { files: [null] }\n", "tables[0].source.files[0]")]
    [InlineData("dataset: f\ntables:\n  - name: t\n    source: { file: data.csv }\n    factors: [null]\n", "tables[0].factors[0]")]
    [InlineData("dataset: f\ntables:\n  - name: t\n    source: { file: data.csv }\n    header: { contains: [null] }\n", "tables[0].header.contains[0]")]
    [InlineData("dataset: f\nvars: null\n", "vars")]
    [InlineData("dataset: f\nvars: { year: null }\n", "vars.year")]
    [InlineData("dataset: f\ntables:\n  - name: null\n", "tables[0].name")]
    [InlineData("dataset: f\ntables:\n  - name: t\n    source: { file: data.csv, vars_from_file: \"(\" }\n", "tables[0].source.vars_from_file")]
    public void Load_NullOrInvalidWhereTheSchemaNeedsAValue_IngestionExceptionNamingThePath(string yaml, string path)
    {
        File.WriteAllText(Path.Combine(_root.FullName, "m.yaml"), yaml);
        var error = Assert.Throws<IngestionException>(() => new MappingLoader(_root.FullName).Load("m.yaml"));
        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2D0D7B2D2D9D000D2D2D2DE41E")] // InvalidOperationException from YamlDotNet's scanner (plain scalar)
    [InlineData("2E2E2E00")] // "...\0": InvalidOperationException, the scanner should contain no more tokens
    [InlineData("21212121212B212B2B")] // "!!!!!+!++": ArgumentException, global tags must be valid URIs
    public void Load_YamlTheParserChokesOn_IngestionException(string hex)
    {
        File.WriteAllBytes(Path.Combine(_root.FullName, "m.yaml"), Convert.FromHexString(hex));
        var error = Assert.Throws<IngestionException>(() => new MappingLoader(_root.FullName).Load("m.yaml"));
        Assert.Contains("Mapping 'm.yaml' is invalid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Accccccccccccc")] // overflowed to a negative index: IndexOutOfRangeException reading the anchor column
    [InlineData("AAAA")]
    public void ColumnLetters_EmptyOrPastXfd_IngestionException(string letters) =>
        Assert.Throws<IngestionException>(() => TableHeader.ColumnLetters(letters));

    [Theory]
    [InlineData("A", 0)]
    [InlineData("z", 25)]
    [InlineData("AA", 26)]
    [InlineData("XFD", 16383)]
    public void ColumnLetters_ExcelLetters_ZeroBasedIndex(string letters, int index) => Assert.Equal(index, TableHeader.ColumnLetters(letters));

    [Fact]
    public void Load_EveryShippedMapping_StillLoads()
    {
        foreach (var name in typeof(MappingLoader).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("FactorTrace.Datasets.Mappings.", StringComparison.Ordinal) && !n.Contains(".base.", StringComparison.Ordinal)))
        {
            var mapping = new MappingLoader(null).Load(name["FactorTrace.Datasets.Mappings.".Length..]);
            Assert.NotEmpty(mapping.Tables);
        }
    }
}
