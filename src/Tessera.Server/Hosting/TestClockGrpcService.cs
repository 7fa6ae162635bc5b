using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tessera.Protocol.Testing.V1;
using Tessera.Server.Errors;
using Tessera.Server.Time;

namespace Tessera.Server.Hosting;

/// <summary>
/// tessera.testing.v1.TestClockService. Mapped only when the server runs on its
/// test clock (CLK-1); otherwise grpc-dotnet answers UNIMPLEMENTED like for any unknown service.
/// </summary>
internal sealed class TestClockGrpcService : TestClockService.TestClockServiceBase
{
    private readonly ITestClock _clock;

    public TestClockGrpcService(ITestClock clock) => _clock = clock;

    /// <summary>CLK-2.</summary>
    public override Task<GetTimeResponse> GetTime(GetTimeRequest request, ServerCallContext context) =>
        Task.FromResult(new GetTimeResponse { Now = Timestamp.FromDateTimeOffset(_clock.GetTime()) });

    /// <summary>CLK-3, CLK-4: returns after every timer due by the new time has fired.</summary>
    public override Task<AdvanceTimeResponse> AdvanceTime(AdvanceTimeRequest request, ServerCallContext context)
    {
        if (request.By is null)
        {
            return Task.FromException<AdvanceTimeResponse>(TesseraError.InvalidRequest("by is required").ToRpcException());
        }

        TimeSpan by;
        try
        {
            by = request.By.ToTimeSpan();
        }
        catch (InvalidOperationException)
        {
            // Seconds and nanos of different signs, or nanos out of range.
            return Task.FromException<AdvanceTimeResponse>(TesseraError.InvalidRequest("by is not a valid duration").ToRpcException());
        }

        var result = _clock.Advance(by);
        return result.IsSuccess
            ? Task.FromResult(new AdvanceTimeResponse { Now = Timestamp.FromDateTimeOffset(result.Value) })
            : Task.FromException<AdvanceTimeResponse>(result.Error.ToRpcException());
    }
}
