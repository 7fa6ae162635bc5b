using Microsoft.Extensions.DependencyInjection;
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
/// The broken servers the suite must catch, at least one per requirement
/// family. Each row is one fault injected into the reference server.
/// </summary>
internal static class MutantCatalog
{
    public static IReadOnlyList<Mutant> All { get; } =
    [
        new("accepts-expired-tokens", "TOK-12", "the validator never refuses a token for its exp", ["tok/tok-12", "tokens/random"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.AcceptsExpired),
        },
        new("five-minute-leeway", "TOK-12", "exp, nbf and iat are checked with 5 minutes of leeway, not the declared one", ["tok/tok-12", "tokens/random"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.FiveMinuteLeeway),
        },
        new("accepts-alg-none", "TOK-3", "an unsigned token (alg none, any case) is accepted", ["tok/tok-3", "tokens/random"])
        {
            Inject = (s, _) => Validator(s, LenientTokenValidator.Hole.AcceptsAlgNone),
        },
        new("hs256-with-public-key", "TOK-3", "HS256 verified with the RSA public key's PEM as the secret", ["tok/tok-3", "tokens/random"])
        {
            Inject = (s, keys) => Validator(s, LenientTokenValidator.Hole.KeyConfusion, keys.Rsa.ExportPublicKey(PublicKeyFormat.Pem)),
            Tokens = (t, keys) =>
            {
                t.SharedSecrets = [];
                t.JwksPath = keys.JwksPath;
            },
            Target = (t, keys) => t with { Hs256Secret = null, SigningKeyPem = keys.Rsa.ExportPrivateKeyPem(), Algorithm = JwsAlgorithms.RS256, KeyId = keys.Rsa.KeyId },
        },
        new("short-session-ids", "SES-2", "session ids are a counter (s1, s2...), not 128 random bits", ["session/lifecycle"])
        {
            Inject = (s, _) => Store(s, (_, inner) => new ShortIdStore(inner)),
        },
        new("expiry-checked-only-on-use", "EXP-1", "no expiry timer: a read works expiry out, nothing moves the session or pushes token_expired", ["expiry/*"])
        {
            AlsoNames = ["EXP-2"],
            Inject = (s, _) => Store(s, (sp, inner) => new UnarmedTimerStore(inner, TimerKind.Expire, sp.GetRequiredService<SessionPolicy>().ClockSkewLeeway)),
        },
        new("never-terminates-after-grace", "EXP-4", "no grace-end timer: an EXPIRED session stays EXPIRED", ["expiry/*"])
        {
            Inject = (s, _) => Store(s, (sp, inner) => new UnarmedTimerStore(inner, TimerKind.Terminate, sp.GetRequiredService<SessionPolicy>().ClockSkewLeeway)),
        },
        new("roles-as-ordered-lists", "UPD-3", "an update's roles are compared as an ordered list, repeats included", ["update/tokens"])
        {
            AlsoNames = ["TOK-9"],
            Inject = (s, _) =>
            {
                var raw = new RawRoles();
                s.AddSingleton<ITokenValidator>(sp => new RawRolesValidator(RealValidator(sp), raw));
                Store(s, (_, inner) => new OrderedRolesStore(inner, raw));
            },
        },
        new("other-user-with-empty-roles", "UPD-2", "with both role sets empty, another user's token updates the session", ["update/tokens"])
        {
            Inject = (s, _) => Store(s, (_, inner) => new EmptyRolesIdentityStore(inner)),
        },
        new("ignores-token-stale", "UPD-4", "a token with an earlier exp is answered OK", ["update/tokens"])
        {
            Inject = (s, _) => Store(s, (_, inner) => new StaleIgnoringStore(inner)),
        },
        new("two-sessions-under-concurrency", "ONE-4", "a start that overlaps another on the same instance does not see it", ["single-session/concurrent-starts"])
        {
            AlsoNames = ["ONE-1"],
            Inject = (s, _) => Store(s, (_, inner) => new RacyStartStore(inner)),
        },
        new("replace-without-notifying-watcher", "ONE-3", "REPLACE terminates the old session but its watchers never hear of it", ["single-session/policy", "events/watch-resume"])
        {
            Inject = (s, _) => s.AddSingleton<ISessionStore>(sp => new InMemorySessionStore(sp.GetRequiredService<SessionPolicy>(), new ReplacedEventDroppingSink(sp.GetRequiredService<SessionEventHub>()))),
        },
        new("end-not-idempotent", "END-2", "EndSession on a terminated session answers SESSION_TERMINATED", ["session/lifecycle"])
        {
            Inject = (s, _) => Store(s, (_, inner) => new NonIdempotentEndStore(inner)),
        },
        new("repeats-event-on-resume", "EVT-4", "the first event of every watch stream is sent twice", ["events/watch-resume"])
        {
            AlsoNames = ["EVT-1"],
            Inject = (s, _) => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new MiddlewareStartupFilter(WatchFrameRewriter.Middleware(WatchFault.DuplicateFirstEvent))),
        },
        new("event-after-terminal", "EVT-3", "another event follows the terminated one", ["events/watch-resume", "expiry/one-jump"])
        {
            Inject = (s, _) => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new MiddlewareStartupFilter(WatchFrameRewriter.Middleware(WatchFault.EventAfterTerminal))),
        },
        new("wrong-status-for-reason", "ERR-2", "SESSION_NOT_FOUND is sent with INVALID_ARGUMENT", ["session/lifecycle"])
        {
            Inject = (s, _) => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new MiddlewareStartupFilter(StatusCodeRewriter.InvokeAsync)),
        },
        new("reports-other-leeway", "INF-1", "GetServerInfo reports a 30 s leeway while 5 s is enforced", ["info/*"])
        {
            Inject = (s, _) => s.AddSingleton(sp =>
            {
                var real = sp.GetRequiredService<TokenValidationOptions>();
                var reported = new TokenValidationOptions
                {
                    Issuers = real.Issuers,
                    Audience = real.Audience,
                    ClockSkewLeeway = TimeSpan.FromSeconds(30),
                    MaxTokenLifetime = real.MaxTokenLifetime,
                    MaxTokenBytes = real.MaxTokenBytes,
                };
                return new ServerInfo(sp.GetRequiredService<TesseraServerOptions>(), reported, sp.GetRequiredService<SigningKeyRing>());
            }),
        },
        new("clock-not-the-rules-clock", "CLK-2", "TestClockService reads and moves a clock no rule reads", ["clock/*"])
        {
            Inject = (s, _) => s.AddSingleton(new TestClock(new ManualTimeProvider(TimeProvider.System.GetUtcNow().AddSeconds(7)))),
        },
    ];

    private static void Validator(IServiceCollection services, LenientTokenValidator.Hole hole, byte[]? publicKeyPem = null) =>
        services.AddSingleton<ITokenValidator>(sp => new LenientTokenValidator(RealValidator(sp), sp.GetRequiredService<TimeProvider>(), hole, publicKeyPem));

    /// <summary>The validator the server registers itself, built the same way.</summary>
    private static TokenValidator RealValidator(IServiceProvider sp) =>
        new(sp.GetRequiredService<TokenValidationOptions>(), sp.GetRequiredService<SigningKeyRing>(), sp.GetRequiredService<TimeProvider>());

    private static void Store(IServiceCollection services, Func<IServiceProvider, ISessionStore, ISessionStore> decorate) =>
        services.AddSingleton<ISessionStore>(sp => decorate(sp, new InMemorySessionStore(sp.GetRequiredService<SessionPolicy>(), sp.GetRequiredService<SessionEventHub>())));
}
