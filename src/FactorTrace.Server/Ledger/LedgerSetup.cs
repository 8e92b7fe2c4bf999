namespace FactorTrace.Server.Ledger;

/// <summary>Registration of the ledger: the tenants' private factors (cached) and the calculation runner.</summary>
internal static class LedgerSetup
{
    /// <summary>Adds the <see cref="PrivateFactorCache"/> and the <see cref="LedgerCalculator"/>.</summary>
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddSingleton<PrivateFactorCache>();
        services.AddSingleton<LedgerCalculator>();
        return services;
    }
}
