namespace Tessera.Client;

/// <summary>
/// The client as the app sees it. Without a session it is
/// <see cref="Disconnected"/> (before the first start) or <see cref="Ended"/>.
/// With one, <see cref="Expired"/> wins over the watch stream's state.
/// <code>
///   Disconnected --start--> Connecting --stream open--> Connected
///        ^   (AutoConnect off: stays Disconnected)  |  stream drops: Connecting (backoff, resume)
///        |                                          v
///        |              token_expired / TOKEN_EXPIRED --> Expired --refresh--> Connecting/Connected
///        |                                          |
///        +------ start again &lt;--- Ended &lt;-----------+ end, terminated event, fatal refresh failure
/// </code>
/// </summary>
public enum TesseraClientState
{
    /// <summary>No watch stream: no session yet, or a session watched only after <c>ConnectAsync</c>.</summary>
    Disconnected,

    /// <summary>A session is live and the watch stream is opening or reopening after a drop.</summary>
    Connecting,

    /// <summary>A session is live and its watch stream is open.</summary>
    Connected,

    /// <summary>The server reported the token expired (EXP-2, EXP-3); a refresh revives the session.</summary>
    Expired,

    /// <summary>The session ended (by the app, the server or a fatal refresh failure); start a new one to continue.</summary>
    Ended,
}
