using System.Buffers.Text;
using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Options;
using Tessera.Server.Sessions;

namespace Tessera.Server.Tests.Sessions;

public sealed class SessionRegistryStartTests
{
    [Fact]
    [Trait("Requirement", Req.SES_1)]
    [Trait("Requirement", Req.SES_7)]
    public void Start_ValidToken_ActiveSessionWithTokenClaims()
    {
        using var harness = new RegistryHarness();
        var token = harness.Token("alice", roles: ["writer", "admin", "writer", "Admin"]);

        var session = harness.StartOk(token);

        Assert.Equal(SessionState.Active, session.State);
        Assert.Equal("alice", session.UserId);
        Assert.Equal(RegistryHarness.Issuer, session.Issuer);
        Assert.Equal(RegistryHarness.Instance, session.ClientInstanceId);
        Assert.Equal(["Admin", "admin", "writer"], session.Roles);
        Assert.Equal(token.ExpiresAt, session.ExpiresAt);
        Assert.False(session.Guest);
        Assert.Equal(harness.Now, session.AsOf);
        Assert.Equal(SessionEndReason.Unspecified, session.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.SES_7)]
    public void ToProto_StartedSession_CarriesEveryFieldAndServerTime()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk(harness.Token(roles: ["b", "a"]));

        var proto = SessionMapping.ToProto(session);

        Assert.Equal(session.SessionId, proto.SessionId);
        Assert.Equal(["a", "b"], proto.Roles);
        Assert.Equal(SessionState.Active, proto.State);
        Assert.Equal(session.ExpiresAt, proto.ExpiresAt.ToDateTimeOffset());
        Assert.Equal(harness.Now, proto.ServerTime.ToDateTimeOffset());
        Assert.Equal(RegistryHarness.Issuer, proto.Issuer);
    }

    [Fact]
    [Trait("Requirement", Req.SES_2)]
    public void Start_ManySessions_IdsAreDistinctBase64Url128Bits()
    {
        using var harness = new RegistryHarness();
        var ids = new HashSet<string>();

        for (var i = 0; i < 200; i++)
        {
            ids.Add(harness.StartOk(instance: "device-" + i).SessionId);
        }

        Assert.Equal(200, ids.Count);
        foreach (var id in ids)
        {
            Assert.Equal(22, id.Length);
            Assert.Equal(16, Base64Url.DecodeFromChars(id).Length);
        }
    }

    public static TheoryData<string> InvalidInstanceIds => new()
    {
        string.Empty,
        "has space",
        "tab\there",
        new string('x', 129),
        "caf\u00e9",
        "\u007f",
    };

    [Theory]
    [MemberData(nameof(InvalidInstanceIds))]
    [Trait("Requirement", Req.SES_4)]
    public void Start_InvalidClientInstanceId_InvalidRequest(string instance)
    {
        using var harness = new RegistryHarness();

        var result = harness.Start(harness.Token(), instance);

        Assert.Equal(ErrorReasons.InvalidRequest, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.SES_4)]
    public void Start_InstanceIdOf128PrintableChars_Accepted()
    {
        using var harness = new RegistryHarness();

        var result = harness.Start(harness.Token(), new string('~', 128));

        Assert.True(result.IsSuccess);
    }

    [Fact]
    [Trait("Requirement", Req.SES_4)]
    public void Start_NoCredential_InvalidRequest()
    {
        using var harness = new RegistryHarness();

        var result = harness.Registry.Start(new StartSessionInput(RegistryHarness.Instance, null, null, TesseraServerOptions.ProtocolVersionV1, ""));

        Assert.Equal(ErrorReasons.InvalidRequest, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.SES_4)]
    public void Start_TokenAndGuestCredential_InvalidRequest()
    {
        using var harness = new RegistryHarness(o => o.GuestSessionsEnabled = true);

        var result = harness.Registry.Start(new StartSessionInput(RegistryHarness.Instance, RegistryHarness.Valid(harness.Token()), "guest", TesseraServerOptions.ProtocolVersionV1, ""));

        Assert.Equal(ErrorReasons.InvalidRequest, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.SES_4)]
    public void Start_EmptyToken_InvalidRequest()
    {
        using var harness = new RegistryHarness();

        var result = harness.Registry.Start(new StartSessionInput(RegistryHarness.Instance, TokenCheck.Missing, null, TesseraServerOptions.ProtocolVersionV1, ""));

        Assert.Equal(ErrorReasons.InvalidRequest, result.Error?.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tessera.v2")]
    [InlineData("TESSERA.V1")]
    [Trait("Requirement", Req.SES_3)]
    public void Start_EmptyOrUnknownProtocolVersion_SchemaMismatch(string version)
    {
        using var harness = new RegistryHarness();

        var result = harness.Registry.Start(new StartSessionInput(RegistryHarness.Instance, RegistryHarness.Valid(harness.Token()), null, version, ""));

        Assert.Equal(ErrorReasons.SchemaMismatch, result.Error?.Reason);
    }

    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "abc", false)]
    [InlineData("abc", "", true)]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [Trait("Requirement", Req.SES_3)]
    public void Start_SchemaHash_AcceptedWhenEmptyOrEqual(string configured, string sent, bool accepted)
    {
        using var harness = new RegistryHarness(o => o.SchemaHash = configured);

        var result = harness.Registry.Start(new StartSessionInput(RegistryHarness.Instance, RegistryHarness.Valid(harness.Token()), null, TesseraServerOptions.ProtocolVersionV1, sent));

        Assert.Equal(accepted, result.IsSuccess);
        if (!accepted)
        {
            Assert.Equal(ErrorReasons.SchemaMismatch, result.Error?.Reason);
        }
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Start_BadInstanceAndBadSchema_InvalidRequestFirst()
    {
        using var harness = new RegistryHarness();

        var result = harness.Registry.Start(new StartSessionInput("", TokenCheck.Invalid(TesseraError.TokenInvalid("bad")), null, "nope", "x"));

        Assert.Equal(ErrorReasons.InvalidRequest, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Start_BadSchemaAndRejectedToken_SchemaMismatchFirst()
    {
        using var harness = new RegistryHarness();

        var result = harness.Registry.Start(new StartSessionInput(RegistryHarness.Instance, TokenCheck.Invalid(TesseraError.TokenInvalid("bad")), null, "nope", ""));

        Assert.Equal(ErrorReasons.SchemaMismatch, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Start_RejectedTokenOnInstanceWithLiveSession_TokenErrorNotAlreadyActive()
    {
        using var harness = new RegistryHarness();
        harness.StartOk(harness.Token("bob"));
        var expired = new TesseraError(ErrorReasons.TokenExpired, "expired");

        var result = harness.Registry.Start(new StartSessionInput(RegistryHarness.Instance, TokenCheck.Invalid(expired), null, TesseraServerOptions.ProtocolVersionV1, ""));

        Assert.Same(expired, result.Error);
    }

    [Fact]
    [Trait("Requirement", Req.SES_5)]
    public void Start_GuestWhenDisabled_GuestDisabled()
    {
        using var harness = new RegistryHarness();

        var result = harness.StartGuest("visitor");

        Assert.Equal(ErrorReasons.GuestDisabled, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.SES_5)]
    [Trait("Requirement", Req.ERR_4)]
    public void Start_GuestWithBadUserIdWhenDisabled_InvalidRequestFirst()
    {
        using var harness = new RegistryHarness();

        var result = harness.StartGuest("has space");

        Assert.Equal(ErrorReasons.InvalidRequest, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.SES_5)]
    public void Start_GuestWhenEnabled_GuestSessionWithLifetimeAndGuestIssuer()
    {
        using var harness = new RegistryHarness(o =>
        {
            o.GuestSessionsEnabled = true;
            o.GuestSessionLifetime = TimeSpan.FromMinutes(20);
            o.GuestIssuer = "guests";
        });

        var result = harness.StartGuest("visitor");

        Assert.True(result.IsSuccess);
        var session = result.Value!;
        Assert.True(session.Guest);
        Assert.Empty(session.Roles);
        Assert.Equal("guests", session.Issuer);
        Assert.Equal("visitor", session.UserId);
        Assert.Equal(harness.Now.AddMinutes(20), session.ExpiresAt);
    }

    [Fact]
    [Trait("Requirement", Req.SES_5)]
    [Trait("Requirement", Req.EXP_1)]
    public void Advance_PastGuestLifetime_GuestSessionExpiresLikeAnyOther()
    {
        using var harness = new RegistryHarness(o =>
        {
            o.GuestSessionsEnabled = true;
            o.GuestSessionLifetime = TimeSpan.FromMinutes(20);
            o.ExpiryGrace = TimeSpan.Zero;
        });
        var session = harness.StartGuest("visitor").Value!;

        harness.Advance(TimeSpan.FromMinutes(20));

        var result = harness.Registry.Get(session.SessionId);
        Assert.Equal(ErrorReasons.SessionTerminated, result.Error?.Reason);
        Assert.Equal(SessionEndReason.TokenExpired, result.Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.SES_5)]
    [Trait("Requirement", Req.ONE_2)]
    public void Start_GuestNamedLikeTokenUserOnSameIssuerAndInstance_AlreadyActive()
    {
        using var harness = new RegistryHarness(o =>
        {
            o.GuestSessionsEnabled = true;
            o.GuestIssuer = RegistryHarness.Issuer;
        });
        var tokenSession = harness.StartOk(harness.Token("alice"));

        var guest = harness.StartGuest("alice");

        Assert.Equal(ErrorReasons.SessionAlreadyActive, guest.Error?.Reason);
        Assert.True(harness.Registry.Get(tokenSession.SessionId).IsSuccess);
    }

    [Fact]
    [Trait("Requirement", Req.SES_6)]
    public void Get_States_AnswerPerState()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();

        var active = harness.Registry.Get(session.SessionId);
        var unknown = harness.Registry.Get("no-such-session");
        var empty = harness.Registry.Get("");
        harness.Registry.End(session.SessionId);
        var terminated = harness.Registry.Get(session.SessionId);

        Assert.Equal(SessionState.Active, active.Value?.State);
        Assert.Equal(ErrorReasons.SessionNotFound, unknown.Error?.Reason);
        Assert.Equal(ErrorReasons.InvalidRequest, empty.Error?.Reason);
        Assert.Equal(ErrorReasons.SessionTerminated, terminated.Error?.Reason);
        Assert.Equal(SessionEndReason.Ended, terminated.Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.SES_7)]
    public void Get_LaterTime_ServerTimeIsClockAtAnswer()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        harness.Advance(TimeSpan.FromSeconds(42));

        var result = harness.Registry.Get(session.SessionId);

        Assert.Equal(harness.Now, result.Value?.AsOf);
    }
}
