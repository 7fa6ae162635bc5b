using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tessera.Client;
using Tessera.Client.Harness;
using Tessera.Conformance.Clients.Harness;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Clients.Tests.Faults;

/// <summary>
/// The reference client with one fault injected from outside (a wrapped clock,
/// a rewriting HTTP handler, options, a wrapped provider, an adapter override),
/// behind the same harness contract, in this process.
/// </summary>
internal static class BrokenClient
{
    /// <summary>Its timers for refresh fire after the token expired.</summary>
    public static IClientHarnessTransport RefreshAfterExpiry() => Start(nameof(RefreshAfterExpiry), (options, config) =>
        options.TimeProvider = new LateTimerClock(config.Clock, threshold: TimeSpan.FromSeconds(45), delay: config.RefreshMargin + TimeSpan.FromSeconds(10)));

    /// <summary>It never learns the server's clock: every server_time it sees reads as its own clock.</summary>
    public static IClientHarnessTransport LocalClockOnly() => Start(nameof(LocalClockOnly), (options, config) =>
        options.HttpHandler = new GrpcRewritingHandler
        {
            RewriteResponse = (method, message) => method switch
            {
                "StartSession" => WithLocalTime(StartSessionResponse.Parser.ParseFrom(message), r => r.Session, config.Clock),
                "UpdateSessionToken" => WithLocalTime(UpdateSessionTokenResponse.Parser.ParseFrom(message), r => r.Session, config.Clock),
                "GetSession" => WithLocalTime(GetSessionResponse.Parser.ParseFrom(message), r => r.Session, config.Clock),
                _ => message,
            },
        });

    /// <summary>It reconnects as fast as its clock lets it: a 1 ms backoff.</summary>
    public static IClientHarnessTransport RetryStorm() => Start(nameof(RetryStorm), (options, _) =>
        options.ReconnectBackoff = new ReconnectBackoff { InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1), Jitter = 0 });

    /// <summary>It reopens the watch stream from the first event every time.</summary>
    public static IClientHarnessTransport NoResume() => Start(nameof(NoResume), (options, _) =>
        options.HttpHandler = new GrpcRewritingHandler
        {
            RewriteRequest = (method, message) =>
            {
                if (method != "WatchSession")
                {
                    return message;
                }

                var request = WatchSessionRequest.Parser.ParseFrom(message);
                request.ResumeAfterSeq = 0;
                return request.ToByteArray();
            },
        });

    /// <summary>It starts a second session while one is live.</summary>
    public static IClientHarnessTransport DoubleStart() =>
        InMemoryHarnessTransport.Start(nameof(DoubleStart), (input, output) => new DoubleStartAdapter(input, output).RunAsync());

    /// <summary>It never sees a terminated event saying SESSION_REPLACED, and so goes on with the dead session.</summary>
    public static IClientHarnessTransport IgnoresSessionReplaced() => Start(nameof(IgnoresSessionReplaced), (options, _) =>
        options.HttpHandler = new GrpcRewritingHandler
        {
            RewriteResponse = (method, message) =>
            {
                if (method != "WatchSession")
                {
                    return message;
                }

                var response = WatchSessionResponse.Parser.ParseFrom(message);
                return response.Event?.Terminated?.Reason == SessionEndReason.SessionReplaced ? null : message;
            },
        });

    /// <summary>Its provider retries the backend up to three times before giving up.</summary>
    public static IClientHarnessTransport RetryingProvider() => Start(nameof(RetryingProvider), (options, _) =>
    {
        var inner = options.TokenProvider!;
        options.TokenProvider = async cancellationToken =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await inner(cancellationToken);
                }
                catch (Exception) when (attempt < 4 && !cancellationToken.IsCancellationRequested)
                {
                    // The fault: asking again after the backend said no.
                }
            }
        };
    });

    /// <summary>The reference client itself, in this process.</summary>
    public static IClientHarnessTransport Reference() => Start("reference client (in-process)", null);

    private static IClientHarnessTransport Start(string name, Action<TesseraClientOptions, HarnessClientConfig>? fault) =>
        InMemoryHarnessTransport.Start(name, (input, output) => new HarnessAdapter(input, output, new HarnessAdapterOptions { ConfigureClient = fault }).RunAsync());

    private static byte[] WithLocalTime<T>(T response, Func<T, Session> session, TimeProvider clock)
        where T : IMessage<T>
    {
        session(response).ServerTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        return response.ToByteArray();
    }
}
