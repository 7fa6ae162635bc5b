using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tessera.Protocol.V1;

namespace XunitInProcess;

/// <summary>
/// The example's tessera.v1 server, written as a third party would: the
/// generated service base from the Tessera.Protocol package and its own code.
/// It implements GetServerInfo only, which is all the cases the tests select
/// (info/server-info, clock/service) call; every other method answers
/// UNIMPLEMENTED from the base class, and it serves no TestClockService, so it
/// reports test_clock_enabled false.
/// </summary>
public sealed class ExampleSessionService(ExampleServerOptions options, TimeProvider time) : SessionService.SessionServiceBase
{
    public override Task<GetServerInfoResponse> GetServerInfo(GetServerInfoRequest request, ServerCallContext context)
    {
        var info = new GetServerInfoResponse
        {
            SingleSessionPolicy = SingleSessionPolicy.Replace,
            ClockSkewLeeway = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
            ExpiryGrace = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
            ExpiringNotice = Duration.FromTimeSpan(TimeSpan.FromMinutes(2)),
            DisconnectGrace = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
            MaxTokenLifetime = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
            TerminatedRetention = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
            AcceptedAlgorithms = { "HS256" },
            TestClockEnabled = false,
            ServerTime = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            MaxTokenBytes = 8192,
            EventReplayCapacity = 64,
            Issuers = { options.Issuer },
            Audience = "example",
        };
        if (!options.OmitProtocolVersion)
        {
            info.ProtocolVersions.Add("tessera.v1");
        }

        return Task.FromResult(info);
    }
}
