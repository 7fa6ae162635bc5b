using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Hosting;
using Tessera.Tokens;

namespace Tessera.ReferenceServer.Tests;

/// <summary>Every reason the domain answers, as seen on the wire: code, one ErrorInfo, domain, action (ERR-1..ERR-5).</summary>
public sealed class ErrorModelTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync(o => o.SchemaHash = "schema-1");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<StartSessionResponse> Start(StartSessionRequest request) =>
        _server.Sessions.StartSessionAsync(request).ResponseAsync;

    [Fact]
    [Trait("Requirement", Req.ERR_1)]
    [Trait("Requirement", Req.ERR_2)]
    [Trait("Requirement", Req.SES_4)]
    public async Task StartSession_MissingInstanceId_IsInvalidRequest() =>
        await ErrorAssert.FailsWith(Start(new StartSessionRequest { Token = await _server.TokenAsync(), ProtocolVersion = "tessera.v1" }),
            StatusCode.InvalidArgument, "INVALID_REQUEST", "FIX_REQUEST");

    [Fact]
    [Trait("Requirement", Req.SES_4)]
    public async Task StartSession_TokenSetToEmpty_IsInvalidRequestNotTokenInvalid() =>
        await ErrorAssert.FailsWith(Start(new StartSessionRequest { ClientInstanceId = "d", Token = "", ProtocolVersion = "tessera.v1" }),
            StatusCode.InvalidArgument, "INVALID_REQUEST", "FIX_REQUEST");

    [Theory]
    [Trait("Requirement", Req.SES_3)]
    [InlineData("", "")]
    [InlineData("tessera.v0", "")]
    [InlineData("tessera.v1", "schema-2")]
    public async Task StartSession_WrongVersionOrSchema_IsSchemaMismatch(string version, string schemaHash) =>
        await ErrorAssert.FailsWith(Start(new StartSessionRequest { ClientInstanceId = "d", Token = await _server.TokenAsync(), ProtocolVersion = version, SchemaHash = schemaHash }),
            StatusCode.FailedPrecondition, "SCHEMA_MISMATCH", "FIX_REQUEST");

    [Fact]
    [Trait("Requirement", Req.SES_3)]
    public async Task StartSession_MatchingOrEmptySchemaHash_IsAccepted()
    {
        var first = await Start(new StartSessionRequest { ClientInstanceId = "a", Token = await _server.TokenAsync("u1"), ProtocolVersion = "tessera.v1", SchemaHash = "schema-1" });
        var second = await Start(new StartSessionRequest { ClientInstanceId = "b", Token = await _server.TokenAsync("u2"), ProtocolVersion = "tessera.v1" });
        Assert.Equal(SessionState.Active, first.Session.State);
        Assert.Equal(SessionState.Active, second.Session.State);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public async Task StartSession_SchemaMismatchAndBadToken_SchemaMismatchWins() =>
        await ErrorAssert.FailsWith(Start(new StartSessionRequest { ClientInstanceId = "d", Token = "not-a-token", ProtocolVersion = "tessera.v9" }),
            StatusCode.FailedPrecondition, "SCHEMA_MISMATCH");

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public async Task StartSession_GarbageToken_IsTokenInvalid() =>
        await ErrorAssert.FailsWith(_server.StartAsync("a.b.c"), StatusCode.Unauthenticated, "TOKEN_INVALID", "REFRESH_TOKEN");

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public async Task StartSession_ExpiredToken_IsTokenExpired()
    {
        var now = await _server.NowAsync();
        var token = _server.Mint(TokenSpec.ForUser("tessera-dev", "alice", now - TimeSpan.FromHours(1), TimeSpan.FromMinutes(10)));
        await ErrorAssert.FailsWith(_server.StartAsync(token), StatusCode.Unauthenticated, "TOKEN_EXPIRED", "REFRESH_TOKEN");
    }

    [Fact]
    [Trait("Requirement", Req.SES_6)]
    [Trait("Requirement", Req.ERR_3)]
    public async Task GetSession_UnknownId_IsSessionNotFound() =>
        await ErrorAssert.FailsWith(_server.GetAsync("no-such-session"), StatusCode.NotFound, "SESSION_NOT_FOUND", "START_NEW_SESSION");

    [Fact]
    [Trait("Requirement", Req.ONE_2)]
    public async Task StartSession_OtherUserOnLiveInstance_IsAlreadyActive()
    {
        await _server.StartAsync(await _server.TokenAsync("alice"), "shared-device");
        await ErrorAssert.FailsWith(_server.StartAsync(await _server.TokenAsync("bob"), "shared-device"), StatusCode.AlreadyExists, "SESSION_ALREADY_ACTIVE", "NONE");
    }

    [Fact]
    [Trait("Requirement", Req.ERR_5)]
    [Trait("Requirement", Req.END_2)]
    public async Task GetSession_AfterEnd_IsTerminatedWithEndReason()
    {
        var session = (await _server.StartAsync(await _server.TokenAsync(), "ending-device")).Session;
        await _server.Sessions.EndSessionAsync(new EndSessionRequest { SessionId = session.SessionId });
        await _server.Sessions.EndSessionAsync(new EndSessionRequest { SessionId = session.SessionId });

        var info = await ErrorAssert.FailsWith(_server.GetAsync(session.SessionId), StatusCode.FailedPrecondition, "SESSION_TERMINATED", "START_NEW_SESSION");
        Assert.Equal("ENDED", info.Metadata["end_reason"]);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    public async Task WatchSession_ResumeBeyondLastEvent_IsResumeUnavailable()
    {
        var session = (await _server.StartAsync(await _server.TokenAsync(), "resume-device")).Session;
        using var watch = _server.Sessions.WatchSession(new WatchSessionRequest { SessionId = session.SessionId, ResumeAfterSeq = 50 });
        await ErrorAssert.FailsWith(watch.ResponseStream.MoveNext(), StatusCode.OutOfRange, "RESUME_UNAVAILABLE", "NONE");
    }

    [Fact]
    [Trait("Requirement", Req.SES_2)]
    public async Task StartSession_ManySessions_IdsAreDistinctAndCarry128Bits()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            var id = (await _server.StartAsync(await _server.TokenAsync($"user-{i}"), $"id-device-{i}")).Session.SessionId;
            Assert.True(ids.Add(id));
            Assert.True(System.Buffers.Text.Base64Url.DecodeFromChars(id).Length >= 16, $"{id} carries fewer than 128 bits");
        }
    }
}
