using FactorTrace.Data.Ledger;

namespace FactorTrace.Server.Ledger;

/// <summary>A stored record as the API returns it.</summary>
internal sealed record ActivityView(
    Guid Id, string? ActivityId, string? Description, double? Amount, string? Unit, DateOnly? Date, DateOnly? PeriodStart, DateOnly? PeriodEnd,
    DateOnly AccountingDate, string? Site, string? Region, string? Scope, string? Category, string? Scope1Source, string? Supplier, double? Spend, string? Currency,
    InstrumentBody? Instrument, string? Notes, Guid? ImportId, DateTime CreatedAt, DateTime UpdatedAt, string? ClassifiedBy)
{
    public static ActivityView From(ActivityRecord r) => new(
        r.Id, r.ActivityId, r.Description, r.Amount, r.Unit, r.Date, r.PeriodStart, r.PeriodEnd, r.AccountingDate, r.Site, r.Region, r.Scope, r.Category, r.Scope1Source,
        r.Supplier, r.Spend, r.Currency, r.InstrumentType is null ? null : new InstrumentBody(r.InstrumentType, r.InstrumentReference, r.InstrumentKgCo2ePerKwh),
        r.Notes, r.ImportId, r.CreatedAt, r.UpdatedAt, r.ClassifiedBy);
}
