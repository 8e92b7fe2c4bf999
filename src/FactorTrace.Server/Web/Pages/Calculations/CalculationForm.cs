using System.Globalization;
using FactorTrace.Data.Ledger;
using FactorTrace.Gwp;

namespace FactorTrace.Server.Web.Pages.Calculations;

/// <summary>The run form as typed (from, to, GWP set), re-shown as it was when refused, with the error of one field.</summary>
internal sealed record CalculationForm(string From, string To, string Gwp, FieldError? Error = null)
{
    public static IReadOnlyList<string> GwpSets => GwpConverter.SupportedSets;

    /// <summary>The API's request body, or the date field that is not a date.</summary>
    public Ledger.CalculationBody? ToBody(out FieldError? error)
    {
        error = null;
        DateOnly? Day(string field, string text, ref FieldError? problem)
        {
            if (problem is not null || string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            problem = new FieldError(field, "invalid_value", $"'{text}' is not a date; write it as yyyy-mm-dd, for example 2024-01-01.");
            return null;
        }

        var from = Day("from", From, ref error);
        var to = Day("to", To, ref error);
        return error is null ? new Ledger.CalculationBody(from, to, string.IsNullOrWhiteSpace(Gwp) ? null : Gwp) : null;
    }
}
