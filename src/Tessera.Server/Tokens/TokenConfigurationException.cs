namespace Tessera.Server.Tokens;

/// <summary>
/// Token validation cannot be set up: bad options, a bad shared secret, or a
/// JWKS file that cannot be read or holds an unusable key. The message lists
/// every problem found, one per line, each naming the setting or key.
/// </summary>
public sealed class TokenConfigurationException : Exception
{
    /// <summary>An exception with no problem listed.</summary>
    public TokenConfigurationException()
    {
        Problems = [];
    }

    /// <summary>An exception whose one problem is <paramref name="message"/>.</summary>
    public TokenConfigurationException(string message)
        : base(message)
    {
        Problems = [message];
    }

    /// <summary>An exception whose one problem is <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public TokenConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>An exception listing all of <paramref name="problems"/> (at least one).</summary>
    public TokenConfigurationException(IReadOnlyList<string> problems)
        : base("Token validation is misconfigured:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem on its own.</summary>
    public IReadOnlyList<string> Problems { get; }
}
