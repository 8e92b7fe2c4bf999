using FactorTrace.Reporting;

namespace FactorTrace.Tests;

public sealed class LegalEntityIdentifierTests
{
    [Theory]
    [InlineData("5493001KJTIIGC8Y1R12")] // Bloomberg Finance L.P., from GLEIF
    [InlineData("529900T8BM49AURSDO55")] // Deutsche Börse AG
    [InlineData("7LTWFZYICNSX8D621K86")] // Deutsche Bank AG
    public void Problem_PublishedLeis_None(string lei) => Assert.Null(LegalEntityIdentifier.Problem(lei));

    [Theory]
    [InlineData("5493001KJTIIGC8Y1R13", "check digits")]
    [InlineData("5493001kjtiigc8y1r12", "upper-case")]
    [InlineData("5493001KJTIIGC8Y1R1", "has 19")]
    [InlineData("", "none was given")]
    [InlineData("5493001KJTIIGC8Y1RAB", "must be a digit")]
    public void Problem_Malformed_SaysWhy(string lei, string why) => Assert.Contains(why, LegalEntityIdentifier.Problem(lei), StringComparison.Ordinal);
}
