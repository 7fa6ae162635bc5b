using System.Diagnostics;
using Tessera.Conformance.Cases;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Target;
using Grpc.Core;
using Tessera.Tokens;

namespace Tessera.Conformance.Running;

/// <summary>
/// Runs the selected cases against one target: connects, reads its profile,
/// picks the clock, runs every case (one sequence at a time on the test
/// clock, many at once on the real clock), applies the known-failing list.
/// </summary>
internal static class ConformanceRunner
{
    public static async Task<ConformanceReport> RunAsync(ConformanceOptions options, IProgress<CaseResult>? progress, TimeProvider time, CancellationToken cancellation)
    {
        var started = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var state = await ConnectAsync(options, time, cancellation).ConfigureAwait(false);
        var seed = options.Seed ?? (ulong)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue) << 20 ^ (ulong)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);
        using var connections = new ConnectionPool(options.Target, time, options.Trace);
        using var slots = new SemaphoreSlim(state.Settings.ExactClock ? 1 : Math.Max(1, options.Parallel));
        var run = new CaseRun(state, options, connections, slots, seed, cancellation);
        var results = new List<CaseResult>();

        if (options.Replay is { } replay)
        {
            results.Add(await ReplayAsync(run, replay).ConfigureAwait(false));
            progress?.Report(results[0]);
        }
        else
        {
            var selected = Select(options, state, results, progress);
            if (state.Settings.ExactClock)
            {
                foreach (var c in selected)
                {
                    var result = await RunCaseAsync(c, run).ConfigureAwait(false);
                    results.Add(result);
                    progress?.Report(result);
                }
            }
            else
            {
                // The shutdown case stops the target, so it runs alone, last.
                var last = selected.Where(c => c.Info.NeedsShutdown || c.Info.NeedsNodeStop).ToList();
                var tasks = selected.Except(last).Select(async c =>
                {
                    var result = await RunCaseAsync(c, run).ConfigureAwait(false);
                    progress?.Report(result);
                    return result;
                }).ToList();
                results.AddRange(await Task.WhenAll(tasks).ConfigureAwait(false));
                foreach (var c in last)
                {
                    var result = await RunCaseAsync(c, run).ConfigureAwait(false);
                    results.Add(result);
                    progress?.Report(result);
                }
            }
        }

        ApplyKnownFailing(options, results);
        if (!state.Settings.ExactClock)
        {
            ApplyKnownFlaky(options, results);
        }
        var order = CaseCatalog.All.Select(c => c.Info.Name).ToList();
        results.Sort((a, b) => order.IndexOf(a.Case.Name).CompareTo(order.IndexOf(b.Case.Name)));
        return new ConformanceReport
        {
            Target = string.Join(", ", options.Target.Nodes),
            Nodes = [.. options.Target.Nodes.Select(n => n.ToString())],
            Seed = seed,
            TestClock = state.Settings.ExactClock,
            Profile = state.Profile,
            Results = results,
            StartedAt = started,
            Duration = stopwatch.Elapsed,
            CommandLine = options.CommandLine,
        };
    }

    /// <summary>The cases to run, in order; skipped ones go straight into <paramref name="results"/>.</summary>
    private static List<ConformanceCase> Select(ConformanceOptions options, RunState state, List<CaseResult> results, IProgress<CaseResult>? progress)
    {
        var run = options.Run.Select(p => new CasePattern(p)).ToList();
        var skip = options.Skip.Select(p => new CasePattern(p)).ToList();
        var selected = new List<ConformanceCase>();
        foreach (var c in CaseCatalog.All)
        {
            if ((run.Count > 0 && !CasePattern.Any(run, c.Info)) || CasePattern.Any(skip, c.Info))
            {
                continue;
            }

            var reason = c.Info switch
            {
                { NeedsTestClock: true } when !state.Settings.ExactClock => "needs the test clock (the target does not serve TestClockService, or --clock real)",
                { NeedsRealClock: true } when state.Settings.ExactClock => "measures real timers; run with --clock real",
                { NeedsShutdown: true } when state.Target.Shutdown is null => "needs to stop the target: let the suite start it with --server-command \"CMD {port}\" (conformance/docs/launcher.md), or give TargetOptions.Shutdown",
                { NeedsNodeStop: true } when state.Target.Nodes.Count < 2 || state.Target.StopNode is null => "needs a cluster target whose nodes the suite can stop (an in-process cluster)",
                _ => null,
            };
            if (reason is not null)
            {
                var skipped = new CaseResult { Case = c.Info, Verdict = CaseVerdict.Skipped, SkipReason = reason };
                results.Add(skipped);
                progress?.Report(skipped);
                continue;
            }

            selected.Add(c);
        }

        // Stopping a node, then the target, must come after everything else.
        return [.. selected.Where(c => !c.Info.NeedsShutdown && !c.Info.NeedsNodeStop), .. selected.Where(c => c.Info.NeedsNodeStop), .. selected.Where(c => c.Info.NeedsShutdown)];
    }

    private static async Task<CaseResult> RunCaseAsync(ConformanceCase c, CaseRun run)
    {
        var watch = Stopwatch.StartNew();
        var result = await c.RunAsync(run).ConfigureAwait(false);
        result.Duration = watch.Elapsed;
        return result;
    }

    private static async Task<CaseResult> ReplayAsync(CaseRun run, string replay)
    {
        var parts = replay.Split(':');
        if (parts.Length != 3 || !ulong.TryParse(parts[1], out var seed) || !int.TryParse(parts[2], out var size) || size < 1)
        {
            throw new ArgumentException($"--replay expects case:seed:size as a failure report prints it, got \"{replay}\".");
        }

        var c = CaseCatalog.Find(parts[0]) ?? throw new ArgumentException($"--replay names no case \"{parts[0]}\"; see the list command.");
        return await c.ReplayAsync(run, seed, size).ConfigureAwait(false);
    }

    private static void ApplyKnownFailing(ConformanceOptions options, List<CaseResult> results)
    {
        var known = options.KnownFailing.Select(p => new CasePattern(p)).ToList();
        if (known.Count == 0)
        {
            return;
        }

        foreach (var result in results)
        {
            if (!known.Any(k => k.MatchesName(result.Case.Name)))
            {
                continue;
            }

            result.Verdict = result.Verdict switch
            {
                CaseVerdict.Failed => CaseVerdict.KnownFailure,
                CaseVerdict.Passed or CaseVerdict.Warning => CaseVerdict.UnexpectedPass,
                _ => result.Verdict,
            };
        }
    }

    /// <summary>A real-clock failure of a case on the known-flaky list is reported as flaky, not failed.</summary>
    private static void ApplyKnownFlaky(ConformanceOptions options, List<CaseResult> results)
    {
        var flaky = options.KnownFlaky.Select(p => new CasePattern(p)).ToList();
        foreach (var result in results.Where(r => r.Verdict == CaseVerdict.Failed && flaky.Exists(f => f.MatchesName(r.Case.Name))))
        {
            result.Verdict = CaseVerdict.Flaky;
        }
    }

    /// <summary>Reads the target's profile and sets the run up; any problem is a <see cref="TargetUnusableException"/> (exit code 2).</summary>
    internal static async Task<RunState> ConnectAsync(ConformanceOptions options, TimeProvider time, CancellationToken cancellation)
    {
        var target = options.Target;
        using var connection = new TargetConnection(target, time, trace: false);
        Answer<Protocol.V1.GetServerInfoResponse>? best = null;
        var offset = TimeSpan.Zero;
        var bestRoundTrip = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = time.GetUtcNow();
            var answer = await connection.GetServerInfoAsync(cancellation).ConfigureAwait(false);
            var after = time.GetUtcNow();
            if (!answer.IsOk)
            {
                throw new TargetUnusableException(Unreachable(target.Address, answer));
            }

            if (after - before < bestRoundTrip && answer.Response?.ServerTime.AsTime() is { } serverTime)
            {
                bestRoundTrip = after - before;
                offset = serverTime - (before + (after - before) / 2);
                best = answer;
            }
        }

        if (best?.Response is not { } info)
        {
            throw new TargetUnusableException($"{target.Address} answered GetServerInfo without a valid server_time; cannot tell its clock");
        }

        // A cluster's profile is its first node's; every other node must answer
        // too, or each step sent to it would blame the deployment for a typo.
        foreach (var node in target.MoreNodes)
        {
            using var other = new TargetConnection(target with { Address = node }, time, trace: false);
            var answer = await other.GetServerInfoAsync(cancellation).ConfigureAwait(false);
            if (!answer.IsOk)
            {
                throw new TargetUnusableException(Unreachable(node, answer));
            }
        }

        var profile = TargetProfile.FromServerInfo(info).With(options.Overrides);
        var exact = options.Clock switch
        {
            ClockMode.Test when !profile.TestClockEnabled => throw new TargetUnusableException($"--clock test, but {target.Address} does not serve tessera.testing.v1.TestClockService (test_clock_enabled is false)"),
            ClockMode.Test => true,
            ClockMode.Real => false,
            _ => profile.TestClockEnabled,
        };
        var issuer = target.Issuer ?? profile.Issuers.FirstOrDefault()
            ?? throw new TargetUnusableException($"{target.Address} reports no issuers; pass --issuer");
        var audience = target.Audience ?? (profile.Audience.Length > 0 ? profile.Audience : null);
        var key = Key(target);
        await PreflightAsync(connection, target, profile, key, issuer, audience, time.GetUtcNow() + offset, cancellation).ConfigureAwait(false);
        var settings = new RunSettings
        {
            ExactClock = exact,
            Tolerance = exact ? TimeSpan.Zero : options.Tolerance,
            EventTimeout = options.EventTimeout ?? (exact ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(2)),
            Unit = Unit(profile, exact),
            Trace = options.Trace,
        };
        return new RunState
        {
            Target = target,
            Profile = profile,
            Key = key,
            Issuer = issuer,
            Audience = audience,
            Time = time,
            ClockOffset = offset,
            Settings = profile.MaxTokenBytes < RunSettings.CompactBelowTokenBytes ? settings.Compact() : settings,
        };
    }

    /// <summary>
    /// Before judging anything: one session started with a plainly valid token. A
    /// target that refuses it TOKEN_INVALID does not trust the key the suite was
    /// given, and every verdict after would blame the target for the caller's
    /// setting, so the run stops with a diagnosis instead (exit 2). Any other
    /// answer is left to the cases to judge.
    /// </summary>
    private static async Task PreflightAsync(
        TargetConnection connection, TargetOptions target, TargetProfile profile, MintingKey key, string issuer, string? audience, DateTimeOffset now, CancellationToken cancellation)
    {
        var lifetime = profile.MaxTokenLifetime > TimeSpan.Zero && profile.MaxTokenLifetime < TimeSpan.FromMinutes(5) ? profile.MaxTokenLifetime : TimeSpan.FromMinutes(5);
        // One letter of subject: the preflight should fit what the target's declared limit lets through.
        var spec = TokenSpec.ForUser(issuer, "p", now, lifetime);
        if (audience is not null)
        {
            spec = spec.WithAudience(audience);
        }

        var token = TokenMinter.Mint(spec, key);
        if (System.Text.Encoding.UTF8.GetByteCount(token) > profile.MaxTokenBytes)
        {
            // The target declared a limit this token breaks (TOK-2), so a refusal
            // would say nothing about the key; the cases judge the limit itself.
            return;
        }

        var request = new Protocol.V1.StartSessionRequest
        {
            ClientInstanceId = "preflight-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)),
            ProtocolVersion = "tessera.v1",
            SchemaHash = profile.SchemaHash,
            Token = token,
        };
        var answer = await connection.StartSessionAsync(request, cancellation).ConfigureAwait(false);
        if (answer.Response?.Session is { } session)
        {
            await connection.EndSessionAsync(session.SessionId, cancellation).ConfigureAwait(false);
            return;
        }

        if (answer.Error.Reason == Protocol.V1.ErrorReasons.TokenInvalid)
        {
            var secret = target switch
            {
                { Hs256Secret: { } text } => $"an HS256 secret given as UTF-8 text ({System.Text.Encoding.UTF8.GetByteCount(text)} bytes); if the target's secret is base64-encoded (as in the reference server's appsettings.Development.json), pass it with --hs256-secret-base64",
                { Hs256SecretBase64: not null } => "an HS256 secret given as base64; if the target reads its secret as text, pass it with --hs256-secret",
                _ => $"a {target.Algorithm} key from --signing-key",
            };
            throw new TargetUnusableException(
                $"{target.Address} refused a plainly valid token with TOKEN_INVALID (\"{answer.Detail}\"), so it does not trust the key the suite signs with: "
                + $"issuer {issuer}, kid {(target.KeyId is { } kid ? kid : "(none)")}, algorithm {(target.SigningKeyPem is null ? "HS256" : target.Algorithm)}, {secret}. Nothing was judged.");
        }
    }

    private static MintingKey Key(TargetOptions target)
    {
        if (target.Hs256Secret is { } secret)
        {
            return MintingKey.Hmac(target.KeyId, secret);
        }

        if (target.Hs256SecretBase64 is { } base64)
        {
            try
            {
                return MintingKey.Hmac(target.KeyId, Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                throw new TargetUnusableException("the HS256 secret is not valid base64");
            }
        }

        if (target.SigningKeyPem is { } pem)
        {
            try
            {
                return MintingKey.FromPem(pem, target.Algorithm, target.KeyId);
            }
            catch (Exception e) when (e is ArgumentException or PlatformNotSupportedException)
            {
                throw new TargetUnusableException($"cannot use the signing key: {e.Message}");
            }
        }

        throw new TargetUnusableException("no key to mint tokens with: pass --hs256-secret <secret> or --signing-key <pem> --alg ES256|RS256|PS256|EdDSA");
    }

    /// <summary>The time scale of generated lifetimes: a quarter of the longest rule duration, on the 1/128 s grid.</summary>
    private static TimeSpan Unit(TargetProfile profile, bool exact)
    {
        var longest = new[] { profile.ExpiringNotice, profile.ExpiryGrace, profile.DisconnectGrace, profile.Leeway }.Max();
        if (exact)
        {
            var unit = longest > TimeSpan.Zero ? longest / 4 : TimeSpan.FromSeconds(15);
            unit = TimeSpan.FromTicks(Math.Clamp(unit.Ticks, TimeSpan.TicksPerSecond / 4, TimeSpan.TicksPerMinute));
            // Three extra grid steps keep multiples of the unit off the round
            // durations servers configure, so two timers rarely tie (a tie is
            // unpredictable and discards the sequence).
            const long Grid = TimeSpan.TicksPerSecond / 128;
            return TimeSpan.FromTicks((Math.Max(Grid, unit.Ticks / Grid * Grid)) + (3 * Grid));
        }

        var real = longest > TimeSpan.Zero ? longest / 4 : TimeSpan.FromSeconds(1);
        return TimeSpan.FromTicks(Math.Clamp(real.Ticks, TimeSpan.TicksPerSecond / 2, TimeSpan.TicksPerSecond * 3));
    }

    /// <summary>One line that says why the target cannot be judged.</summary>
    private static string Unreachable<T>(Uri address, Answer<T> answer)
        where T : class, Google.Protobuf.IMessage<T>
    {
        var detail = answer.Detail.Length > 0 ? ": " + answer.Detail : "";
        return answer.Code switch
        {
            StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled =>
                $"cannot reach {address} ({AnswerText.CodeName(answer.Code)}{detail})",
            StatusCode.Unimplemented =>
                $"{address} does not serve tessera.v1.SessionService: GetServerInfo answered UNIMPLEMENTED",
            _ => $"{address} did not answer GetServerInfo as a Tessera server would ({AnswerText.CodeName(answer.Code)}{detail})",
        };
    }
}
