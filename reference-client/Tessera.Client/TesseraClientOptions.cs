namespace Tessera.Client;

/// <summary>
/// Settings for a <see cref="TesseraClient"/>. The client copies them when it
/// is created; later changes to this object have no effect.
/// </summary>
public sealed class TesseraClientOptions
{
    /// <summary>
    /// The server: <c>http://host:port</c> for cleartext HTTP/2 (h2c, prior
    /// knowledge) or <c>https://host:port</c> for TLS with ALPN h2. The client
    /// then makes and owns its own <see cref="Grpc.Net.Client.GrpcChannel"/>.
    /// Required unless <see cref="CallInvoker"/> is set; defaults to null.
    /// </summary>
    public Uri? Address { get; set; }

    /// <summary>
    /// Calls go through this invoker instead of a channel of the client's own:
    /// <c>channel.CreateCallInvoker()</c> of a <see cref="Grpc.Net.Client.GrpcChannel"/>
    /// you configured (TLS, retries, handlers), or an intercepted one
    /// (<c>channel.Intercept(...)</c>). The client does not dispose it. Set
    /// either this or <see cref="Address"/>; defaults to null.
    /// </summary>
    public Grpc.Core.CallInvoker? CallInvoker { get; set; }

    /// <summary>
    /// This app instance (device, tab, process), sent with every start; the
    /// server keeps one live session per instance (ONE-1). 1 to 128 printable
    /// ASCII characters. Defaults to null: the client generates a random one,
    /// stable for the client's lifetime (<see cref="TesseraClient.ClientInstanceId"/>).
    /// Persist and pass it back to keep the same instance across restarts.
    /// </summary>
    public string? ClientInstanceId { get; set; }

    /// <summary>
    /// Fetches a fresh token from the app's backend. Used by
    /// <see cref="TesseraClient.StartSessionAsync"/> when no token is given,
    /// before the token expires (proactive refresh) and when a call fails with
    /// TOKEN_EXPIRED (reactive refresh). It must return a token for the same
    /// user and roles. Throwing or returning null or empty is fatal to the
    /// session: the app gets a session error and the client ends the session.
    /// Called at most once at a time. Defaults to null: no automatic refresh;
    /// the app calls <see cref="TesseraClient.UpdateSessionTokenAsync"/> itself.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>
    /// How long before the token's expiry, on the server's clock, the client
    /// refreshes it. Defaults to 30 s; must be between 0 and 24 h. The client
    /// also refreshes on the server's <c>token_expiring</c> event if that comes
    /// first. It never refreshes a token before half its life has passed (a
    /// margin longer than that would refresh a fresh token at once, in a loop),
    /// unless <see cref="RefreshInterval"/> asks for it.
    /// </summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When set, the client also refreshes this long after each successful
    /// start or update, if that comes before <see cref="RefreshMargin"/>.
    /// Defaults to null (refresh by expiry only); must be at least 1 s.
    /// </summary>
    public TimeSpan? RefreshInterval { get; set; }

    /// <summary>
    /// Whether a started session opens its watch stream at once. Defaults to
    /// true; when false the app calls <see cref="TesseraClient.ConnectAsync"/>.
    /// </summary>
    public bool AutoConnect { get; set; } = true;

    /// <summary>The delays between watch-stream reconnects and refresh retries. Defaults to <see cref="Client.ReconnectBackoff"/>'s defaults.</summary>
    public ReconnectBackoff ReconnectBackoff { get; set; } = new();

    /// <summary>
    /// The deadline of each unary call (start, update, get, end). Defaults to
    /// 30 s, measured on <see cref="TimeProvider"/>; null means no deadline.
    /// The watch stream never has one.
    /// </summary>
    public TimeSpan? CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The schema hash sent with each start (SES-3). Defaults to empty, which
    /// every server accepts.
    /// </summary>
    public string SchemaHash { get; set; } = string.Empty;

    /// <summary>
    /// The local clock for every timer and delay (refresh, backoff, deadlines).
    /// Refresh times are still computed on the server's clock, estimated from
    /// the <c>server_time</c> of each answer. Defaults to <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The HTTP handler under the client's own channel (with <see cref="Address"/>),
    /// e.g. a <see cref="SocketsHttpHandler"/> with custom TLS settings. Defaults
    /// to null: Grpc.Net.Client makes its own. A handler given here is not
    /// disposed by the client. Ignored with <see cref="CallInvoker"/>.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>
    /// Called on each session error, in addition to <see cref="TesseraClient.SessionError"/>.
    /// Defaults to null. It must not block; exceptions it throws are ignored.
    /// </summary>
    public Action<TesseraSessionErrorEventArgs>? OnSessionError { get; set; }
}
