using FactorTrace.Data.Identity;
using Microsoft.AspNetCore.Identity;

namespace FactorTrace.Server.Identity;

/// <summary>
/// Hashing and checking passwords in their NFKC form (<see cref="PasswordPolicy.Normalize"/>), the form the policy
/// judged, so that a password typed with full-width letters or composed accents on another keyboard still matches.
/// </summary>
internal static class Passwords
{
    public static string Hash(IPasswordHasher<User> hasher, User user, string password) => hasher.HashPassword(user, PasswordPolicy.Normalize(password));

    public static bool Verify(IPasswordHasher<User> hasher, User user, string password)
    {
        if (user.PasswordHash is not { } hash)
        {
            return false;
        }

        string normalized;
        try
        {
            normalized = PasswordPolicy.Normalize(password);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised; such a password was never accepted.
            return false;
        }

        // Hashes made before normalisation was introduced hold the text as typed.
        return hasher.VerifyHashedPassword(user, hash, normalized) != PasswordVerificationResult.Failed
            || (!string.Equals(normalized, password, StringComparison.Ordinal) && hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed);
    }
}
