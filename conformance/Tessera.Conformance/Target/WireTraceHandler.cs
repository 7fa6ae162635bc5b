using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Net;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Tessera.Protocol.Testing.V1;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Target;

/// <summary>
/// Sits under Grpc.Net.Client and records each call as it crosses the wire for
/// <c>--trace</c>: headers, every length-prefixed message (decoded with the
/// proto's types), trailers, and the status they carry. It watches the bytes
/// rather than the client's view, so a Trailers-Only answer, a frame the client
/// rejects or a stream cut mid-message are shown as the target sent them.
/// Only added when tracing; it forwards every byte unchanged.
/// </summary>
internal sealed class WireTraceHandler(Action<WireEvent> record) : DelegatingHandler
{
    private static readonly FrozenDictionary<string, (MessageParser Request, MessageParser Response)> Parsers =
        new[] { SessionService.Descriptor, TestClockService.Descriptor }
            .SelectMany(s => s.Methods)
            .ToFrozenDictionary(m => $"/{m.Service.FullName}/{m.Name}", m => (m.InputType.Parser, m.OutputType.Parser));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        Parsers.TryGetValue(path, out var parsers);
        var requestHeaders = new List<KeyValuePair<string, string>>
        {
            new(":method", request.Method.Method),
            new(":scheme", request.RequestUri?.Scheme ?? ""),
            new(":authority", request.RequestUri?.Authority ?? ""),
            new(":path", path),
        };
        AddAll(requestHeaders, request.Headers);
        if (request.Content is { } content)
        {
            AddAll(requestHeaders, content.Headers);
            var recording = new RecordingContent(content, bytes =>
            {
                foreach (var message in Frames(bytes.Span, parsers.Request))
                {
                    record(new WireEvent(WireEventKind.RequestMessage, path) { Message = message });
                }

                record(new WireEvent(WireEventKind.RequestCompleted, path));
            });
            foreach (var header in content.Headers)
            {
                recording.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Content = recording;
        }

        record(new WireEvent(WireEventKind.RequestHeaders, path) { Headers = requestHeaders });
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var responseHeaders = new List<KeyValuePair<string, string>> { new(":status", ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        AddAll(responseHeaders, response.Headers);
        AddAll(responseHeaders, response.Content.Headers);
        record(new WireEvent(WireEventKind.ResponseHeaders, path) { Headers = responseHeaders });
        var trailersOnly = response.Headers.Contains("grpc-status");
        if (trailersOnly)
        {
            // Trailers-Only: the status is in the headers and no body follows.
            record(Completed(path, response.Headers));
        }

        var inner = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var traced = new StreamContent(new FrameRecordingStream(inner, parsers.Response, message => record(new WireEvent(WireEventKind.ResponseMessage, path) { Message = message }), error =>
        {
            if (error is not null)
            {
                record(new WireEvent(WireEventKind.Completed, path) { Detail = "stream broke: " + error.Message });
                return;
            }

            if (response.TrailingHeaders.Any())
            {
                var trailers = new List<KeyValuePair<string, string>>();
                AddAll(trailers, response.TrailingHeaders);
                record(new WireEvent(WireEventKind.ResponseTrailers, path) { Headers = trailers });
                record(Completed(path, response.TrailingHeaders));
            }
            else if (!trailersOnly)
            {
                record(new WireEvent(WireEventKind.Completed, path) { Detail = "the body ended without trailers" });
            }
        }));
        foreach (var header in response.Content.Headers)
        {
            traced.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = traced;
        return response;
    }

    private static WireEvent Completed(string path, System.Net.Http.Headers.HttpHeaders headers)
    {
        var code = headers.TryGetValues("grpc-status", out var s) && int.TryParse(s.FirstOrDefault(), out var n) ? (StatusCode?)n : null;
        var message = headers.TryGetValues("grpc-message", out var m) ? Uri.UnescapeDataString(m.FirstOrDefault() ?? "") : "";
        Google.Rpc.Status? details = null;
        if (headers.TryGetValues("grpc-status-details-bin", out var d))
        {
            try
            {
                details = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(Pad(d.First())));
            }
            catch (Exception e) when (e is FormatException or InvalidProtocolBufferException)
            {
                message += " (grpc-status-details-bin does not decode)";
            }
        }

        return new WireEvent(WireEventKind.Completed, path) { Code = code, Detail = message, Details = details };
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');

    private static void AddAll(List<KeyValuePair<string, string>> into, System.Net.Http.Headers.HttpHeaders headers)
    {
        foreach (var (key, values) in headers.NonValidated)
        {
            foreach (var value in values)
            {
                into.Add(new(key, value));
            }
        }
    }

    /// <summary>The messages of a complete length-prefixed body (5-byte prefix: compressed flag, big-endian length).</summary>
    private static List<IMessage?> Frames(ReadOnlySpan<byte> body, MessageParser? parser)
    {
        var messages = new List<IMessage?>();
        while (body.Length >= 5)
        {
            var length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body[1..5]), int.MaxValue);
            if (body.Length - 5 < length)
            {
                break;
            }

            messages.Add(TryParse(parser, body.Slice(5, length)));
            body = body[(5 + length)..];
        }

        return messages;
    }

    internal static IMessage? TryParse(MessageParser? parser, ReadOnlySpan<byte> payload)
    {
        if (parser is null)
        {
            return null;
        }

        try
        {
            return parser.ParseFrom(payload.ToArray());
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>Request content that hands the bytes it wrote to a callback once the body is complete.</summary>
    private sealed class RecordingContent(HttpContent inner, Action<ReadOnlyMemory<byte>> completed) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            using var copy = new MemoryStream();
            await inner.CopyToAsync(new TeeStream(stream, copy)).ConfigureAwait(false);
            completed(copy.GetBuffer().AsMemory(0, (int)copy.Length));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
