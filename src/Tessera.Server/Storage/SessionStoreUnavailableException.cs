namespace Tessera.Server.Storage;

/// <summary>
/// A shared session store cannot be reached, so the operation was not done, or its
/// outcome cannot be confirmed (issue 11). Calls answer UNAVAILABLE / STORE_UNAVAILABLE;
/// a node never falls back to state of its own.
/// </summary>
internal sealed class SessionStoreUnavailableException : Exception
{
    public SessionStoreUnavailableException(string message)
        : base(message)
    {
    }

    public SessionStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
