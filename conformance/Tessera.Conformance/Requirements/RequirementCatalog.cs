using System.Collections.Frozen;

namespace Tessera.Conformance.Requirements;

/// <summary>
/// Every requirement id of SPEC.md draft 2, in document order (the client
/// family CLI is listed but not checked here; the transport family TRN is
/// probed by the <c>transport/*</c> cases). The suite's checks name these ids
/// through <see cref="Tessera.Protocol.Req"/>, generated from SPEC.md, so a
/// misspelt id does not compile; <see cref="Find"/> still refuses any other,
/// for ids that arrive as text.
/// </summary>
internal static class RequirementCatalog
{
    private static readonly FrozenDictionary<string, Requirement> ById;

    static RequirementCatalog()
    {
        All =
        [
            Must("TOK-1", "A token is a JWS in compact serialization with JSON header and payload, no repeated members; else TOKEN_INVALID."),
            Must("TOK-2", "A token longer than max_token_bytes is rejected with TOKEN_INVALID before parsing."),
            Must("TOK-3", "alg none, an alg the key does not allow, or key confusion is rejected with TOKEN_INVALID."),
            Must("TOK-4", "kid selects the key by exact match; an unknown kid is TOKEN_INVALID."),
            Must("TOK-5", "The signature verifies with the selected key; else TOKEN_INVALID."),
            Must("TOK-6", "iss is one of the configured issuers; else TOKEN_INVALID."),
            Must("TOK-7", "With an audience configured, aud names it; else TOKEN_INVALID."),
            Must("TOK-8", "sub is 1 to 128 characters; exp and iat are present numbers; nbf is a number; else TOKEN_INVALID."),
            Must("TOK-9", "roles is an array of strings, a set; else TOKEN_INVALID."),
            Must("TOK-10", "token_type / tokenType, when present, is \"user\"; else TOKEN_INVALID."),
            Must("TOK-11", "exp is later than iat and exp - iat <= max_token_lifetime; else TOKEN_INVALID."),
            Must("TOK-12", "leeway is 0 to 60 s; a token is TOKEN_EXPIRED when now >= exp + leeway."),
            Must("TOK-13", "A token is TOKEN_NOT_YET_VALID when nbf or iat > now + leeway."),
            Must("SES-1", "StartSession with a valid token creates an ACTIVE session with the token's claims."),
            Must("SES-2", "Session ids are opaque, carry at least 128 random bits and are never reused."),
            Must("SES-3", "An empty or unknown protocol_version, or a differing schema_hash, is SCHEMA_MISMATCH."),
            Must("SES-4", "Malformed client_instance_id, credential, session_id or token is INVALID_REQUEST."),
            Must("SES-5", "Guest sessions: GUEST_DISABLED unless enabled; guest fields and lifetime."),
            Must("SES-6", "GetSession answers ACTIVE sessions, TOKEN_EXPIRED, SESSION_TERMINATED or SESSION_NOT_FOUND."),
            Must("SES-7", "Session.roles is sorted by ordinal order without repeats; server_time is now."),
            Must("EXP-1", "At exp + leeway an ACTIVE session leaves ACTIVE, driven by a timer."),
            Must("EXP-2", "With expiry_grace > 0 the session becomes EXPIRED and pushes token_expired."),
            Must("EXP-3", "While EXPIRED, calls other than Update, End and Watch fail with TOKEN_EXPIRED."),
            Must("EXP-4", "At exp + leeway + expiry_grace an unrevived session is TERMINATED with TOKEN_EXPIRED."),
            Must("EXP-5", "token_expiring is pushed at exp - expiring_notice, at most once per expires_at."),
            Should("EXP-6", "With the real clock, timers fire within 1 s of their due time."),
            Must("UPD-1", "A new token that fails a TOK check fails the call and leaves the session unchanged."),
            Must("UPD-2", "A different sub or iss terminates the session with IDENTITY_MISMATCH."),
            Must("UPD-3", "A different role set terminates the session with ROLES_MISMATCH."),
            Must("UPD-4", "An earlier exp fails with TOKEN_STALE and changes nothing; an equal exp is accepted."),
            Must("UPD-5", "A successful update replaces the claims, pushes token_updated, re-arms timers, revives EXPIRED."),
            Must("UPD-6", "Update on a TERMINATED session is SESSION_TERMINATED; on an unknown id SESSION_NOT_FOUND."),
            Must("ONE-1", "At most one non-terminated session per (issuer, client_instance_id)."),
            Must("ONE-2", "A start for another identity on a live instance fails with SESSION_ALREADY_ACTIVE."),
            Must("ONE-3", "A start for the same identity follows single_session_policy (REPLACE or REJECT)."),
            Must("ONE-4", "ONE-1 to ONE-3 hold under concurrent starts."),
            Must("END-1", "EndSession terminates an ACTIVE or EXPIRED session with ENDED and ends its watch streams."),
            Must("END-2", "EndSession is idempotent on a TERMINATED session: OK, no change, no event."),
            Must("END-3", "A terminated session answers SESSION_TERMINATED for terminated_retention."),
            Must("EVT-1", "Events are numbered 1, 2, 3... without gaps or repeats and carry the server's time."),
            Must("EVT-2", "Every watcher receives every event from its starting point, in seq order."),
            Must("EVT-3", "terminated is the last event; then every watch stream ends with OK."),
            Must("EVT-4", "resume_after_seq replays the kept events after N, else RESUME_UNAVAILABLE."),
            Must("EVT-5", "WatchSession on a TERMINATED session replays and ends OK, or fails SESSION_TERMINATED."),
            Must("EVT-6", "A session without a watcher for disconnect_grace is terminated with DISCONNECTED."),
            Should("EVT-7", "On shutdown open watch streams end with UNAVAILABLE."),
            Must("ERR-1", "Every non-OK status carries grpc-status-details-bin with one ErrorInfo in domain tessera.v1."),
            Must("ERR-2", "ErrorInfo.reason is one of the table's reasons, sent with that row's status code."),
            Must("ERR-3", "ErrorInfo.metadata[\"action\"] is the row's action."),
            Must("ERR-4", "When several checks fail, the first in the documented order answers."),
            Must("ERR-5", "SESSION_TERMINATED carries metadata end_reason."),
            Must("ERR-6", "A failed call changes no other session, and its own only where UPD-2/UPD-3 say so."),
            Must("INF-1", "GetServerInfo needs no credential and reports the values the server enforces."),
            Must("INF-2", "protocol_versions contains tessera.v1."),
            Must("INF-3", "Reported durations are >= 0, leeway <= 60 s, server_time is now."),
            Must("CLK-1", "TestClockService is served only when test_clock_enabled; else UNIMPLEMENTED."),
            Must("CLK-2", "GetTime is the clock every rule reads; it moves only through AdvanceTime."),
            Must("CLK-3", "AdvanceTime returns after every due timer fired, in due order, events queued."),
            Must("CLK-4", "AdvanceTime.by is positive and at most 366 days; else INVALID_REQUEST."),
            Client("CLI-1", "A client asks for a new token once, at expires_at - margin by the server's clock."),
            Client("CLI-2", "On TOKEN_EXPIRED a client refreshes once and retries each refused call once."),
            Client("CLI-3", "When the token provider fails a client reports it and stops using the session."),
            Client("CLI-4", "A client never starts a session while it holds a live one."),
            Client("CLI-5", "Once terminated, a client sends nothing bound to the session and reports the end reason."),
            Client("CLI-6", "A client resumes a dropped watch from the last seq it handed to the app."),
            Client("CLI-7", "A client backs off between reconnects and reconnects within 60 s once the server is back."),
            Client("CLI-8", "A refused call reaches the app with its status code, reason and action."),
            Should("TRN-1", "An HTTP/1.1 request is clearly refused (error status, refused handshake, closed connection), not hung or served."),
            Should("TRN-2", "A content-type not beginning with application/grpc gets HTTP 415."),
            Should("TRN-3", "A request message over the receive limit (4 MiB) ends the call with RESOURCE_EXHAUSTED."),
            Should("TRN-4", "grpc-timeout is honoured: DEADLINE_EXCEEDED or RST_STREAM CANCEL when it runs out."),
            Should("TRN-5", "An unknown service or method ends with UNIMPLEMENTED."),
            Must("TRN-6", "Compressed flag without grpc-encoding (or identity) is INTERNAL; an unsupported encoding UNIMPLEMENTED."),
            Should("TRN-7", "Errors before any message are Trailers-Only; grpc-message is percent-encoded UTF-8."),
            Should("TRN-8", "grpc.health.v1.Health/Check answers SERVING."),
            Should("TRN-9", "An unparseable or cut request message is INTERNAL, and other calls are undisturbed."),
        ];
        ById = All.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Every requirement, in SPEC.md order.</summary>
    public static IReadOnlyList<Requirement> All { get; }

    /// <summary>The requirement with this id. Throws <see cref="KeyNotFoundException"/> for an id SPEC.md does not have.</summary>
    public static Requirement Find(string id) =>
        ById.TryGetValue(id, out var requirement) ? requirement : throw new KeyNotFoundException($"SPEC.md has no requirement '{id}'.");

    /// <summary>True when SPEC.md has this id.</summary>
    public static bool Contains(string id) => ById.ContainsKey(id);

    /// <summary>The strength of a requirement id.</summary>
    public static RequirementLevel LevelOf(string id) => Find(id).Level;

    private static Requirement Must(string id, string summary) => new(id, RequirementLevel.Must, summary);

    private static Requirement Should(string id, string summary) => new(id, RequirementLevel.Should, summary);

    /// <summary>Client requirements: Tessera.Conformance.Clients judges clients; this suite judges servers.</summary>
    private static Requirement Client(string id, string summary) => new(id, RequirementLevel.Must, summary, CheckedBySuite: false);
}
