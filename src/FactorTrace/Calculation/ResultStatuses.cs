namespace FactorTrace.Calculation;

/// <summary>Whether a result row was calculated: the engine writes it, the runner, queries, API and CLI read it.</summary>
public static class ResultStatuses
{
    /// <summary>Calculated.</summary>
    public const string Ok = "ok";

    /// <summary>Not calculated; the row's error code and message say why.</summary>
    public const string Error = "error";
}
