namespace FactorTrace.Cli;

/// <summary>What <c>factortrace</c> exits with (README: exit codes).</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure (a bug or the environment): the message says what.</summary>
    public const int Failure = 1;

    /// <summary>Bad input: an option, argument, number, activity, unit or region the command cannot use.</summary>
    public const int BadInput = 2;

    /// <summary>Done in part: rows or records failed (an import with invalid rows not committed, a calculation with failed records).</summary>
    public const int Incomplete = 3;

    /// <summary>No datasets where the command looked: pull them or point to them.</summary>
    public const int NoDatasets = 4;
}
