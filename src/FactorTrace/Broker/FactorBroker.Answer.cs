using System.Globalization;
using FactorTrace.Gwp;
using FactorTrace.Quality;

namespace FactorTrace.Broker;

/// <summary>Assembling the answer: conversion, GWP recomputation, quality, uncertainty, licence and provenance.</summary>
public sealed partial class FactorBroker
{
    private ResolveOutcome Answer(ActivityEntry entry, Context context, Choice pick, int geographical, List<Attempt> attempts)
    {
        var candidate = pick.Candidate;
        var factor = candidate.Factor;
        var fallbacks = context.Fallbacks;
        if (candidate.Year < context.Request.Year)
        {
            fallbacks.Add(new Fallback(FallbackKinds.YearEarlier, $"no {context.Request.Year} factor; used {candidate.Year}, the latest year not after it"));
        }
        else if (candidate.Year > context.Request.Year)
        {
            fallbacks.Add(new Fallback(FallbackKinds.YearLater, $"no factor for {context.Request.Year} or earlier; used {candidate.Year}, the nearest later year"));
        }

        if (pick.Conversion.Kind != "exact")
        {
            var kind = pick.Conversion.Kind switch
            {
                "fuel_properties" or "publisher_heat_content" => "fuel_conversion",
                "occupancy" => "occupancy_assumed",
                _ => "unit_conversion",
            };
            fallbacks.Add(new Fallback(kind, string.Join("; ", pick.Conversion.Steps)));
        }

        if (pick.Conversion.Kind == "fuel_properties" && _fuels.Find(entry.Fuel) is { } fuel
            && !candidate.Source.Datasets.Any(d => fuel.Source.StartsWith(d, StringComparison.Ordinal)))
        {
            fallbacks.Add(new Fallback(FallbackKinds.BorrowedFuelProperties,
                $"{candidate.Source.Id} publishes no row for {entry.Id} per {context.Unit.Code} nor the fuel properties to convert; converted with {fuel.Fuel} properties from {fuel.Source}"));
        }

        if (pick.Co2e.Method == "not_recomputable")
        {
            fallbacks.Add(new Fallback(FallbackKinds.GwpNotRecomputable, $"value is on {pick.Co2e.GwpSet ?? "the publisher's unstated GWP set"}, not {context.Gwp}: {pick.Co2e.Note}"));
        }

        if (MissingRadiativeForcing(entry, factor))
        {
            fallbacks.Add(new Fallback(FallbackKinds.RadiativeForcingNotIncluded,
                $"{entry.Name}: the row used ({factor.Name}) does not include the radiative forcing uplift of non-CO2 effects at altitude"));
        }

        if (context.Request.PriceBasis == "producer" && factor.Attributes.ContainsKey("price_basis") && !factor.Attributes.ContainsKey("without_margins_kg_co2e"))
        {
            fallbacks.Add(new Fallback(FallbackKinds.PriceBasis, $"{candidate.Source.Id} gives no factor without margins; the value is at {factor.Attributes["price_basis"]}"));
        }

        var biogenic = BiogenicCo2(entry, factor);
        var co2e = pick.Co2e.Scale(pick.Conversion.FactorUnitsPerRequestUnit);
        var pedigree = candidate.Source.Pedigree with
        {
            Temporal = PedigreeScores.TemporalFor(context.Request.Year - candidate.Year),
            Geographical = geographical,
        };
        var answer = new FactorAnswer
        {
            FactorId = factor.Id,
            ActivityId = entry.Id,
            ActivityName = entry.Name,
            Value = co2e.KgCo2e,
            Unit = context.Unit.Code,
            FactorUnit = factor.Unit,
            Gwp = co2e.GwpSet ?? (co2e.Method == "not_recomputable" ? "unstated" : context.Gwp),
            GwpMethod = co2e.Method,
            PriceBasis = PriceBasisOf(factor, context.Request),
            BiogenicCo2 = biogenic is { } bio ? bio.Kg * pick.Conversion.FactorUnitsPerRequestUnit : null,
            BiogenicCo2Row = biogenic?.Row,
            Ch4Origin = co2e.Ch4Origin,
            Ch4Gwp = co2e.Ch4Gwp,
            GwpNote = GwpNote(entry, co2e),
            Gases = co2e.Gases,
            Source = candidate.Source.Id,
            Dataset = factor.Dataset.Id,
            DatasetVersion = factor.Dataset.Version,
            DatasetVersions = [new DatasetVersionRef(factor.Dataset.Id, factor.Dataset.Version, factor.Dataset.ContentHash)],
            Region = candidate.Region,
            Year = candidate.Year,
            Scope = entry.Scope,
            Category = entry.Category,
            Quality = QualityInfo.From(pedigree),
            Uncertainty = Uncertainty.FromPedigree(_sources.BasicVariance(entry.Id), pedigree),
            Licence = Licence(factor.Dataset, candidate.Source),
            Provenance = new Provenance { Attempts = attempts, Fallbacks = fallbacks },
            SourceRow = factor.Row.ToString() + (factor.Row.PublisherId is { } pid ? $" ({pid})" : ""),
        };
        return Seal(context.Request, answer);
    }

    private static string? GwpNote(ActivityEntry entry, Co2eBreakdown co2e)
    {
        var notes = new List<string>();
        if (co2e.Method == "recomputed" && entry.Blend is { } blend && co2e.Gases.Count == blend.Kyoto.Count)
        {
            notes.Add($"{blend.Name} recomputed from its composition ({blend.Composition}; {blend.Source}); non-Kyoto components count zero");
        }

        if (co2e.Ch4Origin is { } origin)
        {
            notes.Add(origin == "unspecified"
                ? $"CH4 at the single AR6 value {co2e.Ch4Gwp?.ToString(CultureInfo.InvariantCulture)} (methane origin of {entry.Id} not classified)"
                : $"CH4 at AR6 {origin.Replace('_', '-')} {co2e.Ch4Gwp?.ToString(CultureInfo.InvariantCulture)} ({MethaneOrigins.Citation})");
        }

        return notes.Count == 0 ? null : string.Join("; ", notes);
    }
}
