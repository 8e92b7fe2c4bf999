namespace FactorTrace.Calculation;

/// <summary>One part of a record's period: the days of one calendar month that fall in the reporting window.</summary>
/// <param name="Start">First day of the part (the row's accounting date).</param>
/// <param name="Days">Days in the part.</param>
/// <param name="Share">Days in the part over days in the whole period.</param>
public readonly record struct PeriodPart(DateOnly Start, int Days, double Share);

/// <summary>
/// Allocates a record that spans a period (a utility bill from 15 January to 14 March) across the calendar months it
/// covers, in proportion to days, and keeps only the parts inside the run's window: each part is its own result row,
/// dated on its first day, with quantity, emissions, gases and biogenic CO2 scaled by its share. A record on one date,
/// or a period inside one month and the window, stays one row. See <c>docs/calculation.md</c>.
/// </summary>
public static class MonthlyAllocation
{
    /// <summary>The parts of [<paramref name="start"/>, <paramref name="end"/>] by calendar month, clipped to [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static IReadOnlyList<PeriodPart> Parts(DateOnly start, DateOnly end, DateOnly from, DateOnly to)
    {
        if (end < start)
        {
            throw new ArgumentException($"The period ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).", nameof(end));
        }

        var total = end.DayNumber - start.DayNumber + 1;
        var parts = new List<PeriodPart>();
        var first = start > from ? start : from;
        var last = end < to ? end : to;
        for (var day = first; day <= last;)
        {
            var monthEnd = new DateOnly(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month));
            var partEnd = monthEnd < last ? monthEnd : last;
            var days = partEnd.DayNumber - day.DayNumber + 1;
            parts.Add(new PeriodPart(day, days, (double)days / total));
            if (partEnd == DateOnly.MaxValue)
            {
                break;
            }

            day = partEnd.AddDays(1);
        }

        return parts;
    }

    /// <summary>
    /// Replaces the rows from index <paramref name="first"/> (one record's rows) by their parts in [<paramref name="from"/>,
    /// <paramref name="to"/>] when the record has a period; an error row is kept once, dated on the first day of the
    /// record inside the window. Rows of a record on one date are left as they are.
    /// </summary>
    /// <param name="rows">The run's rows.</param>
    /// <param name="first">Index of the record's first row.</param>
    /// <param name="periodStart">First day of the record's period.</param>
    /// <param name="periodEnd">Last day of the record's period.</param>
    /// <param name="from">First day of the run.</param>
    /// <param name="to">Last day of the run.</param>
    /// <param name="allocate">
    /// The row of one part; <see cref="Scale"/> when null. The engine's <see cref="CalculationEngine.AllocatePart"/>
    /// recalculates an hourly-profile row from the hours of its part.
    /// </param>
    public static void Apply(
        List<ResultRow> rows, int first, DateOnly? periodStart, DateOnly? periodEnd, DateOnly from, DateOnly to, Func<ResultRow, PeriodPart, ResultRow>? allocate = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (periodStart is not { } start || periodEnd is not { } end || end < start || first >= rows.Count)
        {
            return;
        }

        var parts = Parts(start, end, from, to);
        if (parts.Count == 0)
        {
            rows.RemoveRange(first, rows.Count - first);
            return;
        }

        if (parts is [{ Share: 1 }])
        {
            return;
        }

        var record = rows.GetRange(first, rows.Count - first);
        rows.RemoveRange(first, record.Count);
        foreach (var row in record)
        {
            if (row.Status != ResultStatuses.Ok)
            {
                rows.Add(row with { Date = parts[0].Start });
                continue;
            }

            foreach (var part in parts)
            {
                rows.Add(allocate is null ? Scale(row, part) : allocate(row, part));
            }
        }
    }

    /// <summary>A row's part: dated on the part's first day, with share, quantity, emissions, gases and biogenic CO2 scaled by its share.</summary>
    public static ResultRow Scale(ResultRow row, PeriodPart part) => row with
    {
        Date = part.Start,
        Share = row.Share * part.Share,
        Quantity = row.Quantity * part.Share,
        KgCo2e = row.KgCo2e * part.Share,
        Gases = row.Gases.Times(part.Share),
        BiogenicCo2 = row.BiogenicCo2 * part.Share,
    };
}
