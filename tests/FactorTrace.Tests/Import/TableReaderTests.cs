using FactorTrace.Import;
using FactorTrace.Import.Processing;
using FactorTrace.Import.Reading;

namespace FactorTrace.Tests.Import;

/// <summary>Inputs found by fuzzing the upload path (scripts/fuzz.sh import-reader): each must end in a structured refusal.</summary>
public sealed class TableReaderTests
{
    private static readonly ImportOptions Options = new() { MaxFieldChars = 4096, MaxRows = 2000, PreviewRows = 5 };

    [Theory]
    [InlineData("\"|")]
    [InlineData("a,b\n\"x\"y,1\n")]
    [InlineData("a,b\n1,\"unclosed\n")]
    public void Read_MalformedQuotes_FileCorrupt(string text)
    {
        var path = Write(System.Text.Encoding.UTF8.GetBytes(text));
        try
        {
            var ex = Assert.Throws<ImportException>(() =>
            {
                var layout = TableReader.Detect(path, Options);
                foreach (var _ in TableReader.Read(path, layout, Options))
                {
                }
            });
            Assert.Equal("file_corrupt", ex.Code);
            Assert.Contains("Row ", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Analyze_MalformedQuotes_FileCorrupt()
    {
        var path = Write("\"|"u8.ToArray());
        try
        {
            var ex = Assert.Throws<ImportException>(() => new ImportProcessor(Options, null).Analyze(path, new Dictionary<string, string>(), null));
            Assert.Equal("file_corrupt", ex.Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Write(byte[] bytes)
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
