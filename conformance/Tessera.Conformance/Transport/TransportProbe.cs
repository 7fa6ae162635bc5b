using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Tessera.Conformance.Target;

namespace Tessera.Conformance.Transport;

/// <summary>
/// What one transport case runs with: a plain HTTP/2 client (h2c with prior
/// knowledge, or TLS with ALPN h2) on ONE connection to the target, the steps
/// it recorded and the findings on them. No gRPC library sits in between, so
/// the probe sees exactly what the target's gRPC stack put on the wire.
/// </summary>
internal sealed class TransportProbe : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private readonly HttpMessageInvoker _invoker;
    private int _connections;

    public TransportProbe(TargetOptions target, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        Cancellation = cancellation;
        _handler = new SocketsHttpHandler
        {
            UseProxy = false,
            // One connection: "other calls undisturbed" is checked on the connection the bad request used.
            EnableMultipleHttp2Connections = false,
            ConnectTimeout = target.CallTimeout,
            // grpc-message is judged byte by byte (TRN-7): Latin-1 maps each byte to one char.
            ResponseHeaderEncodingSelector = static (_, _) => Encoding.Latin1,
            ConnectCallback = ConnectAsync,
        };
        if (target.AllowUntrustedCertificate)
        {
            _handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
        }

        _invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
    }

    public TargetOptions Target { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>Every step so far, in order.</summary>
    public List<StepRecord> Steps { get; } = [];

    /// <summary>TCP connections opened so far: more than one means the target closed the first.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Sends one request and reads the whole answer; never throws for what the target does.</summary>
    public async Task<RawAnswer> SendAsync(RawRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        wait.CancelAfter(request.Wait ?? Target.CallTimeout);
        using var release = new CancellationTokenSource();
        HttpContent content = request.KeepOpen ? new HeldOpenContent(request.Body, release.Token) : new ByteArrayContent(request.Body);
        if (request.ContentType is { } contentType)
        {
            content.Headers.TryAddWithoutValidation("content-type", contentType);
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(Target.Address, request.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        message.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _invoker.SendAsync(message, wait.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(wait.Token).ConfigureAwait(false);
            return RawAnswer.From(response, body, watch.Elapsed);
        }
        catch (OperationCanceledException e) when (!Cancellation.IsCancellationRequested)
        {
            // Our own wait ran out: a hang. Otherwise the target cancelled the exchange (RST_STREAM CANCEL).
            return wait.IsCancellationRequested ? new RawAnswer { TimedOut = true, Elapsed = watch.Elapsed } : Broken(e, watch.Elapsed);
        }
        catch (HttpRequestException e)
        {
            return Broken(e, watch.Elapsed);
        }
        catch (IOException e)
        {
            return Broken(e, watch.Elapsed);
        }
        finally
        {
            await release.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Records a step: what was sent, what a conforming target answers, what came back.</summary>
    public StepRecord Step(string command, string expected, string actual)
    {
        var step = new StepRecord { Index = Steps.Count + 1, Command = command };
        step.Expected.Add(expected);
        step.Actual.Add(actual);
        Steps.Add(step);
        return step;
    }

    /// <summary>Sends <paramref name="request"/>, records it as a step and returns the answer.</summary>
    public async Task<(StepRecord Step, RawAnswer Answer)> ExchangeAsync(RawRequest request, string expected)
    {
        var answer = await SendAsync(request).ConfigureAwait(false);
        return (Step(request.Describe(), expected, answer.Describe()), answer);
    }

    /// <summary>Adds a finding naming <paramref name="id"/> to <paramref name="step"/> unless <paramref name="held"/>.</summary>
    public static void Expect(StepRecord step, bool held, string id, string message)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!held)
        {
            step.Findings.Add(new Finding([id], message));
        }
    }

    /// <summary>
    /// "Other calls are undisturbed": a good GetServerInfo right after a bad
    /// request must succeed on the same connection.
    /// </summary>
    public async Task StillServesAsync(string id)
    {
        var before = Connections;
        var (step, answer) = await ExchangeAsync(RawRequest.GetServerInfo(), "grpc-status 0 OK on the same connection").ConfigureAwait(false);
        if (!answer.Is(0))
        {
            step.Findings.Add(new Finding([id], $"a good GetServerInfo right after the bad request failed: {answer.Describe()}"));
        }
        else if (before > 0 && Connections > before)
        {
            step.Findings.Add(new Finding([id], "the bad request cost the connection: the next good call had to open a new one"));
        }
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _handler.Dispose();
    }

    private static RawAnswer Broken(Exception e, TimeSpan elapsed)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpProtocolException protocol)
            {
                return new RawAnswer { Broken = "stream reset or connection ended by the target", ResetCode = protocol.ErrorCode, Elapsed = elapsed };
            }
        }

        return new RawAnswer { Broken = "exchange failed: " + string.Join(" <- ", Chain(e)), Elapsed = elapsed };
    }

    private static IEnumerable<string> Chain(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            yield return inner.GetType().Name + ": " + inner.Message;
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connections);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
