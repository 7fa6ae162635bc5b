using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Tessera.Conformance.Target;

namespace Tessera.Conformance.Transport;

/// <summary>
/// TRN-1 over a raw socket: an HTTP/1.1 POST of a gRPC call (over TLS
/// offering only ALPN <c>http/1.1</c> for an https target), and what came
/// back: an HTTP/1.x status line, a closed connection, a refused handshake,
/// or nothing at all before the wait ran out.
/// </summary>
internal static class Http1Probe
{
    public static async Task<Http1Outcome> RunAsync(TargetOptions target, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        wait.CancelAfter(target.CallTimeout);
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(target.Address.Host, target.Address.Port, wait.Token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            return new Http1Outcome(true, "the connection was refused: " + e.SocketErrorCode);
        }

        Stream stream = client.GetStream();
        SslStream? tls = null;
        try
        {
            if (target.Address.Scheme == Uri.UriSchemeHttps)
            {
                tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                try
                {
                    await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                    {
                        TargetHost = target.Address.Host,
                        ApplicationProtocols = [SslApplicationProtocol.Http11],
                        RemoteCertificateValidationCallback = target.AllowUntrustedCertificate ? static (_, _, _, _) => true : null,
                    }, wait.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                    return new Http1Outcome(true, "the TLS handshake offering only ALPN http/1.1 was refused: " + e.Message);
                }
            }

            var frame = GrpcFrame.Message([]);
            var head = $"POST {RawRequest.GetServerInfoPath} HTTP/1.1\r\nHost: {target.Address.Authority}\r\nContent-Type: application/grpc\r\nTE: trailers\r\nContent-Length: {frame.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), wait.Token).ConfigureAwait(false);
            await stream.WriteAsync(frame, wait.Token).ConfigureAwait(false);
            await stream.FlushAsync(wait.Token).ConfigureAwait(false);
            return await ReadAnswerAsync(stream, wait.Token, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new Http1Outcome(false, $"no answer and the connection still open after {target.CallTimeout.TotalSeconds:0.#} s: the request hangs");
        }
        catch (IOException e)
        {
            return new Http1Outcome(true, "the connection was reset: " + e.Message);
        }
        finally
        {
            if (tls is not null)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads until an HTTP/1.x status line, the end of the connection, or the wait runs out.</summary>
    private static async Task<Http1Outcome> ReadAnswerAsync(Stream stream, CancellationToken wait, CancellationToken cancellation)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, wait).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return new Http1Outcome(false, received.Count == 0
                    ? "no answer and the connection still open: the request hangs"
                    : $"{received.Count} bytes that are no HTTP/1.x answer, and the connection still open: the request hangs");
            }

            if (read == 0)
            {
                return new Http1Outcome(true, received.Count == 0
                    ? "the connection was closed without an answer"
                    : $"the connection was closed after {received.Count} bytes that are no HTTP/1.x answer");
            }

            received.AddRange(buffer.AsSpan(0, read));
            var text = Encoding.Latin1.GetString([.. received]);
            var end = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (text.StartsWith("HTTP/1.", StringComparison.Ordinal) && end > 0)
            {
                var statusLine = text[..end];
                var parts = statusLine.Split(' ', 3);
                var success = parts.Length >= 2 && parts[1].StartsWith('2');
                return new Http1Outcome(!success, success
                    ? $"\"{statusLine}\": HTTP/1.1 was served as a success"
                    : $"\"{statusLine}\"");
            }
        }
    }
}
