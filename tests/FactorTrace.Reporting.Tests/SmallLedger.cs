using FactorTrace.Data;
using FactorTrace.Data.Ledger;

namespace FactorTrace.Reporting.Tests;

/// <summary>
/// The hand-checked ledger of the report tests, for 2024 (and one record in 2023 for the previous period), stored as
/// activity records and calculated by the real calculation runner.
/// </summary>
internal static class SmallLedger
{
    public static readonly DateOnly From = new(2024, 1, 1);
    public static readonly DateOnly To = new(2024, 12, 31);

    public static async Task StoreAsync(FactorTraceDb db, Guid tenantId, CancellationToken ct)
    {
        var now = new DateTime(2025, 1, 15, 0, 0, 0, DateTimeKind.Utc);
        db.PrivateFactors.Add(new PrivateFactor
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            ActivityId = "electricity.grid",
            Name = "Grid Co green tariff 2024",
            Kind = "electricity_supplier",
            Unit = "kWh",
            KgCo2ePerUnit = 0.1,
            GwpSet = "AR6",
            Supplier = "Grid Co",
            Evidence = "fuel mix disclosure 2024",
            CreatedAt = now,
            UpdatedAt = now,
        });
        ActivityRecord Record(string activity, double? amount, string? unit, DateOnly date, string? site, string region, Action<ActivityRecord>? more = null)
        {
            var r = new ActivityRecord
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                ActivityId = activity,
                Amount = amount,
                Unit = unit,
                Date = date,
                AccountingDate = date,
                Site = site,
                Region = region,
                CreatedAt = now,
                UpdatedAt = now,
            };
            more?.Invoke(r);
            return r;
        }

        db.ActivityRecords.AddRange(
            Record("fuel.diesel", 1000, "L", new DateOnly(2024, 3, 1), "Leeds", "GB", r => r.Scope1Source = "mobile-combustion"),
            Record("fuel.natural-gas", 100, "m3", new DateOnly(2024, 3, 5), "York", "GB", r => r.Scope1Source = "stationary-combustion"),
            Record("electricity.grid", 10000, "kWh", new DateOnly(2024, 3, 31), "Leeds", "GB", r => r.Supplier = "Grid Co"),
            Record("travel.hotel-night", 4, "room_night", new DateOnly(2024, 4, 10), null, "GB"),
            Record("spend.naics.331110", null, null, new DateOnly(2024, 3, 16), null, "US", r => (r.Spend, r.Currency, r.Supplier) = (1000, "EUR", "Steelworks")),
            Record("spend.naics.331110", null, null, new DateOnly(2024, 5, 20), null, "US", r => (r.Spend, r.Currency, r.Supplier) = (500, "USD", "Steelworks")),
            Record("refrigerant.r410a", 2, "kg", new DateOnly(2024, 6, 1), "Leeds", "GB", r => r.Scope1Source = "fugitive"),
            Record("fuel.diesel", 400, "L", new DateOnly(2023, 3, 1), "Leeds", "GB", r => r.Scope1Source = "mobile-combustion"));
        await db.SaveChangesAsync(ct);
    }
}
