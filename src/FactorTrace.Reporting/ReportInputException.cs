namespace FactorTrace.Reporting;

/// <summary>
/// The report cannot be made from what was given: no completed run for the period, a period of the wrong shape, no LEI
/// for Inline XBRL. The caller fixes the input (a 4xx, never a 5xx); <see cref="Code"/> names the problem.
/// </summary>
public class ReportInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReportInputException()
        : this("invalid_report_input", "The report input is invalid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ReportInputException(string message)
        : this("invalid_report_input", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ReportInputException(string message, Exception innerException)
        : base(message, innerException) => Code = "invalid_report_input";

    /// <summary>Creates the exception with a problem code.</summary>
    /// <param name="code">Machine-readable problem (<c>no_completed_run</c>, <c>invalid_period</c>, <c>lei_required</c>, …).</param>
    /// <param name="message">What is wrong and what to do.</param>
    public ReportInputException(string code, string message)
        : base(message) => Code = code;

    /// <summary>Machine-readable problem code.</summary>
    public string Code { get; }
}

/// <summary>Inline XBRL needs the entity's LEI as its identifier; the tenant has none set.</summary>
public sealed class LeiRequiredException : ReportInputException
{
    /// <summary>Creates the exception.</summary>
    public LeiRequiredException()
        : base("lei_required", "Inline XBRL needs the undertaking's LEI (20 characters, ISO 17442) as the entity identifier: set the tenant's \"lei\" setting (PUT /api/v1/settings) and generate the report again.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public LeiRequiredException(string message)
        : base("lei_required", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public LeiRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
