using Grpc.Core;
using Tessera.Bench.Baseline.V1;

namespace Tessera.Bench.Server;

/// <summary>
/// The grpc-dotnet baselines, served by <c>serve</c> on the reference server's
/// own application (same endpoint, same pipeline, registered as a singleton
/// like the session service): what a call costs when grpc-dotnet does all the
/// work and the handler none.
/// </summary>
internal sealed class BenchBaselineService : BenchBaseline.BenchBaselineBase
{
    // The answer is a constant: same bytes as HealthCheckResponse{SERVING}.
    private static readonly UnaryResponse Constant = new() { Status = 1 };

    public override Task<UnaryResponse> Unary(UnaryRequest request, ServerCallContext context) => Task.FromResult(Constant);

    /// <summary>
    /// An idle server-streaming call: response headers out (as WatchSession
    /// sends them once its watcher is registered), then nothing until the
    /// client leaves.
    /// </summary>
    public override async Task Idle(IdleRequest request, IServerStreamWriter<IdleResponse> responseStream, ServerCallContext context)
    {
        await context.WriteResponseHeadersAsync(Metadata.Empty).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client left: the call is over.
        }
    }
}
