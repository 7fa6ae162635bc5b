namespace Tessera.Server.Tokens;

/// <summary>
/// One key of a JWK Set is unusable; the message says why. Internal to
/// <see cref="JwksReader"/>, which turns it into one line of a
/// <see cref="TokenConfigurationException"/>.
/// </summary>
internal sealed class JwksKeyException : Exception
{
    public JwksKeyException()
    {
    }

    public JwksKeyException(string message)
        : base(message)
    {
    }

    public JwksKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
