using Tessera.Server.Errors;
using Tessera.Server.Storage;

namespace Tessera.Server.Sessions;

/// <summary>StartSession (SES-1 to SES-5, ONE-1 to ONE-4).</summary>
internal sealed partial class SessionRegistry
{
    /// <summary>
    /// Starts a session. Checks, first failure answers (ONE, ERR-4): INVALID_REQUEST
    /// (client_instance_id, exactly one credential, guest user_id), SCHEMA_MISMATCH,
    /// the token validator's TOKEN_* verdict, GUEST_DISABLED, then
    /// SESSION_ALREADY_ACTIVE from the single-session rule.
    /// </summary>
    public DomainResult<SessionSnapshot> Start(StartSessionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // INVALID_REQUEST (SES-4, SES-5).
        if (!RequestShape.IsPrintableAsciiId(input.ClientInstanceId))
        {
            return TesseraError.InvalidRequest("client_instance_id must be 1 to 128 printable ASCII characters (0x21-0x7E)");
        }

        var token = input.Token;
        var guestUserId = input.GuestUserId;
        if ((token is null) == (guestUserId is null))
        {
            return TesseraError.InvalidRequest("exactly one credential (token or guest) is required");
        }

        if (token is { IsMissing: true })
        {
            return TesseraError.InvalidRequest("the token credential is empty");
        }

        if (guestUserId is not null && !RequestShape.IsPrintableAsciiId(guestUserId))
        {
            return TesseraError.InvalidRequest("guest.user_id must be 1 to 128 printable ASCII characters (0x21-0x7E)");
        }

        // SCHEMA_MISMATCH (SES-3).
        if (string.IsNullOrEmpty(input.ProtocolVersion) || !_options.ProtocolVersions.Contains(input.ProtocolVersion))
        {
            return SessionErrors.SchemaMismatch($"protocol_version \"{input.ProtocolVersion}\" is not supported; this server speaks {string.Join(", ", _options.ProtocolVersions)}");
        }

        if (!string.IsNullOrEmpty(input.SchemaHash) && !string.Equals(input.SchemaHash, _options.SchemaHash, StringComparison.Ordinal))
        {
            return SessionErrors.SchemaMismatch("schema_hash differs from the server's");
        }

        // TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_NOT_YET_VALID: the validator's verdict.
        if (token?.Error is { } tokenError)
        {
            return tokenError;
        }

        // GUEST_DISABLED (SES-5).
        if (guestUserId is not null && !_options.GuestSessionsEnabled)
        {
            return SessionErrors.GuestDisabled();
        }

        var now = _time.GetUtcNow();
        StartCommand command;
        if (token?.Token is { } claims)
        {
            command = new StartCommand(
                SessionIdGenerator.NewId(),
                input.ClientInstanceId,
                claims.Issuer,
                claims.Subject,
                Guest: false,
                RoleSet.Normalize(claims.Roles),
                claims.ExpiresAt,
                now);
        }
        else
        {
            command = new StartCommand(
                SessionIdGenerator.NewId(),
                input.ClientInstanceId,
                _options.GuestIssuer,
                guestUserId!,
                Guest: true,
                [],
                now + _options.GuestSessionLifetime,
                now);
        }

        // SESSION_ALREADY_ACTIVE, decided atomically by the store (ONE-1 to ONE-4).
        var outcome = _store.TryStart(command);
        Apply(outcome);
        return outcome.Error is { } error ? error : DomainResult<SessionSnapshot>.Success(outcome.Session!);
    }
}
