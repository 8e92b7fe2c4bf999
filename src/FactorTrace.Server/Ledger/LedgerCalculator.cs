using System.Security.Cryptography;
using System.Text;
using FactorTrace.Broker;
using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Remote;
using FactorTrace.Server.Datasets;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Tenancy;

namespace FactorTrace.Server.Ledger;

/// <summary>Runs calculations for the caller's tenant: its own factors first, then its cascade (sources, order, licences), the ECB rates.</summary>
internal sealed class LedgerCalculator(FactorResolver resolver, DatasetLoader loader, PrivateFactorCache privateFactors, TimeProvider time)
{
    public async Task<CalculationRun> RunAsync(FactorBroker broker, TenantContext tenant, FactorTraceDb db, DateOnly from, DateOnly to, string gwp, CancellationToken cancellationToken)
    {
        var book = await privateFactors.GetAsync(tenant.TenantId, cancellationToken).ConfigureAwait(false);
        var rates = loader.Loaded?.Rates is { } table ? new SpendConverter(table) : null;
        var scope = new ResolveScope(tenant.TenantId.ToString("N"), Bulk: true);
        var engine = new CalculationEngine(broker, (request, token) =>
        {
            var (scoped, refused) = TenantSources.Apply(request, tenant.Policy, broker);
            return refused is not null ? ValueTask.FromResult(ResolveOutcome.Failure(refused)) : resolver.ResolveAsync(broker, scoped, scope, token);
        }, book, rates, gwp);
        var versions = DatasetVersions(broker);
        var generation = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(versions)))[..12];
        var runner = new CalculationRunner(db, time);
        return await runner.RunAsync(new RunRequest(tenant.TenantId, from, to, tenant.Caller.Actor, gwp, versions, generation), engine,
            answer => Encoding.UTF8.GetString(AnswerJson.Bytes(answer)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The loaded dataset versions with their content hashes, <c>id=hash;…</c>.</summary>
    public static string DatasetVersions(FactorBroker broker)
    {
        var text = new StringBuilder();
        foreach (var id in broker.Store.DatasetIds.Order(StringComparer.Ordinal))
        {
            var factors = broker.Store.ForDataset(id);
            if (factors.Count > 0)
            {
                text.Append(id).Append('=').Append(factors[0].Dataset.ContentHash).Append(';');
            }
        }

        return text.ToString();
    }
}
