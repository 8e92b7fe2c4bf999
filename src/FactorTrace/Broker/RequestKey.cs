namespace FactorTrace.Broker;

/// <summary>Everything in a request that changes the answer, as a value (no allocation to build or hash).</summary>
internal readonly record struct RequestKey(
    string Activity,
    string Region,
    int Year,
    string Unit,
    string? Gwp,
    string? Sources,
    string? Datasets,
    DateOnly? AsOf,
    string? PriceBasis,
    bool AllowProxies)
{
    public static RequestKey From(FactorRequest request, bool allowProxies = true) => new(
        request.Activity,
        request.Region,
        request.Year,
        request.Unit,
        request.Gwp,
        request.Sources is null ? null : string.Join(',', request.Sources),
        request.Datasets is null ? null : string.Join(',', request.Datasets),
        request.AsOf,
        request.PriceBasis,
        allowProxies);
}
