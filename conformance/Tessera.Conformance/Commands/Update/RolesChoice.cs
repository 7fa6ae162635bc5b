namespace Tessera.Conformance.Commands;

/// <summary>Which roles an update carries, relative to the session (UPD-3, TOK-9).</summary>
internal enum RolesChoice
{
    /// <summary>The same set, in the session's order.</summary>
    Same,

    /// <summary>The same set, reordered.</summary>
    Reordered,

    /// <summary>The same set with a role repeated.</summary>
    Repeated,

    /// <summary>One role more or one fewer.</summary>
    Different,

    /// <summary>No roles at all.</summary>
    Empty,
}
