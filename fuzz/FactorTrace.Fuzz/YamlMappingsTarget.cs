using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Ingestion;
using FactorTrace.Datasets.Ingestion.Mapping;
using Microsoft.Extensions.Options;

namespace FactorTrace.Fuzz;

/// <summary>
/// A dataset mapping over arbitrary text: <see cref="MappingLoader"/> parses it (YAML, merge keys, <c>extends</c>), then
/// <see cref="DatasetIngestor.IngestOneAsync"/> applies it to a tiny fixed dataset folder (data.csv, data.json), which is
/// where a mapping's templates, regexes, header and end rules are checked. <see cref="IngestionException"/> is the
/// structured refusal of a bad mapping; any other exception is a finding.
/// </summary>
internal static class YamlMappingsTarget
{
    private const string MappingName = "fuzz.yaml";

    private static readonly string Root = Workspace.Create("yaml-mappings");

    private static readonly string MappingsFolder = Directory.CreateDirectory(Path.Combine(Root, "mappings")).FullName;

    private static readonly DatasetEntry Dataset = new()
    {
        Id = "fuzz",
        Title = "Fuzz",
        Publisher = "FactorTrace",
        Version = "1",
        Year = 2024,
        Folder = "fuzz",
        Mapping = MappingName,
    };

    private static readonly DatasetIngestor Ingestor = CreateIngestor();

    public static void Run(byte[] input)
    {
        File.WriteAllBytes(Path.Combine(MappingsFolder, MappingName), input);
        try
        {
            Ingestor.IngestOneAsync(Dataset, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (IngestionException ex)
        {
            Outcome.Refused?.Invoke(ex.Message);
            // The mapping (or the data it names) is refused with a message: the expected outcome for a bad mapping.
        }
    }

    private static DatasetIngestor CreateIngestor()
    {
        var data = Directory.CreateDirectory(Path.Combine(Root, "data", "fuzz")).FullName;
        File.WriteAllText(Path.Combine(data, "data.csv"), """
            # fuzz fixture
            Title row,,,,,,
            ID,Scope,Level 1,UOM,GHG/Unit,GHG Conversion Factor 2024,Species,AR5GWP100,Date,USD,GBP
            1,Scope 1,Fuels,litres,kg CO2e,2.5,CO2,1,2024-01-02,1.1,0.85
            1,Scope 1,Fuels,litres,kg CO2e of CO2 per unit,2.4,CH4,28,2024-01-03,1.2,0.86
            1,Scope 1,Fuels,litres,kg CO2e of CH4 per unit,0.01,N2O,265,2024-01-04,N/A,0.87
            2,Scope 2,Electricity,kWh,kg CO2e,0.2,SF6,23500,2024-01-05,1.3,
            ,,,,,,,,,,
            Notes: end of table
            """);
        File.WriteAllText(Path.Combine(data, "data.json"), """
            {"DE": {"zone": "DE", "carbonIntensity": {"value": 380, "unit": "gCO2eq/kWh"}, "year": 2024},
             "FR": {"zone": "FR", "carbonIntensity": {"value": 56, "unit": "gCO2eq/kWh"}, "year": 2024}}
            """);
        var options = Options.Create(new DatasetsOptions { Path = Path.Combine(Root, "data"), MappingsPath = MappingsFolder, VerifyHashes = false });
        return new DatasetIngestor(new DatasetCatalogue([Dataset]), options);
    }
}
