using Grpc.Health.V1;
using Tessera.Grpc.Tests.Infrastructure;
using Tessera.Test.V1;

namespace Tessera.Grpc.Tests;

public sealed class MethodTests
{
    [Fact]
    public void FromDescriptor_MatchingTypes_BuildsPathAndKind()
    {
        Assert.Equal("/tessera.test.v1.EchoService/Echo", EchoMethods.Echo.FullName);
        Assert.Equal(MethodType.Unary, EchoMethods.Echo.Type);
        Assert.Equal(MethodType.ServerStreaming, EchoMethods.ServerStream.Type);
        Assert.Equal(MethodType.ClientStreaming, EchoMethods.ClientStream.Type);
        Assert.Equal(MethodType.DuplexStreaming, EchoMethods.Bidi.Type);
        Assert.Equal(EchoMethods.ServiceName, EchoMethods.Bidi.ServiceName);
    }

    [Fact]
    public void FromDescriptor_WrongMessageTypes_Throws()
    {
        var echo = EchoReflection.Descriptor.Services[0].FindMethodByName("Echo");

        Assert.Throws<ArgumentException>(() => Method<HealthCheckRequest, EchoResponse>.FromDescriptor(echo));
        Assert.Throws<ArgumentException>(() => Method<EchoRequest, HealthCheckResponse>.FromDescriptor(echo));
    }

    [Fact]
    public void Constructor_NameWithSlash_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Method<EchoRequest, EchoResponse>(MethodType.Unary, "a/b", "C"));
    }

    [Fact]
    public void Options_Defaults_AreFourMebibytesAndGrpcTransportDomain()
    {
        var server = new GrpcServerOptions();
        var client = new GrpcChannelOptions();

        Assert.Equal(4 * 1024 * 1024, server.MaxReceiveMessageSize);
        Assert.Equal(4 * 1024 * 1024, server.MaxSendMessageSize);
        Assert.Equal("grpc.transport", server.ErrorInfoDomain);
        Assert.Equal(4 * 1024 * 1024, client.MaxReceiveMessageSize);
        Assert.Equal(4 * 1024 * 1024, client.MaxSendMessageSize);
    }
}
