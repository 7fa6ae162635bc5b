namespace Tessera.Server.Errors;

/// <summary>What a client should do about an error: ErrorInfo metadata "action" (ERR-3).</summary>
internal enum ErrorAction
{
    None,
    RefreshToken,
    StartNewSession,
    FixRequest,
}
