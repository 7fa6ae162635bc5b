using Tessera.Grpc;

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
        Address = options.Address!;
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
        Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = options.HttpHandler, TimeProvider = Time });
    }

    public Uri Address { get; }

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

    public GrpcChannel Channel { get; }

    /// <summary>Checks <paramref name="options"/> (throws <see cref="ArgumentException"/> listing every problem) and freezes them.</summary>
    public static ClientSettings From(TesseraClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Address is not { IsAbsoluteUri: true } address || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add("Address must be an absolute http:// (h2c) or https:// (TLS) URI.");
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

    /// <summary>Call options with the unary deadline (measured on the injected clock) and <paramref name="cancellationToken"/>.</summary>
    public CallOptions UnaryCall(CancellationToken cancellationToken) => new(
        deadline: CallTimeout is { } timeout ? Time.GetUtcNow().UtcDateTime + timeout : null,
        cancellationToken: cancellationToken);

    /// <summary>Call options for best-effort cleanup: a bounded deadline whatever <see cref="CallTimeout"/> says.</summary>
    public CallOptions CleanupCall() => new(deadline: Time.GetUtcNow().UtcDateTime + (CallTimeout is { } t && t < CleanupTimeout ? t : CleanupTimeout));

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
