using System.Reflection;
using Grpc.Core;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;

namespace Tessera.Server.Tests.Errors;

/// <summary>
/// The catalog is keyed by the <see cref="ErrorReasons"/> constants themselves, so
/// a reason added there without a status code and action here fails at once,
/// not the first time a handler answers with it.
/// </summary>
public sealed class ErrorCatalogTests
{
    public static TheoryData<string> Reasons()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(ErrorReasons).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.IsLiteral && field.Name != nameof(ErrorReasons.Domain))
            {
                data.Add((string)field.GetRawConstantValue()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public void EveryProtocolReason_HasAStatusCodeAndAnAction(string reason)
    {
        Assert.NotEqual(StatusCode.OK, ErrorCatalog.StatusCodeOf(reason));
        Assert.True(Enum.IsDefined(ErrorCatalog.ActionOf(reason)));
    }

    [Fact]
    public void AReasonTheProtocolDoesNotName_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorCatalog.StatusCodeOf("TOKEN_EXPIRED "));
    }

    [Fact]
    public void TheStatus_CarriesTheReasonAsSpelledInTheProtocol()
    {
        var status = TesseraError.Terminated(SessionEndReason.SessionReplaced).ToStatus();
        var info = Assert.Single(status.Details).Unpack<Google.Rpc.ErrorInfo>();
        Assert.Equal(ErrorReasons.SessionTerminated, info.Reason);
        Assert.Equal((int)StatusCode.FailedPrecondition, status.Code);
    }
}
