namespace FactorTrace.Datasets.Ingestion.Mapping;

// The YAML schema of a dataset mapping (Mappings/*.yaml), documented in docs/ingestion.md.
// These are plain deserialization targets, kept together so the schema reads in one place.

/// <summary>A dataset's mapping: which tables to read and how each row becomes a factor.</summary>
public sealed class MappingDocument
{
    /// <summary>Catalogue id of the dataset.</summary>
    public string Dataset { get; set; } = "";

    /// <summary>Another mapping file this one starts from (its tables are inherited).</summary>
    public string? Extends { get; set; }

    /// <summary>Inherited tables to leave out.</summary>
    public List<string> ExcludeTables { get; set; } = [];

    /// <summary>Free YAML anchors for reuse inside the document (ignored by ingestion).</summary>
    public Dictionary<string, string> XRegions { get; set; } = [];

    /// <summary>Variables available to templates as <c>{$name}</c>.</summary>
    public Dictionary<string, string> Vars { get; set; } = [];

    /// <summary>The tables.</summary>
    public List<TableMapping> Tables { get; set; } = [];
}

/// <summary>One table: where it is, how to find its header and rows, and what each row yields.</summary>
public sealed class TableMapping
{
    /// <summary>Name used in reports and ids.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>factors</c>, <c>factor_gases</c>, <c>gwp</c>, <c>fuel_properties</c> or <c>fx_rates</c>.</summary>
    public string Kind { get; set; } = "factors";

    /// <summary>The file(s) and sheet.</summary>
    public SourceSpec Source { get; set; } = new();

    /// <summary>Search for the header only after the row holding this text.</summary>
    public AnchorSpec? Anchor { get; set; }

    /// <summary>How to recognise the header row.</summary>
    public HeaderSpec Header { get; set; } = new();

    /// <summary>Where the table stops.</summary>
    public EndSpec? End { get; set; }

    /// <summary>Columns whose blank cells take the value above (merged or continuation cells).</summary>
    public List<string> CarryDown { get; set; } = [];

    /// <summary>Columns whose glued footnote letters (<c>Passenger Car A</c>, <c>TruckC</c>) are removed.</summary>
    public List<string> Footnotes { get; set; } = [];

    /// <summary>Rows with only this column filled are group labels, available as <c>{$group}</c>.</summary>
    public string? GroupColumn { get; set; }

    /// <summary>Rows with this column blank and text in others are unit rows that set the columns' units.</summary>
    public string? UnitRowLabel { get; set; }

    /// <summary>Rows that belong together (DESNZ total + CO2 + CH4 + N2O).</summary>
    public RowRolesSpec? Rows { get; set; }

    /// <summary>What each row (or row group) yields; several entries give several factors per row.</summary>
    public List<FactorSpec> Factors { get; set; } = [];

    /// <summary>For <c>factor_gases</c>: one gas per row added to an existing factor.</summary>
    public GasRowSpec? GasRows { get; set; }

    /// <summary>For <c>gwp</c>.</summary>
    public GwpSpec? Gwp { get; set; }

    /// <summary>For <c>fuel_properties</c>.</summary>
    public FuelSpec? Fuel { get; set; }

    /// <summary>For <c>fx_rates</c>: the date column; every other column named by a currency code is a rate.</summary>
    public string? FxDateColumn { get; set; }
}

/// <summary>Where a table's cells come from.</summary>
public sealed class SourceSpec
{
    /// <summary>File relative to the dataset folder.</summary>
    public string? File { get; set; }

    /// <summary>Several files read with the same table mapping.</summary>
    public List<string> Files { get; set; } = [];

    /// <summary>Worksheet name for workbooks.</summary>
    public string? Sheet { get; set; }

    /// <summary><c>csv</c>, <c>xlsx</c> or <c>json</c>; defaults to the file extension.</summary>
    public string? Format { get; set; }

    /// <summary>CSV lines starting with this are comments.</summary>
    public string? CommentPrefix { get; set; }

    /// <summary>A regex with named groups matched on the file name; groups become <c>{$name}</c> variables.</summary>
    public string? VarsFromFile { get; set; }
}

/// <summary>An anchor cell: a column and the text it holds.</summary>
public sealed class AnchorSpec
{
    /// <summary>Column reference (<c>@B</c> or a header name).</summary>
    public string Column { get; set; } = "";

    /// <summary>Exact (trimmed) text of the anchor cell.</summary>
    public string EqualTo { get; set; } = "";
}

/// <summary>How to find the header.</summary>
public sealed class HeaderSpec
{
    /// <summary>Texts the header row must hold (each matched as a cell prefix after normalizing spaces, case-insensitive).</summary>
    public List<string> Contains { get; set; } = [];

    /// <summary>Rows right below the header that hold column units.</summary>
    public int UnitsRows { get; set; }

    /// <summary>Rows right above the header that hold group labels, carried right across blank cells.</summary>
    public int GroupRowsAbove { get; set; }
}

/// <summary>Where a table ends (the first of these conditions to hold; else the end of the sheet).</summary>
public sealed class EndSpec
{
    /// <summary>Stop at the first row where this column is blank.</summary>
    public string? Blank { get; set; }

    /// <summary>Column tested by <see cref="StartsWith"/>.</summary>
    public string? Column { get; set; }

    /// <summary>Stop when <see cref="Column"/> starts with one of these.</summary>
    public List<string> StartsWith { get; set; } = [];
}

/// <summary>Row roles for tables where consecutive rows describe one factor.</summary>
public sealed class RowRolesSpec
{
    /// <summary>Column that says what the row is.</summary>
    public string Column { get; set; } = "";

    /// <summary>Cell text → role: <c>total</c> or a gas code (CO2, CH4, N2O).</summary>
    public Dictionary<string, string> Roles { get; set; } = [];

    /// <summary>Cell texts of rows that are not emission factors (kept out, counted as skipped).</summary>
    public List<string> Skip { get; set; } = [];

    /// <summary>Columns whose values identify the group; consecutive rows with equal values form one factor.</summary>
    public List<string> GroupBy { get; set; } = [];
}

/// <summary>How one factor is built from a row or row group. Values are templates (<c>{Column}</c>, <c>{@E}</c>, <c>{$var}</c>).</summary>
public sealed class FactorSpec
{
    /// <summary>Source activity id template (unique within the dataset).</summary>
    public string Id { get; set; } = "";

    /// <summary>Name parts, joined with " / ", blanks left out.</summary>
    public List<string> Name { get; set; } = [];

    /// <summary>Category path parts.</summary>
    public List<string> Category { get; set; } = [];

    /// <summary>Region template.</summary>
    public string Region { get; set; } = "";

    /// <summary>Region template used when <see cref="Region"/> is empty.</summary>
    public string? RegionFallback { get; set; }

    /// <summary><c>alpha3</c> converts ISO 3166-1 alpha-3 to alpha-2.</summary>
    public string? RegionCodes { get; set; }

    /// <summary>Exact region texts mapped to codes (<c>World: GLOBAL</c>).</summary>
    public Dictionary<string, string> RegionMap { get; set; } = [];

    /// <summary>Year template.</summary>
    public string Year { get; set; } = "";

    /// <summary>Activity unit template; if absent, taken from the first value's units text.</summary>
    public string? Unit { get; set; }

    /// <summary>Scope template.</summary>
    public string? Scope { get; set; }

    /// <summary>Published CO2e totals.</summary>
    public List<ValueSpec> Co2e { get; set; } = [];

    /// <summary>Per-gas values of the same row.</summary>
    public List<ValueSpec> Gases { get; set; } = [];

    /// <summary>With <see cref="TableMapping.Rows"/>: the value read from each gas row of the group.</summary>
    public ValueSpec? RoleValue { get; set; }

    /// <summary>Extra attributes (templates); blank ones are left out.</summary>
    public Dictionary<string, string> Attributes { get; set; } = [];
}

/// <summary>One numeric value of a factor.</summary>
public sealed class ValueSpec
{
    /// <summary>Template of the number.</summary>
    public string Value { get; set; } = "";

    /// <summary>Gas code (CO2, CH4, N2O); for gases, taken from the units text when absent.</summary>
    public string? Gas { get; set; }

    /// <summary>GWP set of a CO2e value (AR4, AR5, AR6).</summary>
    public string? GwpSet { get; set; }

    /// <summary><c>mass</c> (default for gases) or <c>co2e</c>.</summary>
    public string? Measure { get; set; }

    /// <summary>Units text template such as <c>kg CO2 per short ton</c> or <c>{units:@E}</c>; gives the mass unit and activity unit.</summary>
    public string? Units { get; set; }

    /// <summary>Mass unit of the number when no units text is given (default kg).</summary>
    public string? MassUnit { get; set; }
}

/// <summary>A table with one gas per row, added to factors built by an earlier table.</summary>
public sealed class GasRowSpec
{
    /// <summary>Template of the target factor's source activity id.</summary>
    public string Target { get; set; } = "";

    /// <summary>Template of the gas name.</summary>
    public string Gas { get; set; } = "";

    /// <summary>Template of the amount.</summary>
    public string Value { get; set; } = "";

    /// <summary>Gas names whose amount is already CO2e.</summary>
    public List<string> Co2eGases { get; set; } = [];
}

/// <summary>GWP values: a species column and one column per GWP set.</summary>
public sealed class GwpSpec
{
    /// <summary>Template of the species.</summary>
    public string Species { get; set; } = "";

    /// <summary>GWP set name → value template.</summary>
    public Dictionary<string, string> Sets { get; set; } = [];
}

/// <summary>Fuel properties columns.</summary>
public sealed class FuelSpec
{
    /// <summary>Fuel name template.</summary>
    public string Name { get; set; } = "";

    /// <summary>Fuel group template.</summary>
    public string? Category { get; set; }

    /// <summary>Year template.</summary>
    public string Year { get; set; } = "";

    /// <summary>Net CV (GJ/tonne) template.</summary>
    public string NetCv { get; set; } = "";

    /// <summary>Gross CV (GJ/tonne) template.</summary>
    public string GrossCv { get; set; } = "";

    /// <summary>Density (kg/m3) template.</summary>
    public string Density { get; set; } = "";
}
