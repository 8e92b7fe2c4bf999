using System.Diagnostics;

namespace FactorTrace.Server.Tests.Cli;

/// <summary>The built <c>factortrace</c> command, run as a child process as a user would.</summary>
internal static class CliProcess
{
    public static string Path
    {
        get
        {
            var testBin = AppContext.BaseDirectory; // tests/FactorTrace.Server.Tests/bin/<Configuration>/net10.0/
            var configuration = new DirectoryInfo(testBin.TrimEnd(System.IO.Path.DirectorySeparatorChar)).Parent!.Name;
            var cli = System.IO.Path.GetFullPath(System.IO.Path.Combine(testBin, "..", "..", "..", "..", "..", "src", "FactorTrace.Cli", "bin", configuration, "net10.0", "FactorTrace.Cli.dll"));
            Assert.True(File.Exists(cli), $"CLI not built at {cli}");
            return cli;
        }
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FACTORTRACE_DATASETS_PATH"] = TestEnvironment.DatasetsPath;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
