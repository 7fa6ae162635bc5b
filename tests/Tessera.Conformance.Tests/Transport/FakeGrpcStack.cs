using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tests.Transport;

/// <summary>
/// A tiny gRPC server written straight on Kestrel (h2c, HTTP/2 only, a free
/// loopback port): just enough of tessera.v1 for the suite to connect
/// (GetServerInfo), plus StartSession, GetSession and Health/Check to probe.
/// It keeps every TRN rule, except the one <see cref="StackFault"/> it is
/// told to break, the way a real gRPC stack would break it. No gRPC library
/// is involved, so the faults are exact.
/// </summary>
public sealed class FakeGrpcStack : IAsyncDisposable
{
    private const int Limit = 4 * 1024 * 1024;
    private readonly WebApplication _app;
    private readonly StackFault _fault;

    private FakeGrpcStack(WebApplication app, StackFault fault, Uri address)
    {
        _app = app;
        _fault = fault;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the stack: h2c, or TLS (ALPN h2) with <paramref name="certificate"/>.</summary>
    public static async Task<FakeGrpcStack> StartAsync(StackFault fault, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }

            if (fault == StackFault.Http1Hangs)
            {
                listen.Use(HangOnHttp1);
            }
        }));
        var app = builder.Build();
        FakeGrpcStack? stack = null;
        app.Run(context => stack!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        stack = new FakeGrpcStack(app, fault, new Uri(address));
        return stack;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Connection middleware: a connection that starts "POST " (HTTP/1.1) is held open unanswered until the client leaves.</summary>
    private static ConnectionDelegate HangOnHttp1(ConnectionDelegate next) => async connection =>
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var read = await input.ReadAsync(connection.ConnectionClosed);
            var buffer = read.Buffer;
            if (buffer.Length < 5 && !read.IsCompleted)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var http1 = buffer.Length >= 5 && Encoding.ASCII.GetString(buffer.Slice(0, 5)) == "POST ";
            input.AdvanceTo(buffer.Start);
            if (http1)
            {
                // Read and drop everything, answer nothing, until the client closes the connection.
                while (true)
                {
                    var rest = await input.ReadAsync();
                    input.AdvanceTo(rest.Buffer.End);
                    if (rest.IsCompleted || rest.IsCanceled)
                    {
                        return;
                    }
                }
            }

            break;
        }

        await next(connection);
    };

    private async Task HandleAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (!(contentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) ?? false) && _fault != StackFault.ContentTypeIgnored)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        var path = context.Request.Path.Value ?? "";
        if (path != MethodPaths.GetServerInfo && path != MethodPaths.StartSession && path != MethodPaths.GetSession
            && !(path == "/grpc.health.v1.Health/Check" && _fault != StackFault.NoHealth))
        {
            await ErrorAsync(context, _fault == StackFault.UnknownMethodNotFound ? 5 : 12, $"Method {path} is unimplemented.");
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (context.Request.Headers["grpc-timeout"].FirstOrDefault() is { } timeout && _fault != StackFault.DeadlineIgnored)
        {
            if (_fault == StackFault.DeadlineAnsweredAtOnce && ParseTimeout(timeout) < TimeSpan.FromSeconds(1))
            {
                await ErrorAsync(context, 4, "Deadline exceeded.");
                return;
            }

            deadline.CancelAfter(ParseTimeout(timeout));
        }

        var body = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(body, deadline.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            if (_fault == StackFault.DeadlineByCancelReset)
            {
                context.Features.GetRequiredFeature<IHttpResetFeature>().Reset(8);
                return;
            }

            await ErrorAsync(context, 4, "Deadline exceeded.");
            return;
        }

        var bytes = body.ToArray();
        var declared = bytes.Length >= 5 ? BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)) : 0;
        if (declared > Limit && _fault != StackFault.NoSizeLimit)
        {
            await ErrorAsync(context, 8, "Received message exceeds the maximum configured message size.");
            return;
        }

        if (bytes.Length < 5 || bytes.Length - 5 < declared)
        {
            await MalformedAsync(context, _fault == StackFault.CutMessageUnimplemented ? 12 : 13, "Incomplete message.");
            return;
        }

        var encoding = context.Request.Headers["grpc-encoding"].FirstOrDefault();
        if (bytes[0] == 1)
        {
            if ((encoding is null || encoding == "identity") && _fault != StackFault.CompressedFlagIgnored)
            {
                await ErrorAsync(context, 13, "Compressed message without grpc-encoding.");
                return;
            }

            if (encoding is not null && encoding != "identity" && _fault != StackFault.UnknownEncodingIgnored)
            {
                context.Response.Headers["grpc-accept-encoding"] = "identity";
                await ErrorAsync(context, 12, $"Unsupported grpc-encoding value '{encoding}'.");
                return;
            }
        }

        var message = bytes.AsMemory(5, (int)declared).ToArray();
        try
        {
            await ServeAsync(context, path, message);
        }
        catch (InvalidProtocolBufferException)
        {
            await MalformedAsync(context, _fault == StackFault.UnparseableUnknown ? 2 : 13, "Malformed message.");
        }
    }

    private async Task ServeAsync(HttpContext context, string path, byte[] message)
    {
        switch (path)
        {
            case var _ when path == MethodPaths.GetServerInfo:
                _ = GetServerInfoRequest.Parser.ParseFrom(message);
                await MessageAsync(context, new GetServerInfoResponse
                {
                    ProtocolVersions = { "tessera.v1" },
                    Issuers = { "fake-issuer" },
                    ServerTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                    MaxTokenBytes = 8192,
                    MaxTokenLifetime = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
                }.ToByteArray());
                break;
            case var _ when path == MethodPaths.StartSession:
                _ = StartSessionRequest.Parser.ParseFrom(message);
                await ErrorAsync(context, 16, "Token invalid.");
                break;
            case var _ when path == MethodPaths.GetSession:
                var request = GetSessionRequest.Parser.ParseFrom(message);
                await ErrorAsync(context, 5, $"No session \"{request.SessionId}\" (100% unknown).");
                break;
            default:
                // grpc.health.v1.HealthCheckResponse { status = SERVING }
                await MessageAsync(context, [0x08, 0x01]);
                break;
        }
    }

    private async Task MalformedAsync(HttpContext context, int code, string message)
    {
        await ErrorAsync(context, code, message);
        if (_fault == StackFault.GoAwayAfterMalformed)
        {
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }
    }

    private static async Task MessageAsync(HttpContext context, byte[] message)
    {
        context.Response.ContentType = "application/grpc";
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        await context.Response.Body.WriteAsync(frame);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    private async Task ErrorAsync(HttpContext context, int code, string message)
    {
        context.Response.ContentType = "application/grpc";
        var encoded = PercentEncode(message, keepPercent: _fault == StackFault.RawPercentInMessage);
        if (_fault == StackFault.NotTrailersOnly)
        {
            await context.Response.StartAsync();
            context.Response.AppendTrailer("grpc-status", code.ToString(CultureInfo.InvariantCulture));
            context.Response.AppendTrailer("grpc-message", encoded);
            return;
        }

        context.Response.Headers["grpc-status"] = code.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = encoded;
    }

    /// <summary>The protocol document's Percent-Encoded; <paramref name="keepPercent"/> leaves '%' raw, as a careless stack does.</summary>
    private static string PercentEncode(string text, bool keepPercent)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var plain = b is >= 0x20 and <= 0x7E && (b != '%' || keepPercent);
            encoded.Append(plain ? ((char)b).ToString() : "%" + b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return encoded.ToString();
    }

    private static TimeSpan ParseTimeout(string value)
    {
        var amount = long.Parse(value[..^1], CultureInfo.InvariantCulture);
        return value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMicroseconds(amount),
            _ => TimeSpan.FromTicks(Math.Max(1, amount / 100)),
        };
    }
}
