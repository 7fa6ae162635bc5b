using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tessera.Protocol;
using Tessera.Server.Events;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Server.Scheduling;
using Tessera.Server.Storage;
using Tessera.Server.Time;
using Tessera.Server.Tokens;
using Tessera.Time;
using Tessera.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// The broken servers the suite must catch: at least one per requirement
/// family, and every case of the suite is the expected catcher of at least
/// one (see <c>MutantTests</c> for the few exemptions). Each row is one fault
/// injected into the reference server.
/// </summary>
internal static class MutantCatalog
{
    public static IReadOnlyList<Mutant> All { get; } =
    [
        // TOK: one hole in the token validator each, caught by that rule's attack tokens.
        new("repeated-members-accepted", Req.TOK_1, "a repeated header or claim name is not noticed; one of the values is used", ["tok/tok-1"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.RepeatedMembers),
        },
        new("nested-repeats-accepted", Req.TOK_1, "repeated names are looked for only among a segment's top-level members", ["tok/tok-1"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.TopLevelRepeatsOnly),
        },
        new("no-token-size-limit", Req.TOK_2, "a token longer than max_token_bytes is parsed and accepted", ["tok/tok-2"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.NoSizeLimit),
        },
        new("accepts-alg-none", Req.TOK_3, "an unsigned token (alg none, any case) is accepted", ["tok/tok-3", "tokens/random"])
        {
            // An unsigned token that a later check refuses (SESSION_ALREADY_ACTIVE) reads as an ERR-4 order bug from one answer.
            Consequences = [Req.ERR_4],
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.AcceptsAlgNone),
        },
        new("hs256-with-public-key", Req.TOK_3, "HS256 verified with the RSA public key's PEM as the secret", ["tok/tok-3"])
        {
            // Not tokens/random: its mix drew no key-confused token in 1 seed of 20 (bench/catch-rate.sh); tok/tok-3 sends one every run.
            // A key-confused token that a later check refuses (SESSION_ALREADY_ACTIVE) reads as an ERR-4 order bug from one answer.
            Consequences = [Req.ERR_4],
            Inject = (s, keys) => Validator(s, LenientTokenValidator.Hole.KeyConfusion, keys.Rsa.ExportPublicKey(PublicKeyFormat.Pem)),
            Tokens = (t, keys) =>
            {
                t.SharedSecrets = [];
                t.JwksPath = keys.JwksPath;
            },
            Target = (t, keys) => t with { Hs256Secret = null, SigningKeyPem = keys.Rsa.ExportPrivateKeyPem(), Algorithm = JwsAlgorithms.RS256, KeyId = keys.Rsa.KeyId },
        },
        new("ignores-kid", Req.TOK_4, "the kid is not looked at: any kid verifies with the configured secret", ["tok/tok-4"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.IgnoresKid),
        },
        new("skips-signature", Req.TOK_5, "the signature is never verified", ["tok/tok-5"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.SkipsSignature),
        },
        new("skips-issuer", Req.TOK_6, "any string iss is accepted", ["tok/tok-6"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.SkipsIssuer),
        },
        new("skips-audience", Req.TOK_7, "aud is not compared with the configured audience", ["tok/tok-7"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.SkipsAudience),
        },
        new("string-numeric-dates", Req.TOK_8, "exp, iat and nbf given as strings holding a number are accepted", ["tok/tok-8"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.StringDates),
        },
        new("untyped-roles", Req.TOK_9, "roles that is not an array of strings is read as the strings it has, or none", ["tok/tok-9"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.UntypedRoles),
        },
        new("any-token-type", Req.TOK_10, "token_type / tokenType other than \"user\" is accepted", ["tok/tok-10"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.AnyTokenType),
        },
        new("no-lifetime-limit", Req.TOK_11, "exp - iat is not checked: exp at or before iat, or beyond max_token_lifetime, is accepted", ["tok/tok-11"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.NoLifetimeLimit),
        },
        new("accepts-expired-tokens", Req.TOK_12, "the validator never refuses a token for its exp", ["tok/tok-12", "tokens/random"])
        {
            // A token both expired and not yet valid gets TOKEN_NOT_YET_VALID: from one answer that reads as an ERR-4 order bug.
            Consequences = [Req.ERR_4],
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.AcceptsExpired),
        },
        new("five-minute-leeway", Req.TOK_12, "exp, nbf and iat are checked with 5 minutes of leeway, not the declared one", ["tok/tok-12", "tokens/random"])
        {
            // The same 5 minutes apply to nbf and iat (TOK-13); an expired, not-yet-valid token answered
            // TOKEN_NOT_YET_VALID reads as an ERR-4 order bug from one answer.
            Consequences = [Req.TOK_13, Req.ERR_4],
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.FiveMinuteLeeway),
        },
        new("ignores-nbf", Req.TOK_13, "nbf is not looked at (iat still is)", ["tok/tok-13"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.IgnoresNbf),
        },
        new("not-yet-valid-before-expired", Req.ERR_4, "TOKEN_NOT_YET_VALID is decided before TOKEN_EXPIRED", ["tok/err-4"])
        {
            // The answer cannot tell "checked in the wrong order" from "exp not checked": the finding names both.
            Consequences = [Req.TOK_12],
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.NotYetValidBeforeExpired),
        },

        new("short-session-ids", Req.SES_2, "session ids are a counter (s1, s2...), not 128 random bits", ["session/lifecycle", "scenario/ses-start"])
        {
            Inject = (s, _) => Store(s, (_, inner) => new ShortIdStore(inner)),
        },
        new("expiry-checked-only-on-use", Req.EXP_1, "no expiry timer: a read works expiry out, nothing moves the session or pushes token_expired", ["expiry/timers", "expiry/one-jump"])
        {
            // Without the expiry the grace-end never comes either: the session is not TERMINATED (TOKEN_EXPIRED) at exp + leeway + grace.
            Consequences = [Req.EXP_4],
            AlsoNames = [Req.EXP_2],
            Inject = (s, _) => Store(s, (sp, inner) => new UnarmedTimerStore(inner, TimerKind.Expire, sp.GetRequiredService<SessionPolicy>().ClockSkewLeeway)),
        },
        new("never-terminates-after-grace", Req.EXP_4, "no grace-end timer: an EXPIRED session stays EXPIRED", ["expiry/timers", "expiry/one-jump"])
        {
            Inject = (s, _) => Store(s, (sp, inner) => new UnarmedTimerStore(inner, TimerKind.Terminate, sp.GetRequiredService<SessionPolicy>().ClockSkewLeeway)),
        },
        new("late-timers", Req.EXP_6, "with the real clock every timer fires 1.6 s after it is due", ["expiry/timer-lateness"])
        {
            RealClock = true,
            Inject = (s, _) => s.AddSingleton<TimeProvider>(new LateTimeProvider(TimeProvider.System, TimeSpan.FromSeconds(1.6))),
        },
        new("roles-as-ordered-lists", Req.UPD_3, "an update's roles are compared as an ordered list, repeats included", ["update/tokens", "scenario/upd-3"])
        {
            AlsoNames = [Req.TOK_9],
            Inject = (s, _) =>
            {
                var raw = new RawRoles();
                s.AddSingleton<ITokenValidator>(sp => new RawRolesValidator(RealValidator(sp), raw));
                Store(s, (_, inner) => new OrderedRolesStore(inner, raw));
            },
        },
        new("other-user-with-empty-roles", Req.UPD_2, "with both role sets empty, another user's token updates the session", ["scenario/upd-2"])
        {
            // Not update/tokens: its mix sent no other user's token with both role sets empty in 1 seed of 20 (bench/catch-rate.sh); scenario/upd-2 does every run.
            Inject = (s, _) => Store(s, (_, inner) => new EmptyRolesIdentityStore(inner)),
        },
        new("ignores-token-stale", Req.UPD_4, "a token with an earlier exp is answered OK", ["update/tokens", "scenario/upd-4"])
        {
            // Not model/everything: its mix rarely sends an earlier exp (2 escapes in 5 seeds of bench/catch-rate.sh).
            Inject = (s, _) => Store(s, (_, inner) => new StaleIgnoringStore(inner)),
        },
        new("two-sessions-under-concurrency", Req.ONE_4, "a start that overlaps another on the same instance does not see it", ["single-session/concurrent-starts", "scenario/one-4"])
        {
            // Racing starts for different users both succeed: ONE-2 broken under concurrency, which ONE-4 is about.
            Consequences = [Req.ONE_2],
            AlsoNames = [Req.ONE_1],
            Inject = (s, _) => Store(s, (_, inner) => new RacyStartStore(inner)),
        },
        new("replace-without-notifying-watcher", Req.ONE_3, "REPLACE terminates the old session but its watchers never hear of it", ["single-session/policy"])
        {
            // Not events/watch-resume: its mix rarely replaces a watched session (it escaped 2 seeds of 5 in
            // bench/catch-rate.sh); single-session/policy's mix does it in every seed.
            Inject = (s, _) => s.AddSingleton<ISessionStore>(sp => new InMemorySessionStore(sp.GetRequiredService<SessionPolicy>(), new ReplacedEventDroppingSink(sp.GetRequiredService<SessionEventHub>()))),
        },
        new("end-not-idempotent", Req.END_2, "EndSession on a terminated session answers SESSION_TERMINATED", ["session/lifecycle", "model/everything", "scenario/end"])
        {
            Inject = (s, _) => Store(s, (_, inner) => new NonIdempotentEndStore(inner)),
        },
        new("repeats-event-on-resume", Req.EVT_4, "the first event of every watch stream is sent twice", ["events/watch-resume", "scenario/evt"])
        {
            // When the first event of a stream is `terminated` (a replay of a terminated session), its repeat follows the terminal event.
            Consequences = [Req.EVT_3],
            AlsoNames = [Req.EVT_1],
            Inject = (s, _) => Middleware(s, WatchFrameRewriter.Middleware(WatchFault.DuplicateFirstEvent)),
        },
        new("event-after-terminal", Req.EVT_3, "another event follows the terminated one", ["events/watch-resume", "expiry/one-jump"])
        {
            Inject = (s, _) => Middleware(s, WatchFrameRewriter.Middleware(WatchFault.EventAfterTerminal)),
        },
        new("shutdown-ends-watchers-ok", Req.EVT_7, "on shutdown watch streams end with OK, not UNAVAILABLE / SERVER_SHUTTING_DOWN", ["events/shutdown"])
        {
            Inject = (s, _) => Middleware(s, ShutdownStatusRewriter.InvokeAsync),
        },
        new("wrong-status-for-reason", Req.ERR_2, "SESSION_NOT_FOUND is sent with INVALID_ARGUMENT", ["session/lifecycle", "scenario/ses-reads"])
        {
            Inject = (s, _) => Middleware(s, StatusCodeRewriter.InvokeAsync),
        },
        new("reports-other-leeway", Req.INF_1, "GetServerInfo reports a 30 s leeway while 5 s is enforced", ["info/declared-values-enforced"])
        {
            // A token at the reported leeway's boundary is refused TOKEN_EXPIRED: from outside, the report (INF-1)
            // or the check (TOK-12) may be the wrong one, so the finding names both.
            Consequences = [Req.TOK_12],
            Inject = (s, _) => s.AddSingleton(sp =>
            {
                var real = sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value;
                var reported = new TokenValidationOptions
                {
                    Issuers = real.Issuers,
                    Audience = real.Audience,
                    ClockSkewLeeway = TimeSpan.FromSeconds(30),
                    MaxTokenLifetime = real.MaxTokenLifetime,
                    MaxTokenBytes = real.MaxTokenBytes,
                };
                return new ServerInfo(sp.GetRequiredService<IOptions<TesseraServerOptions>>().Value, reported, sp.GetRequiredService<SigningKeyRing>());
            }),
        },
        new("missing-protocol-version", Req.INF_2, "GetServerInfo lists \"tessera-v1\" (a typo) instead of tessera.v1", ["info/server-info"])
        {
            Inject = (s, _) => s.AddSingleton(sp =>
            {
                var info = new ServerInfo(sp.GetRequiredService<IOptions<TesseraServerOptions>>().Value, sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value, sp.GetRequiredService<SigningKeyRing>());
                info.Template.ProtocolVersions.Clear();
                info.Template.ProtocolVersions.Add("tessera-v1");
                return info;
            }),
        },
        new("clock-service-without-flag", Req.CLK_1, "a real-clock server serves TestClockService while test_clock_enabled is false", ["clock/service"])
        {
            RealClock = true,
            Inject = (s, _) =>
            {
                // The mapping reads the flag as on; the rules keep the real clock and
                // GetServerInfo still reports the flag off, so only the service leaks.
                s.PostConfigure<TesseraServerOptions>(o => o.TestClockEnabled = true);
                s.AddSingleton(TimeProvider.System);
                s.AddSingleton(sp =>
                {
                    var info = new ServerInfo(sp.GetRequiredService<IOptions<TesseraServerOptions>>().Value, sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value, sp.GetRequiredService<SigningKeyRing>());
                    info.Template.TestClockEnabled = false;
                    return info;
                });
            },
        },
        new("clock-not-the-rules-clock", Req.CLK_2, "TestClockService reads and moves a clock no rule reads", ["clock/read"])
        {
            // GetServerInfo.server_time (INF-3) and GetTime (CLK-2) disagree; from outside either may be the wrong one.
            Consequences = [Req.INF_3],
            Inject = (s, _) => s.AddSingleton(new TestClock(new ManualTimeProvider(TimeProvider.System.GetUtcNow().AddSeconds(7)))),
        },
        new("rearmed-timers-wait-for-next-advance", Req.CLK_3, "AdvanceTime fires only the timers armed when it started; one re-armed by a firing waits for the next advance", ["expiry/one-jump"])
        {
            // The suite names the rule whose timer did not fire in the jump.
            AlsoNames = [Req.EXP_1, Req.EXP_2, Req.EXP_4],
            Inject = (s, _) => s.AddSingleton<TimeProvider>(sp => new RearmDeferringTimeProvider(sp.GetRequiredService<ManualTimeProvider>())),
        },
        new("advance-by-zero-accepted", Req.CLK_4, "AdvanceTime(by = 0) answers the current time instead of INVALID_REQUEST", ["clock/advance-bounds"])
        {
            Inject = (s, _) => Middleware(s, ZeroAdvanceRewriter.InvokeAsync),
        },

        // Each scenario/* case catches a fault of its own (or one above).
        new("utf16-role-order", Req.SES_7, "roles are sorted by UTF-16 code units (string.CompareOrdinal), not by UTF-8 bytes", ["scenario/ses-start"])
        {
            Inject = (s, _) => Store(s, (_, inner) => new Utf16RoleOrderStore(inner)),
        },
        new("forgets-terminated-at-once", Req.END_3, "a terminated session is forgotten at once (SESSION_NOT_FOUND) although terminated_retention is 10 min", ["scenario/ses-reads"])
        {
            Inject = (s, _) => Store(s, (_, inner) => new ForgetAtOnceStore(inner)),
        },
        new("expired-read-as-active", Req.EXP_3, "GetSession answers an EXPIRED session as ACTIVE instead of TOKEN_EXPIRED", ["scenario/exp-3"])
        {
            Inject = (s, _) => Store(s, (_, inner) => new ExpiredReadAsActiveStore(inner)),
        },
        new("roles-mismatch-keeps-session", Req.UPD_3, "ROLES_MISMATCH is answered but the session stays ACTIVE, with no event", ["scenario/upd-3"])
        {
            Inject = (s, _) => Store(s, (_, inner) => new RolesMismatchKeepingStore(inner)),
        },
        new("switching-user-ends-live-session", Req.ONE_2, "a start for another identity on a live instance ends the live session and starts, instead of SESSION_ALREADY_ACTIVE", ["scenario/one"])
        {
            // An OK to a start on a live instance cannot, from that answer alone, tell a replaced session from a second live one.
            Consequences = [Req.ONE_1],
            Inject = (s, _) => Store(s, (_, inner) => new SwitchingUserStore(inner)),
        },
        new("no-disconnect-timer", Req.EVT_6, "the disconnect timer is never armed: an unwatched session lives on", ["scenario/evt-6"])
        {
            Inject = (s, _) => Store(s, (sp, inner) => new UnarmedTimerStore(inner, TimerKind.Disconnect, sp.GetRequiredService<SessionPolicy>().ClockSkewLeeway)),
        },

        // SPEC.md draft 2: each point it settles, with the reading it rejected.
        new("resume-beyond-terminated-unavailable", Req.EVT_5, "a watch past the last event of a TERMINATED session answers RESUME_UNAVAILABLE", ["scenario/evt"])
        {
            // The request is refused for two reasons at once (terminated session, resume point past the end); answering the other one is also an order-of-checks answer.
            Consequences = [Req.ERR_4],
            Inject = (s, _) => Store(s, (_, inner) => new ResumeBeyondTerminatedStore(inner)),
        },
        new("equal-exp-repeats-notice", Req.EXP_5, "an update with an equal exp sends live watchers a second token_expiring for the same expires_at", ["scenario/upd-5"])
        {
            Inject = (s, _) => s.AddSingleton<ISessionStore>(sp => new InMemorySessionStore(sp.GetRequiredService<SessionPolicy>(), new EqualExpNoticeSink(sp.GetRequiredService<SessionEventHub>()))),
        },
        new("empty-start-token-invalid", Req.SES_4, "StartSession with token = \"\" answers TOKEN_INVALID instead of INVALID_REQUEST", ["scenario/ses-requests"])
        {
            Inject = (s, _) => Middleware(s, StartRequestRewriter.InvokeAsync),
        },
        new("enc-header-accepted", Req.TOK_1, "a three-segment token whose header has enc is verified as a JWS", ["tok/tok-1"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.AcceptsEncHeader),
        },
        new("non-canonical-base64-accepted", Req.TOK_1, "base64url is decoded leniently: non-zero unused bits are ignored", ["tok/tok-1"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.NonCanonicalBase64),
        },
        new("subject-counted-in-utf16-units", Req.TOK_8, "sub is limited to 128 UTF-16 code units, not 128 scalar values", ["tok/tok-8"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.SubjectInUtf16Units),
        },
        new("subject-counted-in-text-elements", Req.TOK_8, "sub is limited to 128 user-perceived characters (text elements), not 128 scalar values", ["tok/tok-8"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.SubjectInTextElements),
        },
    ];

    private static void Validator(IServiceCollection services, LenientTokenValidator.Hole hole, byte[]? publicKeyPem = null) =>
        services.AddSingleton<ITokenValidator>(sp => new LenientTokenValidator(
            RealValidator(sp), sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value, sp.GetRequiredService<TimeProvider>(), hole, publicKeyPem));

    private static void Middleware(IServiceCollection services, Func<Microsoft.AspNetCore.Http.HttpContext, Microsoft.AspNetCore.Http.RequestDelegate, Task> middleware) =>
        services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new MiddlewareStartupFilter(middleware));

    /// <summary>The validator the server registers itself, built the same way.</summary>
    private static TokenValidator RealValidator(IServiceProvider sp) =>
        new(sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value, sp.GetRequiredService<SigningKeyRing>(), sp.GetRequiredService<TimeProvider>());

    private static void Store(IServiceCollection services, Func<IServiceProvider, ISessionStore, ISessionStore> decorate) =>
        services.AddSingleton<ISessionStore>(sp => decorate(sp, new InMemorySessionStore(sp.GetRequiredService<SessionPolicy>(), sp.GetRequiredService<SessionEventHub>())));
}
