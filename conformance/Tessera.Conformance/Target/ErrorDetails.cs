using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Tessera.Conformance.Target;

/// <summary>
/// What a non-OK answer carried in <c>grpc-status-details-bin</c> (ERR-1):
/// the google.rpc.Status code, how many ErrorInfo it held, and the first
/// ErrorInfo's domain, reason and metadata.
/// </summary>
internal sealed record ErrorDetails
{
    public static readonly ErrorDetails None = new();

    /// <summary>True when the trailer was present and parsed.</summary>
    public bool Present { get; init; }

    /// <summary>google.rpc.Status.code, as a number (it must equal the grpc-status).</summary>
    public int DetailsCode { get; init; }

    public int ErrorInfoCount { get; init; }

    public int OtherDetailCount { get; init; }

    public string? Domain { get; init; }

    public string? Reason { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public string? Action => Metadata.GetValueOrDefault("action");

    public string? EndReason => Metadata.GetValueOrDefault("end_reason");

    /// <summary>
    /// The details an <see cref="Grpc.Core.RpcException"/> carried. A trailer that
    /// does not decode counts as absent: the judge then reports the missing ErrorInfo.
    /// </summary>
    public static ErrorDetails From(RpcException exception)
    {
        try
        {
            return From(exception.GetRpcStatus());
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return None;
        }
    }

    public static ErrorDetails From(Google.Rpc.Status? status)
    {
        if (status is null)
        {
            return None;
        }

        ErrorInfo? first = null;
        var infos = 0;
        var others = 0;
        foreach (var any in status.Details)
        {
            if (any.Is(ErrorInfo.Descriptor))
            {
                infos++;
                first ??= TryUnpack(any);
            }
            else
            {
                others++;
            }
        }

        return new ErrorDetails
        {
            Present = true,
            DetailsCode = status.Code,
            ErrorInfoCount = infos,
            OtherDetailCount = others,
            Domain = first?.Domain,
            Reason = first?.Reason,
            Metadata = first is null ? new Dictionary<string, string>() : new Dictionary<string, string>(first.Metadata),
        };
    }

    private static ErrorInfo? TryUnpack(Any any)
    {
        try
        {
            return any.Unpack<ErrorInfo>();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
