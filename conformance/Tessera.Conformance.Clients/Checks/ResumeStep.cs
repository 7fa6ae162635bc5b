namespace Tessera.Conformance.Clients.Checks;

/// <summary>A CLI-6 step.</summary>
internal enum ResumeStep
{
    /// <summary>Cut the client's watch stream (when it has one).</summary>
    Drop,

    /// <summary>The app hands the server a newer token: one token_updated event, whether the stream is up or not.</summary>
    Update,

    /// <summary>Let the client's clock run until it reconnects (when it is cut off).</summary>
    Reconnect,
}
