using System.Buffers.Binary;
using Tessera.Protocol.V1;

namespace Tessera.Client.Tests.Infrastructure;

/// <summary>
/// The client's HTTP handler in these tests: passes every call through and
/// records its method name (and, for WatchSession, the resume point), so a test
/// can count what the client actually sent.
/// </summary>
internal sealed class RequestLog : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly List<string> _methods = [];
    private readonly List<ulong> _resumePoints = [];
    private readonly List<string> _refused = [];

    public RequestLog()
        : base(new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = true })
    {
    }

    public ConditionSignal Changed { get; } = new();

    public int Count(string method)
    {
        lock (_gate)
        {
            return _methods.Count(m => m == method);
        }
    }

    /// <summary>How many calls of <paramref name="method"/> the server refused before any response (a Trailers-Only error, TRN-7).</summary>
    public int Refused(string method)
    {
        lock (_gate)
        {
            return _refused.Count(m => m == method);
        }
    }

    public IReadOnlyList<ulong> ResumePoints
    {
        get
        {
            lock (_gate)
            {
                return [.. _resumePoints];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.RequestUri!.AbsolutePath.Split('/')[^1];
        ulong? resume = null;
        if (method == "WatchSession" && request.Content is not null)
        {
            // Buffers the body; the handler below then sends the buffered copy.
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1, 4));
            resume = WatchSessionRequest.Parser.ParseFrom(body, 5, length).ResumeAfterSeq;
        }

        lock (_gate)
        {
            _methods.Add(method);
            if (resume is { } seq)
            {
                _resumePoints.Add(seq);
            }
        }

        Changed.Pulse();
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("grpc-status", out var status) && status.First() != "0")
        {
            lock (_gate)
            {
                _refused.Add(method);
            }
        }

        return response;
    }
}
