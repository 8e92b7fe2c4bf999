namespace FactorTrace.Fuzz;

/// <summary>Where targets report an expected, structured refusal; replay prints them, afl runs ignore them.</summary>
internal static class Outcome
{
    public static Action<string>? Refused { get; set; }
}
