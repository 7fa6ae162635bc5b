using Tessera.Conformance.Target;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>GetServerInfo, without any credential, and the sanity of what it reports (INF-1 to INF-3).</summary>
internal sealed record ServerInfoCommand : Command
{
    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        step.Command = "get server info (no credential)";
        var answer = await context.Connection.GetServerInfoAsync(context.Cancellation).ConfigureAwait(false);
        context.Judge(step, Expectation.Ok(Req.INF_1), answer);
        if (answer.Response is not { } info)
        {
            return;
        }

        var findings = step.Findings;
        if (!info.ProtocolVersions.Contains("tessera.v1"))
        {
            findings.Add(new Finding([Req.INF_2], $"protocol_versions is {Format.List(info.ProtocolVersions)}; it must contain tessera.v1"));
        }

        (string Name, Google.Protobuf.WellKnownTypes.Duration? Value)[] durations =
        [
            ("clock_skew_leeway", info.ClockSkewLeeway), ("expiry_grace", info.ExpiryGrace), ("expiring_notice", info.ExpiringNotice),
            ("disconnect_grace", info.DisconnectGrace), ("max_token_lifetime", info.MaxTokenLifetime),
            ("terminated_retention", info.TerminatedRetention), ("guest_session_lifetime", info.GuestSessionLifetime),
        ];
        foreach (var (name, value) in durations)
        {
            if (value is not null && !WireValues.IsValid(value))
            {
                findings.Add(new Finding([Req.INF_3], $"{name} is not a valid google.protobuf.Duration (seconds {value.Seconds}, nanos {value.Nanos})"));
            }
            else if (value.AsSpan() is { } span && span < TimeSpan.Zero)
            {
                findings.Add(new Finding([Req.INF_3], $"{name} is negative ({Format.Duration(span)})"));
            }
        }

        var leeway = info.ClockSkewLeeway.AsSpan() ?? TimeSpan.Zero;
        if (leeway > TimeSpan.FromSeconds(60))
        {
            findings.Add(new Finding([Req.INF_3, Req.TOK_12], $"clock_skew_leeway is {Format.Duration(leeway)}; at most 60s is allowed"));
        }

        if (info.MaxTokenLifetime is null || (info.MaxTokenLifetime.AsSpan() is { } lifetime && lifetime <= TimeSpan.Zero))
        {
            findings.Add(new Finding([Req.INF_1, Req.TOK_11], "max_token_lifetime is not reported (zero): no token could be valid"));
        }

        if (info.MaxTokenBytes <= 0 || info.MaxTokenBytes > 8192)
        {
            findings.Add(new Finding([Req.INF_3, Req.TOK_2], $"max_token_bytes is {info.MaxTokenBytes}; it must be 1 to 8192"));
        }

        if (info.EventReplayCapacity < 8)
        {
            findings.Add(new Finding([Req.EVT_4, Req.INF_1], $"event_replay_capacity is {info.EventReplayCapacity}; at least 8 is required"));
        }

        if (info.SingleSessionPolicy == SingleSessionPolicy.Unspecified)
        {
            findings.Add(new Finding([Req.ONE_3, Req.INF_1], "single_session_policy is UNSPECIFIED; it must be REPLACE or REJECT"));
        }

        if (info.AcceptedAlgorithms.Count == 0 || info.AcceptedAlgorithms.Any(a => string.Equals(a, "none", StringComparison.OrdinalIgnoreCase)))
        {
            findings.Add(new Finding([Req.TOK_3, Req.INF_1], $"accepted_algorithms is {Format.List(info.AcceptedAlgorithms)}"));
        }

        if (info.Issuers.Count == 0)
        {
            findings.Add(new Finding([Req.TOK_6, Req.INF_1], "issuers is empty: no token could be valid"));
        }

        if (info.TestClockEnabled != context.Profile.TestClockEnabled)
        {
            findings.Add(new Finding([Req.INF_1], $"test_clock_enabled changed between two calls ({context.Profile.TestClockEnabled} then {info.TestClockEnabled})"));
        }

        var serverTime = info.ServerTime.AsTime();
        var tolerance = context.Tolerance;
        if (serverTime is not { } t || t < context.Now - tolerance || t > context.Now + tolerance)
        {
            findings.Add(new Finding([Req.INF_3], $"server_time is {Format.Time(serverTime)}, expected {Format.Time(context.Now)}{(tolerance > TimeSpan.Zero ? " +/- " + Format.Duration(tolerance) : " (the test clock)")}"));
        }

        step.Actual[^1] += $" versions={Format.List(info.ProtocolVersions)} policy={info.SingleSessionPolicy} leeway={Format.Duration(leeway)}";
    }

    public override string ToString() => "server-info";
}
