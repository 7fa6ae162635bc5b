using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Tessera.Test.V1;

namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>
/// The test service. What a handler does is chosen by the request's
/// <c>message</c>: "wait-cancel" blocks on the call token, "throw-rpc" fails
/// with details and trailers, "throw-generic" throws a plain exception,
/// "reset" resets the stream with CANCEL, "abort" aborts the request,
/// "set-status" returns with a
/// non-OK <see cref="ServerCallContext.Status"/>, "grow" answers with
/// <c>count</c> payload bytes; anything else is echoed.
/// Request metadata whose key starts with <c>x-echo</c> comes back in the
/// response headers and the trailers.
/// </summary>
public sealed class EchoHandlers(CallProbe probe)
{
    public const string ErrorDomain = "tessera.test";

    /// <summary>A message starting with this fails the call with ABORTED and the rest of the message as its detail.</summary>
    public const string FailWithPrefix = "fail-with:";

    /// <summary>
    /// A server-streaming request with this message sends empty response
    /// headers (the no-Metadata overload), tries again, streams one message
    /// naming the second attempt's exception type, then goes on as usual.
    /// </summary>
    public const string EmptyHeadersMessage = "empty-headers";

    public static readonly byte[] TrailerBytes = [0, 1, 2, 250, 251, 252, 253, 254, 255];

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcUnary(EchoMethods.Echo, EchoAsync);
        endpoints.MapGrpcServerStreaming(EchoMethods.ServerStream, ServerStreamAsync);
        endpoints.MapGrpcClientStreaming(EchoMethods.ClientStream, ClientStreamAsync);
        endpoints.MapGrpcDuplexStreaming(EchoMethods.Bidi, BidiAsync);
        endpoints.MapGrpcHealth();
        endpoints.MapGrpcFallback();
    }

    public static RpcException DetailedError()
    {
        var details = new Google.Rpc.Status
        {
            Code = (int)StatusCode.PermissionDenied,
            Message = "roles changed: ünïcødé 100% \u2713",
            Details = { Any.Pack(new ErrorInfo { Type = "ROLES_MISMATCH", Domain = ErrorDomain, Metadata = { ["action"] = "START_NEW_SESSION" } }) },
        };
        var trailers = new Metadata { { "x-trailer", "t-value" }, { "x-trailer-bin", TrailerBytes } };
        return new RpcException(new Status(StatusCode.PermissionDenied, details.Message, details), trailers);
    }

    public async Task<EchoResponse> EchoAsync(EchoRequest request, ServerCallContext context)
    {
        probe.MarkRun();
        await EchoMetadataAsync(context);
        var response = await ActAsync(request, context);
        if (request.Message == "set-status")
        {
            context.Status = new Status(StatusCode.FailedPrecondition, "set by the handler");
        }
        return response;
    }

    public async Task ServerStreamAsync(EchoRequest request, IServerStreamWriter<EchoResponse> stream, ServerCallContext context)
    {
        probe.MarkRun();
        await EchoMetadataAsync(context);
        if (request.Message == EmptyHeadersMessage)
        {
            await context.WriteResponseHeadersAsync();
            // A second send is refused; the stream says so, so the test sees it.
            var refusal = await Record.ExceptionAsync(context.WriteResponseHeadersAsync);
            await stream.WriteAsync(new EchoResponse { Message = refusal?.GetType().Name ?? "accepted" });
        }
        for (var i = 0; i < request.Count; i++)
        {
            await stream.WriteAsync(new EchoResponse { Message = request.Message, Payload = request.Payload, Index = i });
        }
        await ActAsync(request, context);
    }

    public async Task<EchoResponse> ClientStreamAsync(IAsyncStreamReader<EchoRequest> requests, ServerCallContext context)
    {
        probe.MarkRun();
        var messages = new List<string>();
        await foreach (var request in requests.ReadAllAsync())
        {
            await ActAsync(request, context);
            messages.Add(request.Message);
        }
        return new EchoResponse { Message = string.Join(",", messages), Index = messages.Count };
    }

    public async Task BidiAsync(IAsyncStreamReader<EchoRequest> requests, IServerStreamWriter<EchoResponse> responses, ServerCallContext context)
    {
        probe.MarkRun();
        await EchoMetadataAsync(context);
        var index = 0;
        while (await requests.MoveNext())
        {
            var request = requests.Current;
            await ActAsync(request, context);
            await responses.WriteAsync(new EchoResponse { Message = request.Message, Payload = request.Payload, Index = index++ });
        }
    }

    private async Task<EchoResponse> ActAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.Message.StartsWith(FailWithPrefix, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.Aborted, request.Message[FailWithPrefix.Length..]));
        }
        switch (request.Message)
        {
            case "wait-cancel":
                probe.MarkStarted(context);
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                finally
                {
                    probe.MarkCancelled(context);
                }
                break;
            case "throw-rpc":
                throw DetailedError();
            case "throw-generic":
                throw new InvalidOperationException("secret internals: connection string=hunter2");
            case "reset":
                probe.MarkStarted(context);
                context.HttpContext.Features.Get<IHttpResetFeature>()!.Reset(0x8);
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                break;
            case "abort":
                context.HttpContext.Abort();
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                break;
            case "grow":
                return new EchoResponse { Message = request.Message, Payload = ByteString.CopyFrom(new byte[request.Count]) };
        }
        return new EchoResponse { Message = request.Message, Payload = request.Payload };
    }

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        Metadata? echoed = null;
        foreach (var entry in context.RequestHeaders)
        {
            if (entry.Key.StartsWith("x-echo", StringComparison.Ordinal))
            {
                echoed ??= [];
                echoed.Add(entry);
                context.ResponseTrailers.Add(entry);
            }
        }
        if (echoed is not null)
        {
            await context.WriteResponseHeadersAsync(echoed);
        }
    }
}
