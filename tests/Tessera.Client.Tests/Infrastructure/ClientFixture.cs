using Tessera.Time;

namespace Tessera.Client.Tests.Infrastructure;

/// <summary>
/// A client under test wired to a <see cref="TestServer"/>: its own manual
/// clock (optionally skewed from the server's) and the delays armed on it, a
/// recording HTTP handler, an event inbox and a list of the session errors it
/// raised.
/// </summary>
internal sealed class ClientFixture : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<TesseraSessionErrorEventArgs> _errors = [];

    public ClientFixture(TestServer server, TimeSpan skew, Action<TesseraClientOptions>? configure)
    {
        Clock = new ManualTimeProvider(server.Now + skew);
        ArmedDelays = new ArmedTimerDelays(Clock);
        Log = new RequestLog();
        var options = new TesseraClientOptions
        {
            Address = server.Address,
            TimeProvider = Clock,
            HttpHandler = Log,
            // Deadlines run on the manual clock too; these tests move it by hours while calls run.
            CallTimeout = null,
        };
        configure?.Invoke(options);
        Client = new TesseraClient(options);
        Client.SessionError += (_, e) =>
        {
            lock (_gate)
            {
                _errors.Add(e);
            }

            ErrorRaised.Pulse();
        };
        Events = new EventInbox(Client);
    }

    public TesseraClient Client { get; }

    public ManualTimeProvider Clock { get; }

    public ArmedTimerDelays ArmedDelays { get; }

    public RequestLog Log { get; }

    public EventInbox Events { get; }

    public ConditionSignal ErrorRaised { get; } = new();

    public IReadOnlyList<TesseraSessionErrorEventArgs> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    public static ClientFixture Create(TestServer server, Action<TesseraClientOptions>? configure = null, TimeSpan skew = default) =>
        new(server, skew, configure);

    public async Task<TesseraSessionErrorEventArgs> NextErrorAsync()
    {
        await ErrorRaised.WaitAsync(() => Errors.Count > 0, "a session error");
        return Errors[0];
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        Log.Dispose();
    }
}
