namespace Tessera.Client;

/// <summary>
/// What the app should do about an error: the <c>action</c> an ErrorInfo
/// carries (SPEC.md ERR-3), or the client's own advice for errors it raises.
/// </summary>
public enum TesseraErrorAction
{
    /// <summary>Nothing specific: report it, or retry later for a transport failure.</summary>
    None,

    /// <summary>Get a newer token from the app's backend and try again.</summary>
    RefreshToken,

    /// <summary>The session is gone: start a new one (with a new token).</summary>
    StartNewSession,

    /// <summary>The request is wrong (a bug or a version mismatch); retrying will not help.</summary>
    FixRequest,
}
