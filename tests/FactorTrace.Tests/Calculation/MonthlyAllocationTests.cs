using FactorTrace.Calculation;

namespace FactorTrace.Tests.Calculation;

public sealed class MonthlyAllocationTests
{
    private static readonly DateOnly Year2024Start = new(2024, 1, 1);
    private static readonly DateOnly Year2024End = new(2024, 12, 31);

    private static ResultRow Row(double kg, string status = "ok") => new()
    {
        RecordId = Guid.NewGuid(),
        Method = ResultMethods.Both,
        Date = new DateOnly(2024, 1, 15),
        Scope = "2",
        Quantity = 590,
        Unit = "kWh",
        KgCo2e = kg,
        Gases = new GasColumns(kg * 0.9, kg * 0.1, 0, 0),
        BiogenicCo2 = 5.9,
        Share = 1,
        Status = status,
    };

    [Fact]
    public void Parts_BillFrom15JanuaryTo14March2024_SplitsByDaysOfEachMonth()
    {
        var parts = MonthlyAllocation.Parts(new DateOnly(2024, 1, 15), new DateOnly(2024, 3, 14), Year2024Start, Year2024End);

        Assert.Equal([new DateOnly(2024, 1, 15), new DateOnly(2024, 2, 1), new DateOnly(2024, 3, 1)], parts.Select(p => p.Start));
        Assert.Equal([17, 29, 14], parts.Select(p => p.Days)); // 2024 is a leap year: February has 29 days
        Assert.Equal(1.0, parts.Sum(p => p.Share), 12);
        Assert.Equal(17.0 / 60, parts[0].Share, 12);
    }

    [Fact]
    public void Parts_PeriodAcrossTheWindowsStart_KeepsOnlyTheDaysInside()
    {
        var parts = MonthlyAllocation.Parts(new DateOnly(2023, 12, 1), new DateOnly(2024, 1, 31), Year2024Start, Year2024End);

        var part = Assert.Single(parts);
        Assert.Equal(new DateOnly(2024, 1, 1), part.Start);
        Assert.Equal(31.0 / 62, part.Share, 12);
    }

    [Fact]
    public void Apply_ThreeMonthBill_RowsPerMonthWhoseAmountsAddUpToTheRecord()
    {
        List<ResultRow> rows = [Row(1000)];

        MonthlyAllocation.Apply(rows, 0, new DateOnly(2024, 1, 15), new DateOnly(2024, 3, 14), Year2024Start, Year2024End);

        Assert.Equal(3, rows.Count);
        Assert.Equal(1000, rows.Sum(r => r.KgCo2e), 9);
        Assert.Equal(590, rows.Sum(r => r.Quantity), 9);
        Assert.Equal(5.9, rows.Sum(r => r.BiogenicCo2), 9);
        Assert.Equal(900, rows.Sum(r => r.Gases.Co2), 9);
        Assert.Equal(1000 * 29.0 / 60, rows[1].KgCo2e, 9);
        Assert.Equal(29.0 / 60, rows[1].Share, 12);
        Assert.Equal(new DateOnly(2024, 2, 1), rows[1].Date);
        Assert.All(rows, r => Assert.Equal(rows[0].RecordId, r.RecordId));
    }

    [Fact]
    public void Apply_RecordWithinOneMonth_LeftAsItIs()
    {
        List<ResultRow> rows = [Row(1000)];

        MonthlyAllocation.Apply(rows, 0, new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 31), Year2024Start, Year2024End);

        Assert.Equal(1000, Assert.Single(rows).KgCo2e);
        Assert.Equal(1, rows[0].Share);
    }

    [Fact]
    public void Apply_ErrorRow_KeptOnceOnTheFirstDayInsideTheWindow()
    {
        List<ResultRow> rows = [Row(0, "error")];

        MonthlyAllocation.Apply(rows, 0, new DateOnly(2023, 11, 1), new DateOnly(2024, 2, 29), Year2024Start, Year2024End);

        Assert.Equal(new DateOnly(2024, 1, 1), Assert.Single(rows).Date);
    }

    [Fact]
    public void Apply_OnlyTheRowsFromTheGivenIndex_AreSplit()
    {
        List<ResultRow> rows = [Row(7), Row(1000), Row(500)];

        MonthlyAllocation.Apply(rows, 1, new DateOnly(2024, 1, 15), new DateOnly(2024, 3, 14), Year2024Start, Year2024End);

        Assert.Equal(7, rows.Count); // the first row untouched, two rows (location and market, say) in three parts each
        Assert.Equal(7, rows[0].KgCo2e);
        Assert.Equal(1507, rows.Sum(r => r.KgCo2e), 9);
    }

    [Fact]
    public void Parts_EndBeforeStart_Refused()
    {
        Assert.Throws<ArgumentException>(() => MonthlyAllocation.Parts(new DateOnly(2024, 3, 1), new DateOnly(2024, 2, 1), Year2024Start, Year2024End));
    }
}
