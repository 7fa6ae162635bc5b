using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Conformance.Target;
using Grpc.Core;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tests;

public sealed class AnswerJudgeTests
{
    private static ErrorDetails Details(int code, string reason, string? action, string? endReason = null, string domain = "tessera.v1", int infos = 1)
    {
        var status = new Google.Rpc.Status { Code = code };
        for (var i = 0; i < infos; i++)
        {
            var info = new ErrorInfo { Domain = domain, Reason = reason };
            if (action is not null)
            {
                info.Metadata.Add("action", action);
            }

            if (endReason is not null)
            {
                info.Metadata.Add("end_reason", endReason);
            }

            status.Details.Add(Any.Pack(info));
        }

        return ErrorDetails.From(status);
    }

    private static List<Finding> Judge(Expectation expected, StatusCode code, ErrorDetails error)
    {
        var findings = new List<Finding>();
        AnswerJudge.Judge(expected, code, error, findings);
        return findings;
    }

    [Fact]
    public void Judge_RightReasonCodeAndAction_FindsNothing()
    {
        var findings = Judge(Expectation.Fail(ErrorReasons.TokenStale, Req.UPD_4), StatusCode.FailedPrecondition, Details(9, "TOKEN_STALE", "REFRESH_TOKEN"));

        Assert.Empty(findings);
    }

    [Fact]
    public void Judge_RightReasonWrongStatusCode_NamesErr2()
    {
        var findings = Judge(Expectation.Fail(ErrorReasons.SessionNotFound, Req.SES_6), StatusCode.InvalidArgument, Details(3, "SESSION_NOT_FOUND", "START_NEW_SESSION"));

        Assert.Equal(Req.ERR_2, Assert.Single(findings).Ids[0]);
    }

    [Fact]
    public void Judge_NoDetailsTrailer_NamesErr1()
    {
        var findings = Judge(Expectation.Fail(ErrorReasons.SessionNotFound, Req.SES_6), StatusCode.NotFound, ErrorDetails.None);

        Assert.Contains(findings, f => f.Ids[0] == Req.ERR_1);
    }

    [Theory]
    [InlineData("other.domain", 1)]
    [InlineData("tessera.v1", 2)]
    public void Judge_WrongDomainOrTwoErrorInfos_NamesErr1(string domain, int infos)
    {
        var findings = Judge(Expectation.Fail(ErrorReasons.SessionNotFound, Req.SES_6), StatusCode.NotFound, Details(5, "SESSION_NOT_FOUND", "START_NEW_SESSION", domain: domain, infos: infos));

        Assert.Equal(Req.ERR_1, Assert.Single(findings).Ids[0]);
    }

    [Fact]
    public void Judge_WrongAction_NamesErr3()
    {
        var findings = Judge(Expectation.Fail(ErrorReasons.TokenExpired, Req.TOK_12), StatusCode.Unauthenticated, Details(16, "TOKEN_EXPIRED", "NONE"));

        Assert.Equal(Req.ERR_3, Assert.Single(findings).Ids[0]);
    }

    [Fact]
    public void Judge_TerminatedWithoutEndReason_NamesErr5()
    {
        var expected = Expectation.Fail(ErrorReasons.SessionTerminated, Req.END_3) with { EndReason = SessionEndReason.Ended };

        var findings = Judge(expected, StatusCode.FailedPrecondition, Details(9, "SESSION_TERMINATED", "START_NEW_SESSION"));

        Assert.Equal(Req.ERR_5, Assert.Single(findings).Ids[0]);
    }

    [Fact]
    public void Judge_ALaterCheckAnswersFirst_NamesErr4()
    {
        var expected = Expectation.FromFailures([new Rule(ErrorReasons.TokenInvalid, [Req.TOK_6]), new Rule(ErrorReasons.TokenExpired, [Req.TOK_12])], []);

        var findings = Judge(expected, StatusCode.Unauthenticated, Details(16, "TOKEN_EXPIRED", "REFRESH_TOKEN"));

        Assert.Equal([Req.ERR_4, Req.TOK_6], Assert.Single(findings).Ids);
    }

    [Fact]
    public void Judge_ValidTokenRefusedAsRolesMismatch_NamesUpd3AndTok9Only()
    {
        // The reason names its rule; UPD-5 (what the OK would have shown) was not broken.
        var findings = Judge(Expectation.Ok(Req.UPD_5), StatusCode.PermissionDenied, Details(7, "ROLES_MISMATCH", "START_NEW_SESSION"));

        Assert.Equal([Req.UPD_3, Req.TOK_9], Assert.Single(findings).Ids);
    }

    [Fact]
    public void Judge_EarlierCheckFailedWhereTheModelSaysItPasses_NamesThatCheckNotTheExpectedOne()
    {
        // Same role set, earlier exp: TOKEN_STALE is due; ROLES_MISMATCH means the
        // roles check is wrong, and the stale check was never reached.
        var findings = Judge(Expectation.Fail(ErrorReasons.TokenStale, Req.UPD_4), StatusCode.PermissionDenied, Details(7, "ROLES_MISMATCH", "START_NEW_SESSION"));

        Assert.Equal([Req.UPD_3, Req.TOK_9], Assert.Single(findings).Ids);
    }

    [Fact]
    public void Judge_RefusalWhoseReasonNamesNoRule_NamesWhatTheOkShows()
    {
        var findings = Judge(Expectation.Ok(Req.ONE_3, Req.SES_1), StatusCode.AlreadyExists, Details(6, "SESSION_ALREADY_ACTIVE", "NONE"));

        Assert.Equal([Req.ONE_3, Req.SES_1], Assert.Single(findings).Ids);
    }

    [Fact]
    public void Judge_AnswerTheModelHasAnOverrideFor_NamesTheOverride()
    {
        var expected = Expectation.Fail(ErrorReasons.SessionTerminated, Req.END_3) with
        {
            IdsWhenActual = new Dictionary<string, IReadOnlyList<string>> { [ErrorReasons.TokenExpired] = [Req.EXP_4, Req.SES_6] },
        };

        var findings = Judge(expected, StatusCode.Unauthenticated, Details(16, "TOKEN_EXPIRED", "REFRESH_TOKEN"));

        Assert.Equal([Req.EXP_4, Req.SES_6], Assert.Single(findings).Ids);
    }

    [Fact]
    public void Judge_AllowedAlternative_IsAcceptedAndReturned()
    {
        var expected = Expectation.Ok(Req.END_2) with { AlsoAcceptable = [ErrorReasons.SessionNotFound] };
        var findings = new List<Finding>();

        var matched = AnswerJudge.Judge(expected, StatusCode.NotFound, Details(5, "SESSION_NOT_FOUND", "START_NEW_SESSION"), findings);

        Assert.Equal(ErrorReasons.SessionNotFound, matched);
        Assert.Empty(findings);
    }
}
