using Correlator.Service.Security;

namespace Correlator.Service.Tests.Security;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_ThenVerify_AcceptsTheRightPasswordOnly()
    {
        var hash = PasswordHasher.Hash("correct horse battery", 1000);

        Assert.True(PasswordHasher.Verify("correct horse battery", hash));
        Assert.False(PasswordHasher.Verify("correct horse batterY", hash));
        Assert.False(PasswordHasher.Verify("", hash));
    }

    [Fact]
    public void Hash_SamePasswordTwice_DiffersBySalt_AndCarriesItsIterations()
    {
        var first = PasswordHasher.Hash("same password here", 1234);
        var second = PasswordHasher.Hash("same password here", 1234);

        Assert.NotEqual(first, second);
        Assert.StartsWith("pbkdf2-sha256$1234$", first, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("same password here", second));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64!$AAAA")]
    [InlineData("md5$1000$AAAA$AAAA")]
    public void Verify_HashItDidNotWrite_IsFalseNotAnException(string stored) =>
        Assert.False(PasswordHasher.Verify("anything", stored));

    [Fact]
    public void ApiKeys_AreLongRandomAndHashedStably()
    {
        var a = ApiKeySecret.NewKey();
        var b = ApiKeySecret.NewKey();

        Assert.NotEqual(a, b);
        Assert.StartsWith(ApiKeySecret.Prefix, a, StringComparison.Ordinal);
        Assert.True(a.Length >= 40);
        Assert.Equal(ApiKeySecret.Hash(a), ApiKeySecret.Hash(a));
        Assert.NotEqual(ApiKeySecret.Hash(a), ApiKeySecret.Hash(b));
    }
}
