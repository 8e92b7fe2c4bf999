namespace FactorTrace.Resilience;

/// <summary>
/// A failed call that another attempt may fix (HTTP 5xx, 429, a malformed body): returned as an outcome inside the
/// pipeline rather than thrown, so it counts against the breaker and may carry the server's <c>Retry-After</c>.
/// </summary>
public sealed class TransientFailureException : Exception
{
    /// <summary>Creates one.</summary>
    public TransientFailureException(string message, TimeSpan? retryAfter = null, int? statusCode = null)
        : base(message)
    {
        RetryAfter = retryAfter;
        StatusCode = statusCode;
    }

    /// <summary>Creates one.</summary>
    public TransientFailureException()
        : this("transient failure")
    {
    }

    /// <summary>Creates one.</summary>
    public TransientFailureException(string message)
        : this(message, null, null)
    {
    }

    /// <summary>Creates one.</summary>
    public TransientFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How long the server asked the client to wait.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The HTTP status, when there was a response.</summary>
    public int? StatusCode { get; }
}
