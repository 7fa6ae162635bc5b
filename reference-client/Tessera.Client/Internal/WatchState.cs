namespace Tessera.Client.Internal;

/// <summary>The watch stream of a session, as far as the client knows.</summary>
internal enum WatchState
{
    /// <summary>Not watching (AutoConnect off, or after DisconnectAsync).</summary>
    Idle,

    /// <summary>Opening the stream, or waiting to reopen it after a drop.</summary>
    Connecting,

    /// <summary>The server answered: the stream is open.</summary>
    Connected,
}
