using FactorTrace.Grid.Windows;
using static FactorTrace.Server.Tests.Grid.Windows.WindowTestData;

namespace FactorTrace.Server.Tests.Grid.Windows;

/// <summary>The window finder over the shipped Electricity Maps hourly files, against a naive minute-by-minute search.</summary>
public sealed class ShippedHourlyWindowTests
{
    private static readonly Lazy<ZoneSeries[]> Direct2023 = new(() =>
    [
        HourlyCsv.Read("DE", "DE_2023_hourly.csv"),
        HourlyCsv.Read("FR", "FR_2023_hourly.csv"),
        HourlyCsv.Read("US-CAL-CISO", "US-CAL-CISO_2023_hourly.csv"),
        HourlyCsv.Read("US-MIDA-PJM", "US-MIDA-PJM_2023_hourly.csv"),
    ]);

    [Fact]
    public void Find_Germany1June2023ThreeHours_IsTheMiddayTroughReadFromTheFile()
    {
        var request = Request("2023-06-01T00:00Z", "2023-06-02T00:00Z", 180, "DE");

        var answer = CleanWindowFinder.Find(request, Direct2023.Value);

        // DE_2023_hourly.csv rows 11:00–13:00: 143.0, 143.39, 144.52; row 00:00–02:00: 226.49, 221.6, 222.7.
        Assert.Equal(At("2023-06-01T11:00Z"), answer.Best!.Start);
        Assert.Equal((143.0 + 143.39 + 144.52) / 3, answer.Best.Mean, 1e-9);
        Assert.Equal((226.49 + 221.6 + 222.7) / 3, answer.Baseline.Mean!.Value, 1e-9);
        Assert.Equal("entsoe.eu", Direct2023.Value[0].MetadataAt(At("2023-06-01T11:00Z"))!.Source);
    }

    [Fact]
    public void Find_GermanyAndFrance1June2023ThreeHours_MatchesTheBruteForce()
    {
        var request = Request("2023-06-01T00:00Z", "2023-06-02T00:00Z", 180, "DE", "FR") with { EnergyKwh = 100 };

        var answer = CleanWindowFinder.Find(request, Direct2023.Value);
        var expected = BruteForceWindows.Rank(request, Direct2023.Value);

        Assert.Equal("FR", answer.Best!.Zone);
        AssertRanking(expected, answer);
        var baseline = expected.Single(w => w.Zone == "DE" && w.Start == request.From).Mean;
        Assert.Equal((baseline - expected[0].Mean) / baseline * 100, answer.SavingPct!.Value, 1e-9);
        Assert.Equal(100 * (baseline - expected[0].Mean) / 1000, answer.SavingKg!.Value, 1e-9);
    }

    [Theory]
    [InlineData("2023-03-20T00:00Z", "2023-03-27T00:00Z", 180, 60)]
    [InlineData("2023-03-20T07:30+02:00", "2023-03-27T00:00Z", 90, 30)]
    [InlineData("2023-11-02T10:17Z", "2023-11-09T10:17Z", 200, 45)]
    [InlineData("2023-12-25T00:00Z", "2023-12-31T23:00Z", 1440, 60)]
    public void Find_FourZonesOverAWeek_MatchesTheBruteForce(string from, string to, int durationMinutes, int stepMinutes)
    {
        var request = Request(from, to, durationMinutes, "US-MIDA-PJM", "DE", "US-CAL-CISO", "FR")
            with
        { Step = TimeSpan.FromMinutes(stepMinutes), Candidates = 25 };

        var answer = CleanWindowFinder.Find(request, Direct2023.Value);

        AssertRanking(BruteForceWindows.Rank(request, Direct2023.Value), answer);
        Assert.Equal(0, answer.WindowsExcluded);
    }

    [Fact]
    public void Find_LifeCycleValuesWithAGapCutIn_MatchesTheBruteForceAndExcludesTheGap()
    {
        var de = HourlyCsv.Read("DE", "DE_2023_hourly.csv", lifecycle: true);
        var values = de.Values.ToArray();
        var gap = At("2023-06-01T12:00Z");
        values[(int)(gap - de.Start).TotalHours] = ZoneSeries.Missing;
        var series = new[] { new ZoneSeries("DE", de.Start, values) };
        var request = Request("2023-06-01T00:00Z", "2023-06-02T00:00Z", 150, "DE") with { Step = TimeSpan.FromMinutes(30) };

        var answer = CleanWindowFinder.Find(request, series);

        AssertRanking(BruteForceWindows.Rank(request, series), answer);
        Assert.Equal([gap], answer.Zones[0].MissingHours);
        // 150-minute windows starting 10:00, 10:30, ..., 12:30 touch 12:00–13:00 (09:30 ends exactly at 12:00).
        Assert.Equal(6, answer.WindowsExcluded);
    }

    private static void AssertRanking(List<WindowChoice> expected, WindowAnswer answer)
    {
        var actual = new[] { answer.Best! }.Concat(answer.Candidates).ToList();
        Assert.Equal(expected.Take(actual.Count).Select(w => (w.Zone, w.Start, w.End)), actual.Select(w => (w.Zone, w.Start, w.End)));
        for (var i = 0; i < actual.Count; i++)
        {
            Assert.Equal(expected[i].Mean, actual[i].Mean, 1e-9);
        }
    }
}
