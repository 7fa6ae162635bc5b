using System.Globalization;
using System.Text;
using Google.Protobuf;
using Tessera.Conformance.Cases;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Transport;

/// <summary>
/// The <c>transport/*</c> cases: each probes one TRN rule of SPEC.md with
/// hand-built HTTP/2 requests, and after every bad request checks that a good
/// GetServerInfo still succeeds on the same connection. Every probe calls
/// only methods any Tessera server has and that need no credential.
/// </summary>
internal static class TransportCases
{
    /// <summary>The section heading reports group these cases under.</summary>
    public const string Section = "Transport (gRPC stack)";

    /// <summary>The prefix of every transport case name.</summary>
    public const string Prefix = "transport/";

    private const int Ok = 0;
    private const int DeadlineExceeded = 4;
    private const int ResourceExhausted = 8;
    private const int Unimplemented = 12;
    private const int Internal = 13;

    /// <summary>HTTP/2 CANCEL: how the protocol document says a server ends a call whose deadline passed.</summary>
    private const long Http2Cancel = 8;

    /// <summary>gRPC's default receive limit (TRN-3).</summary>
    private const int DefaultLimit = 4 * 1024 * 1024;

    /// <summary>The deadline the TRN-4 probe sends.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>An encoding no gRPC stack supports (TRN-6).</summary>
    private const string UnknownEncoding = "x-tessera-unknown";

    /// <summary>True for a transport case's name.</summary>
    public static bool IsTransport(string caseName) => caseName.StartsWith(Prefix, StringComparison.Ordinal);

    public static IReadOnlyList<ConformanceCase> All { get; } =
    [
        Case("http1-refused", "an HTTP/1.1 request is clearly refused, not hung or served", Req.TRN_1, Http1RefusedAsync),
        Case("content-type", "a content-type not beginning with application/grpc gets HTTP 415", Req.TRN_2, ContentTypeAsync),
        Case("oversized-message", "a request message over 4 MiB ends the call with RESOURCE_EXHAUSTED", Req.TRN_3, OversizedAsync),
        Case("grpc-timeout", "a call still waiting for its request ends when its grpc-timeout runs out", Req.TRN_4, TimeoutAsync),
        Case("unknown-method", "an unknown method or service ends with UNIMPLEMENTED", Req.TRN_5, UnknownMethodAsync),
        Case("compression-flag", "a compressed flag without grpc-encoding is INTERNAL; an unknown encoding UNIMPLEMENTED", Req.TRN_6, CompressionAsync),
        Case("trailers-only", "errors before any message are Trailers-Only, with a percent-encoded grpc-message", Req.TRN_7, TrailersOnlyAsync),
        Case("health", "grpc.health.v1.Health/Check answers SERVING", Req.TRN_8, HealthAsync),
        Case("malformed-message", "an unparseable or cut request message is INTERNAL, and the connection still serves", Req.TRN_9, MalformedAsync),
    ];

    private static TransportCase Case(string name, string summary, string id, Func<TransportProbe, Task> probe) =>
        new(new CaseInfo(Prefix + name, summary, [id], "probe"), probe);

    private static async Task Http1RefusedAsync(TransportProbe probe)
    {
        var outcome = await Http1Probe.RunAsync(probe.Target, probe.Cancellation).ConfigureAwait(false);
        var step = probe.Step($"HTTP/1.1 POST {RawRequest.GetServerInfoPath} (content-type: application/grpc)",
            "an HTTP/1.x error status, a refused TLS handshake or a closed connection", outcome.Description);
        TransportProbe.Expect(step, outcome.Refused, Req.TRN_1, "HTTP/1.1 was not clearly refused: " + outcome.Description);
    }

    private static async Task ContentTypeAsync(TransportProbe probe)
    {
        foreach (var contentType in new string?[] { "text/plain", "application/json", null })
        {
            var request = RawRequest.GetServerInfo() with { ContentType = contentType };
            var (step, answer) = await probe.ExchangeAsync(request, "HTTP 415").ConfigureAwait(false);
            TransportProbe.Expect(step, answer.HttpStatus == 415, Req.TRN_2,
                $"content-type {contentType ?? "(none)"} got {answer.Describe()} instead of HTTP 415{(answer.Is(Ok) ? ": the method ran" : "")}");
            await probe.StillServesAsync(Req.TRN_2).ConfigureAwait(false);
        }
    }

    private static async Task OversizedAsync(TransportProbe probe)
    {
        var message = new StartSessionRequest
        {
            ClientInstanceId = "tessera-conformance-trn-3",
            Token = new string('a', DefaultLimit + 1024),
            ProtocolVersion = "tessera.v1",
        }.ToByteArray();
        var request = new RawRequest { Path = MethodPaths.StartSession, Body = GrpcFrame.Message(message) };
        var (step, answer) = await probe.ExchangeAsync(request, "grpc-status 8 RESOURCE_EXHAUSTED").ConfigureAwait(false);
        TransportProbe.Expect(step, answer.Is(ResourceExhausted), Req.TRN_3,
            $"a {message.Length.ToString(CultureInfo.InvariantCulture)}-byte StartSession message (limit 4 MiB) got {answer.Describe()} instead of RESOURCE_EXHAUSTED");
        await probe.StillServesAsync(Req.TRN_3).ConfigureAwait(false);
    }

    /// <summary>
    /// A call that cannot end by itself: GetServerInfo whose request stream
    /// stays open after two bytes of a message header, so the server waits
    /// for the rest of its one message for ever. Only the 200 ms
    /// <c>grpc-timeout</c> can end it; the probe waits that plus the call
    /// timeout. The wait ends as soon as the target answers, so a conforming
    /// target costs 200 ms; only one that ignores the deadline costs the
    /// full wait, and that is the finding.
    /// </summary>
    private static async Task TimeoutAsync(TransportProbe probe)
    {
        var request = new RawRequest
        {
            Path = RawRequest.GetServerInfoPath,
            Body = [0, 0],
            KeepOpen = true,
            Headers = [("grpc-timeout", ((int)ProbeTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "m")],
            Wait = ProbeTimeout + probe.Target.CallTimeout,
        };
        var (step, answer) = await probe.ExchangeAsync(request, "grpc-status 4 DEADLINE_EXCEEDED or RST_STREAM CANCEL, soon after 0.2 s").ConfigureAwait(false);
        var honoured = answer.Is(DeadlineExceeded) || answer.ResetCode == Http2Cancel;
        // The target's clock starts after ours, so its deadline cannot pass before ours does (less timer slack).
        var early = answer.Elapsed < ProbeTimeout * 0.9;
        TransportProbe.Expect(step, honoured && !early, Req.TRN_4, early && !answer.TimedOut
            ? $"the call ended after {answer.Elapsed.TotalSeconds:0.00} s, before its 200 ms grpc-timeout could run out: {answer.Describe()}"
            : answer.TimedOut
            ? $"the call was still open {(answer.Elapsed - ProbeTimeout).TotalSeconds:0.0} s after its 200 ms grpc-timeout ran out, when the probe stopped waiting"
            : $"a call whose 200 ms grpc-timeout ran out ended with {answer.Describe()} instead of DEADLINE_EXCEEDED or RST_STREAM CANCEL");
        await probe.StillServesAsync(Req.TRN_4).ConfigureAwait(false);
    }

    private static async Task UnknownMethodAsync(TransportProbe probe)
    {
        foreach (var path in new[] { MethodPaths.SessionServicePrefix + "NoSuchMethod", "/tessera.conformance.v1.NoSuchService/GetServerInfo" })
        {
            var request = new RawRequest { Path = path, Body = GrpcFrame.Message([]) };
            var (step, answer) = await probe.ExchangeAsync(request, "grpc-status 12 UNIMPLEMENTED").ConfigureAwait(false);
            TransportProbe.Expect(step, answer.Is(Unimplemented), Req.TRN_5, $"{path} got {answer.Describe()} instead of UNIMPLEMENTED");
            await probe.StillServesAsync(Req.TRN_5).ConfigureAwait(false);
        }
    }

    private static async Task CompressionAsync(TransportProbe probe)
    {
        // Flagged compressed, but the bytes are a valid uncompressed GetServerInfoRequest (an unknown
        // field 1 = 1): a stack that ignores the flag or the encoding runs the method and answers OK.
        var compressed = GrpcFrame.Frame(1, 2, [0x08, 0x01]);
        foreach (var encoding in new[] { null, "identity" })
        {
            var request = RawRequest.GetServerInfo() with { Body = compressed, Headers = encoding is null ? [] : [("grpc-encoding", encoding)] };
            var (step, answer) = await probe.ExchangeAsync(request, "grpc-status 13 INTERNAL").ConfigureAwait(false);
            TransportProbe.Expect(step, answer.Is(Internal), Req.TRN_6,
                $"a compressed message with {(encoding is null ? "no grpc-encoding" : "grpc-encoding identity")} got {answer.Describe()} instead of INTERNAL{(answer.Is(Ok) ? ": the method ran" : "")}");
            await probe.StillServesAsync(Req.TRN_6).ConfigureAwait(false);
        }

        var unknown = RawRequest.GetServerInfo() with { Body = compressed, Headers = [("grpc-encoding", UnknownEncoding)] };
        var (unknownStep, unknownAnswer) = await probe.ExchangeAsync(unknown, "grpc-status 12 UNIMPLEMENTED, grpc-accept-encoding without " + UnknownEncoding).ConfigureAwait(false);
        TransportProbe.Expect(unknownStep, unknownAnswer.Is(Unimplemented), Req.TRN_6,
            $"a message compressed with unsupported grpc-encoding {UnknownEncoding} got {unknownAnswer.Describe()} instead of UNIMPLEMENTED{(unknownAnswer.Is(Ok) ? ": the method ran" : "")}");
        var listed = unknownAnswer.AcceptEncoding?.Split(',').Any(e => e.Trim().Equals(UnknownEncoding, StringComparison.OrdinalIgnoreCase)) ?? false;
        TransportProbe.Expect(unknownStep, !listed, Req.TRN_6, $"grpc-accept-encoding \"{unknownAnswer.AcceptEncoding}\" lists the unsupported encoding {UnknownEncoding}");
        await probe.StillServesAsync(Req.TRN_6).ConfigureAwait(false);
    }

    private static async Task TrailersOnlyAsync(TransportProbe probe)
    {
        var unknownSession = new GetSessionRequest { SessionId = "tessera-conformance-trn-7 100% \u00e9t\u00e9 no-such-session" }.ToByteArray();
        RawRequest[] requests =
        [
            new() { Path = MethodPaths.SessionServicePrefix + "NoSuchMethod", Body = GrpcFrame.Message([]) },
            new() { Path = MethodPaths.GetSession, Body = GrpcFrame.Message(unknownSession) },
        ];
        foreach (var request in requests)
        {
            var (step, answer) = await probe.ExchangeAsync(request, "HTTP 200, trailers-only grpc-status (an error), percent-encoded grpc-message").ConfigureAwait(false);
            if (answer.Is(Ok) || answer.GrpcStatus is null)
            {
                // Not an error, or no gRPC answer at all: other cases judge that; there is no Trailers-Only shape to judge here.
                continue;
            }

            TransportProbe.Expect(step, answer.TrailersOnly, Req.TRN_7,
                $"an error before any response message was not Trailers-Only: grpc-status came in trailers after {(answer.Body.Length > 0 ? answer.Body.Length.ToString(CultureInfo.InvariantCulture) + " body bytes" : "separate response headers")}");
            TransportProbe.Expect(step, answer.HttpStatus == 200 && (answer.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) ?? false), Req.TRN_7,
                $"a Trailers-Only response needs HTTP 200 and a gRPC content-type; got HTTP {answer.HttpStatus}, content-type {answer.ContentType ?? "(none)"}");
            if (answer.GrpcMessage is { } message && GrpcMessageGrammar.Problem(message) is { } problem)
            {
                step.Findings.Add(new Finding([Req.TRN_7], $"grpc-message \"{message}\" is not percent-encoded: {problem}"));
            }
        }

        await probe.StillServesAsync(Req.TRN_7).ConfigureAwait(false);
    }

    private static async Task HealthAsync(TransportProbe probe)
    {
        foreach (var service in new[] { "", SessionService.Descriptor.FullName })
        {
            // grpc.health.v1.HealthCheckRequest { string service = 1; }
            byte[] payload = service.Length == 0 ? [] : new byte[] { 0x0A, (byte)service.Length }.Concat(Encoding.ASCII.GetBytes(service)).ToArray();
            var request = new RawRequest { Path = "/grpc.health.v1.Health/Check", Body = GrpcFrame.Message(payload) };
            var (step, answer) = await probe.ExchangeAsync(request, $"grpc-status 0 OK, status SERVING for \"{service}\"").ConfigureAwait(false);
            var serving = answer.Is(Ok) && ServingStatus(answer.Body) == 1;
            TransportProbe.Expect(step, serving, Req.TRN_8,
                $"Health/Check for \"{service}\" got {answer.Describe()}{(answer.Is(Ok) ? $", status {ServingStatus(answer.Body)?.ToString(CultureInfo.InvariantCulture) ?? "unreadable"}" : "")} instead of SERVING (1)");
        }
    }

    private static async Task MalformedAsync(TransportProbe probe)
    {
        (string What, byte[] Body)[] bodies =
        [
            // Field 1, length-delimited, says 127 bytes but 1 follows: no protobuf parser accepts it.
            ("an unparseable message", GrpcFrame.Message([0x0A, 0x7F, 0x01])),
            // A header declaring 16 bytes, 3 bytes, then END_STREAM.
            ("a stream cut in the middle of a message", GrpcFrame.Frame(0, 16, [0x0A, 0x01, 0x61])),
        ];
        foreach (var (what, body) in bodies)
        {
            var request = RawRequest.GetServerInfo() with { Body = body };
            var (step, answer) = await probe.ExchangeAsync(request, "grpc-status 13 INTERNAL").ConfigureAwait(false);
            TransportProbe.Expect(step, answer.Is(Internal), Req.TRN_9,
                $"{what} got {answer.Describe()} instead of INTERNAL{(answer.Is(Ok) ? ": the method ran" : "")}");
            await probe.StillServesAsync(Req.TRN_9).ConfigureAwait(false);
        }
    }

    /// <summary>HealthCheckResponse.status (field 1) from a one-message response body; null when unreadable.</summary>
    private static int? ServingStatus(byte[] body)
    {
        if (body.Length < 5 || body[0] != 0)
        {
            return null;
        }

        try
        {
            var input = new CodedInputStream(body, 5, body.Length - 5);
            var status = 0;
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (tag == 8)
                {
                    status = input.ReadInt32();
                }
                else
                {
                    input.SkipLastField();
                }
            }

            return status;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
