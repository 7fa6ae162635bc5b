namespace Tessera.Server.Sessions;

/// <summary>
/// A StartSession request as the registry needs it. Exactly one of
/// <see cref="Token"/> and <see cref="GuestUserId"/> must be set (SES-4).
/// </summary>
/// <param name="ClientInstanceId">1 to 128 printable ASCII characters (SES-4).</param>
/// <param name="Token">The token credential, already run through the validator; null when the request has none.</param>
/// <param name="GuestUserId">The guest credential's user id; null when the request has none.</param>
/// <param name="ProtocolVersion">Must be one of the server's protocol versions (SES-3).</param>
/// <param name="SchemaHash">Empty, or equal to the server's schema hash (SES-3).</param>
internal sealed record StartSessionInput(
    string ClientInstanceId,
    TokenCheck? Token,
    string? GuestUserId,
    string ProtocolVersion,
    string SchemaHash);
