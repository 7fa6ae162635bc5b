using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Tessera.Interop.Rpc;
using Tessera.Grpc;
using Tessera.Interop.V1;
using GrpcStatus = Tessera.Grpc.Status;
using StatusCode = Tessera.Grpc.StatusCode;

namespace Tessera.Interop.Tests.OurServer;

/// <summary>
/// tessera.interop.v1.InteropService on our transport, behaving exactly as
/// interop/python/server.py and interop/node/server.js do, so the peer clients
/// can hold every server to the same cases.
/// </summary>
internal sealed class InteropServiceHandlers
{
    // BlockUntilCancelled gives up after this long so a broken client cannot hold a call open.
    private static readonly TimeSpan BlockLimit = TimeSpan.FromSeconds(30);

    // Created by whichever of BlockUntilCancelled and GetCancelObservation
    // comes first, so a waiting observer sees the call when it arrives.
    private readonly ConcurrentDictionary<string, CancelObservation> _observations = new();

    public async Task<UnaryResponse> UnaryAsync(UnaryRequest request, ServerCallContext context)
    {
        var headers = Echo(context.RequestHeaders, request.EchoToHeaders);
        if (headers.Count > 0)
        {
            await context.WriteResponseHeadersAsync(headers);
        }
        var trailers = Echo(context.RequestHeaders, request.EchoToTrailers);
        if (request.Fail is { Code: not 0 } fail)
        {
            var info = new ErrorInfo { Reason = fail.Reason, Domain = fail.Domain };
            info.Metadata.Add(fail.Metadata);
            var details = new Google.Rpc.Status { Code = fail.Code, Message = fail.Message };
            details.Details.Add(Any.Pack(info));
            throw new RpcException(new GrpcStatus((StatusCode)fail.Code, fail.Message, details), trailers);
        }
        foreach (var entry in trailers)
        {
            context.ResponseTrailers.Add(entry);
        }
        var payload = request.ResponseSize > 0 ? Payload.Pattern(request.ResponseSize) : request.Payload;
        return new UnaryResponse { Payload = payload };
    }

    public async Task ServerStreamingAsync(ServerStreamingRequest request, IServerStreamWriter<ServerStreamingResponse> writer, ServerCallContext context)
    {
        for (var index = 0; index < request.ResponseSizes.Count; index++)
        {
            var response = new ServerStreamingResponse { Index = index, Payload = Payload.Pattern(request.ResponseSizes[index]) };
            await writer.WriteAsync(response, context.CancellationToken);
        }
    }

    public async Task BidiAsync(IAsyncStreamReader<BidiRequest> reader, IServerStreamWriter<BidiResponse> writer, ServerCallContext context)
    {
        while (await reader.MoveNext(context.CancellationToken))
        {
            var request = reader.Current;
            await writer.WriteAsync(new BidiResponse { Index = request.Index, Payload = request.Payload }, context.CancellationToken);
        }
    }

    public async Task<BlockUntilCancelledResponse> BlockUntilCancelledAsync(BlockUntilCancelledRequest request, ServerCallContext context)
    {
        var observation = _observations.GetOrAdd(request.Id, static _ => new CancelObservation());
        try
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "x-interop-blocking", "1" } });
            observation.MarkStarted(hadDeadline: context.Deadline is not null);
            await Task.Delay(BlockLimit, context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            observation.MarkEnded(cancelled: true);
            throw;
        }
        observation.MarkEnded(cancelled: false);
        throw new RpcException(new GrpcStatus(StatusCode.Aborted, "BlockUntilCancelled was never cancelled"));
    }

    public async Task<GetCancelObservationResponse> GetCancelObservationAsync(GetCancelObservationRequest request, ServerCallContext context)
    {
        var observation = _observations.GetOrAdd(request.Id, static _ => new CancelObservation());
        var stage = request.WaitFor == CallStage.Started ? observation.Started : observation.Ended;
        try
        {
            await stage.WaitAsync(TimeSpan.FromMilliseconds(request.WaitMs), context.CancellationToken);
        }
        catch (TimeoutException)
        {
            // Answer with what was seen so far; the client decides.
        }
        return new GetCancelObservationResponse
        {
            Started = observation.Started.IsCompleted,
            ObservedCancelled = observation.ObservedCancelled,
            HadDeadline = observation.HadDeadline,
        };
    }

    private static Metadata Echo(Metadata received, IEnumerable<string> names)
    {
        var echoed = new Metadata();
        foreach (var name in names)
        {
            foreach (var entry in received.GetAll(name))
            {
                echoed.Add(entry);
            }
        }
        return echoed;
    }
}
