using FsCheck;

namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>Runs FsCheck properties inside plain xunit facts (FsCheck.Xunit is not available here).</summary>
public static class Properties
{
    /// <summary>Checks <paramref name="property"/> on <paramref name="maxTest"/> cases; throws with the shrunk counterexample on failure.</summary>
    public static void Check(Property property, int maxTest = 100) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest), property);

    /// <summary>
    /// Checks a property whose body talks to a live server. It runs on the
    /// thread pool, away from xunit's two-thread synchronization context, so
    /// bodies may block on async calls without starving it.
    /// </summary>
    public static Task CheckLiveAsync(Func<Property> property, int maxTest = 25) =>
        Task.Run(() => Check(property(), maxTest));
}
