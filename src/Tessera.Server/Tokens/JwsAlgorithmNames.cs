using Tessera.Tokens;

namespace Tessera.Server.Tokens;

/// <summary>Names and parsing for <see cref="JwsAlgorithm"/>.</summary>
internal static class JwsAlgorithmNames
{
    /// <summary>Every single algorithm, in the order accepted_algorithms lists them.</summary>
    public static ReadOnlySpan<JwsAlgorithm> All =>
    [
        JwsAlgorithm.HS256, JwsAlgorithm.HS384, JwsAlgorithm.HS512,
        JwsAlgorithm.RS256, JwsAlgorithm.PS256, JwsAlgorithm.ES256, JwsAlgorithm.EdDSA,
    ];

    /// <summary>The algorithm with exactly this name (case-sensitive, RFC 7518), or None.</summary>
    public static JwsAlgorithm Parse(string name) => name switch
    {
        JwsAlgorithms.HS256 => JwsAlgorithm.HS256,
        JwsAlgorithms.HS384 => JwsAlgorithm.HS384,
        JwsAlgorithms.HS512 => JwsAlgorithm.HS512,
        JwsAlgorithms.RS256 => JwsAlgorithm.RS256,
        JwsAlgorithms.PS256 => JwsAlgorithm.PS256,
        JwsAlgorithms.ES256 => JwsAlgorithm.ES256,
        JwsAlgorithms.EdDSA => JwsAlgorithm.EdDSA,
        _ => JwsAlgorithm.None,
    };

    public static string NameOf(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.HS256 => JwsAlgorithms.HS256,
        JwsAlgorithm.HS384 => JwsAlgorithms.HS384,
        JwsAlgorithm.HS512 => JwsAlgorithms.HS512,
        JwsAlgorithm.RS256 => JwsAlgorithms.RS256,
        JwsAlgorithm.PS256 => JwsAlgorithms.PS256,
        JwsAlgorithm.ES256 => JwsAlgorithms.ES256,
        JwsAlgorithm.EdDSA => JwsAlgorithms.EdDSA,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a single algorithm"),
    };

    /// <summary>The names in <paramref name="set"/>, in <see cref="All"/> order.</summary>
    public static IReadOnlyList<string> NamesOf(JwsAlgorithm set)
    {
        var names = new List<string>();
        foreach (var algorithm in All)
        {
            if ((set & algorithm) != 0)
            {
                names.Add(NameOf(algorithm));
            }
        }

        return names;
    }
}
