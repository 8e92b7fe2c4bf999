using FactorTrace.Reporting.Model;

namespace FactorTrace.Reporting.Xbrl;

/// <summary>An ESRS concept and explicit members (axis → member, local names in the <c>esrs</c> namespace) a figure is tagged with.</summary>
/// <param name="Concept">Concept local name.</param>
/// <param name="Members">Axis and member local names, in the context scenario.</param>
public sealed record XbrlTag(string Concept, IReadOnlyList<KeyValuePair<string, string>> Members);

/// <summary>Which ESRS concept (and dimension members) each figure id is tagged with; figures without one are shown, not tagged.</summary>
public static class ConceptMap
{
    private static readonly Dictionary<string, string> Plain = new(StringComparer.Ordinal)
    {
        ["scope1"] = "GrossScope1GreenhouseGasEmissions",
        ["scope2.location"] = "GrossLocationBasedScope2GreenhouseGasEmissions",
        ["scope2.market"] = "GrossMarketBasedScope2GreenhouseGasEmissions",
        ["scope3"] = "GrossScope3GreenhouseGasEmissions",
        ["total.location"] = "LocationBasedGreenhouseGasEmissions",
        ["total.market"] = "MarketBasedGreenhouseGasEmissions",
        ["scope1.ets-share"] = "PercentageOfScope1GreenhouseGasEmissionsFromRegulatedEmissionTradingSchemes",
        ["scope3.primary-share"] = "PercentageOfGrossScope3GreenhouseGasEmissionsCalculatedUsingPrimaryDataObtainedFromSuppliersOrOtherValueChainPartners",
        ["scope2.contractual-instruments-share"] = "PercentageOfContractualInstrumentsScope2GHGEmissions",
        ["revenue.net"] = "NetRevenueUsedToCalculateGHGIntensity",
        ["intensity.location"] = "GHGEmissionsIntensityLocationbasedTotalGHGEmissionsPerNetRevenue",
        ["intensity.market"] = "GHGEmissionsIntensityMarketbasedTotalGHGEmissionsPerNetRevenue",
        ["biogenic.scope1"] = "BiogenicEmissionsOfCO2FromCombustionOrBiodegradationOfBiomassNotIncludedInScope1GHGEmissions",
        ["biogenic.scope2"] = "BiogenicEmissionsOfCO2FromCombustionOrBiodegradationOfBiomassNotIncludedInScope2GHGEmissions",
        ["biogenic.scope3"] = "BiogenicEmissionsOfCO2FromCombustionOrBiodegradationOfBiomassThatOccurInUpstreamAndDownstreamValueChainNotIncludedInScope3GHGEmissions",
    };

    /// <summary>Narrative text blocks by <see cref="NarrativeKeys"/> key.</summary>
    public static IReadOnlyDictionary<string, string> Narratives { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [NarrativeKeys.GhgEmissions] = "DisclosureOfGHGEmissionsExplanatory",
        [NarrativeKeys.Methodology] = "DisclosureOfMethodologiesSignificantAssumptionsAndEmissionsFactorsUsedToCalculateOrMeasureGHGEmissionsExplanatory",
        [NarrativeKeys.Scope3Boundaries] = "DisclosureOfReportingBoundariesConsideredAndCalculationMethodsForEstimatingScope3GHGEmissionsCategoryAndIfRelevantCalculationToolsAppliedExplanatory",
        [NarrativeKeys.Scope3PrimaryData] = "DisclosureOfExtentToWhichScope3GHGEmissionsAreMeasuredUsingInputsFromSpecificActivitiesWithinUpstreamAndDownstreamValueChainExplanatory",
        [NarrativeKeys.ContractualInstruments] = "DisclosureOfTypesOfContractualInstrumentsScope2GHGEmissionsExplanatory",
        [NarrativeKeys.RevenueReconciliation] = "DisclosureOfReconciliationToFinancialStatementsOfNetRevenueUsedForCalculationOfGHGEmissionsIntensityExplanatory",
        [NarrativeKeys.SignificantChanges] = "DisclosureOfSignificantChangesInDefinitionOfWhatConstitutesReportingUndertakingAndItsUpstreamAndDownstreamValueChainAndExplanationOfTheirEffectOnYeartoyearComparabilityOfReportedGHGEmissionsExplanatory",
    };

    /// <summary>The text block for the reasons Scope 3 categories were excluded.</summary>
    public const string Scope3ExclusionsConcept = "DisclosureOfWhyScope3GHGEmissionsCategoriesHaveBeenExcludedFromInventoryExplanatory";

    /// <summary>
    /// The tag of a figure id, or null when the figure is not an E1-6 datapoint (months, sites, tiers) or when its
    /// table needs a NACE member that <paramref name="naceMember"/> does not give (gases, Scope 1 source types).
    /// </summary>
    public static XbrlTag? For(string figureId, string? naceMember)
    {
        ArgumentNullException.ThrowIfNull(figureId);
        if (Plain.TryGetValue(figureId, out var concept))
        {
            return new XbrlTag(concept, []);
        }

        if (figureId.StartsWith("scope3.cat", StringComparison.Ordinal) && int.TryParse(figureId.AsSpan(10), out var n) && n is >= 1 and <= 15)
        {
            return new XbrlTag("GrossScope3GreenhouseGasEmissions", [new(EsrsTaxonomy.Scope3Axis, EsrsTaxonomy.Scope3Members[n])]);
        }

        if (naceMember is null)
        {
            return null;
        }

        if (figureId.StartsWith("gas.", StringComparison.Ordinal) && EsrsTaxonomy.GasMembers.TryGetValue(figureId[4..], out var gas))
        {
            return new XbrlTag("LocationBasedGreenhouseGasEmissions", [new(EsrsTaxonomy.GasAxis, gas), new(EsrsTaxonomy.NaceAxis, naceMember)]);
        }

        if (figureId.StartsWith("scope1.", StringComparison.Ordinal) && EsrsTaxonomy.SourceMembers.TryGetValue(figureId[7..], out var source))
        {
            return new XbrlTag("GrossScope1GreenhouseGasEmissions", [new(EsrsTaxonomy.SourceTypeAxis, source), new(EsrsTaxonomy.NaceAxis, naceMember)]);
        }

        return null;
    }
}
