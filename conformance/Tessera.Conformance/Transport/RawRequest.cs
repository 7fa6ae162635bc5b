using Tessera.Protocol.V1;

namespace Tessera.Conformance.Transport;

/// <summary>One hand-built gRPC request: a path, a body of length-prefixed bytes and the headers, as a probe chooses them.</summary>
internal sealed record RawRequest
{
    /// <summary>The <c>:path</c>: <c>/service/method</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The request body, sent as it is (frames, cut frames or garbage).</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>The <c>content-type</c>; null sends none. Defaults to <c>application/grpc</c>.</summary>
    public string? ContentType { get; init; } = "application/grpc";

    /// <summary>Extra request headers (<c>grpc-encoding</c>, <c>grpc-timeout</c>).</summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    /// <summary>True to send <see cref="Body"/> and then keep the request stream open instead of ending it.</summary>
    public bool KeepOpen { get; init; }

    /// <summary>How long to wait for the answer; null waits the target's call timeout.</summary>
    public TimeSpan? Wait { get; init; }

    /// <summary><c>tessera.v1.SessionService/GetServerInfo</c>: needs no credential, its request is empty.</summary>
    public static readonly string GetServerInfoPath = MethodPaths.GetServerInfo;

    /// <summary>A well-formed GetServerInfo call: the good call every probe makes after a bad one.</summary>
    public static RawRequest GetServerInfo() => new() { Path = GetServerInfoPath, Body = GrpcFrame.Message([]) };

    /// <summary>One line for reports: <c>POST /path (content-type: x, grpc-encoding: y) 5 bytes</c>.</summary>
    public string Describe()
    {
        var headers = new List<string> { "content-type: " + (ContentType ?? "(none)") };
        headers.AddRange(Headers.Select(h => h.Name + ": " + h.Value));
        return $"POST {Path} ({string.Join(", ", headers)}) {Body.Length} body bytes{(KeepOpen ? ", stream left open" : ", then end of stream")}";
    }
}
