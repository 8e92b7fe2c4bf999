using FactorTrace.Grid.Windows;
using static FactorTrace.Server.Tests.Grid.Windows.WindowTestData;

namespace FactorTrace.Server.Tests.Grid.Windows;

/// <summary>The rules of a window request and the reading of its instants.</summary>
public sealed class WindowRequestTests
{
    private static readonly WindowRequest Valid = Request("2023-06-01T00:00Z", "2023-06-02T00:00Z", 180, "DE", "FR");

    [Fact]
    public void Validate_ValidRequest_HasNoErrors() => Assert.Empty(Valid.Validate());

    [Fact]
    public void Validate_ToNotAfterFrom_IsInvalidInterval()
    {
        Assert.Equal([("to", WindowErrorCodes.InvalidInterval)], Codes(Valid with { To = Valid.From }));
        Assert.Contains(("to", WindowErrorCodes.InvalidInterval), Codes(Valid with { To = Valid.From.AddHours(-1) }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void Validate_DurationNotPositive_IsInvalidDuration(int minutes) =>
        Assert.Equal([("duration", WindowErrorCodes.InvalidDuration)], Codes(Valid with { Duration = TimeSpan.FromMinutes(minutes) }));

    [Fact]
    public void Validate_DurationLongerThanTheInterval_IsRefusedButEqualIsFine()
    {
        Assert.Equal([("duration", WindowErrorCodes.DurationExceedsInterval)], Codes(Valid with { Duration = TimeSpan.FromHours(24.5) }));
        Assert.Empty(Codes(Valid with { Duration = TimeSpan.FromHours(24) }));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-30.0)]
    [InlineData(0.5)]
    [InlineData(90.25)]
    public void Validate_StepNotPositiveWholeMinutes_IsInvalidStep(double minutes) =>
        Assert.Equal([("step", WindowErrorCodes.InvalidStep)], Codes(Valid with { Step = TimeSpan.FromMinutes(minutes) }));

    [Fact]
    public void Validate_TooManyZones_UsesTheConfiguredLimit()
    {
        var zones = Enumerable.Range(0, 21).Select(i => $"Z{i}").ToArray();

        Assert.Equal([("zones", WindowErrorCodes.TooManyZones)], Codes(Valid with { Zones = zones }));
        Assert.Empty(Codes(Valid with { Zones = zones[..20] }));
        Assert.Equal([("zones", WindowErrorCodes.TooManyZones)], Codes(Valid with { Zones = zones[..3] }, new WindowLimits { MaxZones = 2 }));
    }

    [Fact]
    public void Validate_NoBlankOrDuplicateZones()
    {
        Assert.Equal([("zones", WindowErrorCodes.MissingZones)], Codes(Valid with { Zones = [] }));
        Assert.Equal([("zones", WindowErrorCodes.InvalidZone)], Codes(Valid with { Zones = ["DE", " "] }));
        Assert.Equal([("zones", WindowErrorCodes.DuplicateZone)], Codes(Valid with { Zones = ["DE", "de"] }));
    }

    [Fact]
    public void Validate_HorizonLongerThanTheLimit_IsHorizonTooLong()
    {
        Assert.Equal([("to", WindowErrorCodes.HorizonTooLong)], Codes(Valid with { To = Valid.From.AddDays(14).AddMinutes(1) }));
        Assert.Empty(Codes(Valid with { To = Valid.From.AddDays(14) }));
        Assert.Equal([("to", WindowErrorCodes.HorizonTooLong)], Codes(Valid, new WindowLimits { MaxHorizon = TimeSpan.FromHours(12) }));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_EnergyNotFiniteOrNegative_IsInvalidEnergy(double kwh) =>
        Assert.Equal([("energy_kwh", WindowErrorCodes.InvalidEnergy)], Codes(Valid with { EnergyKwh = kwh }));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Validate_CandidatesOutOfRange_IsInvalidCandidates(int count) =>
        Assert.Equal([("candidates", WindowErrorCodes.InvalidCandidates)], Codes(Valid with { Candidates = count }));

    [Fact]
    public void Validate_SeveralFaults_ReportsEach()
    {
        var request = Valid with { Zones = [], To = Valid.From, Duration = TimeSpan.Zero, Step = TimeSpan.Zero };

        Assert.Equal(
            [WindowErrorCodes.MissingZones, WindowErrorCodes.InvalidInterval, WindowErrorCodes.InvalidDuration, WindowErrorCodes.InvalidStep],
            request.Validate().Select(e => e.Code));
        Assert.All(request.Validate(), e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Theory]
    [InlineData("2023-06-01T10:00:00Z", "2023-06-01T10:00:00Z")]
    [InlineData("2023-06-01T12:00:00+02:00", "2023-06-01T10:00:00Z")]
    [InlineData("2023-06-01T05:30:00-0430", "2023-06-01T10:00:00Z")]
    [InlineData("2023-06-01T10:00Z", "2023-06-01T10:00:00Z")]
    [InlineData("2023-06-01 10:00:00.5z", "2023-06-01T10:00:00.5Z")]
    public void TryParse_InstantWithOffset_IsRead(string text, string utc)
    {
        Assert.True(WindowInstant.TryParse(text, "from", out var instant, out var error));
        Assert.Null(error);
        Assert.Equal(At(utc), instant);
    }

    [Theory]
    [InlineData("2023-06-01T10:00:00")]
    [InlineData("2023-06-01 10:00")]
    [InlineData("2023-06-01")]
    public void TryParse_InstantWithoutOffset_IsMissingOffset(string text)
    {
        Assert.False(WindowInstant.TryParse(text, "to", out _, out var error));
        Assert.Equal(("to", WindowErrorCodes.MissingOffset), (error!.Field, error.Code));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("tomorrow")]
    [InlineData("2023-13-01T10:00:00Z")]
    [InlineData("06/01/2023 10:00 +02:00")]
    public void TryParse_NotAnIsoInstant_IsInvalidInstant(string? text)
    {
        Assert.False(WindowInstant.TryParse(text, "from", out _, out var error));
        Assert.Equal(WindowErrorCodes.InvalidInstant, error!.Code);
    }

    private static (string Field, string Code)[] Codes(WindowRequest request, WindowLimits? limits = null) =>
        [.. request.Validate(limits).Select(e => (e.Field, e.Code))];
}
