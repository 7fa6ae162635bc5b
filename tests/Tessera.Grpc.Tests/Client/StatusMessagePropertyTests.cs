using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tessera.Grpc.Tests.Infrastructure;
using Tessera.Test.V1;

namespace Tessera.Grpc.Tests.Client;

/// <summary>grpc-message survives the real wire for any text (TRN-7): percent-encoded by the server, decoded by the client.</summary>
public sealed class StatusMessagePropertyTests(EchoServerFixture server) : IClassFixture<EchoServerFixture>
{
    [Fact]
    public Task StatusDetail_ArbitraryUnicode_RoundTripsOverHttp2() => Properties.CheckLiveAsync(() =>
    {
        var texts = Gen.OneOf(
                ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
                Gen.Elements("%", "%25", "100%", "\u00e9", "\u2713", "\ud83d\ude00", "\r\n", "\t", " lead", "trail ", "%zz")
                    .ListOf().Select(parts => string.Concat(parts)))
            .ToArbitrary();
        return Prop.ForAll(texts, text =>
        {
            // Protobuf strings are UTF-8: a lone surrogate reaches the server as U+FFFD.
            var sent = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
            using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = EchoHandlers.FailWithPrefix + text });
            var ex = Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).GetAwaiter().GetResult();
            Assert.Equal(StatusCode.Aborted, ex.StatusCode);
            Assert.Equal(sent, ex.Status.Detail);
            return true;
        });
    }, maxTest: 100);
}
