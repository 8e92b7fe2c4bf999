using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace FactorTrace.Erp;

/// <summary>What a connection signs in with: a user name and password (HTTP Basic) or a bearer token.</summary>
/// <param name="Username">User name (Basic).</param>
/// <param name="Password">Password (Basic).</param>
/// <param name="Token">Bearer token.</param>
public sealed record ErpCredentials(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("token")] string? Token)
{
    /// <summary>What is wrong with them, or null.</summary>
    public string? Problem() =>
        !string.IsNullOrEmpty(Token) ? (Username is not null || Password is not null ? "Give a token or a username and password, not both." : null)
        : string.IsNullOrEmpty(Username) || Password is null ? "Credentials are { \"username\": …, \"password\": … } or { \"token\": … }."
        : Username.Contains(':', StringComparison.Ordinal) ? "A username cannot contain ':' (HTTP Basic)." : null;
}

/// <summary>
/// Encrypts connection credentials with AES-256-GCM under <see cref="ErpOptions.CredentialsKey"/>: a random 12-byte
/// nonce, the 16-byte tag and the ciphertext, bound to the connection's id (associated data), so a blob copied to another
/// connection does not decrypt.
/// </summary>
public sealed class CredentialProtector(IOptions<ErpOptions> options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Whether a key is configured.</summary>
    public bool HasKey => options.Value.Key is not null;

    /// <summary>The encrypted form.</summary>
    /// <exception cref="InvalidOperationException">No key is configured.</exception>
    public byte[] Protect(Guid connectionId, ErpCredentials credentials)
    {
        var key = options.Value.Key ?? throw new InvalidOperationException(NoKey);
        var plain = JsonSerializer.SerializeToUtf8Bytes(credentials);
        var blob = new byte[NonceSize + TagSize + plain.Length];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), connectionId.ToByteArray());
        CryptographicOperations.ZeroMemory(plain);
        return blob;
    }

    /// <summary>The credentials of <paramref name="blob"/>.</summary>
    /// <exception cref="InvalidOperationException">No key is configured, or the blob was not encrypted with it for this connection.</exception>
    public ErpCredentials Unprotect(Guid connectionId, byte[] blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var key = options.Value.Key ?? throw new InvalidOperationException(NoKey);
        if (blob.Length < NonceSize + TagSize)
        {
            throw new InvalidOperationException("The stored credentials are damaged; give the connection its credentials again.");
        }

        var plain = new byte[blob.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), plain, connectionId.ToByteArray());
            return JsonSerializer.Deserialize<ErpCredentials>(plain) ?? throw new InvalidOperationException("The stored credentials are empty.");
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new InvalidOperationException(
                $"The stored credentials do not decrypt with {ErpOptions.SectionName}:CredentialsKey (was the key changed?); give the connection its credentials again.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private const string NoKey = $"{ErpOptions.SectionName}:CredentialsKey is not set; connections cannot hold credentials without it.";
}
