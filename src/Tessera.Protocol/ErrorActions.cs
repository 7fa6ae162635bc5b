namespace Tessera.Protocol.V1;

/// <summary>
/// The values of ErrorInfo metadata <c>action</c> (ERR-3): what a client should do about an
/// error, one per row of SPEC.md's error table. Spelled here once, beside
/// <see cref="ErrorReasons"/>, for the server that sends them, the client that acts on
/// them and the suites that check them.
/// </summary>
public static class ErrorActions
{
    /// <summary>Nothing the client can do about this call will help; report it, or wait and retry where the reason says so.</summary>
    public const string None = "NONE";

    /// <summary>Get a fresh token from the app's backend, then retry or update.</summary>
    public const string RefreshToken = "REFRESH_TOKEN";

    /// <summary>This session is over for the client; start a new one.</summary>
    public const string StartNewSession = "START_NEW_SESSION";

    /// <summary>The request itself is wrong (a field, the schema hash); retrying it unchanged cannot succeed.</summary>
    public const string FixRequest = "FIX_REQUEST";
}
