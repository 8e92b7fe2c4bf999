using FactorTrace.Import.Mapping;
using FactorTrace.Import.Normalization;
using FactorTrace.Import.Reading;

namespace FactorTrace.Import.Processing;

/// <summary>
/// The refine pass over every data row of a mapped file: number formats and date orders of the columns the mapping
/// leaves open, the file's own country, and the questions the mapping cannot settle alone (ambiguous units, day/month
/// order, descriptions that match no activity well enough, a file that never names its activity).
/// </summary>
internal sealed class MappingRefiner(IActivityMatcher? matcher)
{
    private const int MaxDistinctTexts = 500;
    private const int MaxTextDecisions = 20;

    /// <summary>
    /// Decides the number format of numeric columns and the date order of date columns from every row (unless the
    /// mapping already sets them), with a note for each column the values do not settle; and the open questions
    /// (<see cref="ImportMapping.Decisions"/>): one per ambiguous unit of a column, per date column whose order no value
    /// settles, and one for a file that never names its activity.
    /// </summary>
    public (ImportMapping Mapping, IReadOnlyList<ImportIssue> Notes) Refine(IEnumerable<SourceRow> dataRows, FileLayout layout, ImportMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(dataRows);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(mapping);
        var numeric = mapping.Columns.Where(c => c.Field is "amount" or "spend" && c.NumberFormat is null).ToArray();
        var dated = mapping.Columns.Where(c => c.Field is "date" or "period" or "period_start" or "period_end" && c.DateOrder is null).ToArray();
        var unitColumn = mapping.For("unit");
        var regionColumn = mapping.For("region");
        var amountColumn = mapping.For("amount");
        var activityColumn = mapping.For("activity");
        var profiles = new Dictionary<int, ColumnProfile>();
        foreach (var c in numeric.Concat(dated))
        {
            profiles[c.Index] = new ColumnProfile();
        }

        mapping.Values.TryGetValue("unit", out var unitMap);
        mapping.Values.TryGetValue("activity", out var activityMap);
        // Texts that name the activity (a description column, or an activity column holding names), when nothing else does.
        var named = matcher is null || mapping.Defaults.ContainsKey("activity")
            ? []
            : new[] { mapping.For("description"), mapping.For("activity") }.OfType<ColumnMapping>().ToArray();
        var texts = new Dictionary<(string Column, string Text), long>();
        var ambiguousUnits = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var regions = new Dictionary<string, long>(StringComparer.Ordinal);
        var plainUnits = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var countries = new Dictionary<string, string?>(StringComparer.Ordinal);
        long rows = 0, amountRows = 0;
        foreach (var row in dataRows)
        {
            rows++;
            foreach (var c in numeric)
            {
                profiles[c.Index].AddNumber(row.Cell(c.Index), row.IsTyped(c.Index));
            }

            foreach (var c in dated)
            {
                profiles[c.Index].AddDate(row.Cell(c.Index), row.IsTyped(c.Index));
            }

            if (unitColumn is not null && row.Cell(unitColumn.Index).Trim() is { Length: > 0 } unitText && !(unitMap?.ContainsKey(unitText) ?? false))
            {
                if (ambiguousUnits.TryGetValue(unitText, out var seen))
                {
                    ambiguousUnits[unitText] = seen + 1;
                }
                else if (ambiguousUnits.Count < 20 && !plainUnits.Contains(unitText))
                {
                    if (Units.UnitRegistry.Default.Lookup(unitText).IsAmbiguous)
                    {
                        ambiguousUnits[unitText] = 1;
                    }
                    else if (plainUnits.Count < 1000)
                    {
                        plainUnits.Add(unitText);
                    }
                }
            }

            if (regionColumn is not null && row.Cell(regionColumn.Index) is { Length: > 0 } regionText)
            {
                if (!countries.TryGetValue(regionText, out var country) && countries.Count < 1000)
                {
                    country = Country(regionText);
                    countries[regionText] = country;
                }

                // A region that is not a country (or one not seen among the first 1,000 texts) makes the file's country unknown.
                var key = country ?? "?";
                if (regions.Count < 50)
                {
                    regions[key] = regions.GetValueOrDefault(key) + 1;
                }
            }

            // A description is matched only on rows whose activity cell is empty.
            var hasActivity = activityColumn is not null && !string.IsNullOrWhiteSpace(row.Cell(activityColumn.Index));
            foreach (var c in named)
            {
                if (!(c.Field == "description" && hasActivity) && row.Cell(c.Index).Trim() is { Length: > 0 } text && !(activityMap?.ContainsKey(text) ?? false)
                    && !(c.Field == "activity" && Activities.ActivityIdShape.LooksLikeId(text)) && (texts.Count < MaxDistinctTexts || texts.ContainsKey((c.Header, text))))
                {
                    texts[(c.Header, text)] = texts.GetValueOrDefault((c.Header, text)) + 1;
                }
            }

            if (amountColumn is not null && !string.IsNullOrWhiteSpace(row.Cell(amountColumn.Index)))
            {
                amountRows++;
            }
        }

        // The file's own country: every region cell names the same one, else the mapping's default region.
        var fileCountry = regions.Count == 1 && !regions.ContainsKey("?") ? regions.Keys.Single()
            : regions.Count == 0 && mapping.Defaults.TryGetValue("region", out var defaultRegion) ? Country(defaultRegion) : null;
        var numberFallback = layout.Delimiter == ';' ? NumberFormat.Eu : NumberFormat.Us;
        var notes = new List<ImportIssue>();
        var decisions = new List<ImportDecision>();
        var columns = mapping.Columns.Select(c =>
        {
            if (!profiles.TryGetValue(c.Index, out var profile))
            {
                return c;
            }

            if (c.Field is "amount" or "spend")
            {
                var (format, code, message) = profile.DecideNumberFormat(numberFallback);
                if (code is not null)
                {
                    notes.Add(ImportIssue.Create(null, c.Header, null, code, ImportIssue.Warning, message!, "number_format: eu or us"));
                }

                return c with { NumberFormat = format };
            }

            var fallback = fileCountry == "US" ? DateFormat.Mdy : DateFormat.Dmy;
            var (order, dateCode, dateMessage) = profile.DecideDateOrder(fallback);
            if (dateCode is not null)
            {
                notes.Add(ImportIssue.Create(null, c.Header, null, dateCode, ImportIssue.Warning, dateMessage!, "date_order: dmy or mdy"));
            }

            if (dateCode == "ambiguous_date_order")
            {
                decisions.Add(new ImportDecision(c.Header, c.Field!, "date_order", null, [DateFormat.Dmy, DateFormat.Mdy], order,
                    $"No date in the column settles day/month order; read {(order == DateFormat.Mdy ? "month first" : "day first")}"
                    + (fileCountry is null ? " (the default)." : $" because the file's region is {fileCountry}.") + " Confirm or change it.",
                    $"columns: [{{\"column\": \"{c.Header}\", \"date_order\": \"dmy\" or \"mdy\"}}]", profile.Dates));
            }

            return c with { DateOrder = order };
        }).ToList();

        // Date-order questions asked before stay open until the column's order is set (ImportService drops them then).
        foreach (var earlier in mapping.Decisions.Where(d => d.Kind == "date_order" && !decisions.Any(n => n.Column == d.Column)))
        {
            if (columns.FirstOrDefault(c => c.Header == earlier.Column) is { Field: { } field } column && field == earlier.Field && column.DateOrder == earlier.Default)
            {
                decisions.Add(earlier);
            }
        }

        // An amount column whose header names an ambiguous unit ("therms"), and no unit column.
        if (amountColumn is { Unit: null } && unitColumn is null && ColumnMapper.FindUnit(amountColumn.Header) is { Unit: null, Choices.Count: > 0 } headerUnit)
        {
            decisions.Add(UnitDecision(amountColumn.Header, "amount", headerUnit.Text, headerUnit.Choices, fileCountry, amountRows,
                $"columns: [{{\"column\": \"{amountColumn.Header}\", \"unit\": \"{headerUnit.Choices[0]}\"}}]"));
        }

        // Each ambiguous word of a unit column ("gal"), once for the column.
        foreach (var (text, count) in ambiguousUnits.OrderByDescending(u => u.Value))
        {
            decisions.Add(UnitDecision(unitColumn!.Header, "unit", text, Units.UnitRegistry.Default.Lookup(text).Choices, fileCountry, count,
                $"values: {{\"unit\": {{\"{text}\": \"{Units.UnitRegistry.Default.Lookup(text).Choices[0]}\"}}}}"));
        }

        // Each text that matches no activity well enough, once for every row that says it (the first MaxTextDecisions of
        // them, most frequent first; beyond that, each row keeps its own unmatched_description error).
        var unmatched = 0;
        foreach (var ((column, text), count) in texts.OrderByDescending(t => t.Value).ThenBy(t => t.Key.Text, StringComparer.Ordinal))
        {
            var match = matcher!.Match(text);
            if (match is { Confidence: >= ActivityMatch.AcceptAt })
            {
                continue;
            }

            if (++unmatched > MaxTextDecisions)
            {
                break;
            }

            decisions.Add(new ImportDecision(column, "activity", "activity", text, match is null ? [] : [.. match.Alternatives.Prepend(match.ActivityId).Distinct()], null,
                match is { Confidence: > 0 }
                    ? $"'{text}' is only a weak match for {match.ActivityId} ({match.Confidence:0.00}); say which activity it is, once for the {count:N0} rows that say it."
                    : $"'{text}' matches no activity; say which activity it is, once for the {count:N0} rows that say it.",
                $"values: {{\"activity\": {{\"{text}\": \"<activity id>\"}}}}", count));
        }

        // No column and no default says what the activity is.
        if (mapping.For("activity") is null && mapping.For("description") is null && !mapping.Defaults.ContainsKey("activity") && rows > 0)
        {
            decisions.Add(new ImportDecision(null, "activity", "activity", null, [], null,
                "No column names the activity (an activity id or a description); say what every row of the file is.",
                "defaults: {\"activity\": \"<activity id>\"}", rows));
        }

        foreach (var decision in decisions.Where(d => d.Kind != "date_order"))
        {
            notes.Add(ImportIssue.Create(null, decision.Column, decision.Value, decision.Default is null ? "decision_required" : "decision_assumed",
                decision.Default is null ? ImportIssue.Error : ImportIssue.Warning,
                decision.Reason, decision.Choices.Count > 0 ? string.Join(", ", decision.Choices) : null));
        }

        return (mapping with { Columns = columns, Decisions = decisions }, notes);
    }

    /// <summary>"US", "USA", "United States" → US; "GB", "UK", "United Kingdom" → GB; another two-letter code as it is; else null.</summary>
    internal static string? Country(string? text)
    {
        var value = ImportFields.NormalizeHeader(text ?? "");
        return value switch
        {
            "us" or "usa" or "united states" or "united states of america" or "u s" or "u s a" => "US",
            "gb" or "uk" or "gbr" or "united kingdom" or "great britain" or "england" or "scotland" or "wales" or "northern ireland" => "GB",
            { Length: 2 } when value.All(char.IsAsciiLetter) => value.ToUpperInvariant(),
            _ => null,
        };
    }

    private static ImportDecision UnitDecision(string column, string field, string text, IReadOnlyList<string> choices, string? country, long rows, string answer)
    {
        // Only the file's own country picks a default, and only where the choice is a national one (US or UK gallon, therm).
        string? chosen = country switch
        {
            "US" => choices.FirstOrDefault(c => c is "gal_us" or "therm_us"),
            "GB" => choices.FirstOrDefault(c => c is "gal_imp" or "therm_ec"),
            _ => null,
        };
        var reason = chosen is null
            ? $"'{text}' means {string.Join(" or ", choices)}; say which, once for the column."
            : $"'{text}' means {string.Join(" or ", choices)}; read as {chosen} because the file's region is {country}. Confirm or change it.";
        return new ImportDecision(column, field, "unit", text, choices, chosen, reason, answer, rows);
    }
}
