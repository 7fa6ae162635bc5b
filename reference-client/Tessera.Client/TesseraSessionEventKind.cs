namespace Tessera.Client;

/// <summary>The kinds of session event (SessionEvent.kind in session.proto).</summary>
public enum TesseraSessionEventKind
{
    /// <summary>The token expires soon (EXP-5); the client refreshes when it has a token provider.</summary>
    TokenExpiring,

    /// <summary>The token expired; the session is EXPIRED until a refresh (EXP-2).</summary>
    TokenExpired,

    /// <summary>A newer token was accepted (UPD-5).</summary>
    TokenUpdated,

    /// <summary>The session ended; always the last event (EVT-3).</summary>
    Terminated,
}
