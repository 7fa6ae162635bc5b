namespace Tessera.Conformance.Clients.Checks;

/// <summary>What ends the session in a CLI-5 scenario.</summary>
internal enum TerminalCause
{
    /// <summary>The same user starts again on the same instance elsewhere (ONE-3): SESSION_REPLACED.</summary>
    Replaced,

    /// <summary>The app updates with a token carrying other roles (UPD-3): ROLES_MISMATCH.</summary>
    RolesMismatch,

    /// <summary>The token runs out while the client sleeps (EXP-4 with no grace): TOKEN_EXPIRED.</summary>
    Expired,

    /// <summary>Someone else ends the session (END-1): ENDED, not asked for by this client.</summary>
    EndedElsewhere,
}
