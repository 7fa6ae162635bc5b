using System.Text.RegularExpressions;

namespace Tessera.Conformance.Reporting;

/// <summary>
/// Which lane of the sequence diagram a counterexample line belongs to. A
/// <see cref="StepRecord"/> holds text only, so the lane is read from the
/// shapes the executor writes: "advance 5s" and "OK now=..." are the clock's,
/// "w0 got ..." is watcher w0's, everything else is the server's answer.
/// </summary>
internal static partial class DiagramLanes
{
    /// <summary>The lane of the suite's own calls.</summary>
    public const string Client = "client";

    /// <summary>The lane of the target's answers to unary calls and stream opens.</summary>
    public const string Server = "server";

    /// <summary>The lane of the clock moves: AdvanceTime on the test clock, waits on the real one.</summary>
    public const string Clock = "clock";

    /// <summary>The lane a step's call goes to: the clock for a clock move, else the server.</summary>
    public static string TargetOf(string command) => ClockCommand().IsMatch(command) ? Clock : Server;

    /// <summary>The lane an expected or actual line is drawn in: a watcher's name (w0, w1...), the clock, or the server.</summary>
    public static string Of(string line)
    {
        if (ClockLine().IsMatch(line))
        {
            return Clock;
        }

        var watcher = WatcherLine().Match(line);
        return watcher.Success ? watcher.Groups[1].Value : Server;
    }

    /// <summary>True for a watcher lane's name.</summary>
    public static bool IsWatcher(string lane) => WatcherName().IsMatch(lane);

    [GeneratedRegex(@"^(advance |AdvanceTime|GetTime|wait )")]
    private static partial Regex ClockCommand();

    [GeneratedRegex(@"^(OK now=|now~|wait |AdvanceTime |GetTime )")]
    private static partial Regex ClockLine();

    [GeneratedRegex(@"^(w[0-9]+)\b")]
    private static partial Regex WatcherLine();

    [GeneratedRegex(@"^w[0-9]+$")]
    private static partial Regex WatcherName();
}
