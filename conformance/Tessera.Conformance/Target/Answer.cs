using Google.Protobuf;
using Tessera.Conformance.Model;
using Grpc.Core;

namespace Tessera.Conformance.Target;

/// <summary>
/// One unary answer of the target, whatever it was: the status code, the
/// decoded error details, and the response message when OK. The suite never
/// lets an <see cref="RpcException"/> escape; every outcome is an answer.
/// </summary>
internal sealed class Answer<T>
    where T : class, IMessage<T>
{
    public required StatusCode Code { get; init; }

    public string Detail { get; init; } = "";

    public T? Response { get; init; }

    public ErrorDetails Error { get; init; } = ErrorDetails.None;

    public bool IsOk => Code == StatusCode.OK;

    /// <summary>"OK" or "UNAUTHENTICATED TOKEN_EXPIRED action=REFRESH_TOKEN".</summary>
    public string Describe() => AnswerText.Describe(Code, Error, Detail);
}
