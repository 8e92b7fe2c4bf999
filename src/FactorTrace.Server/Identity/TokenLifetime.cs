namespace FactorTrace.Server.Identity;

/// <summary>Whether a token's validity window covers a moment, with the allowed clock skew on both ends.</summary>
internal static class TokenLifetime
{
    /// <summary>True when <paramref name="now"/> lies within [not before − skew, expires + skew]; a token must carry an expiry.</summary>
    public static bool Valid(DateTime? notBefore, DateTime? expires, DateTime now, TimeSpan skew) =>
        expires is { } end && now <= end.ToUniversalTime() + skew && (notBefore is not { } start || now >= start.ToUniversalTime() - skew);
}
