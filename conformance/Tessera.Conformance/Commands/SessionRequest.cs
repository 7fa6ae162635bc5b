using Tessera.Conformance.Model;

namespace Tessera.Conformance.Commands;

/// <summary>
/// What the request job of every call that names a session resolves (<see cref="UpdateRequest"/>,
/// <see cref="WatchRequest"/>): the session the command's reference stands for, as sent and
/// as the model has it, and how the step names it.
/// </summary>
internal abstract record SessionRequest
{
    /// <summary>The session_id sent: a model session's, an unknown one or "".</summary>
    public abstract string SessionId { get; }

    /// <summary>The session as the model has it; null for an unknown or empty id.</summary>
    public ModelSession? Session { get; init; }

    /// <summary>How the step names the session.</summary>
    public required string Label { get; init; }
}
