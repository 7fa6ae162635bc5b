using Tessera.Time;

namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>
/// One echo server per test class. Its <c>grpc-timeout</c> deadlines run on
/// <see cref="ServerClock"/>, which only moves when a test advances it.
/// </summary>
public sealed class EchoServerFixture : IAsyncLifetime
{
    private GrpcTestHost? _host;
    private GrpcChannel? _channel;

    public CallProbe Probe { get; } = new();

    public ManualTimeProvider ServerClock { get; } = new();

    public GrpcTestHost Host => _host ?? throw new InvalidOperationException("Not started.");

    /// <summary>A shared channel with default options.</summary>
    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var handlers = new EchoHandlers(Probe);
        _host = await GrpcTestHost.StartAsync(handlers.Map, options => options.TimeProvider = ServerClock);
        _channel = _host.CreateChannel();
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
