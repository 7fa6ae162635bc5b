using System.Collections.Frozen;
using Tessera.Protocol;

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
            Must(Req.TOK_1, "A token is a JWS in compact serialization with JSON header and payload, no repeated members; else TOKEN_INVALID."),
            Must(Req.TOK_2, "A token longer than max_token_bytes is rejected with TOKEN_INVALID before parsing."),
            Must(Req.TOK_3, "alg none, an alg the key does not allow, or key confusion is rejected with TOKEN_INVALID."),
            Must(Req.TOK_4, "kid selects the key by exact match; an unknown kid is TOKEN_INVALID."),
            Must(Req.TOK_5, "The signature verifies with the selected key; else TOKEN_INVALID."),
            Must(Req.TOK_6, "iss is one of the configured issuers; else TOKEN_INVALID."),
            Must(Req.TOK_7, "With an audience configured, aud names it; else TOKEN_INVALID."),
            Must(Req.TOK_8, "sub is 1 to 128 characters; exp and iat are present numbers; nbf is a number; else TOKEN_INVALID."),
            Must(Req.TOK_9, "roles is an array of strings, a set; else TOKEN_INVALID."),
            Must(Req.TOK_10, "token_type / tokenType, when present, is \"user\"; else TOKEN_INVALID."),
            Must(Req.TOK_11, "exp is later than iat and exp - iat <= max_token_lifetime; else TOKEN_INVALID."),
            Must(Req.TOK_12, "leeway is 0 to 60 s; a token is TOKEN_EXPIRED when now >= exp + leeway."),
            Must(Req.TOK_13, "A token is TOKEN_NOT_YET_VALID when nbf or iat > now + leeway."),
            Must(Req.SES_1, "StartSession with a valid token creates an ACTIVE session with the token's claims."),
            Must(Req.SES_2, "Session ids are opaque, carry at least 128 random bits and are never reused."),
            Must(Req.SES_3, "An empty or unknown protocol_version, or a differing schema_hash, is SCHEMA_MISMATCH."),
            Must(Req.SES_4, "Malformed client_instance_id, credential, session_id or token is INVALID_REQUEST."),
            Must(Req.SES_5, "Guest sessions: GUEST_DISABLED unless enabled; guest fields and lifetime."),
            Must(Req.SES_6, "GetSession answers ACTIVE sessions, TOKEN_EXPIRED, SESSION_TERMINATED or SESSION_NOT_FOUND."),
            Must(Req.SES_7, "Session.roles is sorted by ordinal order without repeats; server_time is now."),
            Must(Req.EXP_1, "At exp + leeway an ACTIVE session leaves ACTIVE, driven by a timer."),
            Must(Req.EXP_2, "With expiry_grace > 0 the session becomes EXPIRED and pushes token_expired."),
            Must(Req.EXP_3, "While EXPIRED, calls other than Update, End and Watch fail with TOKEN_EXPIRED."),
            Must(Req.EXP_4, "At exp + leeway + expiry_grace an unrevived session is TERMINATED with TOKEN_EXPIRED."),
            Must(Req.EXP_5, "token_expiring is pushed at exp - expiring_notice, at most once per expires_at."),
            Should(Req.EXP_6, "With the real clock, timers fire within 1 s of their due time."),
            Must(Req.UPD_1, "A new token that fails a TOK check fails the call and leaves the session unchanged."),
            Must(Req.UPD_2, "A different sub or iss terminates the session with IDENTITY_MISMATCH."),
            Must(Req.UPD_3, "A different role set terminates the session with ROLES_MISMATCH."),
            Must(Req.UPD_4, "An earlier exp fails with TOKEN_STALE and changes nothing; an equal exp is accepted."),
            Must(Req.UPD_5, "A successful update replaces the claims, pushes token_updated, re-arms timers, revives EXPIRED."),
            Must(Req.UPD_6, "Update on a TERMINATED session is SESSION_TERMINATED; on an unknown id SESSION_NOT_FOUND."),
            Must(Req.ONE_1, "At most one non-terminated session per (issuer, client_instance_id)."),
            Must(Req.ONE_2, "A start for another identity on a live instance fails with SESSION_ALREADY_ACTIVE."),
            Must(Req.ONE_3, "A start for the same identity follows single_session_policy (REPLACE or REJECT)."),
            Must(Req.ONE_4, "ONE-1 to ONE-3 hold under concurrent starts."),
            Must(Req.END_1, "EndSession terminates an ACTIVE or EXPIRED session with ENDED and ends its watch streams."),
            Must(Req.END_2, "EndSession is idempotent on a TERMINATED session: OK, no change, no event."),
            Must(Req.END_3, "A terminated session answers SESSION_TERMINATED for terminated_retention."),
            Must(Req.EVT_1, "Events are numbered 1, 2, 3... without gaps or repeats and carry the server's time."),
            Must(Req.EVT_2, "Every watcher receives every event from its starting point, in seq order."),
            Must(Req.EVT_3, "terminated is the last event; then every watch stream ends with OK."),
            Must(Req.EVT_4, "resume_after_seq replays the kept events after N, else RESUME_UNAVAILABLE."),
            Must(Req.EVT_5, "WatchSession on a TERMINATED session replays and ends OK, or fails SESSION_TERMINATED."),
            Must(Req.EVT_6, "A session without a watcher for disconnect_grace is terminated with DISCONNECTED."),
            Should(Req.EVT_7, "On shutdown open watch streams end with UNAVAILABLE."),
            Must(Req.ERR_1, "Every non-OK status carries grpc-status-details-bin with one ErrorInfo in domain tessera.v1."),
            Must(Req.ERR_2, "ErrorInfo.reason is one of the table's reasons, sent with that row's status code."),
            Must(Req.ERR_3, "ErrorInfo.metadata[\"action\"] is the row's action."),
            Must(Req.ERR_4, "When several checks fail, the first in the documented order answers."),
            Must(Req.ERR_5, "SESSION_TERMINATED carries metadata end_reason."),
            Must(Req.ERR_6, "A failed call changes no other session, and its own only where UPD-2/UPD-3 say so."),
            Must(Req.INF_1, "GetServerInfo needs no credential and reports the values the server enforces."),
            Must(Req.INF_2, "protocol_versions contains tessera.v1."),
            Must(Req.INF_3, "Reported durations are >= 0, leeway <= 60 s, server_time is now."),
            Must(Req.CLK_1, "TestClockService is served only when test_clock_enabled; else UNIMPLEMENTED."),
            Must(Req.CLK_2, "GetTime is the clock every rule reads; it moves only through AdvanceTime."),
            Must(Req.CLK_3, "AdvanceTime returns after every due timer fired, in due order, events queued."),
            Must(Req.CLK_4, "AdvanceTime.by is positive and at most 366 days; else INVALID_REQUEST."),
            Client(Req.CLI_1, "A client asks for a new token once, at expires_at - margin by the server's clock."),
            Client(Req.CLI_2, "On TOKEN_EXPIRED a client refreshes once and retries each refused call once."),
            Client(Req.CLI_3, "When the token provider fails a client reports it and stops using the session."),
            Client(Req.CLI_4, "A client never starts a session while it holds a live one."),
            Client(Req.CLI_5, "Once terminated, a client sends nothing bound to the session and reports the end reason."),
            Client(Req.CLI_6, "A client resumes a dropped watch from the last seq it handed to the app."),
            Client(Req.CLI_7, "A client backs off between reconnects and reconnects within 60 s once the server is back."),
            Client(Req.CLI_8, "A refused call reaches the app with its status code, reason and action."),
            Should(Req.TRN_1, "An HTTP/1.1 request is clearly refused (error status, refused handshake, closed connection), not hung or served."),
            Should(Req.TRN_2, "A content-type not beginning with application/grpc gets HTTP 415."),
            Should(Req.TRN_3, "A request message over the receive limit (4 MiB) ends the call with RESOURCE_EXHAUSTED."),
            Should(Req.TRN_4, "grpc-timeout is honoured: DEADLINE_EXCEEDED or RST_STREAM CANCEL when it runs out."),
            Should(Req.TRN_5, "An unknown service or method ends with UNIMPLEMENTED."),
            Must(Req.TRN_6, "Compressed flag without grpc-encoding (or identity) is INTERNAL; an unsupported encoding UNIMPLEMENTED."),
            Should(Req.TRN_7, "Errors before any message are Trailers-Only; grpc-message is percent-encoded UTF-8."),
            Should(Req.TRN_8, "grpc.health.v1.Health/Check answers SERVING."),
            Should(Req.TRN_9, "An unparseable or cut request message is INTERNAL, and other calls are undisturbed."),
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
