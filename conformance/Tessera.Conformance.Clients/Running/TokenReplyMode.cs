namespace Tessera.Conformance.Clients.Running;

/// <summary>How the runner, playing the app's backend, answers the client's token requests.</summary>
internal enum TokenReplyMode
{
    /// <summary>A fresh valid token for the scenario's user, at once.</summary>
    Fresh,

    /// <summary>Nothing until the scenario releases the held requests.</summary>
    Hold,

    /// <summary>An error: the provider throws.</summary>
    Fail,

    /// <summary>An empty token: the provider returns nothing.</summary>
    Empty,
}
