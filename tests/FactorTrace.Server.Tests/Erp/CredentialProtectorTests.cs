using System.Text;
using FactorTrace.Erp;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tests.Erp;

/// <summary>Credentials round-trip under the key, are bound to their connection, and do not decrypt under another key.</summary>
public sealed class CredentialProtectorTests
{
    private static CredentialProtector With(string? key) => new(Options.Create(new ErpOptions { CredentialsKey = key }));

    [Fact]
    public void Protect_RoundTrips_BoundToConnection_OtherKeyRefused()
    {
        var protector = With(ErpImportTests.Key);
        var id = Guid.NewGuid();
        var blob = protector.Protect(id, new ErpCredentials("COMM_USER", "s3cret", null));
        Assert.DoesNotContain("s3cret", Encoding.UTF8.GetString(blob), StringComparison.Ordinal);
        Assert.Equal(new ErpCredentials("COMM_USER", "s3cret", null), protector.Unprotect(id, blob));
        Assert.NotEqual(blob, protector.Protect(id, new ErpCredentials("COMM_USER", "s3cret", null))); // a fresh nonce each time

        var moved = Assert.Throws<InvalidOperationException>(() => protector.Unprotect(Guid.NewGuid(), blob));
        Assert.Contains("FactorTrace:Erp:CredentialsKey", moved.Message, StringComparison.Ordinal);
        var otherKey = With(Convert.ToBase64String(new byte[32]));
        Assert.Throws<InvalidOperationException>(() => otherKey.Unprotect(id, blob));
        blob[^1] ^= 1;
        Assert.Throws<InvalidOperationException>(() => protector.Unprotect(id, blob));
        Assert.Throws<InvalidOperationException>(() => With(null).Protect(id, new ErpCredentials(null, null, "t")));
    }

    [Fact]
    public void Credentials_Problems()
    {
        Assert.Null(new ErpCredentials("u", "p", null).Problem());
        Assert.Null(new ErpCredentials(null, null, "t").Problem());
        Assert.NotNull(new ErpCredentials("u", null, null).Problem());
        Assert.NotNull(new ErpCredentials("u", "p", "t").Problem());
        Assert.NotNull(new ErpCredentials("a:b", "p", null).Problem());
    }
}
