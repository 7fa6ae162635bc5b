using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

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
            // Google.Api.CommonProtos 2.0.0 still calls ErrorInfo field 1 `type`;
            // it is the field every current peer calls `reason`.
            Reason = first?.Type,
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
