namespace FactorTrace.Reporting.Xbrl;

/// <summary>Names of the EFRAG ESRS Set 1 taxonomy (2023-12-22) and the XBRL specifications an Inline XBRL report uses.</summary>
public static class EsrsTaxonomy
{
    /// <summary>Folder name of the taxonomy in the datasets folder.</summary>
    public const string FolderName = "esrs-taxonomy-2023-12-22";

    /// <summary>The entry point instances point at.</summary>
    public const string EntryPoint = "https://xbrl.efrag.org/taxonomy/esrs/2023-12-22/esrs_all.xsd";

    /// <summary>The core schema's namespace (prefix <c>esrs</c>).</summary>
    public const string Namespace = "https://xbrl.efrag.org/taxonomy/esrs/2023-12-22";

    /// <summary>XBRL instance namespace.</summary>
    public const string Xbrli = "http://www.xbrl.org/2003/instance";

    /// <summary>Inline XBRL 1.1 namespace.</summary>
    public const string Ix = "http://www.xbrl.org/2013/inlineXBRL";

    /// <summary>Inline XBRL transformation registry 4 namespace.</summary>
    public const string Ixt = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12";

    /// <summary>XBRL linkbase namespace.</summary>
    public const string Link = "http://www.xbrl.org/2003/linkbase";

    /// <summary>XLink namespace.</summary>
    public const string XLink = "http://www.w3.org/1999/xlink";

    /// <summary>XBRL dimensions instance namespace.</summary>
    public const string Xbrldi = "http://xbrl.org/2006/xbrldi";

    /// <summary>XBRL Dimensions (taxonomy) namespace.</summary>
    public const string Xbrldt = "http://xbrl.org/2005/xbrldt";

    /// <summary>Units Registry namespace.</summary>
    public const string Utr = "http://www.xbrl.org/2009/utr";

    /// <summary>ISO 4217 currencies namespace.</summary>
    public const string Iso4217 = "http://www.xbrl.org/2003/iso4217";

    /// <summary>XHTML namespace.</summary>
    public const string Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>Calculation 1.1 summation-item arcrole.</summary>
    public const string SummationItem = "https://xbrl.org/2023/arcrole/summation-item";

    /// <summary>The Scope 3 GHG Protocol category axis.</summary>
    public const string Scope3Axis = "Scope3GHGEmissionsCategoryGHGProtocolAxis";

    /// <summary>The GHG (gas) axis.</summary>
    public const string GasAxis = "GHGCategoryAxis";

    /// <summary>The Scope 1 source type axis.</summary>
    public const string SourceTypeAxis = "SourceTypeAxis";

    /// <summary>The baseline/milestone axis.</summary>
    public const string BaselineAxis = "CurrentlyStatedBaselineMilestonesOrTargetYearsAxis";

    /// <summary>The economic activity axis (no default member).</summary>
    public const string NaceAxis = "NACEEconomicActivitiesAxis";

    /// <summary>Member for base year figures on <see cref="BaselineAxis"/>.</summary>
    public const string BaselineYearMember = "BaselineYearMember";

    /// <summary>Scope 3 category members by GHG Protocol category number (index 0 unused).</summary>
    public static IReadOnlyList<string> Scope3Members { get; } =
    [
        "",
        "Category1PurchasedGoodsAndServicesMember",
        "Category2CapitalGoodsMember",
        "Category3FuelAndEnergyrelatedActivitiesMember",
        "Category4UpstreamTransportationAndDistributionMember",
        "Category5WasteGeneratedInOperationsMember",
        "Category6BusinessTravelMember",
        "Category7EmployeeCommutingMember",
        "Category8UpstreamLeasedAssetsMember",
        "Category9DownstreamTransportationAndDistributionMember",
        "Category10ProcessingOfSoldProductsMember",
        "Category11UseOfSoldProductsMember",
        "Category12EndoflifeTreatmentOfSoldProductsMember",
        "Category13DownstreamLeasedAssetsMember",
        "Category14FranchisesMember",
        "Category15InvestmentsMember",
    ];

    /// <summary>Gas members on <see cref="GasAxis"/> by the report's gas group.</summary>
    public static IReadOnlyDictionary<string, string> GasMembers { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["co2"] = "PollutantCarbonDioxideCO2Member",
        ["ch4"] = "PollutantMethaneCH4Member",
        ["n2o"] = "PollutantNitrousOxideN2OMember",
        ["hfcs"] = "HydrofluorocarbonsHFCsMember",
        ["pfcs"] = "PerfluorocarbonsPFCsMember",
        ["sf6"] = "PollutantSulphurHexafluorideSF6Member",
        ["nf3"] = "NitrogenTrifluorideNF3Member",
        ["other"] = "OtherGHGCategoryMember",
    };

    /// <summary>Scope 1 source type members on <see cref="SourceTypeAxis"/>.</summary>
    public static IReadOnlyDictionary<string, string> SourceMembers { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["stationary-combustion"] = "StationaryCombustionMember",
        ["mobile-combustion"] = "MobileCombustionMember",
        ["process"] = "ProcessEmissionsMember",
        ["fugitive"] = "FugitiveEmissionsMember",
    };

    /// <summary>The NACE member of an activity code (<c>C25.11</c> → <c>NACE_C2511</c>), or null when it is not of that form.</summary>
    public static string? NaceMember(string? code)
    {
        var text = (code ?? "").Trim().ToUpperInvariant().Replace(".", "", StringComparison.Ordinal);
        return text.Length is >= 1 and <= 5 && char.IsAsciiLetterUpper(text[0]) && text[1..].All(char.IsAsciiDigit) ? "NACE_" + text : null;
    }
}
