using FactorTrace.Grid.Windows;
using static FactorTrace.Server.Tests.Grid.Windows.WindowTestData;

namespace FactorTrace.Server.Tests.Grid.Windows;

/// <summary>The window finder on small series whose answers are computed by hand.</summary>
public sealed class CleanWindowFinderTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Find_WholeHours_BestIsLowestTwoHourMeanAndCandidatesAreRanked()
    {
        var series = Series("A", "2023-06-01T00:00Z", 5, 3, 1, 2, 4, 6);
        var request = Request("2023-06-01T00:00Z", "2023-06-01T06:00Z", 120, "A") with { EnergyKwh = 10 };

        var answer = CleanWindowFinder.Find(request, [series]);

        // Means of the 2-hour windows starting 00..04: 4, 2, 1.5, 3, 5.
        Assert.Equal(new WindowChoice("A", At("2023-06-01T02:00Z"), At("2023-06-01T04:00Z"), 1.5), answer.Best);
        Assert.Equal(new BaselineWindow("A", At("2023-06-01T00:00Z"), At("2023-06-01T02:00Z"), 4, null), answer.Baseline);
        Assert.Equal(62.5, answer.SavingPct!.Value, Tolerance);
        Assert.Equal(10 * 2.5 / 1000, answer.SavingKg!.Value, Tolerance);
        Assert.Equal([2.0, 3, 4, 5], answer.Candidates.Select(c => c.Mean));
        Assert.Equal([1, 3, 0, 4], answer.Candidates.Select(c => (c.Start - At("2023-06-01T00:00Z")).Hours));
        Assert.Equal(5, answer.WindowsEvaluated);
        Assert.Equal(0, answer.WindowsExcluded);
        Assert.Empty(answer.Zones.Single().MissingHours);
    }

    [Fact]
    public void Find_TwoZones_BestMayBeInAnotherZoneAndBaselineStaysInTheFirst()
    {
        var a = Series("DE", "2023-06-01T00:00Z", 300, 200, 250, 400);
        var b = Series("FR", "2023-06-01T00:00Z", 60, 20, 30, 10);
        var request = Request("2023-06-01T00:00Z", "2023-06-01T04:00Z", 120, "DE", "FR") with { EnergyKwh = 1000, Candidates = 3 };

        var answer = CleanWindowFinder.Find(request, [b, a]);

        // FR: 40, 25, 20; DE: 250, 225, 325.
        Assert.Equal(new WindowChoice("FR", At("2023-06-01T02:00Z"), At("2023-06-01T04:00Z"), 20), answer.Best);
        Assert.Equal(250, answer.Baseline.Mean);
        Assert.Equal("DE", answer.Baseline.Zone);
        Assert.Equal(92.0, answer.SavingPct!.Value, Tolerance);
        Assert.Equal(230.0, answer.SavingKg!.Value, Tolerance);
        Assert.Equal([("FR", 25.0), ("FR", 40.0), ("DE", 225.0)], answer.Candidates.Select(c => (c.Zone, c.Mean)));
        Assert.Equal(6, answer.WindowsEvaluated);
    }

    [Fact]
    public void Find_FromOnTheHalfHour_WeightsPartialHoursByTheMinutesCovered()
    {
        var series = Series("A", "2023-06-01T10:00Z", 6, 3, 1, 1);
        var request = Request("2023-06-01T10:30Z", "2023-06-01T14:00Z", 90, "A");

        var answer = CleanWindowFinder.Find(request, [series]);

        // 10:30–12:00 = (0.5·6 + 3)/1.5 = 4; 11:30–13:00 = (0.5·3 + 1)/1.5; 12:30–14:00 = (0.5·1 + 1)/1.5 = 1.
        Assert.Equal(At("2023-06-01T12:30Z"), answer.Best!.Start);
        Assert.Equal(At("2023-06-01T14:00Z"), answer.Best.End);
        Assert.Equal(1.0, answer.Best.Mean, Tolerance);
        Assert.Equal(4.0, answer.Baseline.Mean!.Value, Tolerance);
        Assert.Equal(At("2023-06-01T10:30Z"), answer.Baseline.Start);
        Assert.Equal(2.5 / 1.5, answer.Candidates[0].Mean, Tolerance);
        Assert.Equal(75.0, answer.SavingPct!.Value, Tolerance);
    }

    [Fact]
    public void Find_StepOf30Minutes_StartsEveryHalfHour()
    {
        var series = Series("A", "2023-06-01T10:00Z", 4, 2, 8);
        var request = Request("2023-06-01T10:00Z", "2023-06-01T13:00Z", 60, "A") with { Step = TimeSpan.FromMinutes(30) };

        var answer = CleanWindowFinder.Find(request, [series]);

        // 10:00 → 4, 10:30 → 3, 11:00 → 2, 11:30 → 5, 12:00 → 8.
        Assert.Equal(At("2023-06-01T11:00Z"), answer.Best!.Start);
        Assert.Equal(2.0, answer.Best.Mean, Tolerance);
        Assert.Equal(["10:30", "10:00", "11:30", "12:00"], answer.Candidates.Select(c => c.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([3.0, 4, 5, 8], answer.Candidates.Select(c => c.Mean));
        Assert.Equal(5, answer.WindowsEvaluated);
    }

    [Fact]
    public void Find_EqualMeans_EarliestStartWinsThenZoneOrderAsGiven()
    {
        var a = Series("A", "2023-06-01T00:00Z", 3, 1, 1, 3);
        var b = Series("B", "2023-06-01T00:00Z", 1, 5, 5, 1);
        var request = Request("2023-06-01T00:00Z", "2023-06-01T04:00Z", 60, "A", "B") with { Candidates = 3 };

        var answer = CleanWindowFinder.Find(request, [a, b]);

        Assert.Equal(("B", At("2023-06-01T00:00Z")), (answer.Best!.Zone, answer.Best.Start));
        Assert.Equal([("A", 1), ("A", 2), ("B", 3)], answer.Candidates.Select(c => (c.Zone, c.Start.Hour)));
    }

    [Fact]
    public void Find_EqualMeansAtTheSameStart_FirstZoneOfTheRequestWins()
    {
        var series = new[] { Series("A", "2023-06-01T00:00Z", 7, 7), Series("B", "2023-06-01T00:00Z", 7, 7) };

        var ba = CleanWindowFinder.Find(Request("2023-06-01T00:00Z", "2023-06-01T02:00Z", 60, "B", "A"), series);
        var ab = CleanWindowFinder.Find(Request("2023-06-01T00:00Z", "2023-06-01T02:00Z", 60, "A", "B"), series);

        Assert.Equal(["B", "A", "B", "A"], new[] { ba.Best! }.Concat(ba.Candidates).Select(c => c.Zone));
        Assert.Equal(["A", "B", "A", "B"], new[] { ab.Best! }.Concat(ab.Candidates).Select(c => c.Zone));
    }

    [Fact]
    public void Find_WindowEndingExactlyAtTo_IsAllowed()
    {
        var series = Series("A", "2023-06-01T00:00Z", 5, 5, 1);

        var answer = CleanWindowFinder.Find(Request("2023-06-01T00:00Z", "2023-06-01T03:00Z", 60, "A"), [series]);

        Assert.Equal(new WindowChoice("A", At("2023-06-01T02:00Z"), At("2023-06-01T03:00Z"), 1), answer.Best);
    }

    [Fact]
    public void Find_HourStartingAtTo_IsNeverUsed()
    {
        var series = Series("A", "2023-06-01T00:00Z", 5, 6, 7, 0);

        var answer = CleanWindowFinder.Find(Request("2023-06-01T00:00Z", "2023-06-01T03:00Z", 120, "A"), [series]);

        Assert.Equal(new WindowChoice("A", At("2023-06-01T00:00Z"), At("2023-06-01T02:00Z"), 5.5), answer.Best);
        Assert.Equal(2, answer.WindowsEvaluated);
        Assert.All(answer.Candidates, c => Assert.True(c.End <= At("2023-06-01T03:00Z")));
    }

    [Fact]
    public void Find_MissingHour_ExcludesEveryWindowTouchingItAndReportsIt()
    {
        var a = Series("A", "2023-06-01T00:00Z", 1, Gap, 1, 4, 4);
        var b = Series("B", "2023-06-01T00:00Z", 9, 9, 9, 9, 9);
        var request = Request("2023-06-01T00:00Z", "2023-06-01T05:00Z", 120, "A", "B") with { EnergyKwh = 5 };

        var answer = CleanWindowFinder.Find(request, [a, b]);

        // A: [0,2) and [1,3) touch 01:00; [2,4) = 2.5; [3,5) = 4. B: 9 everywhere.
        Assert.Equal(new WindowChoice("A", At("2023-06-01T02:00Z"), At("2023-06-01T04:00Z"), 2.5), answer.Best);
        Assert.Equal(2, answer.WindowsExcluded);
        Assert.Equal(8, answer.WindowsEvaluated);
        Assert.Equal([At("2023-06-01T01:00Z")], answer.Zones[0].MissingHours);
        Assert.Equal(2, answer.Zones[0].WindowsExcluded);
        Assert.Empty(answer.Zones[1].MissingHours);
        Assert.DoesNotContain(answer.Candidates, c => c.Zone == "A" && c.Start < At("2023-06-01T02:00Z"));
        Assert.Equal(5, answer.Candidates.Count);
    }

    [Fact]
    public void Find_BaselineTouchingAMissingHour_HasNoMeanButAReason()
    {
        var series = Series("A", "2023-06-01T10:00Z", Gap, 2, 3, 4);
        var request = Request("2023-06-01T10:30Z", "2023-06-01T14:00Z", 60, "A") with { EnergyKwh = 5 };

        var answer = CleanWindowFinder.Find(request, [series]);

        Assert.Null(answer.Baseline.Mean);
        Assert.Equal(WindowReasons.MissingHours, answer.Baseline.Reason);
        Assert.Null(answer.SavingPct);
        Assert.Null(answer.SavingKg);
        Assert.Equal(At("2023-06-01T11:30Z"), answer.Best!.Start);
        Assert.Equal(2.5, answer.Best.Mean, Tolerance);
        Assert.Equal(1, answer.WindowsExcluded);
    }

    [Fact]
    public void Find_WindowEndingPartWayIntoAMissingHour_IsExcluded()
    {
        var series = Series("A", "2023-06-01T10:00Z", 1, Gap, 8, 8);
        var request = Request("2023-06-01T10:00Z", "2023-06-01T14:00Z", 30, "A") with { Step = TimeSpan.FromMinutes(30) };

        var answer = CleanWindowFinder.Find(request, [series]);

        // 10:30–11:00 ends where the gap starts and stays; 11:00–11:30 and 11:30–12:00 lie in it.
        Assert.Equal(2, answer.WindowsExcluded);
        Assert.Equal([At("2023-06-01T10:00Z"), At("2023-06-01T10:30Z")], new[] { answer.Best! }.Concat(answer.Candidates).Take(2).Select(c => c.Start));
        Assert.Equal(6, answer.Candidates.Count + 1);
    }

    [Fact]
    public void Find_SeriesShorterThanTheInterval_CountsTheUncoveredHoursAsMissing()
    {
        var series = Series("A", "2023-06-01T01:00Z", 2, 2);

        var answer = CleanWindowFinder.Find(Request("2023-06-01T00:00Z", "2023-06-01T04:00Z", 60, "A"), [series]);

        Assert.Equal([At("2023-06-01T00:00Z"), At("2023-06-01T03:00Z")], answer.Zones[0].MissingHours);
        Assert.Equal(2, answer.WindowsExcluded);
        Assert.Equal(At("2023-06-01T01:00Z"), answer.Best!.Start);
    }

    [Fact]
    public void Find_EveryWindowTouchesAMissingHour_HasNoBest()
    {
        var series = Series("A", "2023-06-01T00:00Z", 1, Gap, 1);

        var answer = CleanWindowFinder.Find(Request("2023-06-01T00:00Z", "2023-06-01T03:00Z", 120, "A"), [series]);

        Assert.Null(answer.Best);
        Assert.Empty(answer.Candidates);
        Assert.Null(answer.SavingPct);
        Assert.Equal(2, answer.WindowsExcluded);
    }

    [Fact]
    public void Find_SameInstantsInAnotherOffset_GivesTheSameAnswerInUtc()
    {
        var series = Series("A", "2023-06-01T08:00Z", 6, 3, 1, 1, 9, 2, 5);
        var utc = Request("2023-06-01T10:30Z", "2023-06-01T14:45Z", 90, "A") with { Step = TimeSpan.FromMinutes(15) };
        var shifted = utc with { From = At("2023-06-01T12:30+02:00"), To = At("2023-06-01T16:45+02:00") };

        var a = CleanWindowFinder.Find(utc, [series]);
        var b = CleanWindowFinder.Find(shifted, [series]);

        Assert.Equal(a.Best, b.Best);
        Assert.Equal(a.Baseline, b.Baseline);
        Assert.Equal(a.Candidates, b.Candidates);
        Assert.Equal(a.SavingPct, b.SavingPct);
        Assert.Equal(TimeSpan.Zero, b.Best!.Start.Offset);
        Assert.Equal(TimeSpan.Zero, b.Baseline.Start.Offset);
        Assert.All(b.Candidates, c => Assert.Equal(TimeSpan.Zero, c.Start.Offset));
    }

    [Fact]
    public void Find_CandidateCount_LimitsTheRankedList()
    {
        var series = Series("A", "2023-06-01T00:00Z", 9, 8, 7, 6, 5, 4, 3, 2, 1);
        var request = Request("2023-06-01T00:00Z", "2023-06-01T09:00Z", 60, "A");

        Assert.Equal(2, CleanWindowFinder.Find(request with { Candidates = 2 }, [series]).Candidates.Count);
        Assert.Empty(CleanWindowFinder.Find(request with { Candidates = 0 }, [series]).Candidates);
        Assert.Equal([2.0, 3, 4, 5, 6, 7, 8, 9], CleanWindowFinder.Find(request, [series]).Candidates.Select(c => c.Mean));
    }

    [Fact]
    public void Find_ZoneWithoutSeries_Throws()
    {
        var series = Series("A", "2023-06-01T00:00Z", 1, 1);

        var error = Assert.Throws<ArgumentException>(() => CleanWindowFinder.Find(Request("2023-06-01T00:00Z", "2023-06-01T02:00Z", 60, "A", "B"), [series]));

        Assert.Contains("zone B", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_InvalidRequest_ThrowsWithTheCode()
    {
        var series = Series("A", "2023-06-01T00:00Z", 1, 1);

        var error = Assert.Throws<ArgumentException>(() => CleanWindowFinder.Find(Request("2023-06-01T02:00Z", "2023-06-01T00:00Z", 60, "A"), [series]));

        Assert.Contains(WindowErrorCodes.InvalidInterval, error.Message, StringComparison.Ordinal);
    }
}
