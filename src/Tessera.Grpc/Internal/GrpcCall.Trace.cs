using System.Net.Http.Headers;
using Google.Protobuf;

namespace Tessera.Grpc.Internal;

internal sealed partial class GrpcCall<TRequest, TResponse>
{
    /// <summary>Reports one step to the channel's trace hook; costs nothing when there is none.</summary>
    public void Trace(GrpcTraceEventKind kind, IReadOnlyList<KeyValuePair<string, string>>? headers = null, IMessage? message = null, Status? status = null)
    {
        if (_trace is null)
        {
            return;
        }
        _trace(new GrpcTraceEvent(kind, _method.FullName, Now(), headers, message, status));
    }

    private static List<KeyValuePair<string, string>> TraceHeaders(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var list = new List<KeyValuePair<string, string>>
        {
            new(":method", request.Method.Method),
            new(":scheme", uri.Scheme),
            new(":path", uri.PathAndQuery),
            new(":authority", uri.Authority),
        };
        AddRaw(list, request.Headers);
        if (request.Content is not null)
        {
            AddRaw(list, request.Content.Headers);
        }
        return list;
    }

    private static List<KeyValuePair<string, string>> TraceHeaders(HttpResponseMessage response)
    {
        var list = new List<KeyValuePair<string, string>>
        {
            new(":status", ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        AddRaw(list, response.Headers);
        AddRaw(list, response.Content.Headers);
        return list;
    }

    private static List<KeyValuePair<string, string>> RawHeaders(HttpHeaders headers)
    {
        var list = new List<KeyValuePair<string, string>>();
        AddRaw(list, headers);
        return list;
    }

    private static void AddRaw(List<KeyValuePair<string, string>> list, HttpHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            foreach (var value in header.Value)
            {
                list.Add(new(header.Key.ToLowerInvariant(), value));
            }
        }
    }
}
