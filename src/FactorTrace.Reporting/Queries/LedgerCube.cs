using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Reporting.Queries;

/// <summary>
/// One group of a run's <c>ok</c> result rows in a period: everything a report breaks down by, with the sums of every
/// amount. The grouping is done by the database; the number of cells depends on how varied the ledger is (scopes,
/// categories, sites, months, factors), not on how many rows it has.
/// </summary>
internal sealed record CubeCell(
    string Scope, string Method, string? Category, string? Scope1Source, string? Site, int Year, int Month, int FactorNo, int Tier, bool Primary, string? Basis,
    double Kg, double Co2, double Ch4, double N2o, double Other, double Biogenic, double Sigma, long Rows)
{
    /// <summary>In the location-based view (every row but the market-based Scope 2 ones).</summary>
    public bool Location => Method != ResultMethods.Market;

    /// <summary>In the market-based view.</summary>
    public bool Market => Method != ResultMethods.Location;

    /// <summary>The uncertainty key of the factor, as <c>EmissionQueries</c> forms it.</summary>
    public string FactorKey => FactorNo < 0 ? $"instrument:{Method}" : FactorNo.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Scope 2 market-based quantities by factor and unit, for the market-based steps and the contractual-instrument share.</summary>
internal sealed record MarketQuantity(int FactorNo, bool Primary, string? Unit, double Quantity, double Kg, long Rows);

/// <summary>
/// The grouped results of a run over a period, and its record counts: from the run's stored cells when the period is
/// whole months (a few hundred rows whatever the ledger's size), else grouped from the result rows by the database.
/// </summary>
internal sealed record LedgerCube(IReadOnlyList<CubeCell> Cells, IReadOnlyList<MarketQuantity> MarketQuantities, long Records, long FailedRecords)
{
    public static async Task<LedgerCube> LoadAsync(FactorTraceDb db, Guid runId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (RunCells.CoversWholeMonths(from, to)
            && await db.CalculationRuns.AsNoTracking().AnyAsync(r => r.Id == runId && r.CellsWritten, cancellationToken).ConfigureAwait(false))
        {
            return await FromCellsAsync(db, runId, from, to, cancellationToken).ConfigureAwait(false);
        }

        return await FromRowsAsync(db, runId, from, to, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whole months of a run whose cells were written: the few stored groups, and a count of the split records.</summary>
    private static async Task<LedgerCube> FromCellsAsync(FactorTraceDb db, Guid runId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var stored = await RunCells.InMonths(db, runId, from, to).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ok = stored.Where(c => c.Status == ResultStatuses.Ok).ToList();
        var cells = ok
            .GroupBy(c => (c.Scope, c.Method, c.Category, c.Scope1Source, c.Site, c.Year, c.Month, c.FactorNo, c.Tier, c.IsPrimary, c.Basis))
            .Select(g => new CubeCell(g.Key.Scope, g.Key.Method, g.Key.Category, g.Key.Scope1Source, g.Key.Site, g.Key.Year, g.Key.Month, g.Key.FactorNo, g.Key.Tier, g.Key.IsPrimary, g.Key.Basis,
                g.Sum(c => c.KgCo2e), g.Sum(c => c.Co2KgCo2e), g.Sum(c => c.Ch4KgCo2e), g.Sum(c => c.N2oKgCo2e), g.Sum(c => c.OtherKgCo2e), g.Sum(c => c.BiogenicCo2Kg),
                g.Max(c => c.SigmaLn), g.Sum(c => c.Rows)))
            .ToList();
        var market = ok.Where(c => c.Scope == "2" && c.Method == ResultMethods.Market)
            .GroupBy(c => (c.FactorNo, c.IsPrimary, c.Unit))
            .Select(g => new MarketQuantity(g.Key.FactorNo, g.Key.IsPrimary, g.Key.Unit, g.Sum(c => c.Quantity), g.Sum(c => c.KgCo2e), g.Sum(c => c.Rows)))
            .ToList();
        var perRecord = stored.Where(c => c.Method != ResultMethods.Market).ToList();
        var records = perRecord.Sum(c => c.WholeRows) + await RunCells.SplitRecordsAsync(db, runId, from, to, cancellationToken).ConfigureAwait(false);
        var failed = perRecord.Where(c => c.Status != ResultStatuses.Ok).Sum(c => c.Rows);
        return new LedgerCube(cells, market, records, failed);
    }

    private static async Task<LedgerCube> FromRowsAsync(FactorTraceDb db, Guid runId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var rows = db.EmissionResults.AsNoTracking().Where(r => r.RunId == runId && r.AccountingDate >= from && r.AccountingDate <= to);
        var ok = rows.Where(r => r.Status == ResultStatuses.Ok);
        var cells = await ok
            .GroupBy(r => new { r.Scope, r.Method, r.Category, r.Scope1Source, r.Site, r.AccountingDate.Year, r.AccountingDate.Month, r.FactorNo, r.Tier, r.IsPrimary, r.Basis })
            .Select(g => new CubeCell(g.Key.Scope, g.Key.Method, g.Key.Category, g.Key.Scope1Source, g.Key.Site, g.Key.Year, g.Key.Month, g.Key.FactorNo, g.Key.Tier, g.Key.IsPrimary, g.Key.Basis,
                g.Sum(r => r.KgCo2e), g.Sum(r => r.Co2KgCo2e), g.Sum(r => r.Ch4KgCo2e), g.Sum(r => r.N2oKgCo2e), g.Sum(r => r.OtherKgCo2e), g.Sum(r => r.BiogenicCo2Kg),
                g.Max(r => r.SigmaLn), g.LongCount()))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var market = await ok.Where(r => r.Scope == "2" && r.Method == ResultMethods.Market)
            .GroupBy(r => new { r.FactorNo, r.IsPrimary, r.Unit })
            .Select(g => new MarketQuantity(g.Key.FactorNo, g.Key.IsPrimary, g.Key.Unit, g.Sum(r => r.Quantity), g.Sum(r => r.KgCo2e), g.LongCount()))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // A record has one row per method, and one per month part when it spans months (share below 1): whole records are
        // counted by their rows, split ones by distinct id, so the distinct count only runs over the few split rows.
        var perRecord = rows.Where(r => r.Method != ResultMethods.Market);
        var records = await perRecord.Where(r => r.Share == 1).LongCountAsync(cancellationToken).ConfigureAwait(false)
            + await perRecord.Where(r => r.Share != 1).Select(r => r.RecordId).Distinct().LongCountAsync(cancellationToken).ConfigureAwait(false);
        var failed = await perRecord.Where(r => r.Status != ResultStatuses.Ok).LongCountAsync(cancellationToken).ConfigureAwait(false); // a failed record keeps one row
        return new LedgerCube(cells, market, records, failed);
    }
}
