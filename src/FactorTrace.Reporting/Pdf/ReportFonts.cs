using PdfSharp.Fonts;

namespace FactorTrace.Reporting.Pdf;

/// <summary>
/// The PDF's typeface: DejaVu Sans (Debian's <c>fonts-dejavu-core</c>, on every Debian machine) or Liberation Sans, found in
/// <c>FACTORTRACE_REPORT_FONTS</c> or the usual font folders, and embedded (subset) in every PDF, so the file shows the
/// same everywhere and its text can be selected and searched.
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    /// <summary>The family name the renderer asks for.</summary>
    public const string Family = "FactorTrace Sans";

    /// <summary>Environment variable naming a folder with <c>DejaVuSans.ttf</c> and <c>DejaVuSans-Bold.ttf</c>.</summary>
    public const string FolderVariable = "FACTORTRACE_REPORT_FONTS";

    private static readonly (string Regular, string Bold)[] Candidates =
    [
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ];

    private static readonly string[] Folders =
    [
        "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/truetype/liberation",
        "/usr/share/fonts/liberation", "/usr/local/share/fonts", "/Library/Fonts", "C:\\Windows\\Fonts",
    ];

    private static readonly Lock Gate = new();
    private static ReportFonts? _installed;
    private readonly byte[] _regular;
    private readonly byte[] _bold;

    private ReportFonts(byte[] regular, byte[] bold)
    {
        _regular = regular;
        _bold = bold;
    }

    /// <summary>Installs the resolver for PDFsharp once per process (leaves one a host installed alone).</summary>
    /// <exception cref="InvalidOperationException">No usable font was found: the message says what to install.</exception>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (_installed is not null || GlobalFontSettings.FontResolver is not null)
            {
                return;
            }

            _installed = Load();
            GlobalFontSettings.FontResolver = _installed;
        }
    }

    private static ReportFonts Load()
    {
        var folders = new List<string>();
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } own)
        {
            folders.Add(own);
        }

        folders.AddRange(Folders);
        foreach (var (regular, bold) in Candidates)
        {
            foreach (var folder in folders)
            {
                var r = Path.Combine(folder, regular);
                var b = Path.Combine(folder, bold);
                if (File.Exists(r) && File.Exists(b))
                {
                    return new ReportFonts(File.ReadAllBytes(r), File.ReadAllBytes(b));
                }
            }
        }

        throw new InvalidOperationException(
            $"No font for the PDF report: install Debian's fonts-dejavu-core (or fonts-liberation), or set {FolderVariable} to a folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf.");
    }

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "ft-bold" : "ft-regular");

    /// <inheritdoc />
    public byte[]? GetFont(string faceName) => faceName == "ft-bold" ? _bold : _regular;
}
