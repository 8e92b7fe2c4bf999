namespace FactorTrace.Broker;

/// <summary>The codes of <see cref="BrokerError"/> that more than one place writes or reads (the API maps them to HTTP statuses).</summary>
public static class BrokerErrorCodes
{
    /// <summary>No factor answers the request (404).</summary>
    public const string NoFactor = "no_factor";

    /// <summary>The activity is unknown or empty.</summary>
    public const string UnknownActivity = "unknown_activity";

    /// <summary>The factor's unit does not convert to the request's.</summary>
    public const string IncompatibleUnit = "incompatible_unit";

    /// <summary>The tenant may not use a source the request names (403).</summary>
    public const string SourceNotAllowed = "source_not_allowed";
}
