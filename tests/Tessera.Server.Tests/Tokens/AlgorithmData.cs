using Tessera.Tokens;

namespace Tessera.Server.Tests.Tokens;

/// <summary>Every algorithm of the test keys, one theory row each.</summary>
internal static class AlgorithmData
{
    public static TheoryData<string> Algorithms => new(JwsAlgorithms.HS256, JwsAlgorithms.HS512, JwsAlgorithms.RS256, JwsAlgorithms.PS256, JwsAlgorithms.ES256, JwsAlgorithms.EdDSA);
}
