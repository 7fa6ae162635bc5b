namespace Tessera.Server.Sessions;

/// <summary>One lifecycle change, produced by the store atomically with the change itself.</summary>
internal readonly record struct SessionTransition(SessionTransitionKind Kind, SessionSnapshot Session);
