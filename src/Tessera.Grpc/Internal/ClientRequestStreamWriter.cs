using System.Buffers;
using Google.Protobuf;

namespace Tessera.Grpc.Internal;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
internal sealed class ClientRequestStreamWriter<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private int _writing;
    private volatile bool _completed;

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("The request stream was already completed.");
        }
        ThrowIfCallFinished();
        if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
        {
            throw new InvalidOperationException("Only one write can be pending at a time.");
        }
        byte[]? buffer = null;
        try
        {
            var size = message.CalculateSize();
            if (size > call.MaxSendMessageSize)
            {
                throw call.FailLocally(call.SendTooLarge(size));
            }
            var content = call.RequestContent!;
            using var linked = cancellationToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CallToken)
                : null;
            var token = linked?.Token ?? call.CallToken;
            var stream = await content.Stream.WaitAsync(token).ConfigureAwait(false);

            var length = LengthPrefixedMessage.HeaderSize + size;
            buffer = ArrayPool<byte>.Shared.Rent(length);
            LengthPrefixedMessage.WriteHeader(buffer, size);
            message.WriteTo(buffer.AsSpan(LengthPrefixedMessage.HeaderSize, size));
            await stream.WriteAsync(buffer.AsMemory(0, length), token).ConfigureAwait(false);
            await stream.FlushAsync(token).ConfigureAwait(false);
            call.Trace(GrpcTraceEventKind.RequestMessage, message: message);
        }
        catch (Exception ex) when (ex is not RpcException and not InvalidOperationException)
        {
            // A failed write leaves the request stream unusable: the call ends here, unless it already has.
            var status = cancellationToken.IsCancellationRequested && !call.CallToken.IsCancellationRequested
                ? new Status(StatusCode.Cancelled, "A request write was cancelled by the caller.")
                : call.StatusFromException(ex);
            call.Finish(status, new Metadata());
            ThrowIfCallFinished();
            throw;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            Volatile.Write(ref _writing, 0);
        }
    }

    public Task CompleteAsync()
    {
        if (_completed)
        {
            return Task.CompletedTask;
        }
        _completed = true;
        if (!call.IsFinished)
        {
            call.RequestContent!.Complete();
            call.Trace(GrpcTraceEventKind.RequestCompleted);
        }
        return Task.CompletedTask;
    }

    private void ThrowIfCallFinished()
    {
        if (!call.IsFinished)
        {
            return;
        }
        var status = call.GetStatus();
        if (status.Code != StatusCode.OK)
        {
            throw call.FinishedException();
        }
        throw new InvalidOperationException("The call is complete; no more requests can be written.");
    }
}
