using Tessera.Test.V1;

namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>The methods of tessera.test.v1.EchoService, bound from its descriptor.</summary>
public static class EchoMethods
{
    public const string ServiceName = "tessera.test.v1.EchoService";

    public static readonly Method<EchoRequest, EchoResponse> Echo = Bind("Echo");
    public static readonly Method<EchoRequest, EchoResponse> ServerStream = Bind("ServerStream");
    public static readonly Method<EchoRequest, EchoResponse> ClientStream = Bind("ClientStream");
    public static readonly Method<EchoRequest, EchoResponse> Bidi = Bind("Bidi");

    private static Method<EchoRequest, EchoResponse> Bind(string name) =>
        Method<EchoRequest, EchoResponse>.FromDescriptor(EchoReflection.Descriptor.Services[0].FindMethodByName(name));
}
