using Tessera.Conformance.Transport;

namespace Tessera.Conformance.Tests.Transport;

public sealed class GrpcMessageGrammarTests
{
    [Theory]
    [InlineData("Method is unimplemented.")]
    [InlineData("100%25 sure")]
    [InlineData("caf%C3%A9")]
    [InlineData("caf%c3%a9")]
    [InlineData("")]
    public void Problem_PercentEncodedUtf8_IsNull(string raw)
    {
        Assert.Null(GrpcMessageGrammar.Problem(raw));
    }

    [Theory]
    [InlineData("100% sure", "two hex digits")]
    [InlineData("ends with %4", "two hex digits")]
    [InlineData("caf\u00c3\u00a9", "not allowed unencoded")]
    [InlineData("tab\there", "not allowed unencoded")]
    [InlineData("bad %FF utf-8", "not UTF-8")]
    public void Problem_NotPercentEncoded_SaysWhy(string raw, string why)
    {
        Assert.Contains(why, GrpcMessageGrammar.Problem(raw), StringComparison.Ordinal);
    }
}
