using FactorTrace.Text;

namespace FactorTrace.Tests;

public sealed class InvariantNumberTests
{
    [Theory]
    [InlineData("12.5", 12.5)]
    [InlineData("-12.5", -12.5)]
    [InlineData("+3", 3)]
    [InlineData(".5", 0.5)]
    [InlineData("1,234.5", 1234.5)]
    [InlineData("12,500", 12500)]
    [InlineData("1,234,567", 1234567)]
    [InlineData("2.5e3", 2500)]
    [InlineData(" 7 ", 7)]
    public void TryParse_InvariantText_Read(string text, double expected)
    {
        Assert.True(InvariantNumber.TryParse(text, out var value, out var problem), problem);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("12,5", "12.5")]
    [InlineData("-12,5", "-12.5")]
    [InlineData("1.234,56", "1234.56")]
    [InlineData("0,001", "0.001")]
    public void TryParse_DecimalComma_RefusedAsAmbiguousWithTheLikelyReading(string text, string meant)
    {
        // A group that starts with 0 is never a thousands group, so 0,001 is a decimal comma.
        Assert.False(InvariantNumber.TryParse(text, out _, out var problem));
        Assert.Contains($"did you mean {meant}?", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1,23,456")]
    [InlineData("1e999")]
    [InlineData("NaN")]
    [InlineData("∞")]
    public void TryParse_NotANumber_Refused(string text) => Assert.False(InvariantNumber.TryParse(text, out _, out _));

    [Theory]
    [InlineData("2024", 2024, true)]
    [InlineData("2,024", 0, false)]
    [InlineData("20.5", 0, false)]
    public void TryParseInteger_WholeNumbersWithoutSeparators(string text, int expected, bool ok)
    {
        Assert.Equal(ok, InvariantNumber.TryParseInteger(text, out var value, out _));
        Assert.Equal(expected, value);
    }
}
