using System.Security.Cryptography;
using FactorTrace.Server.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FactorTrace.Server.Identity;

/// <summary>
/// The HMAC key of the tokens the service issues: <c>FactorTrace:Auth:SigningKey</c>, else a random key kept in
/// <c>&lt;DataDirectory&gt;/jwt-signing.key</c> so tokens survive restarts. Instances sharing a database must share the key.
/// </summary>
internal sealed class SigningKeyStore
{
    public SigningKeyStore(IOptions<ServiceOptions> options)
    {
        var value = options.Value;
        byte[] bytes;
        if (value.Auth.SigningKey is { Length: > 0 } configured)
        {
            bytes = Convert.FromBase64String(configured);
        }
        else
        {
            var path = Path.Combine(value.DataDirectory, "jwt-signing.key");
            if (File.Exists(path))
            {
                bytes = Convert.FromBase64String(File.ReadAllText(path).Trim());
            }
            else
            {
                FactorTrace.Data.PrivateFiles.EnsureDirectory(value.DataDirectory);
                bytes = RandomNumberGenerator.GetBytes(64);
                WritePrivate(path, Convert.ToBase64String(bytes));
            }
        }

        Key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    public static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
