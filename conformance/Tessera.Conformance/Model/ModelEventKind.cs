namespace Tessera.Conformance.Model;

/// <summary>The event kinds of the watch stream (SessionEvent.kind).</summary>
internal enum ModelEventKind
{
    TokenExpiring,
    TokenExpired,
    TokenUpdated,
    Terminated,
}
