using Tessera.Interop.Tests.OurServer;
using Tessera.Interop.Tests.Peers;

namespace Tessera.Interop.Tests;

/// <summary>
/// A third-party client (interop/python/client.py, interop/node/client.js)
/// against our server. Each test runs one case of the peer's client in its own
/// process; the case itself asserts on the peer's side and prints PASS or
/// FAIL with the reason, which ends up in the test's failure message.
/// </summary>
public abstract class PeerClientToOurServerTests : IClassFixture<OurServerFixture>
{
    // Every call a peer client makes has a 15 s deadline; this only stops a wedged process.
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    private readonly Peer _peer;
    private readonly OurServerFixture _server;

    private protected PeerClientToOurServerTests(Peer peer, OurServerFixture server)
    {
        _peer = peer;
        _server = server;
    }

    [Fact]
    public Task Unary_EchoesPayloads() => RunCaseAsync(PeerCase.Unary);

    [Fact]
    public Task ServerStreaming_DeliversEveryMessageInOrder() => RunCaseAsync(PeerCase.ServerStreaming);

    [Fact]
    public Task Bidi_AnswersEachMessageBeforeTheNextIsSent() => RunCaseAsync(PeerCase.Bidi);

    // TRN-7: grpc-message percent-encoded, details in grpc-status-details-bin.
    [Fact]
    public Task ErrorDetails_PeerDecodesErrorInfoReason() => RunCaseAsync(PeerCase.ErrorDetails);

    // TRN-4: grpc-timeout honoured, the handler sees the deadline and its end.
    [Fact]
    public Task Deadline_EndsWithDeadlineExceededSeenByBothSides() => RunCaseAsync(PeerCase.Deadline);

    [Fact]
    public Task Cancel_ObservedByOurHandler() => RunCaseAsync(PeerCase.Cancel);

    [Fact]
    public Task Metadata_AsciiAndBinaryEchoedAsHeadersAndTrailers() => RunCaseAsync(PeerCase.Metadata);

    // TRN-3: our server's receive limit.
    [Fact]
    public Task RequestOverLimit_ResourceExhausted() => RunCaseAsync(PeerCase.RequestTooLarge);

    // TRN-3: our server's send limit (4 MiB by default) refuses before the peer's receive limit would.
    [Fact]
    public Task ResponseOverLimit_ResourceExhausted() => RunCaseAsync(PeerCase.ResponseTooLarge);

    [Fact]
    public Task MessageAtLimit_Succeeds() => RunCaseAsync(PeerCase.MessageAtLimit);

    // TRN-5.
    [Fact]
    public Task UnknownMethodOrService_Unimplemented() => RunCaseAsync(PeerCase.Unimplemented);

    // TRN-8.
    [Fact]
    public Task HealthCheck_ServingAndNotFound() => RunCaseAsync(PeerCase.Health);

    private async Task RunCaseAsync(string name)
    {
        var run = await PeerProcess.RunClientAsync(_peer, [_server.Target, name], ClientTimeout);
        run.AssertCasePassed(name);
    }
}
