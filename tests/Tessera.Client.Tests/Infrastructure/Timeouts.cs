namespace Tessera.Client.Tests.Infrastructure;

/// <summary>
/// Upper bounds for waiting on something that must happen (an event, a call
/// reaching the server). They only turn a hang into a failure; no test waits
/// for them to pass.
/// </summary>
internal static class Timeouts
{
    public static readonly TimeSpan Event = TimeSpan.FromSeconds(10);
}
