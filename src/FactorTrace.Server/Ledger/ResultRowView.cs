using System.Text.Json;
using FactorTrace.Data.Ledger;

namespace FactorTrace.Server.Ledger;

/// <summary>A result row as the API returns it, with the factor answer it used (for a run's records and a report figure's rows).</summary>
internal static class ResultRowView
{
    /// <summary>The run's factor answers, parsed once per page.</summary>
    public static Dictionary<int, JsonElement> Answers(IReadOnlyDictionary<int, RunFactor> factors) =>
        factors.ToDictionary(f => f.Key, f => JsonDocument.Parse(f.Value.Answer).RootElement.Clone());

    public static object Of(EmissionResult r, IReadOnlyDictionary<int, JsonElement> answers) => new
    {
        record_id = r.RecordId,
        method = r.Method,
        date = r.AccountingDate,
        share = r.Share,
        scope = r.Scope,
        category = r.Category,
        scope1_source = r.Scope1Source,
        site = r.Site,
        quantity = r.Quantity,
        unit = r.Unit,
        kgco2e = r.KgCo2e,
        biogenic_co2_kg = r.BiogenicCo2Kg,
        gases_kgco2e = new { co2 = r.Co2KgCo2e, ch4 = r.Ch4KgCo2e, n2o = r.N2oKgCo2e, other = r.OtherKgCo2e, unattributed = r.KgCo2e - r.Co2KgCo2e - r.Ch4KgCo2e - r.N2oKgCo2e - r.OtherKgCo2e },
        uncertainty = new { gsd = Math.Exp(r.SigmaLn), sigma_ln = r.SigmaLn },
        quality_score = r.QualityScore,
        quality_tier = r.Tier,
        primary_data = r.IsPrimary,
        status = r.Status,
        error_code = r.ErrorCode,
        note = r.Note,
        basis = r.Basis,
        factor = r.FactorNo >= 0 && answers.TryGetValue(r.FactorNo, out var answer) ? answer : (JsonElement?)null,
    };
}
