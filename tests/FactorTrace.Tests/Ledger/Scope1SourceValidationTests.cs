using FactorTrace.Data.Ledger;

namespace FactorTrace.Tests.Ledger;

/// <summary>The one rule for Scope 1 source types that the API and the importer share (<see cref="ActivityValidation"/>).</summary>
public sealed class Scope1SourceValidationTests
{
    private static readonly ActivityBody Diesel = new() { ActivityId = "fuel.diesel", Amount = 5, Unit = "L", Date = new DateOnly(2024, 1, 1) };

    [Theory]
    [InlineData("mobile-combustion", "mobile-combustion")]
    [InlineData("Mobile combustion", "mobile-combustion")]
    [InlineData("mobile", "mobile-combustion")]
    [InlineData("STATIONARY", "stationary-combustion")]
    [InlineData("stationary_combustion", "stationary-combustion")]
    [InlineData("process emissions", "process")]
    [InlineData("Fugitive Emissions", "fugitive")]
    [InlineData("Scope 1 fugitive", "fugitive")]
    [InlineData("business travel", null)]
    [InlineData("combustion", null)]
    [InlineData("6", null)]
    public void NormalizeScope1Source_Variants_CanonicalOrNull(string text, string? expected) =>
        Assert.Equal(expected, ActivityValidation.NormalizeScope1Source(text));

    [Fact]
    public void WithScope1Source_CategoryNamesSourceOnScope1_MovedOutOfCategory()
    {
        var body = ActivityValidation.WithScope1Source(Diesel with { Scope = "1", Category = "Mobile combustion" });

        Assert.Null(ActivityValidation.Validate(Diesel with { Scope = "1", Category = "Mobile combustion" }));
        Assert.Equal("mobile-combustion", body.Scope1Source);
        Assert.Null(body.Category);
    }

    [Fact]
    public void Apply_CategoryNamesSource_RecordKeepsSourceNotCategory()
    {
        var record = new ActivityRecord();

        ActivityValidation.Apply(Diesel with { Category = "fugitive emissions" }, record);

        Assert.Equal("fugitive", record.Scope1Source);
        Assert.Null(record.Category);
    }

    [Theory]
    [InlineData("2", null, "process", "scope1_source")]
    [InlineData("3", "stationary", null, "category")]
    [InlineData(null, null, "volcanic", "scope1_source")]
    [InlineData("1", "mobile", "fugitive", "category")]
    public void Validate_SourceOnOtherScopeOrUnknownOrConflicting_ErrorWithSuggestion(string? scope, string? category, string? source, string field)
    {
        var error = ActivityValidation.Validate(Diesel with { Scope = scope, Category = category, Scope1Source = source });

        Assert.NotNull(error);
        Assert.Equal(field, error.Field);
        Assert.Equal("invalid_value", error.Code);
        Assert.NotEmpty(error.Suggestions!);
    }

    [Fact]
    public void Validate_Scope3CategoryOnScope3_StillValid() =>
        Assert.Null(ActivityValidation.Validate(Diesel with { Scope = "3", Category = "3.6" }));
}
