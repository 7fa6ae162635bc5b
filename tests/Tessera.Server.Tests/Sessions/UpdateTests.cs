using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Sessions;

namespace Tessera.Server.Tests.Sessions;

public sealed class UpdateTests
{
    [Fact]
    [Trait("Requirement", Req.UPD_3)]
    [Trait("Requirement", Req.UPD_5)]
    public void Update_ReorderedAndDuplicatedRoles_AcceptedAsSameSet()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk(harness.Token(roles: ["reader", "writer"]));
        harness.Advance(TimeSpan.FromMinutes(1));
        var token = harness.Token(roles: ["writer", "reader", "writer"]);

        var result = harness.Registry.Update(session.SessionId, RegistryHarness.Valid(token));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(["reader", "writer"], result.Value!.Roles);
        Assert.Equal(token.ExpiresAt, result.Value.ExpiresAt);
        var updated = Assert.Single(harness.History(session.SessionId));
        Assert.Equal(token.ExpiresAt, updated.TokenUpdated.ExpiresAt.ToDateTimeOffset());
    }

    [Fact]
    [Trait("Requirement", Req.UPD_3)]
    public void Update_DifferentRoleSet_TerminatedRolesMismatch()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk(harness.Token(roles: ["reader", "writer"]));
        using var watch = harness.WatchOk(session.SessionId);

        var result = harness.Registry.Update(session.SessionId, RegistryHarness.Valid(harness.Token(roles: ["reader"])));

        Assert.Equal(ErrorReasons.RolesMismatch, result.Error?.Reason);
        Assert.Equal(SessionEndReason.RolesMismatch, harness.Registry.Get(session.SessionId).Error?.EndReason);
        var terminal = Assert.Single(RegistryHarness.ReadReady(watch));
        Assert.Equal(SessionEndReason.RolesMismatch, terminal.Terminated.Reason);
        Assert.True(watch.IsCompleted);
    }

    [Fact]
    [Trait("Requirement", Req.UPD_2)]
    public void Update_OtherSubjectWithBothRoleSetsEmpty_TerminatedIdentityMismatch()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk(harness.Token("alice", roles: []));
        using var watch = harness.WatchOk(session.SessionId);

        var result = harness.Registry.Update(session.SessionId, RegistryHarness.Valid(harness.Token("mallory", roles: [])));

        Assert.Equal(ErrorReasons.IdentityMismatch, result.Error?.Reason);
        Assert.Equal(SessionEndReason.IdentityMismatch, harness.Registry.Get(session.SessionId).Error?.EndReason);
        Assert.Equal(SessionEndReason.IdentityMismatch, Assert.Single(RegistryHarness.ReadReady(watch)).Terminated.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.UPD_2)]
    public void Update_OtherIssuer_TerminatedIdentityMismatch()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk(harness.Token("alice", issuer: "app-1"));

        var result = harness.Registry.Update(session.SessionId, RegistryHarness.Valid(harness.Token("alice", issuer: "app-2")));

        Assert.Equal(ErrorReasons.IdentityMismatch, result.Error?.Reason);
        Assert.Equal(SessionEndReason.IdentityMismatch, harness.Registry.Get(session.SessionId).Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.UPD_2)]
    [Trait("Requirement", Req.SES_5)]
    public void Update_GuestSessionGivenAnyToken_TerminatedIdentityMismatch()
    {
        using var harness = new RegistryHarness(o =>
        {
            o.GuestSessionsEnabled = true;
            o.GuestIssuer = RegistryHarness.Issuer;
        });
        var guest = harness.StartGuest("alice").Value!;

        var result = harness.Registry.Update(guest.SessionId, RegistryHarness.Valid(harness.Token("alice", roles: [])));

        Assert.Equal(ErrorReasons.IdentityMismatch, result.Error?.Reason);
        Assert.Equal(SessionEndReason.IdentityMismatch, harness.Registry.Get(guest.SessionId).Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    [Trait("Requirement", Req.UPD_2)]
    public void Update_OtherSubjectAndOtherRoles_IdentityMismatchFirst()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk(harness.Token("alice", roles: ["a"]));

        var result = harness.Registry.Update(session.SessionId, RegistryHarness.Valid(harness.Token("bob", roles: ["b"], lifetime: TimeSpan.FromMinutes(1))));

        Assert.Equal(ErrorReasons.IdentityMismatch, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Update_OtherRolesAndEarlierExp_RolesMismatchFirst()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk(harness.Token(roles: ["a"]));

        var result = harness.Registry.Update(session.SessionId, RegistryHarness.Valid(harness.Token(roles: ["b"], lifetime: TimeSpan.FromMinutes(1))));

        Assert.Equal(ErrorReasons.RolesMismatch, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.UPD_4)]
    public void Update_EarlierExp_TokenStaleAndSessionUnchanged()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk(harness.Token(lifetime: TimeSpan.FromHours(1)));

        var result = harness.Registry.Update(session.SessionId, RegistryHarness.Valid(harness.TokenExpiringAt(session.ExpiresAt.AddTicks(-1))));

        Assert.Equal(ErrorReasons.TokenStale, result.Error?.Reason);
        var after = harness.Registry.Get(session.SessionId).Value!;
        Assert.Equal(session.ExpiresAt, after.ExpiresAt);
        Assert.Equal(SessionState.Active, after.State);
        Assert.Empty(harness.History(session.SessionId));
    }

    [Fact]
    [Trait("Requirement", Req.UPD_4)]
    public void Update_EqualExp_Accepted()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk(harness.Token(lifetime: TimeSpan.FromHours(1)));

        var result = harness.Registry.Update(session.SessionId, RegistryHarness.Valid(harness.TokenExpiringAt(session.ExpiresAt)));

        Assert.True(result.IsSuccess);
        Assert.Equal([SessionEvent.KindOneofCase.TokenUpdated], RegistryHarness.Kinds(harness.History(session.SessionId)));
    }

    [Fact]
    [Trait("Requirement", Req.UPD_1)]
    public void Update_TokenRejectedByValidator_ThatReasonAndNoChange()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        var notYetValid = new TesseraError(ErrorReasons.TokenNotYetValid, "nbf in the future");

        var result = harness.Registry.Update(session.SessionId, TokenCheck.Invalid(notYetValid));

        Assert.Same(notYetValid, result.Error);
        Assert.Equal(SessionState.Active, harness.Registry.Get(session.SessionId).Value?.State);
        Assert.Empty(harness.History(session.SessionId));
    }

    [Fact]
    [Trait("Requirement", Req.UPD_6)]
    public void Update_UnknownSession_NotFound()
    {
        using var harness = new RegistryHarness();

        var result = harness.Registry.Update("unknown", RegistryHarness.Valid(harness.Token()));

        Assert.Equal(ErrorReasons.SessionNotFound, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.UPD_6)]
    [Trait("Requirement", Req.ERR_5)]
    public void Update_TerminatedSession_SessionTerminatedWithEndReason()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        harness.Registry.End(session.SessionId);

        var result = harness.Registry.Update(session.SessionId, RegistryHarness.Valid(harness.Token()));

        Assert.Equal(ErrorReasons.SessionTerminated, result.Error?.Reason);
        Assert.Equal(SessionEndReason.Ended, result.Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    [Trait("Requirement", Req.SES_4)]
    public void Update_EmptyIdOrEmptyToken_InvalidRequestBeforeLookup()
    {
        using var harness = new RegistryHarness();

        var emptyId = harness.Registry.Update("", RegistryHarness.Valid(harness.Token()));
        var emptyToken = harness.Registry.Update("unknown", TokenCheck.Missing);

        Assert.Equal(ErrorReasons.InvalidRequest, emptyId.Error?.Reason);
        Assert.Equal(ErrorReasons.InvalidRequest, emptyToken.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Update_UnknownSessionAndRejectedToken_NotFoundFirst()
    {
        using var harness = new RegistryHarness();

        var result = harness.Registry.Update("unknown", TokenCheck.Invalid(TesseraError.TokenInvalid("bad signature")));

        Assert.Equal(ErrorReasons.SessionNotFound, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Update_TerminatedSessionAndRejectedToken_SessionTerminatedFirst()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        harness.Registry.End(session.SessionId);

        var result = harness.Registry.Update(session.SessionId, TokenCheck.Invalid(TesseraError.TokenInvalid("bad signature")));

        Assert.Equal(ErrorReasons.SessionTerminated, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_6)]
    public void Update_MismatchOnOneSession_OtherSessionsUntouched()
    {
        using var harness = new RegistryHarness();
        var victim = harness.StartOk(harness.Token("alice"), "device-1");
        var bystander = harness.StartOk(harness.Token("alice"), "device-2");

        harness.Registry.Update(victim.SessionId, RegistryHarness.Valid(harness.Token("bob")));

        Assert.Equal(SessionState.Active, harness.Registry.Get(bystander.SessionId).Value?.State);
        Assert.Empty(harness.History(bystander.SessionId));
    }
}
