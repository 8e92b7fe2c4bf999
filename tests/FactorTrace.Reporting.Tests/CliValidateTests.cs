using System.Diagnostics;

namespace FactorTrace.Reporting.Tests;

/// <summary><c>factortrace report validate FILE</c>: 0 valid, 1 invalid with the list, 2 usage error.</summary>
[Collection(LedgerDefinition.Name)]
public sealed class CliValidateTests(LedgerFixture ledger)
{
    [Fact]
    public async Task GeneratedReport_Valid_Exit0()
    {
        var built = await ReportFixture.GetAsync(ledger);
        var file = Path.Combine(Directory.CreateTempSubdirectory("ft-cli-").FullName, "report.xhtml");
        await File.WriteAllTextAsync(file, built.Ixbrl, TestContext.Current.CancellationToken);

        var (exit, output, error) = await RunAsync("report", "validate", file, "--datasets", TestData.DatasetsPath);

        Assert.Equal(0, exit);
        Assert.Equal("", output);
        Assert.Contains("report.xhtml: valid", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenReport_Exit1_EveryProblemOnALine()
    {
        var built = await ReportFixture.GetAsync(ledger);
        var file = Path.Combine(Directory.CreateTempSubdirectory("ft-cli-").FullName, "broken.xhtml");
        await File.WriteAllTextAsync(file, built.Ixbrl.Replace("esrs:Category6BusinessTravelMember", "esrs:Category99Member", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var (exit, output, error) = await RunAsync("report", "validate", file, "--taxonomy", TestData.TaxonomyPath);

        Assert.Equal(1, exit);
        Assert.StartsWith("dimension: Fact f_scope3_cat6_", output, StringComparison.Ordinal);
        Assert.Contains("member esrs:Category99Member of esrs:Scope3GHGEmissionsCategoryGHGProtocolAxis", output, StringComparison.Ordinal);
        Assert.Contains("broken.xhtml: 1 problem", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFileOrTaxonomy_Exit2()
    {
        Assert.Equal(2, (await RunAsync("report", "validate", "/nonexistent/report.xhtml", "--taxonomy", TestData.TaxonomyPath)).Exit);
        var file = Path.GetTempFileName();
        Assert.Equal(2, (await RunAsync("report", "validate", file, "--taxonomy", "/nonexistent")).Exit);
        Assert.Equal(2, (await RunAsync("report", "validate")).Exit);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var testBin = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(testBin.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var cli = Path.GetFullPath(Path.Combine(testBin, "..", "..", "..", "..", "..", "src", "FactorTrace.Cli", "bin", configuration, "net10.0", "FactorTrace.Cli.dll"));
        Assert.True(File.Exists(cli), $"CLI not built at {cli}");
        var start = new ProcessStartInfo("dotnet", [cli, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["FactorTrace__DataDirectory"] = Directory.CreateTempSubdirectory("ft-cli-data-").FullName;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
