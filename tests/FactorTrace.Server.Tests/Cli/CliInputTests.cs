namespace FactorTrace.Server.Tests.Cli;

/// <summary>Numbers on the command line never change meaning: a decimal comma is refused with the likely reading, not multiplied by ten.</summary>
public sealed class CliInputTests
{
    private static readonly string[] Diesel = ["--activity", "fuel.diesel", "--region", "GB", "--year", "2024", "--unit", "L"];

    [Theory]
    [InlineData("12,5", "did you mean 12.5?")]
    [InlineData("-12,5", "did you mean -12.5?")]
    [InlineData("1.234,5", "did you mean 1234.5?")]
    [InlineData("abc", "is not a number")]
    [InlineData("12,50,0", "is not a number")]
    public async Task Estimate_AmountNotAnInvariantNumber_ExitTwoWithSuggestion(string amount, string expected)
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(["estimate", "--amount", amount, .. Diesel]);
        Assert.True(exit == 2, $"exit {exit}: {stdout} {stderr}");
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("kg CO2e", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,234.5", "1234.5 L")]
    [InlineData("12.5", "12.5 L")]
    [InlineData("1e3", "1000 L")]
    public async Task Estimate_InvariantNumbers_Read(string amount, string expected)
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(["estimate", "--amount", amount, .. Diesel]);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains(expected, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_YearWithSeparator_ExitTwo()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(["resolve", "--activity", "fuel.diesel", "--region", "GB", "--year", "2,024", "--unit", "L"]);
        Assert.Equal(2, exit);
        Assert.Contains("(2024)", stderr, StringComparison.Ordinal);
    }
}
