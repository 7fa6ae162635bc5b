using Tessera.Conformance.Cli;
using Tessera.Conformance.Target;

namespace Tessera.Conformance.Tests;

/// <summary>--trace records what crossed the wire, under Grpc.Net.Client, for answers of both shapes.</summary>
public sealed class WireTraceTests
{
    [Fact]
    public async Task Trace_OkAnswer_ShowsHeadersMessagesTrailersAndStatusInWireOrder()
    {
        await using var target = await EmbeddedTarget.StartAsync(realClock: true, CancellationToken.None);
        using var connection = new TargetConnection(new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev" }, TimeProvider.System, trace: true);

        var answer = await connection.GetServerInfoAsync(CancellationToken.None);
        var lines = WireText.Lines(connection.Recorder!.Since(0));

        Assert.True(answer.IsOk);
        Assert.Collection(
            lines,
            l => Assert.StartsWith(">> /tessera.v1.SessionService/GetServerInfo HEADERS {:method: POST, ", l, StringComparison.Ordinal),
            l => Assert.Equal(">> GetServerInfo MESSAGE { }", l),
            l => Assert.Equal(">> GetServerInfo END_STREAM", l),
            l => Assert.StartsWith("<< GetServerInfo HEADERS {:status: 200, ", l, StringComparison.Ordinal),
            l => Assert.Contains("\"protocolVersions\": [ \"tessera.v1\" ]", l, StringComparison.Ordinal),
            l => Assert.Equal("<< GetServerInfo TRAILERS {grpc-status: 0}", l),
            l => Assert.Equal("== GetServerInfo STATUS OK", l));
    }

    [Fact]
    public async Task Trace_TrailersOnlyError_ShowsTheStatusFromTheHeadersWithItsErrorInfo()
    {
        await using var target = await EmbeddedTarget.StartAsync(realClock: true, CancellationToken.None);
        using var connection = new TargetConnection(new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev" }, TimeProvider.System, trace: true);

        var answer = await connection.GetSessionAsync("no-such-session", CancellationToken.None);
        var lines = WireText.Lines(connection.Recorder!.Since(0));

        Assert.Equal(Grpc.Core.StatusCode.NotFound, answer.Code);
        Assert.Equal(">> GetSession MESSAGE { \"sessionId\": \"no-such-session\" }", lines[1]);
        Assert.Contains("grpc-status: 5", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("== GetSession STATUS NOT_FOUND SESSION_NOT_FOUND ", lines[4], StringComparison.Ordinal);
        Assert.Contains("\"reason\": \"SESSION_NOT_FOUND\"", lines[4], StringComparison.Ordinal);
        Assert.Equal(5, lines.Count);
    }
}
