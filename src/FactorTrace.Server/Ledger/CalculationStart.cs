using FactorTrace.Broker;
using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Ledger;
using FactorTrace.Gwp;
using FactorTrace.Server.Tenancy;

namespace FactorTrace.Server.Ledger;

/// <summary>A calculation request checked: the period and GWP set to run, or the field that is wrong and its status code.</summary>
internal readonly record struct CalculationCheck(DateOnly From, DateOnly To, string Gwp, FieldError? Error, int Status);

/// <summary>
/// Starting a calculation of a period for the caller's tenant: the API's <c>POST /calculations</c> and the web page's
/// form both check the request and run it here, audited.
/// </summary>
internal static class CalculationStart
{
    public static CalculationCheck Check(CalculationBody input, FactorBroker broker)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(broker);
        if (input.From is not { } from || input.To is not { } to)
        {
            var field = input.From is null ? "from" : "to";
            return new(default, default, "", new FieldError(field, "missing_field", $"Field '{field}' is required (yyyy-MM-dd)."), StatusCodes.Status400BadRequest);
        }

        if (to < from)
        {
            return new(from, to, "", new FieldError("to", "invalid_value", "'to' is before 'from'."), StatusCodes.Status422UnprocessableEntity);
        }

        var gwp = (input.Gwp ?? broker.DefaultGwp).Trim().ToUpperInvariant();
        if (!GwpConverter.SupportedSets.Contains(gwp, StringComparer.Ordinal))
        {
            return new(from, to, gwp, new FieldError("gwp", "unknown_gwp", $"GWP set '{input.Gwp}' is not one of {string.Join(", ", GwpConverter.SupportedSets)}.", GwpConverter.SupportedSets),
                StatusCodes.Status422UnprocessableEntity);
        }

        return new(from, to, gwp, null, StatusCodes.Status200OK);
    }

    /// <summary>Runs a checked request; the run's audit event is stored with its results.</summary>
    public static Task<CalculationRun> RunAsync(
        CalculationCheck check, FactorBroker broker, LedgerCalculator calculator, TenantContext tenant, FactorTraceDb db, AuditLog audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calculator);
        ArgumentNullException.ThrowIfNull(tenant);
        return calculator.RunAsync(broker, tenant, db, check.From, check.To, check.Gwp,
            r => audit.Event(tenant.Caller, "calculation.run", "calculation", r.Id.ToString(), AuditDetails.Calculation(r)), cancellationToken);
    }
}
