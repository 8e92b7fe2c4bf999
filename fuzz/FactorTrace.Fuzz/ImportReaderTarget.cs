using FactorTrace.Import;
using FactorTrace.Import.Processing;

namespace FactorTrace.Fuzz;

/// <summary>
/// An upload's path through the importer over arbitrary bytes: format detection (magic bytes), encoding and delimiter
/// sniffing, header detection and the suggested mapping (<see cref="ImportProcessor.Analyze"/>), then a validation pass that
/// reads and converts every row (<see cref="ImportProcessor.Scan"/>). <see cref="ImportException"/> is the structured refusal
/// the API turns into a 4xx; any other exception is a finding.
/// </summary>
internal static class ImportReaderTarget
{
    private static readonly ImportOptions Options = new()
    {
        MaxFileBytes = 1024 * 1024,
        MaxFieldChars = 4096,
        MaxRows = 2000,
        MaxUnzippedBytes = 8 * 1024 * 1024,
        PreviewRows = 5,
    };

    private static readonly string Path = System.IO.Path.Combine(Workspace.Create("import-reader"), "upload");

    private static readonly Dictionary<string, string> NoHistory = new(StringComparer.Ordinal);

    public static void Run(byte[] input)
    {
        File.WriteAllBytes(Path, input);
        var processor = new ImportProcessor(Options, matcher: null);
        try
        {
            var analysis = processor.Analyze(Path, NoHistory, template: null);
            processor.Scan(Path, analysis.Layout, analysis.Mapping, analysis.Notes, patches: null, Options.PreviewRows, _ => { });
        }
        catch (ImportException ex)
        {
            Outcome.Refused?.Invoke($"{ex.Code}: {ex.Message}");
            // Refused with a stable code: the expected outcome for a bad file.
        }
    }
}
