using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Tessera.Client.Internal;
using Tessera.Protocol.V1;

namespace Tessera.Client;

/// <summary>
/// The Tessera client an app embeds: one per app instance, holding at most one
/// session at a time (SPEC.md ONE-1). It starts the session with a token from
/// the app's backend, refreshes the token before it expires (on the server's
/// clock) and when a call reports TOKEN_EXPIRED, follows the session's events
/// across dropped connections, and ends the session when asked.
/// </summary>
/// <remarks>
/// Thread-safe. Every failure surfaces as <see cref="TesseraClientException"/>
/// (or <see cref="SessionAlreadyLiveException"/> for a second start), and
/// problems that end a session without the app asking are reported through
/// <see cref="SessionError"/>. <see cref="EndSessionAsync"/> and
/// <see cref="DisposeAsync"/> return only once no timer, task or stream of the
/// session is left.
/// <code>
///   await using var client = new TesseraClient(new TesseraClientOptions
///   {
///       Address = new Uri("https://sessions.example.com"),
///       TokenProvider = async ct => await backend.GetTesseraTokenAsync(ct),
///   });
///   client.SessionError += (_, e) => ShowSignIn(e.Reason);
///   await client.StartSessionAsync();
///   await foreach (var e in client.ReadEventsAsync()) { ... }
/// </code>
/// </remarks>
public sealed partial class TesseraClient : IAsyncDisposable
{
    private readonly ClientSettings _settings;
    private readonly Channel<TesseraSessionEvent> _events = Channel.CreateUnbounded<TesseraSessionEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private readonly Lock _stateGate = new();
    private SessionRuntime? _current;
    private bool _starting;
    private bool _disposed;
    private int _reading;
    private TesseraClientState _state = TesseraClientState.Disconnected;

    /// <summary>Creates a client; throws <see cref="ArgumentException"/> for invalid options. Nothing is sent until a session starts.</summary>
    public TesseraClient(TesseraClientOptions options)
    {
        _settings = ClientSettings.From(options);
    }

    /// <summary>Raised on every change of <see cref="State"/>, in order. Handlers must not block.</summary>
    public event EventHandler<TesseraClientStateChangedEventArgs>? StateChanged;

    /// <summary>
    /// Raised when the session ends or must end without the app asking: a
    /// terminated event (SESSION_REPLACED, ROLES_MISMATCH, TOKEN_EXPIRED, ...),
    /// a refresh that failed, events lost for good. The session's timers and
    /// stream are already stopped. Handlers must not block.
    /// </summary>
    public event EventHandler<TesseraSessionErrorEventArgs>? SessionError;

    /// <summary>This app instance's id, sent with every start (given in the options or generated).</summary>
    public string ClientInstanceId => _settings.ClientInstanceId;

    /// <summary>The server address; null when the client was given a call invoker instead.</summary>
    public Uri? Address => _settings.Address;

    /// <summary>The client's state now.</summary>
    public TesseraClientState State
    {
        get
        {
            lock (_stateGate)
            {
                return _state;
            }
        }
    }

    /// <summary>The live session as last seen (from the start, the last update or GetSessionAsync), or null when there is none.</summary>
    public Session? CurrentSession
    {
        get
        {
            lock (_gate)
            {
                return _current is { IsLive: true } live ? live.Snapshot.Clone() : null;
            }
        }
    }

    /// <summary>
    /// The events of every session this client starts, each exactly once and
    /// in order, for <c>await foreach</c>. Events are kept from the moment they
    /// arrive until read, so nothing is missed by starting to read late. One
    /// reader at a time (a second concurrent reader gets
    /// <see cref="InvalidOperationException"/>); the sequence ends when the
    /// client is disposed.
    /// </summary>
    public async IAsyncEnumerable<TesseraSessionEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("Another reader is reading this client's events; only one may read at a time.");
        }

        try
        {
            while (await _events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_events.Reader.TryRead(out var sessionEvent))
                {
                    yield return sessionEvent;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    /// <summary>
    /// Ends the live session on the server (best effort), stops every timer,
    /// task and stream, closes the connection and ends <see cref="ReadEventsAsync"/>.
    /// Idempotent.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        SessionRuntime? runtime;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            runtime = _current;
        }

        if (runtime is not null)
        {
            try
            {
                // A session without its client is of no use to anyone; free the instance's slot.
                await runtime.EndAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (TesseraClientException)
            {
                // Best effort: the server expires the session anyway.
            }
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        _events.Writer.TryComplete();
        _settings.DisposeOwnedChannel();
        _lifetime.Dispose();
        SetState(TesseraClientState.Ended);
    }

    /// <summary>A runtime's state changed; recompute the client's.</summary>
    internal void OnRuntimeChanged(SessionRuntime runtime)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_current, runtime))
            {
                return;
            }
        }

        SetState(runtime.State);
    }

    /// <summary>A runtime gave up the session slot: the client has no session now.</summary>
    internal void OnRuntimeReleased(SessionRuntime runtime)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_current, runtime))
            {
                return;
            }

            _current = null;
        }

        SetState(TesseraClientState.Ended);
    }

    internal void Deliver(TesseraSessionEvent sessionEvent) => _events.Writer.TryWrite(sessionEvent);

    internal void RaiseSessionError(TesseraSessionErrorEventArgs error)
    {
        try
        {
            _settings.OnSessionError?.Invoke(error);
        }
        catch (Exception)
        {
            // The app's callback failed; the client has already done its part.
        }

        try
        {
            SessionError?.Invoke(this, error);
        }
        catch (Exception)
        {
            // As above.
        }
    }

    private void SetState(TesseraClientState state)
    {
        // Raised under the lock so that handlers see the changes in the order they happened.
        lock (_stateGate)
        {
            if (_state == state)
            {
                return;
            }

            var previous = _state;
            _state = state;
            try
            {
                StateChanged?.Invoke(this, new TesseraClientStateChangedEventArgs(previous, state));
            }
            catch (Exception)
            {
                // An app handler failed; the state changed regardless.
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
