using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tessera.Protocol.Testing.V1;

namespace Tessera.Conformance.Tests.Robustness;

/// <summary>
/// An honest test clock (CLK-1) for the random target: time moves only when
/// AdvanceTime says. The clock is the suite's harness, not the thing judged;
/// a clock that lies stops the run with exit 2 before anything is judged, so
/// an honest one lets the random answers reach every case.
/// </summary>
internal sealed class SteadyClock : TestClockService.TestClockServiceBase
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Now
    {
        get
        {
            lock (_lock)
            {
                return _now;
            }
        }
    }

    public override Task<GetTimeResponse> GetTime(GetTimeRequest request, ServerCallContext context) =>
        Task.FromResult(new GetTimeResponse { Now = Timestamp.FromDateTimeOffset(Now) });

    public override Task<AdvanceTimeResponse> AdvanceTime(AdvanceTimeRequest request, ServerCallContext context)
    {
        var by = request.By?.ToTimeSpan() ?? TimeSpan.Zero;
        if (by < TimeSpan.Zero)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "time only moves forward"));
        }

        lock (_lock)
        {
            _now += by;
            return Task.FromResult(new AdvanceTimeResponse { Now = Timestamp.FromDateTimeOffset(_now) });
        }
    }
}
