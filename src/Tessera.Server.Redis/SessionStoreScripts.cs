using System.Globalization;
using System.Reflection;
using Tessera.Protocol.V1;

namespace Tessera.Server.Redis;

/// <summary>
/// The Lua source of each store operation: the shared prelude (Scripts/prelude.lua)
/// followed by the operation's body, with the enum numbers filled in, so no wire
/// name is spelled in the scripts.
/// </summary>
internal static class SessionStoreScripts
{
    public static readonly string Start = Build("start.lua");
    public static readonly string Update = Build("update.lua");
    public static readonly string End = Build("end.lua");
    public static readonly string Timer = Build("timer.lua");
    public static readonly string WatchOpen = Build("watch_open.lua");
    public static readonly string WatchClose = Build("watch_close.lua");
    public static readonly string ReapWatchers = Build("reap_watchers.lua");

    /// <summary>Standalone: it needs none of the prelude's rule steps.</summary>
    public static readonly string ClaimTimers = Read("claim_timers.lua");

    /// <summary>The shared test clock's read and advance step: standalone too.</summary>
    public static readonly string ClockRead = Read("clock_read.lua");

    /// <inheritdoc cref="ClockRead" />
    public static readonly string ClockStep = Read("clock_step.lua");

    private static string Build(string body) =>
        (Read("prelude.lua") + "\n" + Read(body))
            .Replace("@ACTIVE@", Number(SessionState.Active), StringComparison.Ordinal)
            .Replace("@EXPIRED@", Number(SessionState.Expired), StringComparison.Ordinal)
            .Replace("@TERMINATED@", Number(SessionState.Terminated), StringComparison.Ordinal)
            .Replace("@REPLACED@", Number(SessionEndReason.SessionReplaced), StringComparison.Ordinal)
            .Replace("@IDENTITY@", Number(SessionEndReason.IdentityMismatch), StringComparison.Ordinal)
            .Replace("@ROLES@", Number(SessionEndReason.RolesMismatch), StringComparison.Ordinal)
            .Replace("@ENDED@", Number(SessionEndReason.Ended), StringComparison.Ordinal)
            .Replace("@EXPIRED_REASON@", Number(SessionEndReason.TokenExpired), StringComparison.Ordinal)
            .Replace("@DISCONNECTED@", Number(SessionEndReason.Disconnected), StringComparison.Ordinal);

    private static string Number<T>(T value)
        where T : struct, Enum => Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded script {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
