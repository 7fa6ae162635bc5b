using Tessera.Grpc;
using Tessera.Interop.Health.V1;
using Tessera.Interop.V1;

namespace Tessera.Interop.Tests.OurServer;

/// <summary>The methods of tessera.interop.v1.InteropService and grpc.health.v1.Health, for our client and server.</summary>
internal static class InteropMethods
{
    public const string ServiceName = "tessera.interop.v1.InteropService";

    public static readonly Method<UnaryRequest, UnaryResponse> Unary =
        Method<UnaryRequest, UnaryResponse>.FromDescriptor(InteropService.FindMethodByName("Unary"));

    public static readonly Method<ServerStreamingRequest, ServerStreamingResponse> ServerStreaming =
        Method<ServerStreamingRequest, ServerStreamingResponse>.FromDescriptor(InteropService.FindMethodByName("ServerStreaming"));

    public static readonly Method<BidiRequest, BidiResponse> Bidi =
        Method<BidiRequest, BidiResponse>.FromDescriptor(InteropService.FindMethodByName("Bidi"));

    public static readonly Method<BlockUntilCancelledRequest, BlockUntilCancelledResponse> BlockUntilCancelled =
        Method<BlockUntilCancelledRequest, BlockUntilCancelledResponse>.FromDescriptor(InteropService.FindMethodByName("BlockUntilCancelled"));

    public static readonly Method<GetCancelObservationRequest, GetCancelObservationResponse> GetCancelObservation =
        Method<GetCancelObservationRequest, GetCancelObservationResponse>.FromDescriptor(InteropService.FindMethodByName("GetCancelObservation"));

    /// <summary>A method the service does not declare (TRN-5).</summary>
    public static readonly Method<UnaryRequest, UnaryResponse> NoSuchMethod =
        new(MethodType.Unary, ServiceName, "NoSuchMethod");

    /// <summary>A method of a service nobody serves (TRN-5).</summary>
    public static readonly Method<UnaryRequest, UnaryResponse> NoSuchService =
        new(MethodType.Unary, "no.such.v1.Service", "Method");

    /// <summary>grpc.health.v1.Health/Check (TRN-8).</summary>
    public static readonly Method<HealthCheckRequest, HealthCheckResponse> HealthCheck =
        Method<HealthCheckRequest, HealthCheckResponse>.FromDescriptor(HealthReflection.Descriptor.Services[0].FindMethodByName("Check"));

    private static Google.Protobuf.Reflection.ServiceDescriptor InteropService =>
        InteropReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("InteropService");
}
