using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Tessera.Grpc.Internal;

/// <summary>
/// Reads length-prefixed messages (see <see cref="LengthPrefixedMessage"/>)
/// from a pipe, one at a time, without copying the payload. Every protocol
/// fault becomes an <see cref="RpcException"/> with a transport ErrorInfo:
/// a length over the limit is RESOURCE_EXHAUSTED (TRN-3) and is refused before
/// the payload is buffered; a compressed flag is INTERNAL (TRN-6); a payload
/// that does not parse, or a stream that ends mid-message, is INTERNAL (TRN-9).
/// </summary>
internal sealed class LengthPrefixedMessageReader<T>
    where T : class, IMessage<T>
{
    private readonly PipeReader _reader;
    private readonly MessageParser<T> _parser;
    private readonly int _maxMessageSize;
    private readonly string _errorDomain;
    private readonly string _peerName;

    /// <param name="reader">The body.</param>
    /// <param name="parser">Parses one payload.</param>
    /// <param name="maxMessageSize">Largest accepted payload in bytes.</param>
    /// <param name="errorDomain">ErrorInfo domain of the statuses raised.</param>
    /// <param name="peerName">"request" or "response", for messages.</param>
    public LengthPrefixedMessageReader(PipeReader reader, MessageParser<T> parser, int maxMessageSize, string errorDomain, string peerName)
    {
        _reader = reader;
        _parser = parser;
        _maxMessageSize = maxMessageSize;
        _errorDomain = errorDomain;
        _peerName = peerName;
    }

    /// <summary>The next message, or null at a clean end of stream.</summary>
    public async ValueTask<T?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            var buffer = result.Buffer;
            T? message;
            SequencePosition consumed;
            try
            {
                if (TryParse(buffer, out message, out consumed))
                {
                    _reader.AdvanceTo(consumed);
                    return message;
                }
            }
            catch
            {
                // Leave the pipe in a consistent state; the call is over anyway.
                _reader.AdvanceTo(buffer.Start);
                throw;
            }
            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                if (buffer.IsEmpty)
                {
                    return null;
                }
                throw TransportErrors.Exception(
                    StatusCode.Internal,
                    TransportErrorReason.TruncatedMessage,
                    $"The {_peerName} stream ended in the middle of a message ({buffer.Length} byte(s) of an incomplete frame).",
                    _errorDomain);
            }
            // Nothing complete yet: say we have looked at everything so the next read waits for more.
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private bool TryParse(in ReadOnlySequence<byte> buffer, out T? message, out SequencePosition consumed)
    {
        message = null;
        consumed = buffer.Start;
        if (!LengthPrefixedMessage.TryReadHeader(buffer, out var flag, out var length))
        {
            return false;
        }
        if (flag == 1)
        {
            throw TransportErrors.Exception(
                StatusCode.Internal,
                TransportErrorReason.CompressedWithoutEncoding,
                $"A {_peerName} message has the compressed flag set but no grpc-encoding was declared.",
                _errorDomain);
        }
        if (flag != 0)
        {
            throw TransportErrors.Exception(
                StatusCode.Internal,
                TransportErrorReason.MalformedFrame,
                $"A {_peerName} message has an invalid compressed flag ({flag}).",
                _errorDomain);
        }
        if (length > (uint)_maxMessageSize)
        {
            throw TransportErrors.Exception(
                StatusCode.ResourceExhausted,
                TransportErrorReason.MessageTooLarge,
                $"Received a {_peerName} message larger than max ({length} vs. {_maxMessageSize}).",
                _errorDomain);
        }
        var frameLength = LengthPrefixedMessage.HeaderSize + (long)length;
        if (buffer.Length < frameLength)
        {
            return false;
        }
        var payload = buffer.Slice(LengthPrefixedMessage.HeaderSize, length);
        try
        {
            message = _parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw TransportErrors.Exception(
                StatusCode.Internal,
                TransportErrorReason.MalformedMessage,
                $"A {_peerName} message could not be parsed: {ex.Message}",
                _errorDomain);
        }
        consumed = payload.End;
        return true;
    }
}
