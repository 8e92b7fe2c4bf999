using FactorTrace.Data.Ledger;

namespace FactorTrace.Server.Web.Pages.Activities;

/// <summary>What the activity form partial shows: the typed values, the error of one field, the button.</summary>
internal sealed record ActivityFormView(ActivityForm Form, FieldError? Error, string Submit, string CancelUrl);
