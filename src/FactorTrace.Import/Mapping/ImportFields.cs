using System.Collections.Frozen;
using System.Text;

namespace FactorTrace.Import.Mapping;

/// <summary>The record fields a column can be mapped to, and the header names each is known by.</summary>
public static class ImportFields
{
    /// <summary>Every field, in the order previews list them.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["date", "period", "period_start", "period_end", "amount", "unit", "activity", "description", "site", "supplier", "spend", "currency", "scope", "category", "region", "notes"];

    /// <summary>Normalized header → field, for exact matches.</summary>
    public static FrozenDictionary<string, string> Synonyms { get; } = BuildSynonyms();

    /// <summary>
    /// Headers that name a second field as well (<c>data</c>: a date in Italian and Portuguese, or measured data): both are
    /// candidates and the column's values decide.
    /// </summary>
    public static FrozenDictionary<string, string> Also { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["data"] = "amount",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Lower case, accents kept, every run of non-letters and non-digits one space.</summary>
    public static string NormalizeHeader(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var builder = new StringBuilder(header.Length);
        var space = false;
        foreach (var c in header.Trim())
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return builder.ToString();
    }

    private static FrozenDictionary<string, string> BuildSynonyms()
    {
        var table = new Dictionary<string, string[]>
        {
            ["date"] = ["date", "activity date", "transaction date", "invoice date", "posting date", "booking date", "document date", "purchase date", "travel date",
                "delivery date", "reading date", "day", "datum", "buchungsdatum", "belegdatum", "fecha", "data", "date de facture", "timestamp", "time stamp", "datetime",
                "date time", "bill date", "service date", "statement date", "departure date", "check in date", "trip date", "fill date", "fueling date", "refuel date", "lieferdatum", "rechnungsdatum"],
            ["period"] = ["period", "month", "billing period", "reporting period", "year month", "fiscal period", "periode", "zeitraum", "monat", "mois", "mes", "year",
                "billing month", "service period", "usage period", "bill period", "période", "abrechnungszeitraum", "invoice month"],
            ["period_start"] = ["period start", "start date", "from", "from date", "start", "valid from", "billing start", "period from", "begin", "von", "beginn", "date from"],
            ["period_end"] = ["period end", "end date", "to", "to date", "end", "valid to", "billing end", "period to", "until", "bis", "ende", "date to"],
            ["amount"] = ["amount", "quantity", "qty", "consumption", "usage", "volume", "units consumed", "menge", "verbrauch", "anzahl", "quantité", "quantite",
                "cantidad", "consumo", "activity amount", "value", "consommation", "consumption amount", "usage amount", "usage quantity", "amount used", "reading", "activity value", "distance", "weight", "mass", "energy", "fuel quantity", "litres", "liters", "kwh", "mwh", "km", "miles"],
            ["unit"] = ["unit", "units", "uom", "unit of measure", "unit of measurement", "measure", "einheit", "mengeneinheit", "unité", "unite", "unidad", "activity unit", "quantity unit"],
            ["activity"] = ["activity", "activity id", "activity code", "factor id", "emission factor id", "ef id", "activity type id"],
            ["description"] = ["description", "item", "item description", "details", "fuel", "fuel type", "material", "product", "service", "expense type", "line description",
                "activity description", "activity name", "name", "type", "text", "beschreibung", "bezeichnung", "artikel", "désignation", "designation", "descripción", "descripcion",
                "gl account name", "account name", "usage type", "product name", "service name", "fuel grade", "grade", "energy carrier", "energieträger", "energietraeger",
                "type d énergie", "type d energie", "produit", "libellé", "libelle", "trip type", "travel type", "class", "cabin class", "commodity", "purchase category", "expense category", "source", "emission source", "energy type", "mode", "transport mode"],
            ["site"] = ["site", "facility", "location", "plant", "building", "office", "branch", "store", "site name", "facility name", "standort", "werk", "site id", "cost center", "cost centre", "entity"],
            ["supplier"] = ["supplier", "vendor", "provider", "utility", "merchant", "payee", "supplier name", "vendor name", "lieferant", "kreditor", "fournisseur", "proveedor", "carrier"],
            ["spend"] = ["spend", "cost", "costs", "net amount", "total", "price", "invoice amount", "expense", "expenses", "amount spent", "net cost", "gross amount", "spend amount",
                "value eur", "amount eur", "amount usd", "betrag", "total amount", "amount due", "billed amount", "charges", "charge", "unblended cost", "blended cost",
                "fare", "ticket price", "montant ttc", "montant ht", "bruttobetrag", "gesamtbetrag", "kosten", "nettobetrag", "montant", "importe", "coste", "line amount", "total cost"],
            ["currency"] = ["currency", "ccy", "curr", "currency code", "währung", "waehrung", "devise", "moneda", "iso currency"],
            ["scope"] = ["scope", "ghg scope", "emission scope", "scope 1 2 3"],
            ["category"] = ["category", "scope 3 category", "s3 category", "ghg category", "ghg protocol category", "scope3 category", "kategorie", "catégorie", "categoria"],
            ["region"] = ["region", "country", "country code", "market", "grid region", "region code", "land", "pays", "país", "pais", "location code", "iso country"],
            ["notes"] = ["notes", "note", "comment", "comments", "remarks", "remark", "memo", "bemerkung", "kommentar", "commentaire", "observaciones"],
        };
        var synonyms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, names) in table)
        {
            foreach (var name in names)
            {
                synonyms.TryAdd(NormalizeHeader(name), field);
            }

            synonyms.TryAdd(NormalizeHeader(field), field);
        }

        return synonyms.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
