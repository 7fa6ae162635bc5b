using Tessera.Protocol;

namespace Tessera.Conformance.Clients;

/// <summary>
/// The client requirements the suite checks (family CLI). The texts are the
/// ones proposed for SPEC.md; each check names its id, and so does every
/// verdict.
/// </summary>
public static class ClientRequirements
{
    public static readonly ClientRequirement ProactiveRefresh = new(
        Req.CLI_1,
        "refresh before expiry on the server's clock",
        "With a token provider and a refresh margin M of at most half the token's lifetime, a client MUST ask for a new token when the server's clock reads between expires_at - M - 1 s and expires_at - M, working that instant out from the server_time of the server's answers and not from its own clock alone, and MUST ask once per token.");

    public static readonly ClientRequirement ReactiveRefresh = new(
        Req.CLI_2,
        "reactive refresh: pause, refresh once, replay once",
        "When session-bound calls fail with TOKEN_EXPIRED, a client MUST ask its provider once for all of them, send the new token once, and run each refused call exactly once more; every call then succeeds.");

    public static readonly ClientRequirement ProviderFailure = new(
        Req.CLI_3,
        "a failing token provider ends the session cleanly",
        "When the token provider fails or returns no token, a client MUST report a session error to the app, MUST NOT ask the provider again for that session, and MUST NOT send any call bound to that session other than EndSession afterwards.");

    public static readonly ClientRequirement SingleSession = new(
        Req.CLI_4,
        "one session per client instance",
        "A client MUST NOT send StartSession while it holds a live session; a start asked for then MUST fail locally, telling the app to end the session first.");

    public static readonly ClientRequirement TerminalEvent = new(
        Req.CLI_5,
        "nothing after the terminal event",
        "Once a session is terminated (its terminated event, or an answer saying so), a client MUST NOT send any call bound to that session, MUST stop its refresh timer and reconnects, and MUST report a session error naming the end reason.");

    public static readonly ClientRequirement Resume = new(
        Req.CLI_6,
        "resume without duplicates or gaps",
        "After a watch stream drops, a client MUST reopen it with resume_after_seq set to the last seq it handed to the app, and the app MUST see every event of the session exactly once, in seq order.");

    public static readonly ClientRequirement Backoff = new(
        Req.CLI_7,
        "reconnect backoff never hammers",
        "While reconnects fail, a client MUST wait between attempts: at most one attempt before its own clock moves, and at most 2 + 2*D attempts while its clock advances by D seconds (one per 500 ms on average); once the server accepts again it MUST reconnect within 60 s of its clock.");

    public static readonly ClientRequirement TypedErrors = new(
        Req.CLI_8,
        "errors reach the app with reason and action",
        "A refused call MUST reach the app with the server's status code, ErrorInfo reason and action (TOKEN_INVALID / REFRESH_TOKEN for a bad token at start, TOKEN_STALE / REFRESH_TOKEN for an older token, ROLES_MISMATCH / START_NEW_SESSION for an update with other roles).");

    /// <summary>Every client requirement, in id order.</summary>
    public static IReadOnlyList<ClientRequirement> All { get; } =
        [ProactiveRefresh, ReactiveRefresh, ProviderFailure, SingleSession, TerminalEvent, Resume, Backoff, TypedErrors];
}
