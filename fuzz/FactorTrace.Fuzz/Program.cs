using System.Diagnostics;
using SharpFuzz;

namespace FactorTrace.Fuzz;

/// <summary>
/// <c>FactorTrace.Fuzz &lt;target&gt;</c> runs one target under afl-fuzz (SharpFuzz's out-of-process fork server, which survives
/// stack overflows and time-outs); <c>FactorTrace.Fuzz &lt;target&gt; --replay &lt;dir|file&gt;</c> runs saved inputs without afl and
/// prints each failure with its stack trace (exit code 1 when any input fails or is slow).
/// </summary>
internal static class Program
{
    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.Ordinal)
    {
        ["import-reader"] = ImportReaderTarget.Run,
        ["json-bodies"] = JsonBodiesTarget.Run,
        ["yaml-mappings"] = YamlMappingsTarget.Run,
    };

    private static int Main(string[] args)
    {
        if (args.Length == 0 || !Targets.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: FactorTrace.Fuzz <{string.Join('|', Targets.Keys)}> [--replay <dir|file>]");
            return 2;
        }

        if (args.Length >= 3 && args[1] == "--replay")
        {
            return Replay(target, args[2]);
        }

        Fuzzer.OutOfProcess.Run(stream => target(ReadAll(stream)));
        return 0;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static int Replay(Action<byte[]> target, string path)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("README.txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [path];
        int failed = 0, slow = 0;
        Outcome.Refused = message => Console.WriteLine($"      refused: {message}");
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            var clock = Stopwatch.StartNew();
            try
            {
                target(input);
            }
#pragma warning disable CA1031 // Replay reports every escaping exception: each one is a finding.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failed++;
                Console.WriteLine($"CRASH {file} ({input.Length} bytes): {ex}");
                continue;
            }

            Console.WriteLine($"ok    {file} ({input.Length} bytes, {clock.Elapsed.TotalMilliseconds:N0} ms)");
            if (clock.Elapsed > TimeSpan.FromSeconds(2))
            {
                slow++;
                Console.WriteLine($"SLOW  {file} ({input.Length} bytes): {clock.Elapsed.TotalMilliseconds:N0} ms");
            }
        }

        Console.WriteLine($"replayed {files.Count} inputs: {failed} crashed, {slow} slow (> 2 s)");
        return failed + slow == 0 ? 0 : 1;
    }
}
