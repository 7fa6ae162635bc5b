namespace Tessera.Client;

/// <summary>
/// The reasons the client raises itself. A <see cref="TesseraClientException"/>
/// or a session error otherwise carries the server's ErrorInfo reason, one of
/// <see cref="Tessera.Protocol.V1.ErrorReasons"/> (SPEC.md section ERR).
/// </summary>
public static class TesseraErrorReasons
{
    /// <summary>Client-side: the call needs a live session and the client has none.</summary>
    public const string NoSession = "NO_SESSION";

    /// <summary>Client-side: the token provider threw, was cancelled or returned no token.</summary>
    public const string TokenProviderFailed = "TOKEN_PROVIDER_FAILED";

    /// <summary>Client-side: the call failed in transport (no ErrorInfo came back), e.g. the server is unreachable.</summary>
    public const string Transport = "TRANSPORT";
}
