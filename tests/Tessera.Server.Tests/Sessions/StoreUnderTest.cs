using Tessera.Server.Options;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;

namespace Tessera.Server.Tests.Sessions;

/// <summary>
/// The store the registry tests run against in this project: the in-memory one.
/// Tessera.Server.Redis.Tests compiles the same tests with its own StoreUnderTest.
/// </summary>
internal static class StoreUnderTest
{
    public static SessionRegistry CreateRegistry(TesseraServerOptions options, TimeSpan leeway, TimeProvider time, ISessionLifecycleObserver observer, Action<TimerFiring, Exception> onTimerError) =>
        SessionRegistry.CreateInMemory(options, leeway, time, observer, onTimerError);
}
