using Tessera.Conformance.Target;
using Tessera.Conformance.Model;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Execution;

/// <summary>
/// Compares the events a watch stream delivered with the events the model
/// says it must deliver: same seq, kind, payload and time, nothing missing,
/// nothing extra (EVT-1 to EVT-4 and the rule that caused each event).
/// </summary>
internal static class EventJudge
{
    /// <summary>
    /// Judges the received prefix. <paramref name="replayed"/> is the number
    /// of events that existed when the watch opened (a wrong seq among them
    /// breaks EVT-4, after them EVT-1).
    /// </summary>
    /// <returns>False when a finding was recorded.</returns>
    public static bool Compare(ModelWatcher watcher, IReadOnlyList<SessionEvent> received, int replayed, TimeSpan tolerance, TimeSpan timerLateness, List<Finding> findings)
    {
        var expected = watcher.ExpectedEvents().ToList();
        var used = new bool[expected.Count];
        for (var i = 0; i < received.Count; i++)
        {
            var r = received[i];
            if (i >= expected.Count)
            {
                findings.Add(new Finding(ExtraIds(expected, received, i, watcher.ResumeAfter), $"{watcher.Name}: unexpected event {Describe(r)} after {(expected.Count == 0 ? "nothing" : expected[^1].Describe())}"));
                return false;
            }

            var e = expected[i];
            if (r.Seq != e.Seq)
            {
                var ids = i < replayed ? new[] { Req.EVT_4, Req.EVT_1 } : [Req.EVT_1];
                findings.Add(new Finding(ids, $"{watcher.Name}: event {i + 1} of the stream has seq {r.Seq}, expected {e.Seq} ({(i > 0 && r.Seq <= received[i - 1].Seq ? "repeated" : "gap or reorder")})"));
                return false;
            }

            // Events one call caused together may come in either order (same seq slots).
            string? mismatch = null;
            var matchedIndex = -1;
            for (var j = 0; j < expected.Count; j++)
            {
                var candidate = expected[j];
                var sameSlot = j == i || (e.Group != 0 && candidate.Group == e.Group);
                if (!sameSlot || used[j])
                {
                    continue;
                }

                var problem = Mismatch(candidate, r, tolerance, timerLateness);
                if (problem is null)
                {
                    matchedIndex = j;
                    break;
                }

                if (j == i)
                {
                    mismatch = problem;
                }
            }

            if (matchedIndex < 0)
            {
                // The event in its place is another one: the rule that pushes the
                // expected event is broken; EVT-2 only for an event no rule names.
                // Not the rule of the kind received as well: that event is most
                // often what follows from the missing one (a session that never
                // expired is later ended or disconnected), and naming its rule
                // blamed END-1 or EVT-6 for a missing expiry (bench/catch-rate.sh).
                findings.Add(new Finding(e.Ids.Count > 0 ? e.Ids : [Req.EVT_2], $"{watcher.Name}: got {Describe(r)}, expected {e.Describe()}: {mismatch ?? "different event"}"));
                return false;
            }

            used[matchedIndex] = true;
        }

        return true;
    }

    /// <summary>The finding for events that did not arrive in time.</summary>
    /// <param name="watcher">The stream that lacks them.</param>
    /// <param name="first">The first missing event.</param>
    /// <param name="missing">How many are missing.</param>
    /// <param name="waited">How long the suite waited.</param>
    /// <param name="deliveredElsewhere">
    /// True when another watcher of the session got that event: then it exists
    /// and this stream was left out (EVT-2). Otherwise nothing shows it was ever
    /// pushed, and the rule that pushes it is the one to name.
    /// </param>
    public static Finding Missing(ModelWatcher watcher, ModelEvent first, int missing, TimeSpan waited, bool deliveredElsewhere) =>
        new(deliveredElsewhere ? [Req.EVT_2, .. first.Ids] : first.Ids.Count > 0 ? first.Ids : [Req.EVT_2],
            $"{watcher.Name}: {first.Describe()}{(missing > 1 ? $" and {missing - 1} more" : "")} did not arrive within {Format.Duration(waited)}{(deliveredElsewhere ? " (another watcher got it)" : "")}");

    public static string Describe(SessionEvent e) => e.KindCase switch
    {
        SessionEvent.KindOneofCase.TokenExpiring => $"#{e.Seq} token_expiring(expires_at={Format.Time(e.TokenExpiring.ExpiresAt.AsTime())})",
        SessionEvent.KindOneofCase.TokenExpired => $"#{e.Seq} token_expired(terminates_at={Format.Time(e.TokenExpired.TerminatesAt.AsTime())})",
        SessionEvent.KindOneofCase.TokenUpdated => $"#{e.Seq} token_updated(expires_at={Format.Time(e.TokenUpdated.ExpiresAt.AsTime())})",
        SessionEvent.KindOneofCase.Terminated => $"#{e.Seq} terminated({Format.EndReason(e.Terminated.Reason)})",
        _ => $"#{e.Seq} (no kind)",
    };

    private static string? Mismatch(ModelEvent e, SessionEvent r, TimeSpan tolerance, TimeSpan timerLateness)
    {
        var kindOk = (e.Kind, r.KindCase) switch
        {
            (ModelEventKind.TokenExpiring, SessionEvent.KindOneofCase.TokenExpiring) => true,
            (ModelEventKind.TokenExpired, SessionEvent.KindOneofCase.TokenExpired) => true,
            (ModelEventKind.TokenUpdated, SessionEvent.KindOneofCase.TokenUpdated) => true,
            (ModelEventKind.Terminated, SessionEvent.KindOneofCase.Terminated) => true,
            _ => false,
        };
        if (!kindOk)
        {
            return "different kind";
        }

        var at = r.KindCase switch
        {
            SessionEvent.KindOneofCase.TokenExpiring => r.TokenExpiring.ExpiresAt.AsTime(),
            SessionEvent.KindOneofCase.TokenExpired => r.TokenExpired.TerminatesAt.AsTime(),
            SessionEvent.KindOneofCase.TokenUpdated => r.TokenUpdated.ExpiresAt.AsTime(),
            _ => null,
        };
        if (e.Kind != ModelEventKind.Terminated && at != e.At)
        {
            return $"{(e.Kind == ModelEventKind.TokenExpired ? "terminates_at" : "expires_at")} should be {Format.Time(e.At)}";
        }

        if (e.Kind == ModelEventKind.Terminated && r.Terminated.Reason != e.EndReason)
        {
            return $"reason should be {Format.EndReason(e.EndReason)}";
        }

        // A late timer is EXP-6's business (a SHOULD), judged separately.
        var time = r.Time.AsTime();
        var latest = e.LatestTime + tolerance + (e.FromTimer ? timerLateness : TimeSpan.Zero);
        if (time is not { } t || t < e.EarliestTime - tolerance || t > latest)
        {
            return e.EarliestTime == e.LatestTime && tolerance == TimeSpan.Zero
                ? $"time should be {Format.Time(e.EarliestTime)} (EVT-1), got {Format.Time(time)}"
                : $"time should be within [{Format.Time(e.EarliestTime - tolerance)}, {Format.Time(latest)}] (EVT-1), got {Format.Time(time)}";
        }

        return null;
    }

    private static string[] ExtraIds(List<ModelEvent> expected, IReadOnlyList<SessionEvent> received, int index, ulong watcherResumeAfter)
    {
        var r = received[index];
        if (expected.Count > 0 && expected[^1].Kind == ModelEventKind.Terminated)
        {
            return [Req.EVT_3];
        }

        if (r.Seq <= watcherResumeAfter)
        {
            return [Req.EVT_4, Req.EVT_1];
        }

        for (var k = 0; k < index; k++)
        {
            if (received[k].Seq == r.Seq)
            {
                return [Req.EVT_1];
            }
        }

        return KindIds(r);
    }

    /// <summary>The rule that makes a server push an event of this kind: what an unpredicted one breaks.</summary>
    private static string[] KindIds(SessionEvent r)
    {
        return r.KindCase switch
        {
            SessionEvent.KindOneofCase.TokenExpiring => [Req.EXP_5],
            SessionEvent.KindOneofCase.TokenExpired => [Req.EXP_1, Req.EXP_2],
            SessionEvent.KindOneofCase.TokenUpdated => [Req.UPD_5, Req.ERR_6],
            SessionEvent.KindOneofCase.Terminated => r.Terminated.Reason switch
            {
                SessionEndReason.TokenExpired => [Req.EXP_4],
                SessionEndReason.Disconnected => [Req.EVT_6],
                SessionEndReason.SessionReplaced => [Req.ONE_3],
                SessionEndReason.Ended => [Req.END_1, Req.END_2],
                SessionEndReason.RolesMismatch => [Req.UPD_3, Req.ERR_6],
                SessionEndReason.IdentityMismatch => [Req.UPD_2, Req.ERR_6],
                _ => [Req.EVT_2],
            },
            _ => [Req.EVT_2],
        };
    }
}
