namespace Tessera.Conformance.Commands;

/// <summary>The update token's exp relative to the session's expires_at (UPD-4).</summary>
internal enum ExpChoice
{
    /// <summary>Later than both expires_at and now.</summary>
    Later,

    /// <summary>Equal to expires_at: accepted.</summary>
    Same,

    /// <summary>Earlier than expires_at: TOKEN_STALE.</summary>
    Earlier,
}
