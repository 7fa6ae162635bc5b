using Tessera.Conformance.Target;
using Tessera.Conformance.Model;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Execution;

/// <summary>Compares a Session message with what the model knows about it (SES-1, SES-5, SES-7, UPD-5).</summary>
internal static class SessionJudge
{
    /// <summary>
    /// Checks every field of <paramref name="actual"/>. <paramref name="ids"/>
    /// name the rule that sets the claims (SES-1 for a start, UPD-5 after an
    /// update, SES-6 for a read).
    /// </summary>
    public static void Check(
        Session? actual,
        string? sessionId,
        string instanceId,
        SessionIdentity identity,
        IReadOnlyList<string> roles,
        DateTimeOffset expiresAt,
        ModelSessionState state,
        DateTimeOffset now,
        TimeSpan tolerance,
        IReadOnlyList<string> ids,
        List<Finding> findings,
        TimeSpan expiryTolerance = default)
    {
        if (actual is null)
        {
            findings.Add(new Finding(ids, "OK without a session in the response"));
            return;
        }

        var identityIds = identity.Guest ? Prepend(Req.SES_5, ids) : ids;
        if (sessionId is not null && actual.SessionId != sessionId)
        {
            findings.Add(new Finding(ids, $"session_id is \"{actual.SessionId}\", expected \"{sessionId}\""));
        }

        if (actual.ClientInstanceId != instanceId)
        {
            findings.Add(new Finding(ids, $"client_instance_id is \"{actual.ClientInstanceId}\", expected \"{instanceId}\""));
        }

        if (actual.UserId != identity.UserId)
        {
            findings.Add(new Finding(identityIds, $"user_id is \"{actual.UserId}\", expected \"{identity.UserId}\""));
        }

        if (actual.Issuer != identity.Issuer)
        {
            findings.Add(new Finding(identityIds, $"issuer is \"{actual.Issuer}\", expected \"{identity.Issuer}\""));
        }

        if (actual.Guest != identity.Guest)
        {
            findings.Add(new Finding([Req.SES_5, .. ids], $"guest is {actual.Guest}, expected {identity.Guest}"));
        }

        var wantState = state switch
        {
            ModelSessionState.Active => SessionState.Active,
            ModelSessionState.Expired => SessionState.Expired,
            _ => SessionState.Terminated,
        };
        if (actual.State != wantState)
        {
            findings.Add(new Finding(ids, $"state is {Format.State(actual.State)}, expected {Format.State(wantState)}"));
        }

        var actualRoles = actual.Roles.ToList();
        if (!actualRoles.SequenceEqual(roles, StringComparer.Ordinal))
        {
            var sameSet = new HashSet<string>(actualRoles, StringComparer.Ordinal).SetEquals(roles);
            findings.Add(sameSet
                ? new Finding([Req.SES_7], $"roles are {Format.List(actualRoles)}, expected {Format.List(roles)} (sorted by UTF-8 bytes, each once)")
                : new Finding(Prepend(Req.TOK_9, ids), $"roles are {Format.List(actualRoles)}, expected the set {Format.List(roles)}"));
        }

        // A guest's expires_at is the server's now + guest_session_lifetime:
        // exact with the test clock, within the tolerance with the real one.
        var actualExpiry = actual.ExpiresAt.AsTime();
        if (actualExpiry is not { } expiry || expiry < expiresAt - expiryTolerance || expiry > expiresAt + expiryTolerance)
        {
            findings.Add(new Finding(identity.Guest ? Prepend(Req.SES_5, ids) : ids, $"expires_at is {Format.Time(actualExpiry)}, expected {Format.Time(expiresAt)}"));
        }

        var serverTime = actual.ServerTime.AsTime();
        if (serverTime is not { } t || t < now - tolerance || t > now + tolerance)
        {
            findings.Add(new Finding([Req.SES_7], tolerance == TimeSpan.Zero
                ? $"server_time is {Format.Time(serverTime)}, expected the server's clock {Format.Time(now)}"
                : $"server_time is {Format.Time(serverTime)}, expected {Format.Time(now)} +/- {Format.Duration(tolerance)}"));
        }
    }

    private static string[] Prepend(string id, IReadOnlyList<string> ids) => ids.Contains(id) ? [.. ids] : [id, .. ids];
}
