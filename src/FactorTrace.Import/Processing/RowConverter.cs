using System.Globalization;
using FactorTrace.Activities;
using FactorTrace.Data.Ledger;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Normalization;
using FactorTrace.Import.Reading;
using FactorTrace.Regions;
using FactorTrace.Units;

namespace FactorTrace.Import.Processing;

/// <summary>
/// Turns a data row into an activity record through the mapping: value maps, numbers and dates in each column's
/// format, units and currencies through the registry, scopes and categories by number or name, descriptions matched to
/// activity ids; then the ledger's own record rules. Every problem becomes an <see cref="ImportIssue"/> on its cell; a
/// mapped cell holding a control or bidirectional-override character is an <c>invalid_value</c> error of its own.
/// </summary>
public sealed class RowConverter
{
    private const int CacheLimit = 20_000;

    private static readonly string[] CategoryNames =
    [
        "purchased goods and services", "capital goods", "fuel and energy related activities", "upstream transportation and distribution",
        "waste generated in operations", "business travel", "employee commuting", "upstream leased assets", "downstream transportation and distribution",
        "processing of sold products", "use of sold products", "end of life treatment of sold products", "downstream leased assets", "franchises", "investments",
    ];

    private readonly ImportMapping _mapping;
    private readonly IActivityMatcher? _matcher;
    private readonly Dictionary<string, (string? Code, ImportIssue? Problem)> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActivityMatch?> _matches = new(StringComparer.Ordinal);
    private readonly int _headerWidth;
    private readonly (int Index, string Header, string Field, string? NumberFormat, string? DateOrder, string? Unit, string? Currency)[] _columns;
    private readonly bool _activityPending;
    private readonly ImportDecision? _headerUnitDecision;

    /// <summary>Creates a converter for one mapping.</summary>
    public RowConverter(ImportMapping mapping, IActivityMatcher? matcher, int headerWidth)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _mapping = mapping;
        _matcher = matcher;
        _headerWidth = headerWidth;
        _columns = mapping.Columns.Where(c => c.Field is not null).Select(c => (c.Index, c.Header, c.Field!, c.NumberFormat, c.DateOrder, c.Unit, c.Currency)).ToArray();
        _activityPending = mapping.Decisions.Any(d => d.Kind == "activity" && d.Column is null);
        _headerUnitDecision = mapping.Decisions.FirstOrDefault(d => d.Kind == "unit" && d.Field == "amount" && d.Column == mapping.For("amount")?.Header);
    }

    /// <summary>Converts one row; <paramref name="withCells"/> also returns per-cell results (for the preview).</summary>
    public ConvertedRow Convert(SourceRow row, bool withCells)
    {
        var state = new RowState(row.Number, withCells);
        string? amountUnit = null, spendSymbol = null;
        double? amount = null, spend = null;
        string? unitText = null, currencyText = null, activity = null, description = null, site = null, supplier = null, scope = null, category = null, region = null, notes = null;
        DateOnly? date = null, periodStart = null, periodEnd = null;
        string? unitColumn = null, currencyColumn = null, descriptionColumn = null, activityName = null, activityColumn = null, headerCurrency = null, spendColumn = null;
        ImportIssue? spendProblem = null;

        if (row.Cells.Length > _headerWidth && _headerWidth > 0)
        {
            var extra = row.Cells.Skip(_headerWidth).Count(c => !string.IsNullOrWhiteSpace(c));
            if (extra > 0)
            {
                state.Issue(null, null, "ragged_row", ImportIssue.Warning,
                    $"The row has {row.Cells.Length} cells and the header {_headerWidth}; the {extra} extra non-empty cell(s) are ignored.");
            }
        }
        else if (row.Cells.Length < _headerWidth && _columns.Any(c => c.Index >= row.Cells.Length))
        {
            state.Issue(null, null, "short_row", ImportIssue.Warning, $"The row has {row.Cells.Length} cells and the header {_headerWidth}; the missing cells are read as empty.");
        }

        foreach (var (index, header, field, numberFormat, dateOrder, headerUnit, columnCurrency) in _columns)
        {
            var raw = row.Cell(index);
            var typed = row.IsTyped(index);
            var text = Mapped(field, raw);
            // Notes are kept exactly, white space included; every other field treats white space as empty.
            if (field == "notes" ? string.IsNullOrEmpty(text) : string.IsNullOrWhiteSpace(text))
            {
                state.Cell(header, field, raw, null, "empty", null);
                continue;
            }

            // A control or bidirectional-override character is never stored, nor stripped: the cell is an error until it is
            // fixed (a patch, a corrected file, or a value map to clean text). Notes may hold tabs and line breaks.
            if (ActivityValidation.Unsafe(header, text, multiline: field == "notes") is { } unsafeCell)
            {
                state.Error(header, field, raw, unsafeCell.Code, unsafeCell.Message, "the same text without the character");
                continue;
            }

            switch (field)
            {
                case "date":
                case "period":
                case "period_start":
                case "period_end":
                    if (!DateFormat.TryParse(text, dateOrder ?? DateFormat.Dmy, typed, out var start, out var end))
                    {
                        state.Error(header, field, raw, "invalid_date", $"'{Short(raw)}' is not a date this column can read ({OrderName(dateOrder)}).", "YYYY-MM-DD, for example 2024-03-15");
                        break;
                    }

                    if (field == "period_start")
                    {
                        periodStart = start;
                    }
                    else if (field == "period_end")
                    {
                        periodEnd = end;
                    }
                    else if (start == end && field == "date")
                    {
                        date = start;
                    }
                    else
                    {
                        periodStart = start;
                        periodEnd = end;
                    }

                    if (state.Previewing)
                    {
                        state.Cell(header, field, raw, start == end ? Iso(start) : $"{Iso(start)}/{Iso(end)}", "ok", null);
                    }

                    break;

                case "amount":
                case "spend":
                    if (!NumberFormat.TryParse(text, numberFormat ?? NumberFormat.Us, out var number, out var percent, out var symbol))
                    {
                        if (field == "spend")
                        {
                            // A spend is optional beside an amount: decided once the row's amount is known.
                            spendProblem = ImportIssue.Create(row.Number, header, raw, "not_a_number", ImportIssue.Error, $"'{Short(raw)}' is not a finite number.",
                                numberFormat == NumberFormat.Eu ? "1.234,56" : "1,234.56");
                            spendColumn = header;
                            break;
                        }

                        state.Error(header, field, raw, "not_a_number", $"'{Short(raw)}' is not a finite number.", numberFormat == NumberFormat.Eu ? "1.234,56" : "1,234.56");
                        break;
                    }

                    if (percent)
                    {
                        state.Warn(header, field, raw, "percent_value", $"'{Short(raw)}' has a percent sign; stored as {Num(number)}.");
                    }


                    if (field == "amount")
                    {
                        amount = number;
                        amountUnit = headerUnit ?? _headerUnitDecision?.Default;
                    }
                    else
                    {
                        spend = number;
                        spendSymbol = symbol;
                        headerCurrency = columnCurrency;
                        spendColumn = header;
                    }

                    if (state.Previewing)
                    {
                        state.Cell(header, field, raw, Num(number), percent ? "warning" : "ok", null);
                    }

                    break;

                case "unit":
                    unitText = text;
                    unitColumn = header;
                    break;

                case "currency":
                    currencyText = text;
                    currencyColumn = header;
                    break;

                case "activity":
                    if (_matcher is not null && !ActivityIdShape.LooksLikeId(text.Trim()))
                    {
                        // A name ("Motor Gasoline - Gasoline Passenger Cars"), not an id: matched like a description.
                        activityName = text;
                        activityColumn = header;
                        break;
                    }

                    // Written like an id: taken as one, never matched loosely (an unknown id is refused with suggestions).
                    activity = text.Trim();
                    state.Cell(header, field, raw, activity, "ok", null);
                    break;

                case "description":
                    description = text;
                    descriptionColumn = header;
                    break;

                case "site":
                    site = text;
                    state.Cell(header, field, raw, text.Trim(), "ok", null);
                    break;

                case "supplier":
                    supplier = text;
                    state.Cell(header, field, raw, text.Trim(), "ok", null);
                    break;

                case "scope":
                    scope = Scope(text);
                    if (scope is null)
                    {
                        state.Warn(header, field, raw, "invalid_scope", $"'{Short(raw)}' is not scope 1, 2 or 3; left empty (the activity's own scope applies).", "1, 2 or 3");
                    }
                    else
                    {
                        state.Cell(header, field, raw, scope, "ok", null);
                    }

                    break;

                case "category":
                    category = CategoryOrScope1Source(text);
                    if (category is null)
                    {
                        state.Warn(header, field, raw, "invalid_category", $"'{Short(raw)}' is not a GHG Protocol Scope 3 category; left empty (the activity's own category applies).",
                            "3.1 to 3.15, or a name such as Business travel");
                    }
                    else
                    {
                        state.Cell(header, field, raw, category, "ok", null);
                    }

                    break;

                case "region":
                    region = Region(text);
                    if (region is null)
                    {
                        // Optional: the calculation falls back to a wider region, so an unknown one is left empty, loudly.
                        state.Warn(header, field, raw, "unknown_region", $"'{Short(raw)}' is not a country, subdivision or region group FactorTrace knows; left empty.",
                            RegionHierarchy.Default.Suggest(text.Trim(), 3) is { Count: > 0 } near ? string.Join(", ", near) : "an ISO 3166 code such as GB, DE or US-CA");
                    }
                    else
                    {
                        state.Cell(header, field, raw, region, "ok", null);
                    }

                    break;

                case "notes":
                    notes = text;
                    state.Cell(header, field, raw, text, "ok", null);
                    break;

                default:
                    break;
            }
        }

        // Defaults fill fields no column gave.
        unitText ??= Default("unit");
        currencyText ??= Default("currency");
        region ??= Default("region")?.ToUpperInvariant();
        scope ??= Default("scope") is { } defaultScope ? Scope(defaultScope) : null;
        category ??= Default("category") is { } defaultCategory ? CategoryOrScope1Source(defaultCategory) : null;
        site ??= Default("site");
        supplier ??= Default("supplier");
        activity ??= Default("activity");

        string? unit = null;
        if (unitText is not null)
        {
            var (code, problem) = Unit(unitText, money: false);
            if (problem is not null)
            {
                state.Error(unitColumn, "unit", unitText, problem.Code, problem.Message, problem.Suggestion);
            }
            else if (code is null)
            {
                // An ambiguous word with a question open for the whole column: the row waits for the answer.
                state.Block(unitColumn ?? "(default)", "unit", unitText, $"'{Short(unitText)}' is ambiguous: answer the column's decision.");
            }
            else
            {
                unit = code;
                var assumed = UnitDecision(unitText) is { Default: { } d } && d == code;
                state.Cell(unitColumn ?? "(default)", "unit", unitText, code, assumed ? "assumed" : "ok", assumed ? $"Read as {code}: the column's decision, not confirmed yet." : null);
            }
        }
        else if (amountUnit is not null)
        {
            unit = amountUnit;
        }
        else if (amount is not null && _headerUnitDecision is { Default: null })
        {
            state.Block(_headerUnitDecision.Column!, "amount", _headerUnitDecision.Value ?? "", $"The header's unit '{_headerUnitDecision.Value}' is ambiguous: answer the column's decision.");
        }

        var quantity = amount is not null && unit is not null;

        string? currency = null;
        if (currencyText is not null)
        {
            var (code, problem) = Unit(currencyText, money: true);
            if (problem is not null)
            {
                if (quantity)
                {
                    // The spend is optional beside an amount with its unit: the row stays, without the spend.
                    state.Warn(currencyColumn, "currency", currencyText, problem.Code, problem.Message + " The spend is left empty.", problem.Suggestion);
                    spend = null;
                }
                else
                {
                    state.Error(currencyColumn, "currency", currencyText, problem.Code, problem.Message, problem.Suggestion);
                }
            }
            else
            {
                currency = code;
                state.Cell(currencyColumn ?? "(default)", "currency", currencyText, code, "ok", null);
            }
        }
        else if (headerCurrency is not null)
        {
            currency = headerCurrency;
        }
        else if (spendSymbol is not null && Unit(spendSymbol, money: true).Code is { } fromSymbol)
        {
            currency = fromSymbol;
        }

        if (spendProblem is not null)
        {
            if (quantity)
            {
                state.Warn(spendProblem.Column, "spend", spendProblem.Value ?? "", spendProblem.Code, spendProblem.Message + " The spend is left empty.", spendProblem.Suggestion);
            }
            else
            {
                state.Error(spendProblem.Column, "spend", spendProblem.Value ?? "", spendProblem.Code, spendProblem.Message, spendProblem.Suggestion);
            }
        }

        if (spend is not null && currency is null && quantity)
        {
            state.Warn(spendColumn, "spend", Num(spend.Value), "missing_currency", "The spend has no currency (no currency column, none in the header, no default); it is left empty.",
                "a currency column, a currency in the header such as Cost (EUR), or defaults.currency");
            spend = null;
        }

        if (spend is null)
        {
            currency = null;
        }

        if (activityName is not null)
        {
            // An activity column holding names is matched like a description; the name is kept as the description when
            // the file has no other.
            if (activity is null)
            {
                activity = MatchText(state, activityName, activityColumn!, "activity");
            }

            description ??= activityName.Trim();
        }

        if (description is not null && descriptionColumn is not null)
        {
            if (activity is null)
            {
                activity = MatchText(state, description, descriptionColumn, "description");
            }
            else
            {
                state.Cell(descriptionColumn, "description", description, description, "ok", null);
            }
        }

        if (activity is null && description is null && _activityPending)
        {
            // The file never says what the activity is: one question for the file, not an error on every row.
            state.Block("(file)", "activity", "", "No activity: answer the file's decision (defaults.activity).");
        }

        if (state.HasErrors)
        {
            return state.Result(null);
        }

        var body = new ActivityBody
        {
            ActivityId = activity,
            Description = description,
            Amount = amount,
            Unit = amount is null ? null : unit,
            Date = date,
            PeriodStart = date is null ? periodStart : null,
            PeriodEnd = date is null ? periodEnd : null,
            Site = site,
            Region = region,
            Scope = scope,
            Category = category,
            Supplier = supplier,
            Spend = spend,
            Currency = currency,
            Notes = notes,
        };

        // Optional fields never sink a row whose activity can be computed: their problem is a warning and the field is left
        // empty. What the calculation needs (activity, amount and unit or spend and currency, date) stays an error.
        for (var attempt = 0; attempt < 12 && ActivityValidation.Validate(body) is { } invalid; attempt++)
        {
            var column = ColumnOf(invalid.Field);
            var raw = column is null ? "" : row.Cell(_mapping.Columns.First(c => c.Header == column).Index);
            var suggestion = invalid.Suggestions is { Count: > 0 } s ? string.Join(", ", s) : null;
            if (Optional(body, invalid) is { } without)
            {
                state.Warn(column, invalid.Field, raw, invalid.Code, $"{invalid.Message} The {invalid.Field} is left empty; the row is kept.", suggestion);
                body = without;
                continue;
            }

            state.Error(column, invalid.Field, raw, invalid.Code, invalid.Message, suggestion);
            return state.Result(null);
        }

        return state.Result(ActivityValidation.WithScope1Source(body));
    }

    /// <summary>The body without the optional field <paramref name="invalid"/> names, or null when the field is needed.</summary>
    private static ActivityBody? Optional(ActivityBody body, FieldError invalid)
    {
        var quantity = body.Amount is not null && !string.IsNullOrWhiteSpace(body.Unit);
        return invalid.Field switch
        {
            "site" => body with { Site = null },
            "supplier" => body with { Supplier = null },
            "region" => body with { Region = null },
            "notes" => body with { Notes = null },
            "scope" => body with { Scope = null },
            "category" => body with { Category = null },
            "spend" or "currency" when quantity => body with { Spend = null, Currency = null },
            "description" when !string.IsNullOrWhiteSpace(body.ActivityId) => body with { Description = null },
            _ => null,
        };
    }

    /// <summary>
    /// An activity id for a description (or an activity column's name): the import's value map first, then the matcher at
    /// or above <see cref="ActivityMatch.AcceptAt"/>; else an <c>unmatched_description</c> error with the nearest ones.
    /// </summary>
    private string? MatchText(RowState state, string text, string column, string field)
    {
        if (_mapping.Values.TryGetValue("activity", out var chosen) && chosen.TryGetValue(text.Trim(), out var chosenId))
        {
            // The user's own choice for this text beats the matcher.
            state.Cell(column, field, text, chosenId, "mapped", "Mapped by the import's value map.");
            return chosenId;
        }

        if (_matcher is null)
        {
            state.Cell(column, field, text, text, "ok", null);
            return null;
        }

        var match = Match(text);
        if (match is not { Confidence: >= ActivityMatch.AcceptAt }
            && _mapping.Decisions.Any(d => d.Kind == "activity" && d.Column == column && string.Equals(d.Value, text.Trim(), StringComparison.Ordinal)))
        {
            // One question for every row that says this text.
            state.Block(column, field, text, $"'{Short(text)}' matches no activity well enough: answer the decision for it (values.activity).");
            return null;
        }

        if (match is null)
        {
            state.Error(column, field, text, "unmatched_description",
                $"'{Short(text)}' matches no activity; map it to an activity id (a value map of the description, or an activity column).", null);
            return null;
        }

        if (match.Confidence >= ActivityMatch.AcceptAt)
        {
            state.Cell(column, field, text, match.ActivityId, "matched", $"Matched to {match.ActivityId} with confidence {match.Confidence:0.00}.", match.Alternatives);
            return match.ActivityId;
        }

        // The calculation would not find an activity for it either: refuse now, with the nearest ones.
        state.Error(column, field, text, "unmatched_description",
            match.Confidence > 0
                ? $"'{Short(text)}' is only a weak match for {match.ActivityId} ({match.Confidence:0.00}); map it to an activity id (a value map of the description, or an activity column)."
                : $"'{Short(text)}' matches no activity; map it to an activity id (a value map of the description, or an activity column).",
            string.Join(", ", match.Alternatives.Prepend(match.ActivityId)));
        return null;
    }

    private ImportDecision? UnitDecision(string text) =>
        _mapping.Decisions.FirstOrDefault(d => d.Kind == "unit" && d.Field == "unit" && string.Equals(d.Value, text.Trim(), StringComparison.OrdinalIgnoreCase));

    private string? Mapped(string field, string raw)
    {
        if (_mapping.Values.TryGetValue(field, out var map) && map.TryGetValue(raw.Trim(), out var replaced))
        {
            return replaced;
        }

        return raw;
    }

    private string? Default(string field) => _mapping.Defaults.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private string? ColumnOf(string field)
    {
        var target = field switch
        {
            "activity_id" => _mapping.For("activity") is null ? "description" : "activity",
            "unit" => _mapping.For("unit") is null ? "amount" : "unit",
            "period_start" or "period_end" when _mapping.For(field) is null => _mapping.For("period") is null ? "date" : "period",
            _ => field,
        };
        return _mapping.For(target)?.Header;
    }

    private (string? Code, ImportIssue? Problem) Unit(string text, bool money)
    {
        var mapped = Mapped(money ? "currency" : "unit", text) ?? text;
        if (_units.TryGetValue((money ? "$" : "") + mapped, out var cached))
        {
            return cached;
        }

        var trimmed = mapped.Trim();
        var lookup = UnitRegistry.Default.Lookup(trimmed);
        (string?, ImportIssue?) result;
        if (lookup.Unit is { } unit && (unit.Dimension == "money") == money)
        {
            result = (unit.Code, null);
        }
        else if (lookup.IsAmbiguous && !money && UnitDecision(trimmed) is { } decision)
        {
            // One question for the column: its default (from the file's own region) when it has one, else the row waits.
            result = (decision.Default, null);
        }
        else if (lookup.IsAmbiguous)
        {
            result = (null, ImportIssue.Create(null, null, text, "ambiguous_unit", ImportIssue.Error,
                $"'{trimmed}' is ambiguous; say which one (map the value, or fix the cell).", string.Join(", ", lookup.Choices)));
        }
        else if (money)
        {
            var suggestions = UnitRegistry.Default.Suggest(trimmed).Where(s => UnitRegistry.Default.Get(s)?.Dimension == "money").ToList();
            result = (null, ImportIssue.Create(null, null, text, "unknown_currency", ImportIssue.Error,
                $"'{trimmed}' is not an ISO 4217 currency code this service converts.", suggestions.Count > 0 ? string.Join(", ", suggestions) : "EUR, USD, GBP"));
        }
        else
        {
            var suggestions = UnitRegistry.Default.Suggest(trimmed).Where(s => UnitRegistry.Default.Get(s)?.Dimension != "money").ToList();
            result = (null, ImportIssue.Create(null, null, text, lookup.Unit is not null ? "invalid_unit" : "unknown_unit", ImportIssue.Error,
                lookup.Unit is not null ? $"'{trimmed}' is a currency, not a unit of quantity." : $"Unknown unit '{trimmed}'.", suggestions.Count > 0 ? string.Join(", ", suggestions) : null));
        }

        if (_units.Count < CacheLimit)
        {
            _units[(money ? "$" : "") + mapped] = result;
        }

        return result;
    }

    private ActivityMatch? Match(string description)
    {
        if (_matches.TryGetValue(description, out var cached))
        {
            return cached;
        }

        var match = _matcher!.Match(description.Trim());
        if (_matches.Count < CacheLimit)
        {
            _matches[description] = match;
        }

        return match;
    }

    /// <summary>A region code (<c>GB</c>, <c>uk</c>, <c>DEU</c>, <c>US-CA</c>) or a country name (<c>United States</c>), normalized; null when unknown.</summary>
    public static string? Region(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var code = RegionHierarchy.Default.Normalize(text.Trim());
        if (RegionHierarchy.Default.Classify(code) != RegionKind.Unknown)
        {
            return code;
        }

        return RegionHierarchy.Default.FromName(text.Trim()) is { } named ? RegionHierarchy.Default.Normalize(named) : null;
    }

    /// <summary>"Scope 1", "S1", "scope1", "1" → "1".</summary>
    public static string? Scope(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = ImportFields.NormalizeHeader(text).Replace(" ", "", StringComparison.Ordinal);
        foreach (var prefix in new[] { "scope", "s" })
        {
            if (normalized.StartsWith(prefix, StringComparison.Ordinal) && normalized.Length > prefix.Length)
            {
                normalized = normalized[prefix.Length..];
                break;
            }
        }

        return normalized is "1" or "2" or "3" ? normalized : null;
    }

    /// <summary>
    /// A Scope 1 source type ("Mobile combustion", "fugitive emissions") as it is written, for the ledger's rule
    /// (<see cref="ActivityValidation.Scope1SourceOf"/>: the record's source type on a Scope 1 row, an error on a Scope 2
    /// or 3 row); else the Scope 3 category of <see cref="Category"/>.
    /// </summary>
    private static string? CategoryOrScope1Source(string text) =>
        ActivityValidation.NormalizeScope1Source(text) is not null ? text.Trim() : Category(text);

    /// <summary>"3.6", "6", "Cat 6", "Category 6", "Business travel" → "3.6".</summary>
    public static string? Category(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ActivityValidation.NormalizeCategory(text) is { } direct)
        {
            return direct;
        }

        var normalized = ImportFields.NormalizeHeader(text);
        foreach (var prefix in new[] { "scope 3 category ", "category ", "cat ", "s3 ", "c" })
        {
            if (normalized.StartsWith(prefix, StringComparison.Ordinal) && ActivityValidation.NormalizeCategory(normalized[prefix.Length..].Split(' ')[0]) is { } numbered)
            {
                return numbered;
            }
        }

        for (var i = 0; i < CategoryNames.Length; i++)
        {
            if (normalized == CategoryNames[i] || (normalized.Length >= 6 && CategoryNames[i].StartsWith(normalized, StringComparison.Ordinal))
                || FactorTrace.Text.EditDistance.Compute(normalized, CategoryNames[i], 3) <= 3)
            {
                return $"3.{i + 1}";
            }
        }

        return null;
    }

    private static string Short(string text) => text.Length > 60 ? string.Concat(text.AsSpan(0, 60), "…") : text;

    private static string OrderName(string? order) => order == DateFormat.Mdy ? "month first" : "day first";

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The issues and cells of the row being converted.</summary>
    private sealed class RowState(long row, bool withCells)
    {
        private List<ImportIssue>? _issues;
        private List<CellResult>? _cells = withCells ? [] : null;

        public bool HasErrors { get; private set; }

        /// <summary>Per-cell results are wanted (preview rows only): callers skip formatting values otherwise.</summary>
        public bool Previewing => _cells is not null;

        public void Issue(string? column, string? value, string code, string severity, string message, string? suggestion = null)
        {
            (_issues ??= []).Add(ImportIssue.Create(row, column, value, code, severity, message, suggestion));
            HasErrors |= severity == ImportIssue.Error;
        }

        public void Error(string? column, string field, string raw, string code, string message, string? suggestion)
        {
            Issue(column, raw, code, ImportIssue.Error, message, suggestion);
            Cell(column ?? "(default)", field, raw, null, "error", message);
        }

        /// <summary>The row waits for a decision about its column (or file): invalid, but no issue of its own.</summary>
        public void Block(string column, string field, string raw, string message)
        {
            HasErrors = true;
            Cell(column, field, raw, null, "decision", message);
        }

        public void Warn(string? column, string field, string raw, string code, string message, string? suggestion = null)
        {
            Issue(column, raw, code, ImportIssue.Warning, message, suggestion);
            Cell(column ?? "(default)", field, raw, null, "warning", message);
        }

        public void Cell(string column, string field, string raw, string? value, string status, string? message, IReadOnlyList<string>? alternatives = null)
        {
            if (_cells is null)
            {
                return;
            }

            var existing = _cells.FindIndex(c => c.Column == column && c.Field == field);
            var cell = new CellResult(column, field, raw.Length > 200 ? string.Concat(raw.AsSpan(0, 200), "…") : raw, value, status, message, alternatives);
            if (existing >= 0)
            {
                // A warning or error outranks a plain result of the same cell; the normalized value is kept from either.
                var previous = _cells[existing];
                _cells[existing] = previous.Status is "ok" or "empty"
                    ? cell with { Value = value ?? previous.Value }
                    : previous with { Value = previous.Value ?? value };
            }
            else
            {
                _cells.Add(cell);
            }
        }

        public ConvertedRow Result(ActivityBody? body) => new(row, body, (IReadOnlyList<ImportIssue>?)_issues ?? [], _cells);
    }
}
