using System.Net;
using System.Net.Http.Headers;
using Tessera.Protocol;

namespace Tessera.ReferenceServer.Tests;

/// <summary>TRN-9 on grpc-dotnet: a request message that does not parse is INTERNAL, not the UNKNOWN of a handler exception.</summary>
public sealed class MalformedMessageTests
{
    [Theory]
    [Trait("Requirement", Req.TRN_9)]
    [InlineData("tessera.v1.SessionService/GetSession")]
    [InlineData("tessera.v1.SessionService/WatchSession")]
    [InlineData("grpc.health.v1.Health/Check")]
    public async Task Call_UnparseableRequestMessage_IsInternalAndTheServerStillAnswers(string path)
    {
        await using var server = await ServerFixture.StartAsync();
        using var http = new HttpClient();
        // A length-prefixed message whose payload is a varint that never ends.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Host.Address, path)) 
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 2, 0xFF, 0xFF]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var status = response.Headers.TryGetValues("grpc-status", out var inHeaders) ? inHeaders.Single() : response.TrailingHeaders.GetValues("grpc-status").Single();

        Assert.Equal("13", status);
        Assert.Equal("tessera-dev", (await server.Sessions.GetServerInfoAsync(new Protocol.V1.GetServerInfoRequest())).Issuers.Single());
    }
}
