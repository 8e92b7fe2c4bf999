using System.Globalization;
using FactorTrace.Datasets.Download;
using Spectre.Console;

namespace FactorTrace.Cli.Commands;

/// <summary>
/// Prints a download's progress as lines (they read the same in a terminal and in a CI log): when it starts, at every
/// quarter of a stated length (every 8 MiB when none is stated), and when all its bytes are in. Synchronous, so lines
/// keep their order.
/// </summary>
internal sealed class PullProgressPrinter : IProgress<DownloadProgress>, IProgress<FileCheck>
{
    private const long UnknownLengthStep = 8L << 20;
    private long _next;

    public void Report(DownloadProgress value)
    {
        if (value.Bytes == 0 && !value.Done)
        {
            _next = Step(value.TotalBytes);
            AnsiConsole.MarkupLine($"  {Markup.Escape(value.Path)}: downloading{(value.TotalBytes is { } total ? $" {Size(total)}" : "")}");
            return;
        }

        if (value.Done || value.Bytes >= _next)
        {
            var share = value.TotalBytes is { } t && t > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({100.0 * value.Bytes / t:0} %)") : "";
            AnsiConsole.MarkupLine($"  {Markup.Escape(value.Path)}: {Size(value.Bytes)}{(value.TotalBytes is { } total ? $" of {Size(total)}" : "")}{share}{(value.Done ? ", verifying" : "")}");
            while (_next <= value.Bytes)
            {
                _next += Step(value.TotalBytes);
            }
        }
    }

    public void Report(FileCheck value) => AnsiConsole.MarkupLine($"  {Markup.Escape(value.Path)}: {value.Status}");

    private static long Step(long? total) => total is > 0 ? Math.Max(1, total.Value / 4) : UnknownLengthStep;

    private static string Size(long bytes) => bytes < 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB");
}
