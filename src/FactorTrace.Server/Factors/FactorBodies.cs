using FactorTrace.Broker;

namespace FactorTrace.Server.Factors;

/// <summary>Body of <c>POST /factors/resolve</c> and <c>/factors/compare-gwp</c>: the CLI's fields.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ResolveBodyConverter<ResolveBody>))]
internal class ResolveBody
{
    public string? Activity { get; set; }

    public string? Region { get; set; }

    public int? Year { get; set; }

    public string? Unit { get; set; }

    public string? Gwp { get; set; }

    public List<string>? Sources { get; set; }

    public List<string>? Datasets { get; set; }

    public DateOnly? AsOf { get; set; }

    public string? PriceBasis { get; set; }

    /// <summary>The broker request, or the first missing field.</summary>
    public (FactorRequest? Request, string? MissingField) ToRequest()
    {
        var missing = string.IsNullOrWhiteSpace(Activity) ? "activity"
            : string.IsNullOrWhiteSpace(Region) ? "region"
            : Year is null ? "year"
            : string.IsNullOrWhiteSpace(Unit) ? "unit"
            : null;
        if (missing is not null)
        {
            return (null, missing);
        }

        return (new FactorRequest
        {
            Activity = Activity!,
            Region = Region!,
            Year = Year!.Value,
            Unit = Unit!,
            Gwp = Gwp,
            Sources = Sources,
            Datasets = Datasets,
            AsOf = AsOf,
            PriceBasis = PriceBasis,
        }, null);
    }
}

/// <summary>Body of <c>POST /estimate</c>: a resolve request and an amount.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ResolveBodyConverter<EstimateBody>))]
internal sealed class EstimateBody : ResolveBody
{
    public double? Amount { get; set; }
}

/// <summary>Body of the batch endpoints.</summary>
internal sealed class BatchBody<T>
{
    public List<T?>? Items { get; set; }
}

/// <summary>One failed item of a batch.</summary>
internal sealed record ItemError(string Code, string? Field, string Message, IReadOnlyList<string> Suggestions);

/// <summary>One item of a batch answer: exactly one of the two is set.</summary>
internal sealed record BatchItem<T>(T? Result, ItemError? Error);
