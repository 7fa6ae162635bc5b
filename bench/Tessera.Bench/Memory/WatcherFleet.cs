using System.Diagnostics;
using Tessera.Bench.Baseline.V1;
using Tessera.Bench.Cli;
using Tessera.Bench.Server;
using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol.V1;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Tokens;

namespace Tessera.Bench.Memory;

/// <summary>
/// <c>watchers</c>: the client side of the memory figure, run as its own
/// process on the load core so its memory never counts against the server.
/// On <c>open N</c> it starts sessions (one user and client instance each,
/// token valid for an hour, so no timer fires while it is measured) and opens
/// one WatchSession stream per session, until N are open; a stream counts once
/// its response headers arrived, which the server sends only after the watcher
/// is registered. On <c>idle N</c> it opens the bench-only grpc-dotnet idle
/// server-streaming call instead (the same gRPC call with nothing of Tessera:
/// the memory figure's baseline), on <c>hold N</c> plain HTTP/2 requests to the
/// plain baseline's hold endpoint (the same stream with nothing of gRPC either).
/// The streams stay open and idle until <c>quit</c>.
/// </summary>
internal static class WatcherFleet
{
    private const int Concurrency = 64;

    public static async Task<int> RunAsync(WatchersOptions options)
    {
        var address = options.Address;
        var plain = options.Plain;
        var issuer = options.Issuer;
        var kid = options.KeyId;
        var secret = Convert.FromBase64String(options.Secret);

        using var key = MintingKey.Hmac(kid, secret);
        // One channel: SocketsHttpHandler opens another HTTP/2 connection each
        // time the server's stream limit (Kestrel: 100 per connection) is reached.
        using var channel = GrpcChannel.ForAddress(address);
        using var http = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true, UseProxy = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan });
        var open = new List<AsyncServerStreamingCall<WatchSessionResponse>>();
        var idle = new List<AsyncServerStreamingCall<IdleResponse>>();
        var held = new List<HttpResponseMessage>();
        try
        {
            while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } command)
            {
                var parts = command.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts is ["quit"])
                {
                    break;
                }

                if (parts is not [("open" or "idle" or "hold") and var verb, var countText] || !int.TryParse(countText, out var target))
                {
                    Console.Error.WriteLine($"watchers: unknown command '{command}'");
                    continue;
                }

                var stopwatch = Stopwatch.StartNew();
                if (verb == "open")
                {
                    await OpenUntilAsync(target, open, index => OpenOneAsync(channel, key, issuer, index)).ConfigureAwait(false);
                    ChildProtocol.Emit("OPENED", new FleetStatus(open.Count, stopwatch.Elapsed.TotalSeconds));
                }
                else if (verb == "idle")
                {
                    var baseline = new BenchBaseline.BenchBaselineClient(channel);
                    await OpenUntilAsync(target, idle, index => IdleOneAsync(baseline, index)).ConfigureAwait(false);
                    ChildProtocol.Emit("OPENED", new FleetStatus(idle.Count, stopwatch.Elapsed.TotalSeconds));
                }
                else
                {
                    await OpenUntilAsync(target, held, _ => HoldOneAsync(http, new Uri(new Uri(plain), PlainHttp2Baseline.HoldPath.TrimStart('/')))).ConfigureAwait(false);
                    ChildProtocol.Emit("OPENED", new FleetStatus(held.Count, stopwatch.Elapsed.TotalSeconds));
                }
            }
        }
        finally
        {
            foreach (var call in open)
            {
                call.Dispose();
            }

            foreach (var call in idle)
            {
                call.Dispose();
            }

            foreach (var response in held)
            {
                response.Dispose();
            }
        }

        return 0;
    }

    private static async Task OpenUntilAsync<T>(int target, List<T> open, Func<int, Task<T>> openOne)
    {
        var next = open.Count;
        var workers = new Task[Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (true)
                {
                    var index = Interlocked.Increment(ref next) - 1;
                    if (index >= target)
                    {
                        return;
                    }

                    var item = await openOne(index).ConfigureAwait(false);
                    lock (open)
                    {
                        open.Add(item);
                    }
                }
            });
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    /// <summary>The baseline: a plain HTTP/2 POST whose response the server holds open after its headers.</summary>
    private static async Task<HttpResponseMessage> HoldOneAsync(HttpClient http, Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchFailedException($"hold: HTTP {(int)response.StatusCode}");
        }

        return response;
    }

    private static async Task<AsyncServerStreamingCall<WatchSessionResponse>> OpenOneAsync(GrpcChannel channel, MintingKey key, string issuer, int index)
    {
        var user = "mem-user-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var token = TokenMinter.Mint(TokenSpec.ForUser(issuer, user, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), "member"), key);
        var request = new StartSessionRequest { ClientInstanceId = "mem-" + user, Token = token, ProtocolVersion = TesseraServerOptions.ProtocolVersionV1 };
        try
        {
            var sessions = new SessionService.SessionServiceClient(channel);
            var started = await sessions.StartSessionAsync(request, Deadline()).ResponseAsync.ConfigureAwait(false);
            // No deadline on the watch: it must stay open as long as the figure is measured.
            var watch = sessions.WatchSession(new WatchSessionRequest { SessionId = started.Session.SessionId });
            await watch.ResponseHeadersAsync.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            return watch;
        }
        catch (RpcException e)
        {
            throw new BenchFailedException($"session {index}: {e.Status.StatusCode} {e.Status.Detail}", e);
        }
    }

    /// <summary>The baseline: a grpc-dotnet server-streaming call that sends its headers and then stays idle.</summary>
    private static async Task<AsyncServerStreamingCall<IdleResponse>> IdleOneAsync(BenchBaseline.BenchBaselineClient baseline, int index)
    {
        try
        {
            // No deadline, as for the watch: it must stay open as long as the figure is measured.
            var call = baseline.Idle(new IdleRequest());
            await call.ResponseHeadersAsync.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            return call;
        }
        catch (RpcException e)
        {
            throw new BenchFailedException($"idle call {index}: {e.Status.StatusCode} {e.Status.Detail}", e);
        }
    }

    private static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddSeconds(30));
}
