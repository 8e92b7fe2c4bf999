namespace FactorTrace.Broker;

/// <summary>Suggestions for what a request got wrong.</summary>
public sealed partial class FactorBroker
{
    private static readonly string[] FuelFamilies = ["volume", "mass", "energy"];

    /// <summary>The unit dimensions an activity accepts (fuels: volume, mass and energy through their properties); empty when it is unknown.</summary>
    private List<string> UnitFamilies(string? activity)
    {
        if (FindActivity(activity ?? "", [], out _) is not { Entry: { } entry })
        {
            return [];
        }

        List<string> families = [entry.UnitType];
        if (entry.Fuel is not null)
        {
            families.AddRange(FuelFamilies.Where(f => !families.Contains(f)));
        }

        return families;
    }
}
