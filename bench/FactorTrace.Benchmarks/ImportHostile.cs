using System.Diagnostics;
using System.Globalization;
using FactorTrace.Import;
using FactorTrace.Import.Processing;
using FactorTrace.Tests.Import;

namespace FactorTrace.Benchmarks;

/// <summary>
/// The security review's file: an XLSX with one huge cell (inline or a shared string) that deflates at about 50:1, read
/// with the default limits as an upload is (detection and analysis). Prints the outcome, the time, the bytes allocated
/// and the process's peak resident memory (VmHWM). Run each case in a fresh process.
/// Usage: <c>FactorTrace.Benchmarks import-hostile inline|shared [chars]</c> (default 100,000,000).
/// </summary>
internal static class ImportHostile
{
    public static int Run(string variant, long chars)
    {
        var folder = Directory.CreateTempSubdirectory("import-hostile-").FullName;
        try
        {
            var path = Path.Combine(folder, "huge-cell.xlsx");
            HostileXlsx.HugeCell(path, chars, shared: variant == "shared");
            var size = new FileInfo(path).Length;
            GC.Collect();
            var peakBefore = PeakMiB();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            string outcome;
            try
            {
                new ImportProcessor(new ImportOptions(), null).Analyze(path, new Dictionary<string, string>(), null);
                outcome = "accepted";
            }
            catch (ImportException ex)
            {
                outcome = ex.Code;
            }
            catch (OutOfMemoryException)
            {
                outcome = "OutOfMemoryException";
            }

            watch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{variant} cell of {chars:N0} characters, file {size:N0} bytes: {outcome} after {watch.Elapsed.TotalSeconds:F2} s; allocated {allocated / 1048576.0:N0} MiB; peak resident {PeakMiB():N0} MiB (before reading: {peakBefore:N0} MiB)"));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double PeakMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }
}
