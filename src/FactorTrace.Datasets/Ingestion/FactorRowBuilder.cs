using System.Globalization;
using FactorTrace.Datasets.Ingestion.Mapping;
using FactorTrace.Factors;
using FactorTrace.Gwp;
using FactorTrace.Regions;
using FactorTrace.Units;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>Builds factors from a table's records with one <see cref="FactorSpec"/> (templates compiled once against the header).</summary>
internal sealed class FactorRowBuilder
{
    private readonly FactorSpec _spec;
    private readonly TableHeader _header;
    private readonly Template _id;
    private readonly Template[] _name;
    private readonly Template[] _category;
    private readonly Template _region;
    private readonly Template _year;
    private readonly Template? _regionFallback;
    private readonly Template? _unit;
    private readonly Template? _scope;
    private readonly CompiledValue[] _co2e;
    private readonly CompiledValue[] _gases;
    private readonly CompiledValue? _roleValue;
    private readonly (string Key, Template Value)[] _attributes;

    public FactorRowBuilder(FactorSpec spec, TableHeader header)
    {
        _spec = spec;
        _header = header;
        _id = Compile(spec.Id, "id");
        _name = spec.Name.Select(t => Compile(t, "name")).ToArray();
        _category = spec.Category.Select(t => Compile(t, "category")).ToArray();
        _region = Compile(spec.Region, "region");
        _year = Compile(spec.Year, "year");
        _regionFallback = spec.RegionFallback is null ? null : Compile(spec.RegionFallback, "region_fallback");
        _unit = spec.Unit is null ? null : Compile(spec.Unit, "unit");
        _scope = spec.Scope is null ? null : Compile(spec.Scope, "scope");
        _co2e = spec.Co2e.Select(v => new CompiledValue(v, header)).ToArray();
        _gases = spec.Gases.Select(v => new CompiledValue(v, header)).ToArray();
        _roleValue = spec.RoleValue is null ? null : new CompiledValue(spec.RoleValue, header);
        _attributes = spec.Attributes.Select(a => (a.Key, Compile(a.Value, a.Key))).ToArray();
    }

    /// <summary>
    /// Builds one factor from a record (and, with row roles, the gas rows of its group).
    /// Returns null with <paramref name="noValue"/> set when the row has no value; throws <see cref="RowRejectedException"/> to reject it.
    /// </summary>
    public EmissionFactor? Build(
        TableRecord record, IReadOnlyList<(string Gas, TableRecord Row)> gasRows, bool hasTotal, DatasetInfo dataset, out bool noValue)
    {
        noValue = false;
        var co2e = new List<Co2eValue>();
        var gases = new List<GasAmount>();
        string? derivedUnit = null;
        if (hasTotal)
        {
            foreach (var value in _co2e)
            {
                if (value.Read(record, _header, ref derivedUnit) is { } kg)
                {
                    co2e.Add(new Co2eValue(value.Spec.GwpSet, kg.Kg));
                }
            }
        }

        foreach (var value in _gases)
        {
            if (value.Read(record, _header, ref derivedUnit) is { } kg)
            {
                gases.Add(new GasAmount(GasCodes.Normalize(kg.Gas ?? throw Reject("a gas value has no gas code")), kg.Kg, value.Measure));
            }
        }

        if (_roleValue is not null)
        {
            foreach (var (gas, row) in gasRows)
            {
                if (_roleValue.Read(row, _header, ref derivedUnit) is { } kg)
                {
                    gases.Add(new GasAmount(gas, kg.Kg, _roleValue.Measure));
                }
            }
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!hasTotal && co2e.Count == 0 && gases.Count > 0 && gases.All(g => g.Measure == GasMeasure.Co2e))
        {
            // Rows with gas parts but no total row (DESNZ "Outside of Scopes" biogenic CO2): the total is their sum.
            co2e.Add(new Co2eValue(_spec.RoleValue?.GwpSet, gases.Sum(g => g.KgPerUnit)));
            attributes["co2e_from"] = "sum of gas rows";
        }

        if (co2e.Count == 0 && gases.Count == 0)
        {
            noValue = true;
            return null;
        }

        foreach (var v in co2e.Select(c => c.KgPerUnit).Concat(gases.Select(g => g.KgPerUnit)))
        {
            if (!double.IsFinite(v))
            {
                throw Reject($"non-finite value {v.ToString(CultureInfo.InvariantCulture)}");
            }

            if (v < 0)
            {
                throw Reject($"negative factor {v.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        var id = _id.Evaluate(record, _header) ?? throw Reject("the id template is empty");
        var unitText = _unit?.Evaluate(record, _header) ?? derivedUnit ?? throw Reject("no activity unit");
        if (!UnitRegistry.Default.TryResolveDatasetUnit(unitText, out var unit))
        {
            throw Reject($"unknown unit '{unitText}'");
        }

        var yearText = _year.Evaluate(record, _header);
        int year;
        try
        {
            year = CellValues.ParseYear(yearText) ?? throw Reject("no year");
        }
        catch (FormatException ex)
        {
            throw Reject(ex.Message);
        }

        foreach (var (key, template) in _attributes)
        {
            if (template.Evaluate(record, _header) is { } text && !CellValues.IsMissing(text))
            {
                attributes[key] = text;
            }
        }

        return new EmissionFactor
        {
            Id = $"{dataset.Id}:{id}",
            Dataset = dataset,
            SourceActivityId = id,
            Name = string.Join(" / ", _name.Select(n => n.Evaluate(record, _header)).Where(n => n is not null)),
            Category = _category.Select(n => n.Evaluate(record, _header)).OfType<string>().ToArray(),
            Region = Region(record),
            Year = year,
            Unit = unit.Code,
            UnitText = unitText,
            Co2e = co2e,
            Gases = gases,
            Scope = Scope(_scope?.Evaluate(record, _header)),
            Attributes = attributes,
            Row = new RowReference(_header.Grid.File, _header.Grid.Sheet, record.RowNumber, id),
        };
    }

    private string Region(TableRecord record)
    {
        var text = _region.Evaluate(record, _header) ?? _regionFallback?.Evaluate(record, _header) ?? throw Reject("no region");
        if (_spec.RegionMap.TryGetValue(text, out var mapped))
        {
            return mapped;
        }

        if (string.Equals(_spec.RegionCodes, "alpha3", StringComparison.Ordinal))
        {
            return CountryCodes.FromAlpha3(text) ?? throw Reject($"unknown ISO 3166-1 alpha-3 code '{text}'");
        }

        return text;
    }

    private static string? Scope(string? text)
    {
        if (CellValues.IsMissing(text))
        {
            return null;
        }

        var t = text!.Trim();
        if (t.StartsWith("Scope ", StringComparison.OrdinalIgnoreCase))
        {
            return t[6..].Trim();
        }

        return t.StartsWith("Outside", StringComparison.OrdinalIgnoreCase) ? "outside" : t;
    }

    private Template Compile(string text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new IngestionException($"Mapping of table '{_header.TableName}': '{what}' is required.");
        }

        return Template.Compile(text, _header);
    }

    private static RowRejectedException Reject(string reason) => new(reason);

    private sealed class CompiledValue
    {
        private readonly Template _value;
        private readonly Template? _units;
        private readonly double _massFactor = 1;

        public CompiledValue(ValueSpec spec, TableHeader header)
        {
            Spec = spec;
            _value = Template.Compile(spec.Value, header);
            _units = spec.Units is null ? null : Template.Compile(spec.Units, header);
            Measure = string.Equals(spec.Measure, "co2e", StringComparison.OrdinalIgnoreCase) ? GasMeasure.Co2e : GasMeasure.Mass;
            if (spec.MassUnit is { } m)
            {
                _massFactor = UnitRegistry.Default.TryResolveDatasetUnit(m, out var mu) && mu.Dimension == "mass"
                    ? mu.FactorToCanonical!.Value
                    : throw new IngestionException($"Mapping of table '{header.TableName}': '{m}' is not a mass unit.");
            }
        }

        public ValueSpec Spec { get; }

        public GasMeasure Measure { get; }

        public (double Kg, string? Gas)? Read(TableRecord record, TableHeader header, ref string? derivedUnit)
        {
            double? number;
            try
            {
                number = CellValues.ParseNumber(_value.Evaluate(record, header));
            }
            catch (FormatException ex)
            {
                throw new RowRejectedException(ex.Message);
            }

            if (number is not { } n)
            {
                return null;
            }

            var gas = Spec.Gas;
            var factor = _massFactor;
            if (_units is not null)
            {
                var text = _units.Evaluate(record, header);
                var parsed = UnitsText.TryParse(text) ?? throw new RowRejectedException($"cannot read the units '{text}'");
                factor = parsed.KgPerMassUnit;
                gas ??= parsed.Gas;
                if (!string.Equals(parsed.PerUnit, "unit", StringComparison.OrdinalIgnoreCase))
                {
                    derivedUnit ??= parsed.PerUnit;
                }
            }

            return (n * factor, gas);
        }
    }
}
