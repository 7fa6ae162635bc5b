using Tessera.Protocol.V1;
using Tessera.Server.Events;
using Tessera.Server.Options;
using Tessera.Server.Sessions;
using Tessera.Server.Tokens;
using Tessera.Time;

namespace Tessera.Server.Tests.Sessions;

/// <summary>
/// A registry on a manual clock, over the test project's store (<see cref="StoreUnderTest"/>), with helpers that build validated tokens directly
/// (the token validator is tested on its own) and read watch streams without waiting.
/// </summary>
internal sealed class RegistryHarness : IDisposable
{
    public const string Issuer = "app-1";
    public const string Instance = "device-1";

    /// <param name="observer">Replaces <see cref="Observer"/> as the registry's lifecycle observer.</param>
    public RegistryHarness(Action<TesseraServerOptions>? configure = null, TimeSpan? leeway = null, ISessionLifecycleObserver? observer = null)
    {
        Options = new TesseraServerOptions();
        configure?.Invoke(Options);
        Assert.Empty(Options.Validate());
        Leeway = leeway ?? TimeSpan.Zero;
        Clock = new ManualTimeProvider();
        // The store is the test project's: in-memory here, Redis in Tessera.Server.Redis.Tests, same tests.
        Registry = StoreUnderTest.CreateRegistry(Options, Leeway, Clock, observer ?? Observer, (firing, ex) => TimerErrors.Add(ex));
    }

    public TesseraServerOptions Options { get; }

    public TimeSpan Leeway { get; }

    public ManualTimeProvider Clock { get; }

    public SessionRegistry Registry { get; }

    public RecordingObserver Observer { get; } = new();

    public List<Exception> TimerErrors { get; } = [];

    public DateTimeOffset Now => Clock.GetUtcNow();

    public static TokenCheck Valid(ValidatedToken token) => TokenCheck.Valid(token);

    /// <summary>A token issued now, expiring after <paramref name="lifetime"/> (default 1 h).</summary>
    public ValidatedToken Token(string subject = "alice", string issuer = Issuer, string[]? roles = null, TimeSpan? lifetime = null) =>
        new(issuer, subject, roles ?? [], Now + (lifetime ?? TimeSpan.FromHours(1)), Now, null);

    public ValidatedToken TokenExpiringAt(DateTimeOffset expiresAt, string subject = "alice", string issuer = Issuer, string[]? roles = null) =>
        new(issuer, subject, roles ?? [], expiresAt, Now, null);

    public DomainResult<SessionSnapshot> Start(ValidatedToken token, string instance = Instance) =>
        Registry.Start(new StartSessionInput(instance, TokenCheck.Valid(token), null, TesseraServerOptions.ProtocolVersionV1, ""));

    public DomainResult<SessionSnapshot> StartGuest(string userId, string instance = Instance) =>
        Registry.Start(new StartSessionInput(instance, null, userId, TesseraServerOptions.ProtocolVersionV1, ""));

    public SessionSnapshot StartOk(ValidatedToken? token = null, string instance = Instance)
    {
        var result = Start(token ?? Token(), instance);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value!;
    }

    public WatchSubscription WatchOk(string sessionId, ulong resumeAfterSeq = 0)
    {
        var result = Registry.Watch(sessionId, resumeAfterSeq);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value!;
    }

    public DateTimeOffset Advance(TimeSpan by) => Clock.Advance(by);

    /// <summary>Every event the stream has ready now; never waits.</summary>
    public static List<SessionEvent> ReadReady(WatchSubscription subscription)
    {
        var events = new List<SessionEvent>();
        while (subscription.TryRead(out var next))
        {
            events.Add(next);
        }

        return events;
    }

    /// <summary>The whole event history of a session that is still kept, read through a fresh watch from seq 0.</summary>
    public List<SessionEvent> History(string sessionId)
    {
        using var watch = WatchOk(sessionId);
        return ReadReady(watch);
    }

    public static SessionEvent.KindOneofCase[] Kinds(IEnumerable<SessionEvent> events) => events.Select(e => e.KindCase).ToArray();

    public void Dispose()
    {
        Registry.Dispose();
        (Registry.Store as IDisposable)?.Dispose();
    }
}
