using System.Buffers;
using System.Buffers.Binary;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tessera.Conformance.Clients.Running;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Clients.Server;

/// <summary>
/// Middleware in front of the reference server: records every SessionService
/// call (method, session, instance, resume point, server time, final status)
/// and controls the client's watch streams (drop them, refuse new ones), which
/// is how the suite cuts a client off and watches it come back.
/// </summary>
/// <remarks>
/// Each request body (one small message: every SessionService method is unary
/// or server-streaming) is read whole, parsed for the ids, and handed on as a
/// fresh stream, so the server sees exactly what the client sent.
/// </remarks>
internal sealed class CallRecorder
{
    public const string RunnerHeader = "x-tessera-conformance";
    private static readonly string ServicePrefix = MethodPaths.SessionServicePrefix;

    private readonly TimeProvider _serverClock;
    private readonly Lock _gate = new();
    private readonly List<CallRecord> _calls = [];
    private readonly Dictionary<string, List<HttpContext>> _openWatches = [];
    private readonly HashSet<string> _refusedWatches = [];
    private long _next;

    public CallRecorder(TimeProvider serverClock) => _serverClock = serverClock;

    public ConditionSignal Changed { get; } = new();

    /// <summary>The index the next call will get: a marker for "after now".</summary>
    public long NextIndex
    {
        get
        {
            lock (_gate)
            {
                return _next;
            }
        }
    }

    /// <summary>Calls by the client under test (not the runner) matching <paramref name="filter"/>.</summary>
    public List<CallRecord> ClientCalls(Func<CallRecord, bool> filter)
    {
        lock (_gate)
        {
            return _calls.Where(c => !c.ByRunner && filter(c)).ToList();
        }
    }

    public int OpenWatchCount(string sessionId)
    {
        lock (_gate)
        {
            return _openWatches.TryGetValue(sessionId, out var open) ? open.Count : 0;
        }
    }

    /// <summary>While on, the client's new watch calls for the session are answered UNAVAILABLE at once.</summary>
    public void RefuseWatches(string sessionId, bool refuse)
    {
        lock (_gate)
        {
            if (refuse)
            {
                _refusedWatches.Add(sessionId);
            }
            else
            {
                _refusedWatches.Remove(sessionId);
            }
        }
    }

    /// <summary>Aborts the client's open watch streams of the session (RST_STREAM: a cut connection, as the client sees it).</summary>
    public void DropWatches(string sessionId)
    {
        HttpContext[] open;
        lock (_gate)
        {
            open = _openWatches.TryGetValue(sessionId, out var list) ? [.. list] : [];
        }

        foreach (var context in open)
        {
            context.Abort();
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(ServicePrefix, StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var method = path[ServicePrefix.Length..];
        var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        context.Request.Body = new MemoryStream(body, writable: false);
        var (sessionId, instanceId, resumeAfter) = Parse(method, body);
        var byRunner = context.Request.Headers.ContainsKey(RunnerHeader);
        CallRecord record;
        bool refuse;
        lock (_gate)
        {
            record = new CallRecord
            {
                Index = _next++,
                Method = method,
                SessionId = sessionId,
                ClientInstanceId = instanceId,
                ResumeAfterSeq = resumeAfter,
                ServerTime = _serverClock.GetUtcNow(),
                ByRunner = byRunner,
            };
            _calls.Add(record);
            var watch = method == "WatchSession" && !byRunner;
            refuse = watch && _refusedWatches.Contains(sessionId);
            if (watch && !refuse)
            {
                if (!_openWatches.TryGetValue(sessionId, out var list))
                {
                    _openWatches[sessionId] = list = [];
                }

                list.Add(context);
            }
        }

        Changed.Pulse();
        try
        {
            if (refuse)
            {
                // Trailers-Only, as a server that cannot take the stream answers (TRN-7).
                context.Response.ContentType = "application/grpc";
                context.Response.Headers["grpc-status"] = "14";
                context.Response.Headers["grpc-message"] = "refused by the conformance runner";
                return;
            }

            await next(context).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                record.Status = StatusOf(context) ?? (refuse ? 14 : 13);
                if (_openWatches.TryGetValue(sessionId, out var list))
                {
                    list.Remove(context);
                }
            }

            Changed.Pulse();
        }
    }

    private static int? StatusOf(HttpContext context)
    {
        var value = context.Response.Headers["grpc-status"].ToString();
        if (string.IsNullOrEmpty(value) && context.Features.Get<IHttpResponseTrailersFeature>() is { } trailers)
        {
            value = trailers.Trailers["grpc-status"].ToString();
        }

        return int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            if (result.IsCompleted || result.IsCanceled)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static (string SessionId, string InstanceId, ulong ResumeAfter) Parse(string method, byte[] body)
    {
        // gRPC framing: 1 byte compressed flag, 4 bytes big-endian length, the message.
        if (body.Length < 5 || body[0] != 0)
        {
            return (string.Empty, string.Empty, 0);
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1, 4));
        if (length < 0 || length > body.Length - 5)
        {
            return (string.Empty, string.Empty, 0);
        }

        try
        {
            var message = body.AsSpan(5, length).ToArray();
            return method switch
            {
                "StartSession" => (string.Empty, StartSessionRequest.Parser.ParseFrom(message).ClientInstanceId, 0),
                "GetSession" => (GetSessionRequest.Parser.ParseFrom(message).SessionId, string.Empty, 0),
                "UpdateSessionToken" => (UpdateSessionTokenRequest.Parser.ParseFrom(message).SessionId, string.Empty, 0),
                "EndSession" => (EndSessionRequest.Parser.ParseFrom(message).SessionId, string.Empty, 0),
                "WatchSession" => Watch(WatchSessionRequest.Parser.ParseFrom(message)),
                _ => (string.Empty, string.Empty, 0),
            };
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // The server will refuse it (TRN-9); nothing to record about it.
            return (string.Empty, string.Empty, 0);
        }

        static (string, string, ulong) Watch(WatchSessionRequest request) => (request.SessionId, string.Empty, request.ResumeAfterSeq);
    }
}
