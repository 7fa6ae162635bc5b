using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tests.Robustness;

/// <summary>
/// A tessera.v1 SessionService whose every answer is drawn at random: an OK
/// with arbitrary fields, a refusal of any code, a connection cut mid-call,
/// or (rarely) no answer at all. Watch streams send arbitrary events and then
/// end, fail, are cut or hang. GetServerInfo is usually plausible, so that most
/// runs get past the start into the cases.
/// </summary>
internal sealed class RandomSessionService(RandomAnswers random, SteadyClock clock) : SessionService.SessionServiceBase
{
    public override Task<GetServerInfoResponse> GetServerInfo(GetServerInfoRequest request, ServerCallContext context)
    {
        if (random.Chance(0.05))
        {
            throw random.Refusal();
        }

        var now = clock.Now;
        var plausible = random.Chance(0.8);
        var info = new GetServerInfoResponse
        {
            SingleSessionPolicy = plausible ? SingleSessionPolicy.Replace : random.Enum<SingleSessionPolicy>(),
            ClockSkewLeeway = plausible ? Duration(5) : random.Duration(),
            ExpiryGrace = plausible ? Duration(30) : random.Duration(),
            ExpiringNotice = plausible ? Duration(60) : random.Duration(),
            DisconnectGrace = plausible ? Duration(0) : random.Duration(),
            MaxTokenLifetime = plausible ? Duration(86_400) : random.Duration(),
            TerminatedRetention = plausible ? Duration(600) : random.Duration(),
            GuestSessionsEnabled = random.Chance(0.5),
            TestClockEnabled = random.Chance(0.95),
            ServerTime = random.Chance(0.97) ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now) : random.Time(now),
            SchemaHash = plausible ? "" : random.Text(),
            MaxTokenBytes = plausible ? 8192 : random.Pick([0, 1, 64, 256, 261, 1024, 8192, 8193, -5]),
            EventReplayCapacity = plausible ? 64 : random.Pick([0, 1, 8, 64, -1]),
            GuestSessionLifetime = plausible ? Duration(3600) : random.Duration(),
            GuestIssuer = random.Text("tessera:guest"),
            Audience = plausible ? "" : random.Text(),
        };
        info.ProtocolVersions.Add(plausible ? ["tessera.v1"] : random.Strings("tessera.v1"));
        info.AcceptedAlgorithms.Add(plausible ? ["HS256"] : random.Strings("HS256", "ES256"));
        info.Issuers.Add(plausible ? ["tessera-dev"] : random.Strings("tessera-dev", "tessera-dev-2"));
        return Task.FromResult(info);
    }

    public override async Task<StartSessionResponse> StartSession(StartSessionRequest request, ServerCallContext context)
    {
        await MisbehaveAsync(context).ConfigureAwait(false);
        return new StartSessionResponse { Session = random.Chance(0.9) ? random.Session(clock.Now, null, request.ClientInstanceId) : null };
    }

    public override async Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        await MisbehaveAsync(context).ConfigureAwait(false);
        return new GetSessionResponse { Session = random.Chance(0.9) ? random.Session(clock.Now, request.SessionId, null) : null };
    }

    public override async Task<UpdateSessionTokenResponse> UpdateSessionToken(UpdateSessionTokenRequest request, ServerCallContext context)
    {
        await MisbehaveAsync(context).ConfigureAwait(false);
        return new UpdateSessionTokenResponse { Session = random.Chance(0.9) ? random.Session(clock.Now, request.SessionId, null) : null };
    }

    public override async Task<EndSessionResponse> EndSession(EndSessionRequest request, ServerCallContext context)
    {
        await MisbehaveAsync(context).ConfigureAwait(false);
        return new EndSessionResponse();
    }

    public override async Task WatchSession(WatchSessionRequest request, IServerStreamWriter<WatchSessionResponse> responseStream, ServerCallContext context)
    {
        if (random.Chance(0.3))
        {
            await MisbehaveAsync(context).ConfigureAwait(false);
        }

        var count = random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            await responseStream.WriteAsync(new WatchSessionResponse { Event = random.Chance(0.95) ? random.Event(clock.Now) : null }).ConfigureAwait(false);
        }

        switch (random.Next(0, 4))
        {
            case 0:
                return;
            case 1:
                throw random.Refusal();
            case 2:
                context.GetHttpContext().Abort();
                return;
            default:
                // Open until the suite lets go: a watch with nothing more to say.
                await Task.Delay(Timeout.Infinite, context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>Half the time nothing; otherwise a refusal, a cut connection, or a hang up to the suite's call timeout.</summary>
    private async Task MisbehaveAsync(ServerCallContext context)
    {
        var roll = random.Next(0, 100);
        if (roll < 50)
        {
            return;
        }

        if (roll < 92)
        {
            throw random.Refusal();
        }

        if (roll < 99)
        {
            context.GetHttpContext().Abort();
            throw new RpcException(new Status(StatusCode.Cancelled, "cut"));
        }

        await Task.Delay(Timeout.Infinite, context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
    }

    private static Google.Protobuf.WellKnownTypes.Duration Duration(long seconds) => new() { Seconds = seconds };
}
