namespace FactorTrace.Units;

/// <summary>The outcome of reading a unit written by a user.</summary>
/// <param name="Unit">The unit, when the text names exactly one.</param>
/// <param name="Choices">Codes the text could mean, when it is ambiguous (<c>ton</c>, <c>gal</c>); empty otherwise.</param>
public sealed record UnitLookup(UnitDefinition? Unit, IReadOnlyList<string> Choices)
{
    /// <summary>Whether the text named several units.</summary>
    public bool IsAmbiguous => Choices.Count > 0;
}
