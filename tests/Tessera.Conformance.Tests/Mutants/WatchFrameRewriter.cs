using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Rewrites the length-prefixed messages of WatchSession responses on their
/// way to the wire. The server's own event code keeps its invariants (it
/// asserts them), so stream-order mutants are made after it, where a buggy
/// transport or proxy layer would break them.
/// </summary>
internal static class WatchFrameRewriter
{
    private static readonly string WatchPath = MethodPaths.WatchSession;

    public static Func<HttpContext, RequestDelegate, Task> Middleware(WatchFault fault) => async (context, next) =>
    {
        if (context.Request.Path != WatchPath)
        {
            await next(context);
            return;
        }

        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        context.Features.Set<IHttpResponseBodyFeature>(new BodyFeature(original, fault));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(original);
        }
    };

    private sealed class BodyFeature(IHttpResponseBodyFeature inner, WatchFault fault) : IHttpResponseBodyFeature
    {
        private readonly FrameWriter _writer = new(inner.Writer, fault);

        public Stream Stream => inner.Stream;

        public PipeWriter Writer => _writer;

        public void DisableBuffering() => inner.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);

        public async Task CompleteAsync()
        {
            await _writer.FlushAsync();
            await inner.CompleteAsync();
        }
    }

    /// <summary>Buffers what the server writes and forwards it frame by frame, faulted.</summary>
    private sealed class FrameWriter(PipeWriter inner, WatchFault fault) : PipeWriter
    {
        private readonly ArrayBufferWriter<byte> _pending = new();
        private int _frames;

        public override void Advance(int bytes) => _pending.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Forward();
            inner.Complete(exception);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Forward();
            return inner.FlushAsync(cancellationToken);
        }

        private void Forward()
        {
            var data = _pending.WrittenSpan;
            var used = 0;
            while (data.Length - used >= 5)
            {
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data.Slice(used + 1, 4));
                if (data.Length - used - 5 < length)
                {
                    break;
                }

                var frame = data.Slice(used, 5 + length);
                inner.Write(frame);
                if (fault == WatchFault.DuplicateFirstEvent && _frames == 0)
                {
                    inner.Write(frame);
                }
                else if (fault == WatchFault.EventAfterTerminal && WatchSessionResponse.Parser.ParseFrom(frame[5..]) is { Event.Terminated: not null } last)
                {
                    var extra = new WatchSessionResponse
                    {
                        Event = new SessionEvent { Seq = last.Event.Seq + 1, Time = last.Event.Time, TokenUpdated = new TokenUpdated { ExpiresAt = last.Event.Time } },
                    };
                    var bytes = extra.ToByteArray();
                    var header = new byte[5];
                    BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)bytes.Length);
                    inner.Write(header);
                    inner.Write(bytes);
                }

                _frames++;
                used += 5 + length;
            }

            var rest = data[used..].ToArray();
            _pending.ResetWrittenCount();
            rest.CopyTo(_pending.GetSpan(rest.Length));
            _pending.Advance(rest.Length);
        }
    }
}
