using FactorTrace.Calculation;

namespace FactorTrace.Data.Ledger;

/// <summary>Stored rows to the calculation's inputs.</summary>
public static class LedgerMapping
{
    /// <summary>A record as the calculation engine takes it.</summary>
    public static ActivityInput ToInput(this ActivityRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ActivityInput
        {
            Id = record.Id,
            ActivityId = record.ActivityId,
            Description = record.Description,
            Amount = record.Amount,
            Unit = record.Unit,
            Date = record.AccountingDate,
            PeriodStart = record.PeriodStart,
            PeriodEnd = record.PeriodEnd,
            Site = record.Site,
            Region = record.Region,
            Scope = record.Scope,
            Category = record.Category,
            Scope1Source = record.Scope1Source,
            Supplier = record.Supplier,
            Spend = record.Spend,
            Currency = record.Currency,
            Instrument = record.InstrumentType is { } type ? new ContractualInstrument(type, record.InstrumentReference, record.InstrumentKgCo2ePerKwh ?? 0) : null,
        };
    }

    /// <summary>A tenant's stored factor as the calculation engine takes it.</summary>
    public static PrivateFactorDefinition ToDefinition(this PrivateFactor factor)
    {
        ArgumentNullException.ThrowIfNull(factor);
        var gases = new Dictionary<string, double>(StringComparer.Ordinal);
        if (factor.Co2KgPerUnit is { } co2)
        {
            gases["CO2"] = co2;
        }

        if (factor.Ch4KgPerUnit is { } ch4)
        {
            gases["CH4"] = ch4;
        }

        if (factor.N2oKgPerUnit is { } n2o)
        {
            gases["N2O"] = n2o;
        }

        return new PrivateFactorDefinition
        {
            Id = factor.Id,
            ActivityId = factor.ActivityId,
            Name = factor.Name,
            Kind = factor.Kind,
            Region = factor.Region,
            Unit = factor.Unit,
            KgCo2ePerUnit = factor.KgCo2ePerUnit,
            GwpSet = factor.GwpSet,
            GasKgPerUnit = gases,
            Supplier = factor.Supplier,
            ValidFrom = factor.ValidFrom,
            ValidTo = factor.ValidTo,
            Evidence = factor.Evidence,
            Gsd = factor.Gsd,
            UpdatedAt = factor.UpdatedAt,
        };
    }
}
