using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol.V1;

namespace Tessera.Client.Internal;

/// <summary>
/// The options as the client froze them at construction, checked, plus the
/// channel and the server-clock estimate every session of the client shares.
/// </summary>
internal sealed class ClientSettings
{
    public const string ProtocolVersion = "tessera.v1";

    /// <summary>Proactive refreshes call the provider at most this often, so a token shorter than the margin cannot cause a storm.</summary>
    public static readonly TimeSpan MinRefreshSpacing = TimeSpan.FromSeconds(1);

    /// <summary>Best-effort EndSession calls made while stopping never wait longer than this.</summary>
    public static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(10);

    private ClientSettings(TesseraClientOptions options, string clientInstanceId)
    {
        Address = options.Address;
        ClientInstanceId = clientInstanceId;
        TokenProvider = options.TokenProvider;
        RefreshMargin = options.RefreshMargin;
        RefreshInterval = options.RefreshInterval;
        AutoConnect = options.AutoConnect;
        Backoff = options.ReconnectBackoff;
        CallTimeout = options.CallTimeout;
        SchemaHash = options.SchemaHash ?? string.Empty;
        Time = options.TimeProvider;
        OnSessionError = options.OnSessionError;
        Clock = new ServerClock(Time);
        if (options.CallInvoker is { } invoker)
        {
            Sessions = new SessionService.SessionServiceClient(invoker);
        }
        else
        {
            _ownedChannel = GrpcChannel.ForAddress(options.Address!, new GrpcChannelOptions { HttpHandler = options.HttpHandler, DisposeHttpClient = true });
            Sessions = new SessionService.SessionServiceClient(_ownedChannel);
        }
    }

    private readonly GrpcChannel? _ownedChannel;

    /// <summary>The server address; null when the caller gave a call invoker instead.</summary>
    public Uri? Address { get; }

    public string ClientInstanceId { get; }

    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; }

    public TimeSpan RefreshMargin { get; }

    public TimeSpan? RefreshInterval { get; }

    public bool AutoConnect { get; }

    public ReconnectBackoff Backoff { get; }

    public TimeSpan? CallTimeout { get; }

    public string SchemaHash { get; }

    public TimeProvider Time { get; }

    public Action<TesseraSessionErrorEventArgs>? OnSessionError { get; }

    public ServerClock Clock { get; }

    /// <summary>tessera.v1.SessionService over the client's channel or the caller's invoker.</summary>
    public SessionService.SessionServiceClient Sessions { get; }

    /// <summary>Best-effort cleanup never waits longer than <see cref="CleanupTimeout"/>, nor than <see cref="CallTimeout"/>.</summary>
    public TimeSpan CleanupTimeoutInForce => CallTimeout is { } t && t < CleanupTimeout ? t : CleanupTimeout;

    /// <summary>Checks <paramref name="options"/> (throws <see cref="ArgumentException"/> listing every problem) and freezes them.</summary>
    public static ClientSettings From(TesseraClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.CallInvoker is not null)
        {
            if (options.Address is not null)
            {
                problems.Add("Set either Address or CallInvoker, not both.");
            }
        }
        else if (options.Address is not { IsAbsoluteUri: true } address || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add("Address must be an absolute http:// (h2c) or https:// (TLS) URI, or CallInvoker must be set.");
        }

        var instanceId = options.ClientInstanceId ?? NewInstanceId();
        if (!IsValidInstanceId(instanceId))
        {
            problems.Add("ClientInstanceId must be 1 to 128 printable ASCII characters (SES-4).");
        }

        if (options.RefreshMargin < TimeSpan.Zero || options.RefreshMargin > TimeSpan.FromHours(24))
        {
            problems.Add($"RefreshMargin must be between 0 and 24 h; got {options.RefreshMargin}.");
        }

        if (options.RefreshInterval is { } interval && interval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"RefreshInterval must be at least 1 s; got {interval}.");
        }

        if (options.CallTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            problems.Add($"CallTimeout must be positive or null; got {timeout}.");
        }

        if (options.ReconnectBackoff is null)
        {
            problems.Add("ReconnectBackoff is required.");
        }
        else
        {
            problems.AddRange(options.ReconnectBackoff.Validate());
        }

        if (options.TimeProvider is null)
        {
            problems.Add("TimeProvider is required.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid TesseraClientOptions: " + string.Join(" ", problems), nameof(options));
        }

        return new ClientSettings(options, instanceId);
    }

    /// <summary>
    /// Runs one unary call with <see cref="CallTimeout"/> (or <paramref name="timeout"/>).
    /// The timeout is a cancellation on the injected <see cref="Time"/>, not a gRPC
    /// deadline: a deadline runs on the wall clock, and a test clock must be able
    /// to move it. A call cut by the timeout fails with DEADLINE_EXCEEDED, one cut
    /// by <paramref name="cancellationToken"/> with CANCELLED, as gRPC reports them.
    /// </summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        Func<TRequest, CallOptions, AsyncUnaryCall<TResponse>> method, TRequest request, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        timeout ??= CallTimeout;
        using var timer = timeout is { } t ? new CancellationTokenSource(t, Time) : null;
        using var linked = timer is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            using var call = method(request, new CallOptions(cancellationToken: linked?.Token ?? cancellationToken));
            return await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && timer is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.DeadlineExceeded, $"No answer within the call timeout ({timeout})."));
        }
    }

    /// <summary>Disposes the channel the client made for <see cref="Address"/>; a caller's invoker is left alone.</summary>
    public void DisposeOwnedChannel() => _ownedChannel?.Dispose();

    private static string NewInstanceId() =>
        "tc-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private static bool IsValidInstanceId(string id)
    {
        if (id.Length is < 1 or > 128)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
